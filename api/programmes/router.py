from api.programmes.resource import RESOURCE

router = RESOURCE.router()
