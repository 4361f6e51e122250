"""Loads of many batches (batches made tiny here): rules, refs and duplicates hold across them,
while each batch's write runs as the next batch is read."""

from typing import Any

import httpx
import pytest

from api.db import Database
from api.imports import service
from tests.conftest import count_rows
from tests.factories import API
from tests.imports.data import PAYMENT_COLUMNS, load_programme, payment_rows, table, upload

pytestmark = pytest.mark.anyio
AMOUNT = PAYMENT_COLUMNS.index("amount_pence")


@pytest.fixture(autouse=True)
def tiny_batches(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Batches of 4 rows; the sizes of the batches checked, for the tests to look at."""
    monkeypatch.setattr(service, "BATCH", 4)
    monkeypatch.setattr(service, "SLICE", 2)
    sizes: list[int] = []
    checked = service.Loader.batch

    async def batch(self: service.Loader, section: Any, rows: list[Any], *args: Any) -> Any:
        sizes.append(len(rows))
        return await checked(self, section, rows, *args)

    monkeypatch.setattr(service.Loader, "batch", batch)
    return sizes


async def test_many_batches_load_then_load_again_unchanged(
    client: httpx.AsyncClient, db: Database, tiny_batches: list[int]
) -> None:
    await load_programme(client, teams=3)
    tiny_batches.clear()
    body = table([PAYMENT_COLUMNS, *payment_rows(27, teams=3)])
    first = await upload(client, {"payments.csv": body})
    assert first.status_code == 200, first.text
    assert first.json()["totals"]["created"] == 27
    assert tiny_batches == [4] * 6 + [3]
    again = await upload(client, {"payments.csv": body})
    assert again.json()["totals"] == {"created": 0, "updated": 0, "unchanged": 27, "rejected": 0}
    assert await count_rows(db, "payments") == 27


async def test_an_award_cannot_be_overdrawn_across_batches(
    client: httpx.AsyncClient, db: Database
) -> None:
    await load_programme(client, teams=1)
    rows = payment_rows(9, teams=1)
    rows[8][AMOUNT] = 41_995_000  # £419,950, when 8 × £10 leave £419,920 of the award
    response = await upload(client, {"payments.csv": table([PAYMENT_COLUMNS, *rows])})
    assert response.status_code == 422
    errors = response.json()["report"]["errors"]
    assert [(e["line"], e["field"], e["type"]) for e in errors] == [
        (10, "amount_pence", "payment-exceeds-award")
    ]
    assert await count_rows(db, "payments") == 0


async def test_a_ref_given_again_in_a_later_batch_is_refused(client: httpx.AsyncClient) -> None:
    await load_programme(client, teams=1)
    rows = payment_rows(10, teams=1)
    rows[9][0] = rows[1][0]  # line 11 repeats line 3's ref, two batches later
    response = await upload(client, {"payments.csv": table([PAYMENT_COLUMNS, *rows])})
    errors = response.json()["report"]["errors"]
    assert [(e["line"], e["field"], e["type"]) for e in errors] == [(11, "ref", "duplicate-ref")]


async def test_milestones_name_rows_of_earlier_batches(client: httpx.AsyncClient) -> None:
    await load_programme(client, teams=1)
    header = ["ref", "programme_ref", "team_ref", "title", "kind", "due_date", "depends_on_refs"]
    rows = [
        [f"m{i}", "sp", "t000", f"Step {i}", "project", f"2013-{i + 1:02d}-01",
         f"m{i - 1}" if i else ""]
        for i in range(11)
    ]  # fmt: skip
    response = await upload(client, {"milestones.csv": table([header, *rows])})
    assert response.status_code == 200, response.text
    listed = (await client.get(f"{API}/milestones", params={"limit": 100})).json()["items"]
    ids = {m["ref"]: m["id"] for m in listed}
    for m in listed:
        i = int(m["ref"][1:])
        assert m["depends_on_ids"] == ([ids[f"m{i - 1}"]] if i else [])
    again = await upload(client, {"milestones.csv": table([header, *rows])})
    assert again.json()["totals"]["unchanged"] == 11
