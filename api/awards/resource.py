"""Awards: money awarded to a team, in pence."""

from api.auth.grants import EVERYONE, MONEY, Grant, R, W
from api.awards.schemas import AwardCreate, AwardParams, AwardRead
from api.awards.service import service
from api.kit.resource import Resource
from api.kit.scope import through
from api.models import Award

RESOURCE = Resource(
    name="awards",
    service=service,
    create=AwardCreate,
    read=AwardRead,
    params=AwardParams,
    grant=Grant({R: EVERYONE, W: MONEY}, public=True),
    description="Money awarded to a team, in pence.",
    owner=through(Award.team_id),  # not team-scoped: the audit trail records the team
    idempotency_required=True,
)
