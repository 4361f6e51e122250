"""Award amendments load and export like every resource (README › Loading and exporting data):
upsert by ref, all or nothing, the same rules as the API, and an export loads back unchanged."""

import httpx
import pytest

from api.db import Database
from tests.conftest import count_rows
from tests.factories import (
    API,
    Row,
    make_amendment,
    make_award,
    make_payment,
    make_programme,
    make_team,
)
from tests.imports.data import upload

pytestmark = pytest.mark.anyio


async def award_with_refs(client: httpx.AsyncClient) -> Row:
    programme = await make_programme(client, ref="prog-a")
    team = await make_team(client, programme, ref="team-a")
    return await make_award(client, team, ref="award-a", amount_pence=20_000_000)


def amendment(ref: str, pence: int, **kw: object) -> dict[str, object]:
    row = {
        "ref": ref,
        "award_ref": "award-a",
        "kind": "uplift" if pence > 0 else "reduction",
        "amount_change_pence": pence,
        "currency": "GBP",
        "reason": "Re-scoped",
        "effective_date": "2014-04-01",
        "status": "approved",
        "decided_on": "2014-03-20",
    }
    return row | kw


class TestAmendmentLoads:
    async def test_a_load_creates_then_finds_unchanged(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        award = await award_with_refs(client)
        doc = {
            "award-amendments": [
                amendment("a1", 5_000_000),
                amendment("a2", -1_000_000, status="proposed", decided_on=None),
            ]
        }
        first = await client.post(f"{API}/imports", json=doc)
        assert first.status_code == 200, first.text
        assert first.json()["resources"]["award-amendments"]["created"] == 2
        read = (await client.get(f"{API}/awards/{award['id']}")).json()
        assert read["amended_amount_pence"] == 25_000_000
        doc["award-amendments"][1]["reason"] = "Re-scoped again"
        again = await client.post(f"{API}/imports", json=doc)
        counts = again.json()["resources"]["award-amendments"]
        assert (counts["updated"], counts["unchanged"]) == (1, 1)
        assert await count_rows(db, "award_amendments") == 2

    async def test_one_bad_row_refuses_the_whole_load(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        """£150,000 is paid: the uplift alone would load, but the reductions after it take the
        award below the payments, so nothing is written."""
        award = await award_with_refs(client)
        await make_payment(client, award, amount_pence=15_000_000)
        doc = {
            "award-amendments": [
                amendment("a1", 1_000_000),
                amendment("a2", -4_000_000),
                amendment("a3", -2_000_001),
            ]
        }
        response = await client.post(f"{API}/imports", json=doc)
        assert response.status_code == 422, response.text
        errors = response.json()["report"]["errors"]
        assert [(e["ref"], e["field"], e["type"]) for e in errors] == [
            ("a3", "amount_change_pence", "reduction-below-committed")
        ]
        assert await count_rows(db, "award_amendments") == 0

    async def test_a_decided_amendment_is_not_reloaded_differently(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        await award_with_refs(client)
        doc = {"award-amendments": [amendment("a1", 5_000_000)]}
        assert (await client.post(f"{API}/imports", json=doc)).status_code == 200
        doc["award-amendments"][0]["amount_change_pence"] = 6_000_000
        response = await client.post(f"{API}/imports", json=doc)
        assert response.status_code == 422, response.text
        errors = response.json()["report"]["errors"]
        assert [(e["ref"], e["type"]) for e in errors] == [("a1", "amendment-locked")]

    async def test_the_export_loads_back_unchanged(self, client: httpx.AsyncClient) -> None:
        award = await award_with_refs(client)
        await make_amendment(client, award, ref="a1", reason="=SUM(A1)")
        await make_amendment(
            client,
            award,
            ref="a2",
            kind="reprofile",
            amount_change_pence=0,
            new_start_date="2012-09-01",
            status="rejected",
            decided_on="2014-03-20",
        )
        exported = await client.get(f"{API}/award-amendments", params={"format": "csv"})
        assert exported.text.splitlines()[0] == (
            "ref,programme_ref,team_ref,award_ref,kind,amount_change_pence,currency,"
            "new_start_date,new_end_date,reason,effective_date,status,decided_on"
        )
        response = await upload(client, {"award-amendments.csv": exported.text})
        assert response.status_code == 200, response.text
        assert response.json()["resources"]["award-amendments"] == {
            "created": 0,
            "updated": 0,
            "unchanged": 2,
            "rejected": 0,
        }
