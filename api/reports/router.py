"""The CRUD routes of spend reports and lines (from their descriptors), and the summary a
reviewer reads: ``GET /spend-reports/{report_id}/summary``."""

from typing import Annotated

import orjson
from fastapi import APIRouter, Depends, Path
from starlette.responses import Response

from api.auth.deps import Require
from api.auth.permissions import Action
from api.auth.principal import Principal
from api.deps import ConnDep
from api.handlers import responses
from api.http.query import StrictRoute
from api.http.responses import IfNoneMatch, tagged
from api.kit.schemas import EXAMPLE_ID
from api.reports.resource import SPEND_LINES, SPEND_REPORTS
from api.reports.schemas import SpendReportSummary
from api.reports.summary import summary

router = SPEND_REPORTS.router()
lines_router = SPEND_LINES.router()

# Its own tag: the descriptors' tags hold their five CRUD routes each.
summary_router = APIRouter(prefix="/spend-reports", tags=["reviews"], route_class=StrictRoute)
Reader = Annotated[Principal, Depends(Require(SPEND_REPORTS.name, Action.read))]


@summary_router.get(
    "/{report_id}/summary",
    response_model=SpendReportSummary,
    operation_id="spend-reports-summary",
    summary="A spend report as its reviewer reads it",
    description="The report; each line with its budget line (category, period, amount "
    "budgeted) and the spend; the totals; and the values of the team's indicator periods "
    "that fall inside the report's period. A team editor reads its own team's reports only "
    "(another team's is a 404). The ETag follows the body.",
    responses=responses(304, 400, 401, 403, 404, 422),
)
async def report_summary(
    report_id: Annotated[str, Path(max_length=36, examples=[EXAMPLE_ID])],
    principal: Reader,
    conn: ConnDep,
    if_none_match: IfNoneMatch = None,
) -> Response:
    """A spend report with its lines, totals and the period's indicator values."""
    body = await summary(conn, report_id, principal.team_scope)
    return tagged(orjson.dumps(body), if_none_match)
