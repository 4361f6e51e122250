"""A spend report's workflow (README › Domain rules): draft → submitted → approved, or
submitted → returned → submitted again; the dates and comments each status needs; an approved
report locked; only a draft deleted. Each refusal on both engines."""

from datetime import date, timedelta

import httpx
import pytest

from api.db import Database
from tests.assertions import assert_problem, unchanged
from tests.factories import make_award, make_spend_line, make_spend_report, spend_report_body
from tests.reports.helpers import APPROVE, LINES, REPORTS, RETURN, SUBMIT, moved

pytestmark = pytest.mark.anyio


class TestMoves:
    async def test_draft_submitted_returned_submitted_approved(
        self, client: httpx.AsyncClient
    ) -> None:
        report = await make_spend_report(client)
        assert report["status"] == "draft"
        again = {"status": "submitted", "submitted_on": "2014-05-20"}
        row = await moved(
            client, report, SUBMIT, RETURN, again, APPROVE | {"decided_on": "2014-06-02"}
        )
        assert (row["status"], row["submitted_on"], row["decided_on"]) == (
            "approved",
            "2014-05-20",
            "2014-06-02",
        )

    async def test_a_returned_report_may_go_back_to_draft(self, client: httpx.AsyncClient) -> None:
        report = await make_spend_report(client)
        row = await moved(client, report, SUBMIT, RETURN, {"status": "draft"})
        assert row["status"] == "draft"

    @pytest.mark.parametrize(
        ("path", "patch", "said"),
        [
            (
                [],
                APPROVE | {"submitted_on": "2014-04-22"},
                "a draft report cannot become approved; it can become submitted",
            ),
            (
                [],
                RETURN | {"submitted_on": "2014-04-22"},
                "a draft report cannot become returned; it can become submitted",
            ),
            (
                [SUBMIT],
                {"status": "draft"},
                "a submitted report cannot become draft; it can become approved or returned",
            ),
            (
                [SUBMIT, RETURN],
                APPROVE,
                "a returned report cannot become approved; it can become draft or submitted",
            ),
        ],
    )
    async def test_other_moves_are_refused(
        self,
        client: httpx.AsyncClient,
        path: list[dict[str, str]],
        patch: dict[str, str],
        said: str,
    ) -> None:
        report = await moved(client, await make_spend_report(client), *path)
        url = f"{REPORTS}/{report['id']}"
        response = await client.patch(url, json=patch)
        body = assert_problem(response, 409, "report-move-refused", "status")
        assert body["detail"] == said
        assert (await client.get(url)).json()["status"] == report["status"]


class TestWhatAStatusNeeds:
    async def test_submitting_needs_submitted_on(self, client: httpx.AsyncClient) -> None:
        report = await make_spend_report(client)
        response = await client.patch(f"{REPORTS}/{report['id']}", json={"status": "submitted"})
        body = assert_problem(response, 422, "submitted-needs-date", "submitted_on")
        assert body["detail"] == "a submitted report needs submitted_on"

    async def test_approving_needs_decided_on(self, client: httpx.AsyncClient) -> None:
        report = await moved(client, await make_spend_report(client), SUBMIT)
        response = await client.patch(f"{REPORTS}/{report['id']}", json={"status": "approved"})
        body = assert_problem(response, 422, "decision-needs-date", "decided_on")
        assert body["detail"] == "an approved report needs decided_on"

    @pytest.mark.parametrize(
        ("patch", "rule", "field"),
        [
            ({"status": "returned", "review_comment": "Why?"}, "decision-needs-date", "decided_on"),
            (
                {"status": "returned", "decided_on": "2014-05-06"},
                "return-needs-comment",
                "review_comment",
            ),
            (RETURN | {"review_comment": "   "}, "return-needs-comment", "review_comment"),
        ],
    )
    async def test_returning_needs_a_day_and_comments(
        self, client: httpx.AsyncClient, patch: dict[str, str], rule: str, field: str
    ) -> None:
        report = await moved(client, await make_spend_report(client), SUBMIT)
        response = await client.patch(f"{REPORTS}/{report['id']}", json=patch)
        assert_problem(response, 422, rule, field)

    async def test_a_decision_before_the_submission_is_refused(
        self, client: httpx.AsyncClient
    ) -> None:
        report = await moved(client, await make_spend_report(client), SUBMIT)
        patch = APPROVE | {"decided_on": "2014-04-21"}
        response = await client.patch(f"{REPORTS}/{report['id']}", json=patch)
        assert_problem(response, 422, "dates-out-of-order", "decided_on")

    @pytest.mark.parametrize("field", ["submitted_on", "decided_on"])
    async def test_a_day_to_come_is_refused(self, client: httpx.AsyncClient, field: str) -> None:
        report = await make_spend_report(client)
        if field == "decided_on":
            report = await moved(client, report, SUBMIT)
        later = (date.today() + timedelta(days=1)).isoformat()
        patch = (SUBMIT if field == "submitted_on" else APPROVE) | {field: later}
        response = await client.patch(f"{REPORTS}/{report['id']}", json=patch)
        body = assert_problem(response, 422, "date-in-future", field)
        assert body["detail"] == f"{field} {later} is in the future"

    async def test_a_new_report_needs_its_statuss_dates_too(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        award = await make_award(client)
        async with unchanged(db, "spend_reports"):
            response = await client.post(REPORTS, json=spend_report_body(award, status="submitted"))
        assert_problem(response, 422, "submitted-needs-date", "submitted_on")


class TestWhileSubmitted:
    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("narrative", "Rewritten while with the reviewer"),
            ("period_end", "2014-03-30"),
            ("due_date", "2014-05-30"),
            ("submitted_on", "2014-04-23"),
        ],
    )
    async def test_what_the_team_sent_stays_as_sent(
        self, client: httpx.AsyncClient, db: Database, field: str, value: str
    ) -> None:
        report = await moved(client, await make_spend_report(client), SUBMIT)
        async with unchanged(db, "spend_reports"):
            response = await client.patch(f"{REPORTS}/{report['id']}", json={field: value})
        body = assert_problem(response, 409, "report-not-open", field)
        assert (
            body["detail"]
            == f"this report is submitted: its {field} changes only once it is returned"
        )

    async def test_once_returned_the_team_changes_it_and_submits_again(
        self, client: httpx.AsyncClient
    ) -> None:
        report = await moved(client, await make_spend_report(client), SUBMIT, RETURN)
        again = SUBMIT | {"narrative": "Backfill split by site", "submitted_on": "2014-05-08"}
        response = await client.patch(f"{REPORTS}/{report['id']}", json=again)
        assert response.status_code == 200, response.text
        assert response.json()["narrative"] == "Backfill split by site"


