from api.kit.router import crud_router
from api.organisations.schemas import OrganisationCreate, OrganisationParams, OrganisationRead
from api.organisations.service import service

router = crud_router(
    prefix="/organisations",
    tag="organisations",
    service=service,
    create=OrganisationCreate,
    read=OrganisationRead,
    params=OrganisationParams,
)
