"""Teams: the award-holder teams, and the organisations in each (its partners)."""

from api.auth.grants import EVERYONE, MANAGERS, Grant, R, W
from api.kit.resource import Resource
from api.kit.scope import through
from api.models import Team, TeamPartner
from api.teams.schemas import (
    PartnerCreate,
    PartnerParams,
    PartnerRead,
    TeamCreate,
    TeamParams,
    TeamRead,
)
from api.teams.service import partners, service

TEAMS = Resource(
    name="teams",
    service=service,
    create=TeamCreate,
    read=TeamRead,
    params=TeamParams,
    grant=Grant({R: EVERYONE, W: MANAGERS}, public=True),
    description="Award-holder teams, sourced or synthetic.",
    owner=through(Team.id),  # not team-scoped: the audit trail records the team
)
TEAM_PARTNERS = Resource(
    name="team-partners",
    service=partners,
    create=PartnerCreate,
    read=PartnerRead,
    params=PartnerParams,
    grant=Grant({R: EVERYONE, W: MANAGERS}, public=True),
    description="The organisations in a team and their roles.",
    owner=through(TeamPartner.team_id),  # not team-scoped: the audit trail records the team
    parent="team_id",
    aliases=("partners",),
    # The contract's spellings: nested under its team; "partner", partner_id, partner_ref.
    path="/teams/{team_id}/partners",
    singular="partner",
)
