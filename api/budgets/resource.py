"""Budget lines: how an award's money is planned, per category and period."""

from api.auth.grants import EVERYONE, MONEY, Grant, R, W
from api.budgets.schemas import BudgetLineCreate, BudgetLineParams, BudgetLineRead
from api.budgets.service import service
from api.kit.resource import Resource
from api.kit.scope import through
from api.models import Award, BudgetLine

RESOURCE = Resource(
    name="budget-lines",
    service=service,
    create=BudgetLineCreate,
    read=BudgetLineRead,
    params=BudgetLineParams,
    grant=Grant({R: EVERYONE, W: MONEY}, public=True),  # as awards: money is finance's to plan
    description="An award's budget: its money planned per category and period, in pence.",
    owner=through(BudgetLine.award_id, Award.team_id),  # not team-scoped: for the audit trail
    immutable=frozenset({"award_id"}),
    idempotency_required=True,  # as awards and payments: a retried POST must not budget twice
)
