"""Crashed imports: a job a dead worker left running is marked failed, with a reason, once its
lease has expired (on SQLite also by the next process to start), and its spool is removed; a
job a live worker runs, or one still queued, is left alone (the rules: api/imports/recovery.py)."""

import asyncio
import os
import sqlite3
import time
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from api.config import Settings
from api.db import APP_NAME_PREFIX, Database
from api.imports import jobs
from api.imports.jobs import REASON
from api.imports.recovery import recover
from api.migrate import upgrade
from api.models import ImportJob, ImportStatus
from api.models.base import utcnow
from tests.faults.conftest import Tally
from tests.faults.servers import Server, admin_key, organisations_csv

pytestmark = pytest.mark.anyio


def dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def spool(root: Path, name: str, size: int, made: float) -> Path:
    folder = root / f"sp-import-{name}"
    folder.mkdir()
    (folder / "0").write_bytes(b"x" * size)
    os.utime(folder / "0", (made, made))
    os.utime(folder, (made, made))
    return folder


async def test_which_jobs_are_abandoned(
    empty_db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tally: Tally
) -> None:
    upgrade(empty_db_url)
    root = tmp_path / "tmp"
    root.mkdir()
    db = Database(empty_db_url, Settings(database_url=empty_db_url, sqlite_busy_timeout_ms=200))
    now = utcnow()
    # name: (status, lease left in seconds)
    plan = {
        "expired": (ImportStatus.running, -1),
        "leased": (ImportStatus.running, 30),
        "queued": (ImportStatus.queued, None),
        "ours": (ImportStatus.running, -1),
        "done": (ImportStatus.succeeded, -1),
    }
    try:
        async with db.sessionmaker() as session, session.begin():
            rows: dict[str, ImportJob] = {}
            for name, (status, left) in plan.items():
                rows[name] = ImportJob(
                    status=status,
                    files=[f"{name}.csv"],
                    bytes_total=100,
                    created_by="test",
                    created_at=now - timedelta(seconds=300),
                    updated_at=now - timedelta(seconds=60),
                    worker=None if left is None else f"elsewhere/1/{name}",
                    lease_until=None if left is None else now + timedelta(seconds=left),
                )
                session.add(rows[name])
            await session.flush()
            folders = {}
            for name, row in rows.items():
                folders[name] = spool(root, row.id, 100, time.time() - 7200)
                row.spool = str(folders[name])
        ids = {name: row.id for name, row in rows.items()}
        folders["orphan"] = spool(root, "orphan", 7, time.time() - 7200)
        folders["spooling"] = spool(root, "spooling", 7, time.time())
        monkeypatch.setitem(jobs.LIVE, ids["ours"], {"bytes_read": 0, "rows_read": 0})

        if db.is_sqlite:
            other = sqlite3.connect(make_url(empty_db_url).database or "", isolation_level=None)
            other.execute("BEGIN IMMEDIATE")  # a live load holds the writer lock: no decision
            tally.fault("sqlite writer lock held")
            with pytest.raises(Exception, match="locked"):
                await recover(db, spool_dir=root)
            other.execute("ROLLBACK")
            other.close()
        # A lease that has run out: its worker is gone (a job this process runs is not).
        assert await recover(db, spool_dir=root) == [ids["expired"]]
        # At a process's start-up, SQLite (holding the lock, so no load is running) also ends a
        # job claimed before it started; PostgreSQL goes by the lease alone.
        later = await recover(db, started=now, spool_dir=root)
        assert later == ([ids["leased"]] if db.is_sqlite else [])

        async with db.sessionmaker() as session:
            found = {j.id: j for j in (await session.scalars(select(ImportJob))).all()}
        for name in ("expired", "leased") if db.is_sqlite else ("expired",):
            job = found[ids[name]]
            assert (job.status, job.error) == (ImportStatus.failed, REASON)
            assert job.finished_at is not None
            assert not folders[name].exists()
        if not db.is_sqlite:
            assert found[ids["leased"]].status == ImportStatus.running
            assert folders["leased"].exists()
        assert found[ids["queued"]].status == ImportStatus.queued  # waits for a worker
        assert found[ids["ours"]].status == ImportStatus.running  # this process runs it
        assert found[ids["done"]].status == ImportStatus.succeeded
        assert folders["queued"].exists() and folders["ours"].exists()
        assert not folders["done"].exists()  # an old folder no unfinished job claims
        assert not folders["orphan"].exists() and folders["spooling"].exists()
    finally:
        await db.dispose()


async def gone(url: str, but: str = "") -> None:
    """Wait until PostgreSQL lists no API connections but ``but``'s (a closed one lingers)."""
    deadline = time.monotonic() + 10
    with psycopg.connect(dsn(url), autocommit=True) as conn:
        while conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND application_name LIKE %s AND application_name <> %s",
            (f"{APP_NAME_PREFIX}%", but),
        ).fetchone() != (0,):
            assert time.monotonic() < deadline
            await asyncio.sleep(0.05)


async def test_server_killed_mid_import(empty_db_url: str, tmp_path: Path, tally: Tally) -> None:
    upgrade(empty_db_url)
    key = await admin_key(empty_db_url)
    spools = tmp_path / "spool"
    spools.mkdir()
    env = {"SP_IMPORT_BACKGROUND_BYTES": "1000", "TMPDIR": str(spools)}
    # The server's own worker runs the import; a short lease, so the next one finds it soon.
    env |= {"SP_WORKER_IN_PROCESS": "true", "SP_WORKER_LEASE_SECONDS": "2"}
    async with Server(empty_db_url, env, tmp_path / "first.log", key) as first:
        upload = {"file": ("organisations.csv", organisations_csv(40_000), "text/csv")}
        response = await first.client.post("/api/v1/imports", files=upload)
        assert response.status_code == 202, response.text
        job = response.headers["Location"]
        deadline = time.monotonic() + 30
        while (await first.client.get(job)).json()["status"] != "running":
            assert time.monotonic() < deadline
            await asyncio.sleep(0.05)
        assert list(spools.glob("sp-import-*"))
        first.kill()
        tally.fault("server killed mid-import")
    if not empty_db_url.startswith("sqlite"):
        await gone(empty_db_url)  # PostgreSQL has seen the dead server's connections close

    async with Server(empty_db_url, env, tmp_path / "second.log", key) as second:
        deadline = time.monotonic() + 20
        while (state := (await second.client.get(job)).json())["status"] == "running":
            assert time.monotonic() < deadline
            await asyncio.sleep(0.1)
        assert state["status"] == "failed" and state["error"] == REASON
        assert list(spools.glob("sp-import-*")) == []
        listed = await second.client.get("/api/v1/organisations")
        assert listed.status_code == 200 and listed.json()["items"] == []  # all or nothing
        assert (await second.client.get("/readyz")).status_code == 200
