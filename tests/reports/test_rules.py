"""A spend report's period and milestone, and its lines (README › Domain rules): the period in
order, inside the award's current dates and due after it ends; a reporting milestone of the
award's team; lines against the award's own budget lines, in its currency, from £0, written
only while the report is a draft or returned. Each refusal on both engines."""

import asyncio

import httpx
import pytest

from api.db import Database
from tests.assertions import assert_problem, unchanged
from tests.factories import (
    API,
    make_award,
    make_budget_line,
    make_milestone,
    make_spend_line,
    make_spend_report,
    make_team,
    spend_report_body,
)
from tests.reports.helpers import APPROVE, LINES, REPORTS, RETURN, SUBMIT, moved

pytestmark = pytest.mark.anyio


class TestPeriod:
    @pytest.mark.parametrize(
        ("kw", "rule", "field", "said"),
        [
            (
                {"period_start": "2014-04-01"},
                "dates-out-of-order",
                "period_end",
                "period_end 2014-03-31 must be after 2014-04-01",
            ),
            (
                {"period_start": "2012-05-31"},
                "report-outside-award",
                "period_start",
                "period_start 2012-05-31 is outside award {award}'s dates 2012-06-01 – 2015-12-31",
            ),
            (
                {"period_end": "2016-01-01", "due_date": "2016-01-31"},
                "report-outside-award",
                "period_end",
                "period_end 2016-01-01 is outside award {award}'s dates 2012-06-01 – 2015-12-31",
            ),
            (
                {"due_date": "2014-03-30"},
                "due-before-period-end",
                "due_date",
                "due_date 2014-03-30 is before the period ends (2014-03-31)",
            ),
        ],
    )
    async def test_a_period_that_does_not_fit_is_refused(
        self,
        client: httpx.AsyncClient,
        db: Database,
        kw: dict[str, str],
        rule: str,
        field: str,
        said: str,
    ) -> None:
        award = await make_award(client)  # planned 2012-06-01 – 2015-12-31
        async with unchanged(db, "spend_reports"):
            response = await client.post(REPORTS, json=spend_report_body(award, **kw))
        body = assert_problem(response, 422, rule, field)
        assert body["detail"] == said.format(award=award["identifier"])

    async def test_a_period_of_the_awards_whole_dates_due_that_day(
        self, client: httpx.AsyncClient
    ) -> None:
        award = await make_award(client)
        row = await make_spend_report(
            client, award, period_start="2012-06-01", period_end="2015-12-31", due_date="2015-12-31"
        )
        assert (row["period_start"], row["due_date"]) == ("2012-06-01", "2015-12-31")

    async def test_a_missing_award_is_an_invalid_reference(self, client: httpx.AsyncClient) -> None:
        body = spend_report_body({"id": "0190d7a4-8c6e-7cc3-9a51-000000000000"})
        response = await client.post(REPORTS, json=body)
        assert_problem(response, 422, "invalid-reference", "award_id")

    async def test_the_award_cannot_change(self, client: httpx.AsyncClient) -> None:
        report = await make_spend_report(client)
        other = await make_award(client)
        response = await client.patch(f"{REPORTS}/{report['id']}", json={"award_id": other["id"]})
        assert response.status_code == 422, response.text


