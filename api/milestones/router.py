from api.milestones.resource import RESOURCE

router = RESOURCE.router()
