from api.kit.router import crud_router
from api.teams.schemas import (
    PartnerCreate,
    PartnerParams,
    PartnerRead,
    TeamCreate,
    TeamParams,
    TeamRead,
)
from api.teams.service import partners, service

router = crud_router(
    prefix="/teams",
    tag="teams",
    service=service,
    create=TeamCreate,
    read=TeamRead,
    params=TeamParams,
)
partner_router = crud_router(
    prefix="/teams/{team_id}/partners",
    tag="team-partners",
    service=partners,
    create=PartnerCreate,
    read=PartnerRead,
    params=PartnerParams,
    parent="team_id",
)
