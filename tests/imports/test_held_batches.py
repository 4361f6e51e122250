"""A batch is written once the next batch's stored rows are found, while that batch is diffed
and checked: the rows held count as stored, and the rules' queries see them written."""

import httpx
import pytest

from api.db import Database
from api.imports import service
from tests.conftest import count_rows
from tests.imports.data import PAYMENT_COLUMNS, load_programme, payment_rows, table, upload

pytestmark = pytest.mark.anyio
AMOUNT = PAYMENT_COLUMNS.index("amount_pence")
TEAM = PAYMENT_COLUMNS.index("team_ref")


@pytest.fixture(autouse=True)
def tiny_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service, "BATCH", 4)
    monkeypatch.setattr(service, "SLICE", 2)


def errors(response: httpx.Response) -> list[tuple[int, str, str]]:
    return [(e["line"], e["field"], e["type"]) for e in response.json()["report"]["errors"]]


async def test_a_ref_of_the_batch_just_before_is_refused(client: httpx.AsyncClient) -> None:
    await load_programme(client, teams=1)
    rows = payment_rows(8, teams=1)
    rows[5][0] = rows[2][0]  # line 7 (second batch) repeats line 4 (first batch, not written)
    response = await upload(client, {"payments.csv": table([PAYMENT_COLUMNS, *rows])})
    assert errors(response) == [(7, "ref", "duplicate-ref")]


async def test_an_update_repeated_in_the_next_batch_is_refused(
    client: httpx.AsyncClient, db: Database
) -> None:
    await load_programme(client, teams=1)
    rows = payment_rows(8, teams=1)
    assert (await upload(client, {"payments.csv": table([PAYMENT_COLUMNS, *rows])})).is_success
    rows[2][AMOUNT] = 2000  # line 4 updates a stored row, line 7 gives its ref again
    rows[5] = list(rows[2])
    response = await upload(client, {"payments.csv": table([PAYMENT_COLUMNS, *rows])})
    assert errors(response) == [(7, "ref", "duplicate-ref")]
    assert await count_rows(db, "payments") == 8


async def test_a_refused_ref_may_come_again_in_the_next_batch(
    client: httpx.AsyncClient, db: Database
) -> None:
    await load_programme(client, teams=1)
    rows = payment_rows(8, teams=1)
    rows[2][AMOUNT] = 42_000_000_000  # line 4 overdraws the award: refused, not written
    rows[5][0] = rows[2][0]
    response = await upload(client, {"payments.csv": table([PAYMENT_COLUMNS, *rows])})
    assert errors(response) == [(4, "amount_pence", "payment-exceeds-award")]


async def test_rules_that_read_wait_for_the_write_before(
    client: httpx.AsyncClient, db: Database
) -> None:
    """The second team's award is first named in the third batch: its rule reads the award
    and its payments while the second batch is written, so the read waits for the write."""
    await load_programme(client, teams=2)
    rows = payment_rows(12, teams=1)
    for row in rows[8:]:
        row[TEAM] = "t001"
    response = await upload(client, {"payments.csv": table([PAYMENT_COLUMNS, *rows])})
    assert response.status_code == 200, response.text
    assert await count_rows(db, "payments") == 12
    rows[11][0], rows[11][AMOUNT] = "extra", 41_997_000  # with the £40 paid: past £420,000
    response = await upload(client, {"payments.csv": table([PAYMENT_COLUMNS, *rows])})
    assert errors(response) == [(13, "amount_pence", "payment-exceeds-award")]
