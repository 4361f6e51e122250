"""The exceptions, compare and changes read models cost the same queries at 2 teams and at 8."""

from typing import Any

import httpx
import pytest

from api.db import Database
from tests.conftest import QueryCounter
from tests.dashboard.build import build_programme
from tests.dashboard.test_queries import sqlalchemy_statements
from tests.factories import API

pytestmark = pytest.mark.anyio
DAY = "2014-01-01"


async def count(
    client: httpx.AsyncClient, queries: QueryCounter, db: Database, url: str, params: Any
) -> tuple[int, int]:
    # A first request on another day takes the one-off work (the key's last-use record, whose
    # once-a-minute write depends on timing) and fills no cache the counted request can use.
    day = "as_of" if "as_of" in params else "to"
    warm = await client.get(url, params={**params, day: "2014-01-02"})
    assert warm.status_code == 200, warm.text
    queries.statements.clear()
    with sqlalchemy_statements(db) as seen:
        response = await client.get(url, params=params)
    assert response.status_code == 200, response.text
    return queries.count, len(seen)


async def test_2_teams_and_8_teams_cost_the_same(
    client: httpx.AsyncClient, queries: QueryCounter, db: Database
) -> None:
    found = {}
    for size in (2, 8):
        built = await build_programme(client, size)
        pid = built.programme["id"]
        ids = [t["id"] for t in built.teams[:4]]
        urls = {
            "exceptions": (f"{API}/programmes/{pid}/exceptions", {"limit": 3, "as_of": DAY}),
            "exceptions by late": (
                f"{API}/programmes/{pid}/exceptions",
                {"limit": 3, "sort": "-late", "as_of": DAY},
            ),
            "compare": (f"{API}/programmes/{pid}/compare", {"team_id": ids[:2], "as_of": DAY}),
            "changes": (
                f"{API}/programmes/{pid}/changes",
                {"from": "2013-01-01", "to": "2014-01-01"},
            ),
        }
        found[size] = {
            name: await count(client, queries, db, url, params)
            for name, (url, params) in urls.items()
        }
    assert found[2] == found[8]
