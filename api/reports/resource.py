"""Spend reports and their lines: a team's account of an award's spend over a period, reviewed
by finance or the programme manager."""

from pydantic import BaseModel

from api.auth.grants import EVERYONE, MONEY, TEAM_WORK, A, Grant, R, W
from api.auth.principal import Principal
from api.errors import Forbidden
from api.kit.resource import Resource
from api.kit.scope import through
from api.models import Award, SpendLine, SpendReport
from api.models.enums import ReportStatus
from api.reports import schemas as s
from api.reports.service import lines, reports

DECIDED = frozenset({ReportStatus.approved, ReportStatus.returned})


class ReviewForbidden(Forbidden):
    type = "review-forbidden"
    title = "Only an admin, finance or a programme manager approves or returns a spend report"


def reviewers_only(principal: Principal, body: BaseModel) -> None:
    """Approving or returning a report, and the decision's day and comments, are the approve
    permission's, not write's: a team editor writes and submits its own team's reports but
    never decides on them."""
    if principal.role in REPORTS_GRANT.roles[A]:
        return
    status = getattr(body, "status", None)
    sent = {
        "status": status in DECIDED,
        "decided_on": getattr(body, "decided_on", None) is not None,
        "review_comment": bool(getattr(body, "review_comment", None)),
    }
    for field, decides in sent.items():
        if decides:
            what = f"set a spend report {status}" if field == "status" else f"give {field}"
            role = principal.role.value if principal.role else "anonymous"
            raise ReviewForbidden(f"the {role} role may not {what}", field=field)


# Team editors write their own team's reports (and finance its money); reviewers decide.
REPORTS_GRANT = Grant({R: EVERYONE, W: TEAM_WORK | MONEY, A: MONEY}, team_scoped=True, public=True)
SPEND_REPORTS = Resource(
    name="spend-reports",
    service=reports,
    create=s.SpendReportCreate,
    read=s.SpendReportRead,
    params=s.SpendReportParams,
    grant=REPORTS_GRANT,
    description="A team's report of an award's spend over a period, approved or returned by "
    "finance or the programme manager.",
    owner=through(SpendReport.award_id, Award.team_id),
    immutable=frozenset({"award_id"}),
    idempotency_required=True,  # money: a retried POST must not report twice
    guard=reviewers_only,
)
SPEND_LINES = Resource(
    name="spend-lines",
    service=lines,
    create=s.SpendLineCreate,
    read=s.SpendLineRead,
    params=s.SpendLineParams,
    grant=Grant({R: EVERYONE, W: TEAM_WORK | MONEY}, team_scoped=True, public=True),
    description="A spend report's spend against each budget line of its award.",
    owner=through(SpendLine.report_id, SpendReport.award_id, Award.team_id),
    immutable=frozenset({"report_id", "budget_line_id"}),
    idempotency_required=True,
)