class TestMilestone:
    async def test_a_reporting_milestone_of_the_team(self, client: httpx.AsyncClient) -> None:
        award = await make_award(client)
        team = {"id": award["team_id"], "programme_id": await programme_of(client, award)}
        milestone = await make_milestone(client, team, kind="reporting")
        report = await make_spend_report(client, award, milestone_id=milestone["id"])
        assert report["milestone_id"] == milestone["id"]

    async def test_a_milestone_of_another_kind_is_refused(self, client: httpx.AsyncClient) -> None:
        award = await make_award(client)
        team = {"id": award["team_id"], "programme_id": await programme_of(client, award)}
        milestone = await make_milestone(client, team, kind="project", ref="m-project")
        body = spend_report_body(award, milestone_id=milestone["id"])
        response = await client.post(REPORTS, json=body)
        got = assert_problem(response, 422, "not-reporting-milestone", "milestone_id")
        assert got["detail"] == "milestone m-project is of kind project, not reporting"

    async def test_another_teams_milestone_is_refused(self, client: httpx.AsyncClient) -> None:
        award = await make_award(client)
        programme = await programme_of(client, award)
        other = await make_team(client, {"id": programme})
        milestone = await make_milestone(client, other, kind="reporting")
        body = spend_report_body(award, milestone_id=milestone["id"])
        response = await client.post(REPORTS, json=body)
        assert_problem(response, 422, "wrong-programme", "milestone_id")

    async def test_one_report_per_milestone(self, client: httpx.AsyncClient) -> None:
        award = await make_award(client)
        team = {"id": award["team_id"], "programme_id": await programme_of(client, award)}
        milestone = await make_milestone(client, team, kind="reporting")
        await make_spend_report(client, award, milestone_id=milestone["id"])
        body = spend_report_body(award, milestone_id=milestone["id"])
        response = await client.post(REPORTS, json=body)
        assert response.status_code == 409, response.text

    async def test_an_achieved_milestone_takes_an_approved_report_only(
        self, client: httpx.AsyncClient
    ) -> None:
        award = await make_award(client)
        team = {"id": award["team_id"], "programme_id": await programme_of(client, award)}
        milestone = await make_milestone(
            client, team, kind="reporting", status="achieved", completed_date="2014-04-30"
        )
        body = spend_report_body(award, milestone_id=milestone["id"])
        response = await client.post(REPORTS, json=body)
        assert_problem(response, 409, "report-not-approved", "milestone_id")
        done = body | SUBMIT | APPROVE
        assert (await client.post(REPORTS, json=done)).status_code == 201


class TestTheMilestoneWaitsForItsReport:
    """``api/milestones/service.py``: a reporting milestone a report satisfies is achieved only
    once that report is approved."""

    async def test_achieved_before_the_approval_is_refused(self, client: httpx.AsyncClient) -> None:
        award = await make_award(client)
        team = {"id": award["team_id"], "programme_id": await programme_of(client, award)}
        milestone = await make_milestone(client, team, kind="reporting")
        report = await make_spend_report(client, award, milestone_id=milestone["id"], ref="r-1")
        await moved(client, report, SUBMIT)
        url = f"{API}/milestones/{milestone['id']}"
        done = {"status": "achieved", "completed_date": "2014-04-22"}
        response = await client.patch(url, json=done)
        body = assert_problem(response, 409, "report-not-approved", "status")
        assert body["detail"] == (
            "spend report r-1 satisfies this milestone: it is achieved once that report is approved"
        )
        assert (await client.get(url)).json()["status"] == "planned"
        await moved(client, report, APPROVE)
        assert (await client.patch(url, json=done)).status_code == 200


async def programme_of(client: httpx.AsyncClient, award: dict[str, str]) -> str:
    team = (await client.get(f"{API}/teams/{award['team_id']}")).json()
    return str(team["programme_id"])


