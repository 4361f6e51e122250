"""Award amendments: uplifts, reductions, extensions and re-profiles; deciding one is finance's."""

from pydantic import BaseModel

from api.amendments.schemas import (
    AwardAmendmentCreate,
    AwardAmendmentParams,
    AwardAmendmentRead,
)
from api.amendments.service import service
from api.auth.grants import APPROVERS, EVERYONE, MONEY, A, Grant, R, W
from api.auth.principal import Principal
from api.errors import Forbidden
from api.kit.resource import Resource
from api.kit.scope import through
from api.models import Award, AwardAmendment
from api.models.enums import AmendmentStatus

DECIDED = frozenset({AmendmentStatus.approved, AmendmentStatus.rejected})


class DecisionForbidden(Forbidden):
    type = "amendment-decision-forbidden"
    title = "Only finance or an admin may approve or reject an award amendment"


def approvers_only(principal: Principal, body: BaseModel) -> None:
    """Setting an amendment approved or rejected is the approve permission's, not write's: a
    programme manager proposes, finance decides."""
    status = getattr(body, "status", None)
    if status in DECIDED and principal.role not in GRANT.roles[A]:
        raise DecisionForbidden(
            f"the {principal.role.value if principal.role else 'anonymous'} role may not set an "
            f"award amendment {status}",
            field="status",
        )


GRANT = Grant({R: EVERYONE, W: MONEY, A: APPROVERS}, public=True)
RESOURCE = Resource(
    name="award-amendments",
    service=service,
    create=AwardAmendmentCreate,
    read=AwardAmendmentRead,
    params=AwardAmendmentParams,
    grant=GRANT,
    description="Changes to an award's amount or dates: uplifts, reductions, extensions and "
    "re-profiles, each counting once approved.",
    owner=through(AwardAmendment.award_id, Award.team_id),  # not team-scoped: for the audit trail
    immutable=frozenset({"award_id"}),
    idempotency_required=True,  # as awards and payments: a retried POST must not uplift twice
    guard=approvers_only,
)
