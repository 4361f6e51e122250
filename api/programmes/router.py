from api.kit.router import crud_router
from api.programmes.schemas import ProgrammeCreate, ProgrammeParams, ProgrammeRead
from api.programmes.service import service

router = crud_router(
    prefix="/programmes",
    tag="programmes",
    service=service,
    create=ProgrammeCreate,
    read=ProgrammeRead,
    params=ProgrammeParams,
)
