from api.evidence.resource import RESOURCE

router = RESOURCE.router()
