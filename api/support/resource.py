"""Support activities: the support package's four kinds, for one or more teams."""

from api.auth.grants import EVERYONE, TEAM_WORK, Grant, R, W
from api.kit.resource import Resource
from api.kit.scope import linked
from api.models import support_activity_teams
from api.support.schemas import (
    SupportActivityCreate,
    SupportActivityParams,
    SupportActivityRead,
)
from api.support.service import service

RESOURCE = Resource(
    name="support-activities",
    service=service,
    create=SupportActivityCreate,
    read=SupportActivityRead,
    params=SupportActivityParams,
    grant=Grant({R: EVERYONE, W: TEAM_WORK}, team_scoped=True, public=True),
    description="The support package: four kinds of support.",
    owner=linked(support_activity_teams.c.support_activity_id, support_activity_teams.c.team_id),
    aliases=("support",),
)
