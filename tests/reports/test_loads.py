"""Spend reports and lines load and export like every resource (README › Loading and exporting
data): upsert by ref, all or nothing, the API's rules; a report decided elsewhere loads with its
lines in one load; an export loads back unchanged."""

import httpx
import pytest

from api.db import Database
from tests.conftest import count_rows
from tests.factories import (
    API,
    Row,
    make_award,
    make_budget_line,
    make_milestone,
    make_programme,
    make_team,
)
from tests.imports.data import upload

pytestmark = pytest.mark.anyio
AWARD = {"programme_ref": "prog-b", "team_ref": "team-b", "award_ref": "award-b"}


async def award_with_budget(client: httpx.AsyncClient) -> Row:
    programme = await make_programme(client, ref="prog-b")
    team = await make_team(client, programme, ref="team-b")
    award = await make_award(client, team, ref="award-b")
    for ref, category in (("b-staff", "staff"), ("b-training", "training")):
        await make_budget_line(client, award, ref=ref, category=category, amount_pence=5_000_000)
    return award


def report(ref: str, **kw: object) -> dict[str, object]:
    row = {
        "ref": ref,
        **AWARD,
        "period_start": "2013-04-01",
        "period_end": "2014-03-31",
        "due_date": "2014-04-30",
        "status": "approved",
        "submitted_on": "2014-04-22",
        "decided_on": "2014-05-06",
    }
    return row | kw


def line(ref: str, report_ref: str, budget: str, pence: int, **kw: object) -> dict[str, object]:
    row = {
        "ref": ref,
        **AWARD,
        "report_ref": report_ref,
        "budget_line_ref": budget,
        "amount_pence": pence,
        "currency": "GBP",
    }
    return row | kw


def document() -> dict[str, list[dict[str, object]]]:
    return {
        "spend-reports": [
            report("r1"),
            report("r2", status="draft", submitted_on=None, decided_on=None),
        ],
        "spend-lines": [
            line("r1-staff", "r1", "b-staff", 4_800_000),
            line("r1-training", "r1", "b-training", 1_200_000),
            line("r2-staff", "r2", "b-staff", 0),
        ],
    }


class TestSpendReportLoads:
    async def test_an_approved_report_loads_with_its_lines_then_finds_them_unchanged(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        await award_with_budget(client)
        first = await client.post(f"{API}/imports", json=document())
        assert first.status_code == 200, first.text
        counts = first.json()["resources"]
        assert (counts["spend-reports"]["created"], counts["spend-lines"]["created"]) == (2, 3)
        again = await client.post(f"{API}/imports", json=document())
        assert again.status_code == 200, again.text
        assert again.json()["resources"]["spend-lines"]["unchanged"] == 3

    async def test_a_later_load_cannot_change_an_approved_reports_lines(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        await award_with_budget(client)
        assert (await client.post(f"{API}/imports", json=document())).status_code == 200
        doc = {"spend-lines": [line("r1-staff", "r1", "b-staff", 4_900_000)]}
        response = await client.post(f"{API}/imports", json=doc)
        assert response.status_code == 422, response.text
        errors = response.json()["report"]["errors"]
        assert [(e["ref"], e["field"], e["type"]) for e in errors] == [
            ("r1-staff", "report_ref", "report-locked")
        ]

    async def test_a_load_cannot_mark_a_milestone_achieved_before_its_report_is_approved(
        self, client: httpx.AsyncClient
    ) -> None:
        award = await award_with_budget(client)
        team = (await client.get(f"{API}/teams/{award['team_id']}")).json()
        await make_milestone(client, team, ref="m-interim", kind="reporting", title="Interim")
        doc = {"spend-reports": [report("r3", status="submitted", decided_on=None)]}
        doc["spend-reports"][0]["milestone_ref"] = "m-interim"
        assert (await client.post(f"{API}/imports", json=doc)).status_code == 200
        done = {"ref": "m-interim", "programme_ref": "prog-b", "team_ref": "team-b"}
        done |= {"title": "Interim", "kind": "reporting", "due_date": "2013-03-31"}
        done |= {"status": "achieved", "completed_date": "2013-03-29"}
        response = await client.post(f"{API}/imports", json={"milestones": [done]})
        assert response.status_code == 422, response.text
        errors = response.json()["report"]["errors"]
        assert [(e["ref"], e["field"], e["type"]) for e in errors] == [
            ("m-interim", "status", "report-not-approved")
        ]

    async def test_one_bad_line_refuses_the_whole_load(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        """The third line is in euros: no report and no line is written."""
        await award_with_budget(client)
        doc = document()
        doc["spend-lines"][2]["currency"] = "EUR"
        response = await client.post(f"{API}/imports", json=doc)
        assert response.status_code == 422, response.text
        errors = response.json()["report"]["errors"]
        assert [(e["ref"], e["field"], e["type"]) for e in errors] == [
            ("r2-staff", "currency", "currency-mismatch")
        ]
        assert (await count_rows(db, "spend_reports"), await count_rows(db, "spend_lines")) == (
            0,
            0,
        )

    async def test_the_export_loads_back_unchanged(self, client: httpx.AsyncClient) -> None:
        await award_with_budget(client)
        assert (await client.post(f"{API}/imports", json=document())).status_code == 200
        reports = await client.get(f"{API}/spend-reports", params={"format": "csv"})
        lines = await client.get(f"{API}/spend-lines", params={"format": "csv"})
        assert lines.text.splitlines()[0] == (
            "ref,programme_ref,team_ref,award_ref,report_ref,budget_line_ref,amount_pence,currency"
        )
        files = {"spend-reports.csv": reports.text, "spend-lines.csv": lines.text}
        response = await upload(client, files)
        assert response.status_code == 200, response.text
        resources = response.json()["resources"]
        assert (resources["spend-reports"]["unchanged"], resources["spend-lines"]["unchanged"]) == (
            2,
            3,
        )
