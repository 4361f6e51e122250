"""Milestones: the team and programme milestones, with dependencies."""

from api.auth.grants import EVERYONE, TEAM_WORK, Grant, R, W
from api.kit.resource import Resource
from api.kit.scope import through
from api.milestones.schemas import MilestoneCreate, MilestoneParams, MilestoneRead
from api.milestones.service import service
from api.models import Milestone

RESOURCE = Resource(
    name="milestones",
    service=service,
    create=MilestoneCreate,
    read=MilestoneRead,
    params=MilestoneParams,
    grant=Grant({R: EVERYONE, W: TEAM_WORK}, team_scoped=True, public=True),
    description="Team and programme milestones, with dependencies.",
    owner=through(Milestone.team_id),
)
