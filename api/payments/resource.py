"""Payments: the instalments that pay an award out; approving one is finance's."""

from pydantic import BaseModel

from api.auth.grants import APPROVERS, EVERYONE, MONEY, A, Grant, R, W
from api.auth.principal import Principal
from api.errors import Forbidden
from api.kit.resource import Resource
from api.kit.scope import through
from api.models import Award, Payment
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
    if status in APPROVED and principal.role not in GRANT.roles[A]:
        raise ApprovalForbidden(
            f"the {principal.role.value if principal.role else 'anonymous'} role may not set a "
            f"payment {status}",
            field="status",
        )


GRANT = Grant({R: EVERYONE, W: MONEY, A: APPROVERS}, public=True)
RESOURCE = Resource(
    name="payments",
    service=service,
    create=PaymentCreate,
    read=PaymentRead,
    params=PaymentParams,
    grant=GRANT,
    description="Instalments that pay an award out.",
    owner=through(Payment.award_id, Award.team_id),  # not team-scoped: for the audit trail
    immutable=frozenset({"award_id"}),
    idempotency_required=True,
    guard=approvers_only,
)
