"""Who writes and who decides (README › Security): a team editor writes and submits its own
team's reports only and never approves or returns one; finance, programme managers and admins
review; an approval is audited with the award's team."""

import httpx
import pytest
from fastapi import FastAPI

from api.db import Database
from api.models.enums import Role
from tests.assertions import assert_problem, unchanged
from tests.conftest import RoleClient
from tests.factories import API, make_award, make_spend_line, make_spend_report, spend_report_body
from tests.reports.helpers import APPROVE, LINES, REPORTS, RETURN, SUBMIT, moved

pytestmark = pytest.mark.anyio


class TestTeamEditor:
    async def test_writes_and_submits_its_own_teams_report(
        self, client: httpx.AsyncClient, as_role: RoleClient
    ) -> None:
        award = await make_award(client)
        editor = await as_role(Role.team_editor, [award["team_id"]])
        created = await editor.post(REPORTS, json=spend_report_body(award))
        assert created.status_code == 201, created.text
        report = created.json()
        line = await make_spend_line(client, report)
        url = f"{REPORTS}/{report['id']}"
        patched = await editor.patch(f"{LINES}/{line['id']}", json={"amount_pence": 12})
        assert patched.status_code == 200, patched.text
        submitted = await editor.patch(url, json=SUBMIT)
        assert submitted.status_code == 200, submitted.text
        assert submitted.json()["status"] == "submitted"

    @pytest.mark.parametrize(("patch", "said"), [(APPROVE, "approved"), (RETURN, "returned")])
    async def test_never_approves_or_returns(
        self, client: httpx.AsyncClient, as_role: RoleClient, patch: dict[str, str], said: str
    ) -> None:
        award = await make_award(client)
        report = await moved(client, await make_spend_report(client, award), SUBMIT)
        editor = await as_role(Role.team_editor, [award["team_id"]])
        url = f"{REPORTS}/{report['id']}"
        response = await editor.patch(url, json=patch)
        body = assert_problem(response, 403, "review-forbidden", "status")
        assert body["detail"] == f"the team_editor role may not set a spend report {said}"
        assert (await client.get(url)).json()["status"] == "submitted"

    async def test_nor_creates_one_approved(
        self, client: httpx.AsyncClient, as_role: RoleClient, db: Database
    ) -> None:
        award = await make_award(client)
        editor = await as_role(Role.team_editor, [award["team_id"]])
        body = spend_report_body(award) | SUBMIT | APPROVE
        async with unchanged(db, "spend_reports"):
            response = await editor.post(REPORTS, json=body)
        assert_problem(response, 403, "review-forbidden", "status")

    @pytest.mark.parametrize(
        ("field", "value"), [("decided_on", "2014-05-06"), ("review_comment", "Looks fine")]
    )
    async def test_nor_gives_the_reviewers_fields(
        self, client: httpx.AsyncClient, as_role: RoleClient, db: Database, field: str, value: str
    ) -> None:
        award = await make_award(client)
        report = await make_spend_report(client, award)
        editor = await as_role(Role.team_editor, [award["team_id"]])
        async with unchanged(db, "spend_reports"):
            created = await editor.post(REPORTS, json=spend_report_body(award) | {field: value})
            patched = await editor.patch(f"{REPORTS}/{report['id']}", json={field: value})
        for response in (created, patched):
            body = assert_problem(response, 403, "review-forbidden", field)
            assert body["detail"] == f"the team_editor role may not give {field}"

    async def test_another_teams_report_is_missing(
        self, client: httpx.AsyncClient, as_role: RoleClient
    ) -> None:
        mine, theirs = await make_award(client), await make_award(client)
        report = await make_spend_report(client, theirs)
        editor = await as_role(Role.team_editor, [mine["team_id"]])
        for response in (
            await editor.get(f"{REPORTS}/{report['id']}"),
            await editor.patch(f"{REPORTS}/{report['id']}", json={"narrative": "x"}),
            await editor.get(f"{REPORTS}/{report['id']}/summary"),
        ):
            assert_problem(response, 404, "not-found")
        created = await editor.post(REPORTS, json=spend_report_body(theirs))
        assert_problem(created, 403, "outside-team-scope")
        assert (await editor.get(REPORTS)).json()["items"] == []


class TestReviewers:
    @pytest.mark.parametrize("role", [Role.finance, Role.programme_manager, Role.admin])
    async def test_approve_and_return(
        self, client: httpx.AsyncClient, as_role: RoleClient, role: Role
    ) -> None:
        reviewer = await as_role(role)
        approved = await moved(
            reviewer, await moved(client, await make_spend_report(client), SUBMIT), APPROVE
        )
        returned = await moved(
            reviewer, await moved(client, await make_spend_report(client), SUBMIT), RETURN
        )
        assert (approved["status"], returned["status"]) == ("approved", "returned")

    async def test_a_viewer_only_reads(
        self, client: httpx.AsyncClient, as_role: RoleClient
    ) -> None:
        report = await make_spend_report(client)
        viewer = await as_role(Role.viewer)
        assert (await viewer.get(f"{REPORTS}/{report['id']}")).status_code == 200
        response = await viewer.patch(f"{REPORTS}/{report['id']}", json=SUBMIT)
        assert_problem(response, 403, "forbidden")


class TestAuditAndIdempotency:
    async def test_an_approval_is_audited_with_the_team(
        self, client: httpx.AsyncClient, as_role: RoleClient
    ) -> None:
        award = await make_award(client)
        report = await moved(client, await make_spend_report(client, award), SUBMIT)
        finance = await as_role(Role.finance)
        approved = await moved(finance, report, APPROVE)
        response = await client.get(
            f"{API}/audit-events",
            params={"resource": "spend-reports", "resource_id": report["id"]},
        )
        trail = response.json()["items"]
        assert [(e["action"], e["team_id"]) for e in trail] == [
            ("update", award["team_id"]),
            ("update", award["team_id"]),
            ("create", award["team_id"]),
        ]
        assert (trail[0]["before"]["status"], trail[0]["after"]) == ("submitted", approved)

    @pytest.mark.parametrize("path", [REPORTS, LINES])
    async def test_a_post_needs_an_idempotency_key(
        self, app: FastAPI, client: httpx.AsyncClient, db: Database, path: str
    ) -> None:
        line = await make_spend_line(client)
        report = (await client.get(f"{REPORTS}/{line['report_id']}")).json()
        body = (
            spend_report_body({"id": report["award_id"]}, ref="r-2")
            if path == REPORTS
            else {"report_id": report["id"], "budget_line_id": line["budget_line_id"]}
        )
        transport = httpx.ASGITransport(app=app)  # without the test client's automatic keys
        headers = dict(client.headers)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://t", headers=headers
        ) as bare:
            async with unchanged(db, "spend_reports", "spend_lines"):
                response = await bare.post(path, json=body)
        assert_problem(response, 400, "idempotency-key-required", loc=["header", "Idempotency-Key"])
        key = {"Idempotency-Key": "report-once"}
        if path == REPORTS:  # and a retry with the key writes once
            first = await client.post(REPORTS, json=body, headers=key)
            again = await client.post(REPORTS, json=body, headers=key)
            assert (first.status_code, again.json()) == (201, first.json())
            page = (await client.get(REPORTS, params={"award_id": report["award_id"]})).json()
            assert len(page["items"]) == 2
