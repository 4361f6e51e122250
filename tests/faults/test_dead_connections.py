"""Dead pooled connections (pg_terminate_backend, a failover or restart while idle) are never
handed to a request: the next request on every path succeeds, with no 5xx at all."""

import asyncio

import httpx
import psycopg
import pytest
from fastapi import FastAPI
from sqlalchemy.engine import make_url

from tests.faults.conftest import Tally, serving
from tests.faults.probes import Probe, all_answer, probes, target, through
from tests.faults.proxy import Proxy

pytestmark = pytest.mark.anyio


def terminate(url: str, application_name: str) -> int:
    """End every backend of the app's process (blocking: the app's event loop does not run
    meanwhile, so asyncpg has not yet read the close when the next request takes a connection)."""
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = %s AND pid <> pg_backend_pid()",
            (application_name,),
        ).fetchall()
        conn.execute("SELECT pg_sleep(0.05)")  # the backends exit and close their sockets
    return len(rows)


async def warm(client: httpx.AsyncClient, checks: list[Probe]) -> None:
    """Several connections in every pool (requests at once each take their own)."""
    responses = await asyncio.gather(*(p.send(client) for p in checks for _ in range(2)))
    expected = [p.ok for p in checks for _ in range(2)]
    assert [r.status_code for r in responses] == expected, [r.text for r in responses]


@pytest.mark.parametrize("noticed", [False, True], ids=["unnoticed", "noticed"])
async def test_terminated_backends(pg_url: str, tally: Tally, noticed: bool) -> None:
    async with serving(pg_url) as (app, client):
        checks = await probes(app, client)
        for _round in range(2):
            await warm(client, checks)
            name = app.state.db.application_name
            if noticed:  # the event loop has read the closes before the next request
                killed = await asyncio.to_thread(terminate, pg_url, name)
                await asyncio.sleep(0.05)
            else:
                killed = terminate(pg_url, name)
            assert killed >= 2
            tally.fault("pg_terminate_backend", killed)
            await all_answer(client, checks)
        await all_answer(client, [*checks, *checks])


async def test_connections_cut_by_the_network(pg_url: str, tally: Tally) -> None:
    async with (
        Proxy(target(pg_url)) as proxy,
        serving(through(pg_url, proxy)) as (app, client),
    ):
        checks = await probes(app, client)
        for _round in range(2):
            await warm(client, checks)
            cut = await proxy.drop()
            assert cut >= 2
            tally.fault("connections dropped", cut)
            await all_answer(client, checks)


async def test_one_pool_at_a_time(pg_url: str, tally: Tally) -> None:
    """Each path meets a dead connection first (the others' pools untouched)."""
    async with serving(pg_url) as (app, client):
        checks = await probes(app, client)
        for probe in checks:
            await warm(client, checks)
            tally.fault("pg_terminate_backend", terminate(pg_url, app_name(app)))
            response = await probe.send(client)
            assert response.status_code == probe.ok, (probe.name, response.text)


def app_name(app: FastAPI) -> str:
    name: str = app.state.db.application_name
    return name
