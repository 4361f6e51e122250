"""Background imports in the worker (``api/worker/imports.py``, ``api/imports/jobs.py``): the API
spools and queues, a worker claims and loads; a killed worker's job ends failed once its lease
expires; a stopping worker releases its job; two workers never run one job. Both engines."""

import asyncio
import shutil
import threading
import uuid
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from api.config import Settings
from api.db import Database
from api.imports import jobs
from api.imports.jobs import REASON
from api.models import ImportJob, ImportStatus
from api.models.base import utcnow
from api.worker.context import FixedClock, WorkerContext
from api.worker.imports import claim, run_imports
from api.worker.loop import Worker
from tests.factories import API
from tests.faults.servers import organisations_csv
from tests.imports.test_uploads import leftovers, spool_into
from tests.worker.running import work_off

pytestmark = pytest.mark.anyio
IMPORTS = f"{API}/imports"
WAIT = 30.0


@pytest.fixture
def spools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, app: FastAPI) -> Path:
    """Uploads spool here, and big ones (over 100 bytes) become background jobs."""
    monkeypatch.setattr(app.state.settings, "import_background_bytes", 100)
    return spool_into(tmp_path, monkeypatch)


async def queue(client: httpx.AsyncClient, rows: int = 3, first: int = 0) -> str:
    """A background import of ``rows`` organisations (refs from ``first``); its id."""
    body = organisations_csv(first + rows).decode().splitlines()
    csv = "\r\n".join([body[0], *body[1 + first :]]) + "\r\n"
    response = await client.post(IMPORTS, files=[("file", ("organisations.csv", csv))])
    assert response.status_code == 202, response.text
    assert response.json()["status"] == "queued"
    return str(response.headers["Location"].rsplit("/", 1)[1])


async def job_of(db: Database, job_id: str) -> ImportJob:
    async with db.read_sessionmaker() as session:
        job = await session.get(ImportJob, job_id)
        assert job is not None
        return job


def context(app: FastAPI, http: httpx.AsyncClient, clock: FixedClock, name: str) -> WorkerContext:
    return WorkerContext(app.state.db, app.state.settings, http, clock, f"{name}/{uuid.uuid4()}")


