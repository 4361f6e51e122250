"""Each read model costs a constant number of queries, run in one consistent read-only snapshot."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import event, func, select, text

from api.config import Settings
from api.dashboard.replay import snapshot
from api.db import Database
from api.models import Organisation
from tests.conftest import QueryCounter
from tests.dashboard.build import build_programme
from tests.factories import API, make_organisation

pytestmark = pytest.mark.anyio

# The SELECTs of each read model; SQLite adds the BEGIN its engine hook emits.
QUERIES = {
    "programme summary": 11,
    "team figures by name": 7,
    "team figures by a figure": 7,
    "timeline": 3,
    "results": 3,
    "team summary": 11,
}


@contextmanager
def sqlalchemy_statements(db: Database) -> Iterator[list[str]]:
    """What SQLAlchemy executes, on either engine.

    The ``queries`` fixture counts on PostgreSQL with asyncpg's query logger, which does not see
    statements SQLAlchemy runs as prepared statements; this counts those.
    """
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    engines = {db.engine.sync_engine, db.write_engine.sync_engine}
    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", record)


async def count_queries(
    client: httpx.AsyncClient, queries: QueryCounter, db: Database, url: str, **params: Any
) -> tuple[int, int]:
    """(statements the ``queries`` fixture saw, SELECTs and BEGINs SQLAlchemy ran)."""
    queries.statements.clear()
    with sqlalchemy_statements(db) as seen:
        response = await client.get(url, params={"as_of": "2014-01-01", **params})
    assert response.status_code == 200, response.text
    return queries.count, len(seen)


class TestConstantQueries:
    async def test_2_teams_and_8_teams_cost_the_same(
        self, client: httpx.AsyncClient, queries: QueryCounter, db: Database
    ) -> None:
        small = await build_programme(client, 2)
        large = await build_programme(client, 8)
        found = {}
        for built in (small, large):
            pid = built.programme["id"]
            page = {"limit": 3}
            urls = {
                "programme summary": (f"{API}/programmes/{pid}/summary", {}),
                "team figures by name": (f"{API}/programmes/{pid}/team-figures", page),
                "team figures by a figure": (
                    f"{API}/programmes/{pid}/team-figures",
                    page | {"sort": "-late"},
                ),
                "timeline": (f"{API}/programmes/{pid}/timeline", page),
                "results": (f"{API}/programmes/{pid}/results", {}),
                "team summary": (f"{API}/teams/{built.teams[-1]['id']}/summary", {}),
            }
            found[len(built.teams)] = {
                name: await count_queries(client, queries, db, url, **params)
                for name, (url, params) in urls.items()
            }
        assert found[2] == found[8]
        # Each model's own queries, plus the same few of ``versioned.respond`` for all (the data
        # version looked up before and after building; BEGINs on SQLite).
        overhead = {n - QUERIES[k] for k, (_, n) in found[8].items()}
        assert len(overhead) == 1, found[8]
        assert 0 <= overhead.pop() <= 4

    async def test_a_list_read_afterwards_is_still_one_query(
        self, client: httpx.AsyncClient, queries: QueryCounter
    ) -> None:
        """The snapshot's isolation level is undone when the connection goes back to the pool."""
        built = await build_programme(client, 2)
        for _ in range(3):
            await client.get(f"{API}/programmes/{built.programme['id']}/summary")
        for _ in range(3):
            queries.statements.clear()
            assert (await client.get(f"{API}/milestones")).status_code == 200
            assert queries.count == 1


class TestSnapshot:
    async def test_reads_inside_see_one_state_while_others_write(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        await make_organisation(client)
        how_many = select(func.count()).select_from(Organisation)
        async with db.read_engine.connect() as conn, snapshot(conn):
            before = await conn.scalar(how_many)
            await make_organisation(client)  # committed by another connection meanwhile
            inside = await conn.scalar(how_many)
        async with db.read_engine.connect() as conn:
            after = await conn.scalar(how_many)
        assert (before, inside, after) == (1, 1, 2)

    async def test_postgresql_runs_it_repeatable_read_read_only_then_undoes_it(
        self, postgres_url: str
    ) -> None:
        one = Database(
            postgres_url,
            Settings(database_url=postgres_url, db_pool_size=1, db_max_overflow=0),
        )
        state = text(
            "SELECT current_setting('transaction_isolation'), "
            "current_setting('transaction_read_only'), pg_backend_pid()"
        )
        try:
            async with one.read_engine.connect() as conn, snapshot(conn):
                inside = tuple((await conn.execute(state)).one())
            async with one.sessionmaker() as session, session.begin():  # a writer, same connection
                after = tuple((await session.execute(state)).one())
        finally:
            await one.dispose()
        assert inside[:2] == ("repeatable read", "on")
        assert after == ("read committed", "off", inside[2])
