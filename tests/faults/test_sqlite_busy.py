"""A busy writer: on SQLite a write that cannot get the writer lock answers 503 with Retry-After
within SP_SQLITE_BUSY_TIMEOUT_MS, and reads and import status polls never wait for the lock. On
both engines, status polls and reads answer while a real background import is running."""

import asyncio
import sqlite3
import time
from pathlib import Path

import pytest

from api.migrate import upgrade
from tests.faults.conftest import Tally, serving
from tests.faults.probes import probes
from tests.faults.servers import organisations_csv

pytestmark = pytest.mark.anyio
BUSY_MS = 300
WRITES = ("create (write session)", "update (write session)")


async def test_sqlite_writer_busy(tmp_path: Path, tally: Tally) -> None:
    url = f"sqlite:///{tmp_path / 'busy.db'}"
    upgrade(url)
    async with serving(url, sqlite_busy_timeout_ms=BUSY_MS) as (app, client):
        checks = await probes(app, client)
        # On SQLite the start-up import check runs once and ends: after it, the lock is free.
        await asyncio.wait_for(asyncio.shield(app.state.recovery), timeout=10)
        other = sqlite3.connect(tmp_path / "busy.db", isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # another writer (a load) holds the lock
            tally.fault("sqlite writer lock held")
            for probe in checks:
                started = time.monotonic()
                response = await probe.send(client)
                seconds = time.monotonic() - started
                if probe.name in WRITES:
                    assert response.status_code == 503, (probe.name, response.text)
                    assert response.json()["type"] == "/problems/database-busy"
                    assert response.headers["Retry-After"] == "1"
                    assert seconds < BUSY_MS / 1000 + 2, (probe.name, seconds)
                else:  # reads and status polls do not queue for the lock (or they would 503)
                    assert response.status_code == probe.ok, (probe.name, response.text)
                    assert seconds < 2, (probe.name, seconds)
        finally:
            other.execute("ROLLBACK")
            other.close()
        for probe in checks:
            response = await probe.send(client)
            assert response.status_code == probe.ok, (probe.name, response.text)


async def test_polls_and_reads_during_an_import(empty_db_url: str, tally: Tally) -> None:
    upgrade(empty_db_url)
    # A short busy timeout: a poll that queued for the load's writer lock would fail, not wait.
    options = {"import_background_bytes": 1000, "sqlite_busy_timeout_ms": BUSY_MS}
    options |= {"worker_in_process": True}  # the app's own worker runs the import
    async with serving(empty_db_url, **options) as (_app, client):
        upload = {"file": ("organisations.csv", organisations_csv(8_000), "text/csv")}
        response = await client.post("/api/v1/imports", files=upload)
        assert response.status_code == 202, response.text
        job = response.headers["Location"]
        slowest = 0.0
        status = "queued"
        seen_running = 0
        while status in ("queued", "running"):
            for path in (job, "/api/v1/organisations?limit=5", "/api/v1/programmes"):
                started = time.monotonic()
                answer = await client.get(path)
                slowest = max(slowest, time.monotonic() - started)
                assert answer.status_code == 200, (path, answer.text)
                if path == job:
                    status = answer.json()["status"]
                    seen_running += status == "running"
            await asyncio.sleep(0.05)
        assert status == "succeeded", status
        assert seen_running > 0
        assert slowest < 2.0  # never the length of the load