class TestThroughAWorker:
    async def test_queued_by_the_api_loaded_by_the_worker_loop(
        self, client: httpx.AsyncClient, app: FastAPI, spools: Path
    ) -> None:
        job_id = await queue(client, rows=5)
        assert leftovers(spools)[0] == f"sp-import-{job_id}"
        worker = Worker(app.state.settings, tasks=[run_imports])
        running = asyncio.create_task(worker.run())
        try:
            async with asyncio.timeout(WAIT):
                while (await job_of(app.state.db, job_id)).status in ("queued", "running"):
                    await asyncio.sleep(0.02)
        finally:
            worker.stop()
            await running
        job = await job_of(app.state.db, job_id)
        assert job.status == ImportStatus.succeeded, job.error
        assert job.worker is not None and job.worker.endswith("/0")  # the loop's first context
        assert job.report is not None and job.report["totals"]["created"] == 5
        answer = (await client.get(f"{IMPORTS}/{job_id}")).json()
        assert (answer["status"], answer["rows_read"]) == ("succeeded", 5)
        assert leftovers(spools) == []  # the spool went with the job
        listed = (await client.get(f"{API}/organisations", params={"limit": 10})).json()
        assert len(listed["items"]) == 5
        assert await work_off(app) == 0  # nothing runs twice

    async def test_an_upload_whose_spool_is_gone_fails_with_a_reason(
        self, client: httpx.AsyncClient, app: FastAPI, spools: Path
    ) -> None:
        job_id = await queue(client)
        for path in sorted(spools.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
        assert await work_off(app) == 1
        job = await job_of(app.state.db, job_id)
        assert job.status == ImportStatus.failed
        assert job.error and "manifest.json" in job.error


class TestLeases:
    async def test_a_killed_workers_import_fails_once_its_lease_expires(
        self, client: httpx.AsyncClient, app: FastAPI, spools: Path
    ) -> None:
        job_id = await queue(client)
        lease = timedelta(seconds=app.state.settings.worker_lease_seconds)
        clock = FixedClock(utcnow())
        async with httpx.AsyncClient() as http:
            dead = context(app, http, clock, "dead")
            claimed = await claim(dead)  # then killed: nothing more from it
            assert claimed is not None and claimed.id == job_id
            job = await job_of(app.state.db, job_id)
            assert (job.status, job.worker) == (ImportStatus.running, dead.name)
            assert job.lease_until == clock.now() + lease

            clock.advance(lease - timedelta(seconds=1))  # still leased: left alone
            assert await run_imports(context(app, http, clock, "alive")) == 0
            assert (await job_of(app.state.db, job_id)).status == ImportStatus.running
            assert leftovers(spools)

            clock.advance(timedelta(seconds=2))  # expired: its worker is gone
            assert await run_imports(context(app, http, clock, "alive")) == 0
        job = await job_of(app.state.db, job_id)
        assert (job.status, job.error) == (ImportStatus.failed, REASON)
        assert job.finished_at is not None
        assert leftovers(spools) == []
        listed = (await client.get(f"{API}/organisations")).json()
        assert listed["items"] == []  # its transaction died with it

    async def test_a_stalled_worker_whose_job_was_recovered_writes_nothing(
        self, client: httpx.AsyncClient, app: FastAPI, spools: Path
    ) -> None:
        job_id = await queue(client)
        clock = FixedClock(utcnow())
        async with httpx.AsyncClient() as http:
            stalled = context(app, http, clock, "stalled")
            claimed = await claim(stalled)
            assert claimed is not None
            kept = spools / "kept"
            shutil.copytree(claimed.spool, kept)  # its files, as the stalled worker still has them
            clock.advance(timedelta(seconds=app.state.settings.worker_lease_seconds + 1))
            await run_imports(context(app, http, clock, "other"))  # recovery ends it
        assert (await job_of(app.state.db, job_id)).status == ImportStatus.failed
        kept.rename(claimed.spool)
        await jobs.run(app.state.settings, claimed, threading.Event(), clock)  # wakes up late
        job = await job_of(app.state.db, job_id)
        assert (job.status, job.error) == (ImportStatus.failed, REASON)  # recovery's end stands
        listed = (await client.get(f"{API}/organisations")).json()
        assert listed["items"] == []  # its load was rolled back, not committed
        assert leftovers(spools) == []


class TestTwoWorkers:
    async def test_one_job_is_claimed_by_one_worker(
        self, client: httpx.AsyncClient, app: FastAPI, spools: Path
    ) -> None:
        job_id = await queue(client)
        clock = FixedClock(utcnow())
        async with httpx.AsyncClient() as http:
            a, b = (context(app, http, clock, n) for n in ("a", "b"))
            claims = await asyncio.gather(claim(a), claim(b))
        won = [c for c in claims if c is not None]
        assert [c.id for c in won] == [job_id]
        assert (await job_of(app.state.db, job_id)).worker == won[0].worker

    async def test_every_job_runs_exactly_once(
        self, client: httpx.AsyncClient, app: FastAPI, spools: Path
    ) -> None:
        ids = [await queue(client, rows=4, first=10 * n) for n in range(4)]
        ran = await asyncio.gather(work_off(app), work_off(app))
        assert sum(ran) == len(ids)  # a job run twice would count twice
        async with app.state.db.read_sessionmaker() as session:
            jobs = (await session.scalars(select(ImportJob))).all()
        assert {j.id for j in jobs} == set(ids)
        assert all(j.status == ImportStatus.succeeded for j in jobs), [j.error for j in jobs]
        assert all(j.report and j.report["totals"]["created"] == 4 for j in jobs)
        assert leftovers(spools) == []


class TestStopping:
    async def test_a_stopping_worker_releases_its_running_import(
        self, client: httpx.AsyncClient, app: FastAPI, spools: Path, settings: Settings
    ) -> None:
        upload = ("organisations.csv", organisations_csv(8_000))
        response = await client.post(IMPORTS, files=[("file", upload)])
        assert response.status_code == 202, response.text
        job_id = response.headers["Location"].rsplit("/", 1)[1]
        worker = Worker(app.state.settings, tasks=[run_imports])
        running = asyncio.create_task(worker.run())
        try:
            async with asyncio.timeout(WAIT):
                while (await job_of(app.state.db, job_id)).status == "queued":
                    await asyncio.sleep(0.01)
        finally:
            worker.stop()
            async with asyncio.timeout(WAIT):
                await running
        job = await job_of(app.state.db, job_id)
        assert (job.status, job.error) == (ImportStatus.failed, REASON)
        assert leftovers(spools) == []
        listed = (await client.get(f"{API}/organisations")).json()
        assert listed["items"] == []  # rolled back
