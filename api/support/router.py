from api.support.resource import RESOURCE

router = RESOURCE.router()
