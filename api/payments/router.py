from pydantic import BaseModel

from api.auth.permissions import Action, allowed
from api.auth.principal import Principal
from api.errors import Forbidden
from api.kit.router import crud_router
from api.models.enums import PaymentStatus
from api.payments.schemas import PaymentCreate, PaymentParams, PaymentRead
from api.payments.service import service

APPROVED = frozenset({PaymentStatus.approved, PaymentStatus.paid})


class ApprovalForbidden(Forbidden):
    type = "approval-forbidden"
    title = "Only finance or an admin may approve a payment or mark it paid"


def approvers_only(principal: Principal, body: BaseModel) -> None:
    """Setting a payment to approved or paid is the approve permission's, not write's."""
    status = getattr(body, "status", None)
    if status in APPROVED and not allowed(principal.role, "payments", Action.approve):
        raise ApprovalForbidden(
            f"the {principal.role.value if principal.role else 'anonymous'} role may not set a "
            f"payment {status}",
            field="status",
        )


router = crud_router(
    prefix="/payments",
    tag="payments",
    service=service,
    create=PaymentCreate,
    read=PaymentRead,
    params=PaymentParams,
    immutable=frozenset({"award_id"}),
    idempotency_required=True,
    guard=approvers_only,
)
