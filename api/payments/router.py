from api.payments.resource import RESOURCE

router = RESOURCE.router()
