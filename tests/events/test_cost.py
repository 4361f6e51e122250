"""What events add to a write: two statements at its commit on PostgreSQL (the advisory lock and
one INSERT), one on SQLite (``api/events/outbox.py``)."""

import httpx
import pytest

from api.db import Database
from tests.conftest import QueryCounter
from tests.factories import API, make_milestone

pytestmark = pytest.mark.anyio


async def test_a_patch_adds_its_events_at_the_commit(
    client: httpx.AsyncClient, queries: QueryCounter, db: Database
) -> None:
    row = await make_milestone(client)
    queries.statements.clear()
    response = await client.patch(f"{API}/milestones/{row['id']}", json={"title": "Renamed"})
    assert response.status_code == 200, response.text
    statements = [s.lstrip() for s in queries.statements]
    ours = [s for s in statements if "events" in s.split("(")[0] or "pg_advisory" in s]
    assert [s.split(" (")[0].split("\n")[0] for s in ours] == [
        "INSERT INTO audit_events",
        *(
            []
            if db.is_sqlite
            else ["SELECT pg_advisory_xact_lock($1::BIGINT) AS pg_advisory_xact_lock_1"]
        ),
        "INSERT INTO events",
    ]
    assert statements[-1].startswith("INSERT INTO events")  # the last thing before the commit
