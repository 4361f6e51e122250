"""Graceful shutdown (issue 15, item 5): on SIGTERM a request in flight finishes, an open idle
connection is closed (or, reaching the app, answered 503 ``shutting-down``), new connections are
refused, the process exits within ``SP_SHUTDOWN_TIMEOUT``, and a background import is released
for recovery elsewhere. The real server (``shared-purpose serve``), on both engines."""

import asyncio
import json
import signal
import time
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy import func, select

from api.config import Settings
from api.db import Database
from api.imports.jobs import REASON
from api.imports.recovery import recover
from api.migrate import upgrade
from api.models import ImportJob, ImportStatus, Organisation
from api.models.base import utcnow
from api.observe.shutdown import RETRY_AFTER, Draining, watch_signals
from tests.assertions import assert_problem
from tests.faults.servers import Server, admin_key, organisations_csv

pytestmark = pytest.mark.anyio
TIMEOUT = 10  # SP_SHUTDOWN_TIMEOUT for these servers
DOC = b'{"organisations": [{"ref": "a", "name": "A", "org_identifier": "GB-1", "kind": "charity"}]}'
# uvicorn re-raises the signal once it has shut down cleanly: the exit status says SIGTERM.
CLEAN_EXIT = (0, -signal.SIGTERM)


async def read_answer(reader: asyncio.StreamReader) -> tuple[int, dict[str, str], bytes]:
    """One HTTP/1.1 answer with a ``Content-Length``: status, headers (lower-case), body."""
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 15)
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.lower().split(": ", 1) for line in lines if line)
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    return int(status_line.split()[1]), headers, body


def exited_within(proc: object, seconds: float) -> float:
    started = time.monotonic()
    while proc.poll() is None:  # type: ignore[attr-defined]
        assert time.monotonic() - started < seconds, "the server did not exit in time"
        time.sleep(0.05)
    return time.monotonic() - started


