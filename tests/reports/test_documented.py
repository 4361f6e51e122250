"""The spend report routes document the problem types their rules answer with (``x-problem-types``
under each status, found from the code by ``api/kit/problems.py``), and the summary is in the
OpenAPI document under its own tag."""

from typing import Any

import pytest
from fastapi import FastAPI

from api.errors import ProblemError
from api.reports.resource import ReviewForbidden
from api.reports.rules import (
    DueBeforePeriodEnd,
    NotReportingMilestone,
    ReportLocked,
    ReportMoveRefused,
    ReportNotApproved,
    ReportNotDraft,
    ReportNotOpen,
    ReportOutsideAward,
    ReturnNeedsComment,
    SubmittedNeedsDate,
    WrongAward,
)

REPORT, REPORTS = "/api/v1/spend-reports/{spend_report_id}", "/api/v1/spend-reports"
LINE, LINES = "/api/v1/spend-lines/{spend_line_id}", "/api/v1/spend-lines"


def listed(app: FastAPI, path: str, method: str, problem: type[ProblemError]) -> list[str]:
    responses: dict[str, Any] = app.openapi()["paths"][path][method]["responses"]
    types: list[str] = responses[str(problem.status)]["x-problem-types"]
    return types


@pytest.mark.parametrize(
    ("path", "method", "problem"),
    [
        (REPORTS, "post", ReportOutsideAward),
        (REPORTS, "post", DueBeforePeriodEnd),
        (REPORTS, "post", SubmittedNeedsDate),
        (REPORTS, "post", NotReportingMilestone),
        (REPORTS, "post", ReviewForbidden),
        (REPORT, "patch", ReportMoveRefused),
        (REPORT, "patch", ReturnNeedsComment),
        (REPORT, "patch", ReportLocked),
        (REPORT, "delete", ReportNotDraft),
        (LINES, "post", WrongAward),
        (LINES, "post", ReportNotOpen),
        (LINE, "delete", ReportLocked),
        ("/api/v1/milestones/{milestone_id}", "patch", ReportNotApproved),
    ],
)
def test_each_rule_is_documented_on_its_route(
    app: FastAPI, path: str, method: str, problem: type[ProblemError]
) -> None:
    assert f"/problems/{problem.type}" in listed(app, path, method, problem)


def test_the_summary_is_documented(app: FastAPI) -> None:
    spec = app.openapi()
    route = spec["paths"]["/api/v1/spend-reports/{report_id}/summary"]["get"]
    assert route["tags"] == ["reviews"]
    assert set(route["responses"]) >= {"200", "304", "401", "403", "404"}
    schema = route["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/SpendReportSummary"}
    assert "reviews" in [t["name"] for t in spec["tags"]]
