from api.checkins.resource import RESOURCE

router = RESOURCE.router()
