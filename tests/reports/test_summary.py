"""``GET /spend-reports/{report_id}/summary``: what the reviewer reads (the report, each line with
its budget line, the totals, and the team's indicator values measured inside the period)."""

import httpx
import pytest

from api.reports.schemas import SpendReportSummary
from tests.assertions import assert_problem
from tests.factories import (
    make_award,
    make_budget_line,
    make_indicator,
    make_period,
    make_quality_goal,
    make_spend_line,
    make_spend_report,
)
from tests.reports.helpers import REPORTS

pytestmark = pytest.mark.anyio


class TestSummary:
    async def test_lines_totals_and_the_periods_values(self, client: httpx.AsyncClient) -> None:
        award = await make_award(client)
        team = {"id": award["team_id"]}
        report = await make_spend_report(client, award, narrative="On plan")
        staff = await make_budget_line(client, award, amount_pence=7_000_000)
        training = await make_budget_line(
            client, award, category="training", amount_pence=4_200_000, description="Coaching"
        )
        await make_spend_line(client, report, staff, amount_pence=6_800_000)
        await make_spend_line(client, report, training, amount_pence=2_600_000)
        indicator = await make_indicator(client, await make_quality_goal(client, team))
        inside = await make_period(
            client, indicator, period_start="2013-07-01", period_end="2013-12-31", actual_value=6.1
        )
        await make_period(  # ends after the report's period: not this report's
            client, indicator, period_start="2014-01-01", period_end="2014-06-30", actual_value=5.0
        )
        response = await client.get(f"{REPORTS}/{report['id']}/summary")
        assert response.status_code == 200, response.text
        body = response.json()
        SpendReportSummary.model_validate(body)  # the documented shape
        assert body["report"] == report
        assert (body["award_identifier"], body["team_id"]) == (award["identifier"], team["id"])
        assert [
            (line["category"], line["budgeted_pence"], line["spent_pence"], line["description"])
            for line in body["lines"]
        ] == [("staff", 7_000_000, 6_800_000, None), ("training", 4_200_000, 2_600_000, "Coaching")]
        assert body["totals"] == {
            "budgeted_pence": 11_200_000,
            "spent_pence": 9_400_000,
            "currency": "GBP",
        }
        assert body["indicator_values"] == [
            {
                "indicator_id": indicator["id"],
                "title": indicator["title"],
                "unit": indicator["unit"],
                "period_id": inside["id"],
                "period_start": "2013-07-01",
                "period_end": "2013-12-31",
                "value": 6.1,
            }
        ]

    async def test_an_etag_answers_304(self, client: httpx.AsyncClient) -> None:
        report = await make_spend_report(client)
        url = f"{REPORTS}/{report['id']}/summary"
        first = await client.get(url)
        assert first.json()["lines"] == [] and first.json()["totals"]["spent_pence"] == 0
        again = await client.get(url, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304
        await make_spend_line(client, report)
        changed = await client.get(url, headers={"If-None-Match": first.headers["ETag"]})
        assert changed.status_code == 200 and len(changed.json()["lines"]) == 1

    async def test_a_missing_report(self, client: httpx.AsyncClient) -> None:
        response = await client.get(f"{REPORTS}/0190d7a4-8c6e-7cc3-9a51-000000000000/summary")
        assert_problem(response, 404, "not-found", loc=["path", "spend_report_id"])
