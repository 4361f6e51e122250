from api.awards.resource import RESOURCE

router = RESOURCE.router()