class TestANewReport:
    async def test_may_start_decided_but_takes_no_lines_then(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        """A report decided elsewhere may be recorded as it stands (with its dates); through
        the API its lines cannot follow (a load brings them with it, ``test_loads.py``)."""
        award = await make_award(client)
        response = await client.post(REPORTS, json=spend_report_body(award) | SUBMIT | APPROVE)
        assert response.status_code == 201, response.text
        report = response.json()
        async with unchanged(db, "spend_lines"):
            with pytest.raises(AssertionError, match="report-locked"):
                await make_spend_line(client, report)

    async def test_may_be_submitted_without_lines(self, client: httpx.AsyncClient) -> None:
        """Nothing spent in the period is a report too (and a load writes lines after)."""
        report = await moved(client, await make_spend_report(client), SUBMIT, APPROVE)
        assert report["status"] == "approved"


class TestLocks:
    async def test_an_approved_report_is_not_edited(self, client: httpx.AsyncClient) -> None:
        report = await moved(client, await make_spend_report(client), SUBMIT, APPROVE)
        url = f"{REPORTS}/{report['id']}"
        response = await client.patch(url, json={"narrative": "Rewritten"})
        body = assert_problem(response, 409, "report-locked", loc=["path", "spend_report_id"])
        assert body["detail"] == "this report is approved; it can no longer change"
        assert (await client.get(url)).json() == report

    async def test_an_approved_report_is_not_deleted(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        report = await moved(client, await make_spend_report(client), SUBMIT, APPROVE)
        async with unchanged(db, "spend_reports"):
            response = await client.delete(f"{REPORTS}/{report['id']}")
        assert_problem(response, 409, "report-locked", loc=["path", "spend_report_id"])

    @pytest.mark.parametrize("path", [[SUBMIT], [SUBMIT, RETURN]])
    async def test_only_a_draft_is_deleted(
        self, client: httpx.AsyncClient, db: Database, path: list[dict[str, str]]
    ) -> None:
        report = await moved(client, await make_spend_report(client), *path)
        async with unchanged(db, "spend_reports"):
            response = await client.delete(f"{REPORTS}/{report['id']}")
        body = assert_problem(response, 409, "report-not-draft", loc=["path", "spend_report_id"])
        assert body["detail"] == f"this report is {report['status']}; only a draft is deleted"

    async def test_a_draft_is_deleted_with_its_lines(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        line = await make_spend_line(client)
        response = await client.delete(f"{REPORTS}/{line['report_id']}")
        assert response.status_code == 204, response.text
        assert (await client.get(f"{REPORTS}/{line['report_id']}")).status_code == 404
        assert (await client.get(f"{LINES}/{line['id']}")).status_code == 404
