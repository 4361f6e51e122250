"""Sustainability check-ins: whether a team's work carried on after its funding, by day."""

from api.auth.grants import EVERYONE, TEAM_WORK, Grant, R, W
from api.checkins.schemas import CheckinCreate, CheckinParams, CheckinRead
from api.checkins.service import service
from api.kit.resource import Resource
from api.kit.scope import through
from api.models import SustainabilityCheckin

RESOURCE = Resource(
    name="sustainability-checkins",
    service=service,
    create=CheckinCreate,
    read=CheckinRead,
    params=CheckinParams,
    grant=Grant({R: EVERYONE, W: TEAM_WORK}, team_scoped=True, public=True),
    description="Dated checks of whether a team's work carried on after its funding.",
    owner=through(SustainabilityCheckin.team_id),
    aliases=("checkins",),
    # The contract's shorter singular: "no checkin with id …", checkin_id, checkin_ref.
    singular="checkin",
)
