from api.kit.router import crud_router
from api.payments.schemas import PaymentCreate, PaymentParams, PaymentRead
from api.payments.service import service

router = crud_router(
    prefix="/payments",
    tag="payments",
    service=service,
    create=PaymentCreate,
    read=PaymentRead,
    params=PaymentParams,
    immutable=frozenset({"award_id"}),
)
