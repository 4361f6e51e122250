from api.awards.schemas import AwardCreate, AwardParams, AwardRead
from api.awards.service import service
from api.kit.router import crud_router

router = crud_router(
    prefix="/awards",
    tag="awards",
    service=service,
    create=AwardCreate,
    read=AwardRead,
    params=AwardParams,
    idempotency_required=True,
)
