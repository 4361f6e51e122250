"""A load's events: one per row it creates or updates (with the domain events its rows fire),
written a batch at a time, then ``import.completed``; none for a load rolled back
(``api/imports/published.py``)."""

import io
from typing import Any

import httpx
import pytest

from api.db import Database
from api.imports.readers import Source
from api.imports.service import Loader
from tests.events.test_events import feed
from tests.imports.data import (
    PAYMENT_COLUMNS,
    load_programme,
    payment_rows,
    programme_files,
    table,
    upload,
)

pytestmark = pytest.mark.anyio


def counts(events: list[dict[str, Any]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for e in events:
        out[e["type"]] = out.get(e["type"], 0) + 1
    return out


class TestLoadEvents:
    async def test_a_row_each_then_completed(self, client: httpx.AsyncClient) -> None:
        start = len(await feed(client))
        await load_programme(client, teams=5)
        events = (await feed(client))[start:]
        assert counts(events) == {
            "organisation.created": 2, "programme.created": 1, "team.created": 5,
            "award.created": 5, "import.completed": 1,
        }  # fmt: skip
        assert events[-1]["type"] == "import.completed"
        assert events[-1]["data"]["totals"]["created"] == 13
        positions = [e["position"] for e in events]
        assert positions == sorted(positions) and len(set(positions)) == len(positions)
        programme = next(e for e in events if e["type"] == "programme.created")
        teams = {e["resource_id"]: e for e in events if e["type"] == "team.created"}
        for award in (e for e in events if e["type"] == "award.created"):
            assert award["team_id"] in teams
            assert award["programme_id"] == programme["resource_id"]
            assert award["data"]["team_id"] == award["team_id"]
        listed = (await client.get("/api/v1/awards", params={"limit": 10})).json()["items"]
        shown = {e["resource_id"]: e["data"] for e in events if e["type"] == "award.created"}
        for row in listed:  # the row as the API shows it (but for what it computes on reading)
            assert {k: v for k, v in row.items() if k in shown[row["id"]]} == shown[row["id"]]

    async def test_payments_paid_by_a_load(self, client: httpx.AsyncClient) -> None:
        await load_programme(client, teams=3)
        start = len(await feed(client))
        rows = payment_rows(6, teams=3)  # a third paid
        response = await upload(client, {"payments.csv": table([PAYMENT_COLUMNS, *rows])})
        assert response.status_code == 200, response.text
        events = (await feed(client))[start:]
        assert counts(events) == {"payment.created": 6, "payment.paid": 2, "import.completed": 1}
        paid = [e for e in events if e["type"] == "payment.paid"]
        assert all(e["team_id"] and e["programme_id"] for e in paid)  # through the award
        # Again, with one more paid: an update and its payment.paid; the rest are unchanged.
        rows[1][6], rows[1][9] = "2013-07-02", "paid"
        again = await upload(client, {"payments.csv": table([PAYMENT_COLUMNS, *rows])})
        assert again.status_code == 200, again.text
        later = (await feed(client))[start + len(events) :]
        assert [e["type"] for e in later] == ["payment.updated", "payment.paid", "import.completed"]

    async def test_a_refused_or_dry_load_leaves_none(self, client: httpx.AsyncClient) -> None:
        await load_programme(client, teams=3)
        start = len(await feed(client))
        rows = payment_rows(3, teams=3)
        dry = await upload(
            client, {"payments.csv": table([PAYMENT_COLUMNS, *rows])}, dry_run="true"
        )
        assert dry.status_code == 200, dry.text
        rows[2][2] = "no-such-team"
        bad = await upload(client, {"payments.csv": table([PAYMENT_COLUMNS, *rows])})
        assert bad.status_code == 422, bad.text
        assert (await feed(client))[start:] == []


def sources(files: dict[str, str]) -> list[Source]:
    return [
        Source(name, lambda body=body: io.BytesIO(body.encode()), len(body))
        for name, body in files.items()
    ]


class TestInOneTransaction:
    """As ``shared-purpose load`` runs them: the transaction commits even when a load's
    savepoint was rolled back (a refused row), so only the loads that kept their rows publish."""

    async def test_a_refused_load_then_a_good_one(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        files = programme_files(2)
        bad = {"organisations.csv": table([["ref", "name", "org_identifier", "kind"],
                                           ["x", "X", "GB-X-1", "not-a-kind"]])}  # fmt: skip
        async with db.sessionmaker() as session, session.begin():
            refused = await Loader(session).load(sources(bad))
        assert not refused.ok
        assert await feed(client) == [e for e in await feed(client) if e["resource"] == "api-keys"]
        async with db.sessionmaker() as session, session.begin():
            good = await Loader(session).load(sources(files))
            assert good.ok
            assert not (await Loader(session).load(sources(bad))).ok
        events = [e for e in await feed(client) if e["resource"] != "api-keys"]
        assert counts(events) == {
            "organisation.created": 2, "programme.created": 1, "team.created": 2,
            "award.created": 2, "import.completed": 1,
        }  # fmt: skip
