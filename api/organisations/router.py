from api.organisations.resource import RESOURCE

router = RESOURCE.router()
