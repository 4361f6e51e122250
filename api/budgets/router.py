from api.budgets.resource import RESOURCE

router = RESOURCE.router()