class TestLines:
    async def test_a_line_of_another_awards_budget_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        report = await make_spend_report(client)
        other = await make_award(client, identifier="360G-TEST-OTHER")
        budget = await make_budget_line(client, other)
        body = {"report_id": report["id"], "budget_line_id": budget["id"], "amount_pence": 1}
        async with unchanged(db, "spend_lines"):
            response = await client.post(LINES, json=body)
        got = assert_problem(response, 422, "wrong-award", "budget_line_id")
        assert got["detail"].startswith("the budget line is not one of award ")

    async def test_a_line_in_another_currency_is_refused(self, client: httpx.AsyncClient) -> None:
        report = await make_spend_report(client)
        budget = await make_budget_line(client, {"id": report["award_id"]})
        body = {
            "report_id": report["id"],
            "budget_line_id": budget["id"],
            "amount_pence": 1,
            "currency": "EUR",
        }
        response = await client.post(LINES, json=body)
        got = assert_problem(response, 422, "currency-mismatch", "currency")
        assert got["detail"] == "the award is in GBP, not EUR"

    async def test_nothing_spent_is_a_line_but_less_is_not(self, client: httpx.AsyncClient) -> None:
        line = await make_spend_line(client, amount_pence=0)
        assert line["amount_pence"] == 0
        response = await client.patch(f"{LINES}/{line['id']}", json={"amount_pence": -1})
        got = assert_problem(response, 422, "validation-error")
        assert got["errors"][0]["loc"] == ["body", "amount_pence"]

    async def test_one_line_per_budget_line(self, client: httpx.AsyncClient) -> None:
        line = await make_spend_line(client)
        body = {
            "report_id": line["report_id"],
            "budget_line_id": line["budget_line_id"],
            "amount_pence": 5,
        }
        response = await client.post(LINES, json=body)
        assert response.status_code == 409, response.text

    async def test_lines_are_written_while_returned(self, client: httpx.AsyncClient) -> None:
        report = await moved(client, await make_spend_report(client), SUBMIT, RETURN)
        line = await make_spend_line(client, report, amount_pence=7)
        response = await client.patch(f"{LINES}/{line['id']}", json={"amount_pence": 8})
        assert response.status_code == 200, response.text

    @pytest.mark.parametrize(
        ("path", "rule", "said"),
        [
            (
                [SUBMIT],
                "report-not-open",
                "is submitted: its lines change only once it is returned",
            ),
            ([SUBMIT, APPROVE], "report-locked", "is approved: its lines are locked"),
        ],
    )
    async def test_lines_of_a_submitted_or_approved_report_are_refused(
        self,
        client: httpx.AsyncClient,
        db: Database,
        path: list[dict[str, str]],
        rule: str,
        said: str,
    ) -> None:
        report = await make_spend_report(client, ref="r-9")
        line = await make_spend_line(client, report)
        await moved(client, report, *path)
        budget = await make_budget_line(client, {"id": report["award_id"]}, category="training")
        body = {"report_id": report["id"], "budget_line_id": budget["id"], "amount_pence": 1}
        url = f"{LINES}/{line['id']}"
        async with unchanged(db, "spend_lines"):
            created = await client.post(LINES, json=body)
            deleted = await client.delete(url)
        got = assert_problem(created, 409, rule, "report_id")
        assert got["detail"] == f"report r-9 {said}"
        assert_problem(deleted, 409, rule, loc=["path", "spend_line_id"])
        updated = await client.patch(url, json={"amount_pence": 3})
        assert_problem(updated, 409, rule, "report_id")
        assert (await client.get(url)).json() == line


class TestRaces:
    async def test_lines_racing_the_submission_are_in_before_it_or_refused(
        self, client: httpx.AsyncClient
    ) -> None:
        """The line's check locks its report (FOR UPDATE; SQLite writers queue), so a line
        written while the report is submitted is refused, never an error nor half-written."""
        report = await make_spend_report(client, ref="r-race")
        award = {"id": report["award_id"]}
        budgets = [await make_budget_line(client, award, amount_pence=1) for _ in range(3)]
        bodies = [
            {"report_id": report["id"], "budget_line_id": b["id"], "amount_pence": 5}
            for b in budgets
        ]
        submit = client.patch(f"{REPORTS}/{report['id']}", json=SUBMIT)
        *posted, submitted = await asyncio.gather(
            *(client.post(LINES, json=body) for body in bodies), submit
        )
        assert submitted.status_code == 200, submitted.text
        for response in posted:
            if response.status_code != 201:
                assert_problem(response, 409, "report-not-open", "report_id")
        page = await client.get(LINES, params={"report_id": report["id"]})
        written = sorted(line["id"] for line in page.json()["items"])
        assert written == sorted(r.json()["id"] for r in posted if r.status_code == 201)
