"""PostgreSQL down (simulated by a proxy that refuses or never answers): every request that needs
the database gets 503 problem+json with Retry-After, quickly; /healthz stays 200, /readyz is 503;
the service recovers by itself when the database is back."""

import time

import pytest

from tests.faults.conftest import Tally, serving
from tests.faults.probes import all_answer, probes, target, through
from tests.faults.proxy import Mode, Proxy

pytestmark = pytest.mark.anyio
POOL_TIMEOUT = 1.0  # also bounds each connection attempt (api.db.CONNECT_TIMEOUT)


async def test_postgres_down_answers_503_quickly_and_recovers(pg_url: str, tally: Tally) -> None:
    async with (
        Proxy(target(pg_url)) as proxy,
        serving(through(pg_url, proxy), db_pool_timeout=POOL_TIMEOUT) as (app, client),
    ):
        checks = await probes(app, client)
        await all_answer(client, checks)
        assert (await client.get("/readyz")).status_code == 200

        modes: tuple[Mode, ...] = ("refuse", "hang")
        for mode in modes:
            await proxy.set(mode)
            tally.fault(f"postgres {mode}")
            tally.fault("connections dropped", await proxy.drop())
            for probe in checks:
                started = time.monotonic()
                response = await probe.send(client)
                seconds = time.monotonic() - started
                assert response.status_code == 503, (mode, probe.name, response.text)
                assert response.json()["type"] == "/problems/database-unavailable"
                assert int(response.headers["Retry-After"]) > 0
                assert seconds < POOL_TIMEOUT + 1.5, (mode, probe.name, seconds)
            assert (await client.get("/healthz")).status_code == 200
            ready = await client.get("/readyz")
            assert ready.status_code == 503
            assert ready.headers["content-type"] == "application/problem+json"

        await proxy.set("up")
        await all_answer(client, checks)  # no restart, no waiting: the pools reconnect
        assert (await client.get("/readyz")).status_code == 200
