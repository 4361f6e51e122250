from api.amendments.resource import RESOURCE

router = RESOURCE.router()