async def test_sigterm_lets_a_slow_request_finish(db_url: str, tmp_path: Path) -> None:
    key = await admin_key(db_url)
    env = {"SP_SHUTDOWN_TIMEOUT": str(TIMEOUT), "SP_LOG_FORMAT": "json", "SP_LOG_LEVEL": "info"}
    log = tmp_path / "server.log"
    async with Server(db_url, env, log, key) as server:
        port = server.client.base_url.port
        assert server.proc is not None and port is not None
        # A: a slow client, half-way through its upload (the app is reading the body).
        slow_r, slow_w = await asyncio.open_connection("127.0.0.1", port)
        slow_w.write(
            b"POST /api/v1/imports?dry_run=true HTTP/1.1\r\nHost: t\r\nX-Request-ID: slow-1\r\n"
            + f"Authorization: Bearer {key}\r\nContent-Type: application/json\r\n".encode()
            + f"Content-Length: {len(DOC)}\r\n\r\n".encode()
            + DOC[:20]
        )
        await slow_w.drain()
        # B: a keep-alive connection, idle after one answer.
        idle_r, idle_w = await asyncio.open_connection("127.0.0.1", port)
        idle_w.write(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        assert (await read_answer(idle_r))[0] == 200
        await asyncio.sleep(0.3)

        server.proc.send_signal(signal.SIGTERM)
        signalled = time.monotonic()
        await asyncio.sleep(0.5)
        slow_w.write(DOC[20:])  # the rest of the body, after the signal
        await slow_w.drain()
        status, headers, body = await read_answer(slow_r)
        assert status == 200, body
        assert headers["x-request-id"] == "slow-1"
        assert json.loads(body)["dry_run"] is True
        assert headers["connection"] == "close"  # the drain closes it after the answer
        assert await slow_r.read() == b""

        # B was closed at the signal; had its request reached the app, it would get a 503.
        try:
            idle_w.write(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            await idle_w.drain()
            answer = await read_answer(idle_r)
        except (asyncio.IncompleteReadError, ConnectionError):
            answer = None
        if answer is not None:
            status, headers, body = answer
            assert status == 503 and headers["retry-after"] and headers["connection"] == "close"
            assert json.loads(body)["type"] == "/problems/shutting-down"
        with pytest.raises(ConnectionError):  # nobody listens any more
            await asyncio.open_connection("127.0.0.1", port)

        took = exited_within(server.proc, TIMEOUT + 5) + (time.monotonic() - signalled)
        assert server.proc.returncode in CLEAN_EXIT and took < TIMEOUT + 5
        for writer in (slow_w, idle_w):
            writer.close()
    records = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    [slow] = [r for r in records if r.get("request_id") == "slow-1"]
    assert (slow["status"], slow["route"], slow["method"]) == (200, "/api/v1/imports", "POST")
    assert slow["principal_kind"] == "api_key" and key not in log.read_text()
    # The app's shutdown ran (pools closed, imports released) after the drain.
    assert "Application shutdown complete." in [r["message"] for r in records]


async def test_sigterm_releases_a_running_import(empty_db_url: str, tmp_path: Path) -> None:
    upgrade(empty_db_url)
    key = await admin_key(empty_db_url)
    spools = tmp_path / "spool"
    spools.mkdir()
    env = {"SP_IMPORT_BACKGROUND_BYTES": "1000", "TMPDIR": str(spools)}
    env |= {"SP_WORKER_IN_PROCESS": "true"}  # the server's own worker runs the import
    env |= {"SP_SHUTDOWN_TIMEOUT": str(TIMEOUT), "SP_LOG_FORMAT": "json", "SP_LOG_LEVEL": "info"}
    log = tmp_path / "server.log"
    async with Server(empty_db_url, env, log, key) as server:
        assert server.proc is not None
        upload = {"file": ("organisations.csv", organisations_csv(40_000), "text/csv")}
        response = await server.client.post("/api/v1/imports", files=upload)
        assert response.status_code == 202, response.text
        job_id = response.headers["Location"].rsplit("/", 1)[1]
        deadline = time.monotonic() + 30
        while (await server.client.get(response.headers["Location"])).json()["status"] != (
            "running"
        ):
            assert time.monotonic() < deadline
            await asyncio.sleep(0.05)
        server.proc.send_signal(signal.SIGTERM)
        exited_within(server.proc, TIMEOUT + 5)
        assert server.proc.returncode in CLEAN_EXIT
    assert list(spools.glob("sp-import-*")) == []  # the job removed its upload
    # The job logged its start and its end (released), with its id.
    records = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    states = [r["state"] for r in records if r.get("job_id") == job_id]
    assert states == ["running", "released"]
    db = Database(empty_db_url, Settings(database_url=empty_db_url))
    try:
        async with db.sessionmaker() as session:
            job = await session.get(ImportJob, job_id)
            assert job is not None
            assert (job.status, job.error) == (ImportStatus.failed, REASON)
            assert job.finished_at is not None
            assert await session.scalar(select(func.count()).select_from(Organisation)) == 0
        # Nothing is left for recovery elsewhere to find.
        assert await recover(db, utcnow() - timedelta(hours=1)) == []
    finally:
        await db.dispose()


async def test_a_request_reaching_the_app_during_the_drain_gets_503(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    app.state.draining.start()
    try:
        response = await client.get("/api/v1/teams", headers={"X-Request-ID": "late-1"})
        head = await client.head("/readyz")
    finally:
        app.state.draining.event.clear()
    body = assert_problem(response, 503, "shutting-down")
    assert body["request_id"] == response.headers["X-Request-ID"] == "late-1"
    assert response.headers["Retry-After"] == RETRY_AFTER
    assert response.headers["Connection"] == "close"
    assert response.headers["X-Content-Type-Options"] == "nosniff"  # as every answer
    assert (head.status_code, head.content) == (503, b"")
    assert (await client.get("/api/v1/teams")).status_code == 200


def test_sigterm_under_uvicorn_marks_the_app_draining() -> None:
    server = uvicorn.Server(uvicorn.Config(app="api.asgi:app"))
    before = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
    signal.signal(signal.SIGTERM, server.handle_exit)  # as uvicorn's capture_signals does
    try:
        draining = Draining()
        watch_signals(draining)
        assert signal.getsignal(signal.SIGINT) == before[signal.SIGINT]  # not uvicorn's: kept
        assert not draining and not server.should_exit
        signal.raise_signal(signal.SIGTERM)
        assert draining and server.should_exit  # uvicorn's own handler still runs
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)
    elsewhere = Draining()
    watch_signals(elsewhere)  # not under uvicorn: nothing installed
    assert signal.getsignal(signal.SIGTERM) == before[signal.SIGTERM]
