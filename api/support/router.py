from api.kit.router import crud_router
from api.support.schemas import (
    SupportActivityCreate,
    SupportActivityParams,
    SupportActivityRead,
)
from api.support.service import service

router = crud_router(
    prefix="/support-activities",
    tag="support-activities",
    service=service,
    create=SupportActivityCreate,
    read=SupportActivityRead,
    params=SupportActivityParams,
)
