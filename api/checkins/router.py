from api.checkins.schemas import CheckinCreate, CheckinParams, CheckinRead
from api.checkins.service import service
from api.kit.router import crud_router

router = crud_router(
    prefix="/sustainability-checkins",
    tag="sustainability-checkins",
    service=service,
    create=CheckinCreate,
    read=CheckinRead,
    params=CheckinParams,
)
