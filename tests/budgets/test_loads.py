"""Budget lines load and export like every resource (README › Loading and exporting data): upsert
by ref, all or nothing, the same rules as the API, and an export loads back unchanged."""

import httpx
import pytest

from api.db import Database
from tests.conftest import count_rows
from tests.factories import API, Row, make_award, make_budget_line, make_programme, make_team
from tests.imports.data import upload

pytestmark = pytest.mark.anyio


async def award_with_refs(client: httpx.AsyncClient) -> Row:
    programme = await make_programme(client, ref="prog-b")
    team = await make_team(client, programme, ref="team-b")
    return await make_award(client, team, ref="award-b", amount_pence=20_000_000)


def line(ref: str, pence: int, **kw: object) -> dict[str, object]:
    row = {
        "ref": ref,
        "award_ref": "award-b",
        "category": "staff",
        "period_start": "2013-04-01",
        "period_end": "2014-03-31",
        "amount_pence": pence,
        "currency": "GBP",
    }
    return row | kw


class TestBudgetLineLoads:
    async def test_a_load_creates_then_finds_unchanged(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        await award_with_refs(client)
        doc = {"budget-lines": [line("l1", 15_000_000), line("l2", 5_000_000, category="other")]}
        first = await client.post(f"{API}/imports", json=doc)
        assert first.status_code == 200, first.text
        assert first.json()["resources"]["budget-lines"]["created"] == 2
        doc["budget-lines"][1]["description"] = "Dissemination"
        again = await client.post(f"{API}/imports", json=doc)
        counts = again.json()["resources"]["budget-lines"]
        assert (counts["updated"], counts["unchanged"]) == (1, 1)
        assert await count_rows(db, "budget_lines") == 2

    async def test_lines_over_the_award_refuse_the_whole_load(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        """The second row would take the award's lines past £200,000: nothing is written."""
        await award_with_refs(client)
        doc = {"budget-lines": [line("l1", 15_000_000), line("l2", 5_000_001)]}
        response = await client.post(f"{API}/imports", json=doc)
        assert response.status_code == 422, response.text
        errors = response.json()["report"]["errors"]
        assert [(e["ref"], e["field"], e["type"]) for e in errors] == [
            ("l2", "amount_pence", "budget-exceeds-award")
        ]
        assert await count_rows(db, "budget_lines") == 0

    async def test_the_export_loads_back_unchanged(self, client: httpx.AsyncClient) -> None:
        award = await award_with_refs(client)
        await make_budget_line(client, award, ref="l1", description="=SUM(A1)")
        exported = await client.get(f"{API}/budget-lines", params={"format": "csv"})
        assert exported.text.splitlines()[0] == (
            "ref,programme_ref,team_ref,award_ref,category,period_start,period_end,"
            "amount_pence,currency,description"
        )
        response = await upload(client, {"budget-lines.csv": exported.text})
        assert response.status_code == 200, response.text
        assert response.json()["resources"]["budget-lines"] == {
            "created": 0,
            "updated": 0,
            "unchanged": 1,
            "rejected": 0,
        }
