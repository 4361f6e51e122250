"""Background loads: the job's state lives in ``import_jobs``, so any API process answers
``GET /imports/{id}``; the process that took the upload runs the load.

The load runs on a thread of its own with its own event loop and database connections, so the
server keeps answering while it parses. Progress is committed by a separate short transaction
about once a second (PostgreSQL). On SQLite the load holds the single writer lock until it ends,
so progress reaches the table only at the end; the process that runs the job also keeps it in
memory, and ``GET`` on that process shows it live.

Shutdown (SIGTERM) **releases** the jobs a process runs (``release``): each load is stopped, its
transaction rolled back (nothing written), its spooled files removed, and the job ends
``failed`` at once with the reason recovery gives (``REASON``: upload the files again), so no
caller waits for recovery elsewhere to notice it. Its upload goes with the process, so no other
process could carry it on. Each job logs its start and its end (logger ``api.imports``, fields
``job_id``, ``state``, ``duration_ms``).
"""

import asyncio
import contextlib
import logging
import threading
import time
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.principal import Principal, act_as
from api.config import Settings
from api.db import Database
from api.imports.service import Loader
from api.imports.uploads import Upload
from api.models import ImportJob, ImportStatus
from api.models.base import utcnow

log = logging.getLogger("api.imports")
LIVE: dict[str, dict[str, int]] = {}  # job id → progress, in the process that runs it
PROGRESS_EVERY = 1.0  # seconds between progress commits
# Why a job ended failed when its process stopped: released at shutdown, or found by recovery.
REASON = (
    "the process running this import stopped (killed or restarted) before it finished; its "
    "transaction was rolled back, so nothing was written: upload the files again"
)
RELEASE_WAIT = 10.0  # seconds shutdown waits for the jobs to stop


class Released(Exception):
    """The process is shutting down: the load stops and its transaction rolls back."""


class Running:
    """The background imports one app started: their threads, and the signal to stop them."""

    def __init__(self) -> None:
        self.stop = threading.Event()
        self.threads: dict[str, threading.Thread] = {}


async def create_job(
    session: AsyncSession, upload: Upload, dry_run: bool, principal: Principal
) -> ImportJob:
    job = ImportJob(
        status=ImportStatus.queued,
        dry_run=dry_run,
        files=[s.name for s in upload.sources],
        bytes_total=sum(s.size for s in upload.sources),
        bytes_read=0,
        rows_read=0,
        created_by=principal.name,
    )
    session.add(job)
    await session.flush()
    return job


def start(
    settings: Settings, job_id: str, upload: Upload, principal: Principal, running: Running
) -> None:
    """Run the job on a thread of its own (called after the response has gone out); from here
    the job owns the upload's files and removes them when it ends."""
    job = run(settings, job_id, upload, principal, running.stop)
    thread = threading.Thread(target=asyncio.run, args=(job,), daemon=True)
    thread.start()
    upload.kept = True  # not before: a thread that failed to start leaves them to the request
    running.threads = {k: t for k, t in running.threads.items() if t.is_alive()}
    running.threads[job_id] = thread


async def release(running: Running) -> None:
    """Stop this app's jobs (see the module's docstring) and wait, at most ``RELEASE_WAIT``."""
    running.stop.set()
    deadline = time.monotonic() + RELEASE_WAIT
    for thread in list(running.threads.values()):
        await asyncio.to_thread(thread.join, max(0.0, deadline - time.monotonic()))


async def _run_until_done(
    db: Database, job_id: str, task: asyncio.Future[Any], stop: threading.Event
) -> Any:
    last = 0.0
    while not task.done():
        await asyncio.sleep(0.1)
        if stop.is_set():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            raise Released
        if not db.is_sqlite and time.monotonic() - last > PROGRESS_EVERY:
            last = time.monotonic()
            await _set(db, job_id, **LIVE[job_id])
    return await task


async def run(
    settings: Settings, job_id: str, upload: Upload, principal: Principal, stop: threading.Event
) -> None:
    try:
        db = Database(settings.database_url, settings)
    except BaseException:
        upload.remove()
        raise
    LIVE[job_id] = {"bytes_read": 0, "rows_read": 0}
    began = time.monotonic()
    state = ImportStatus.failed.value
    log.info("import %s started", job_id, extra={"job_id": job_id, "state": "running"})
    try:
        await _set(db, job_id, status=ImportStatus.running)
        dry_run = await _dry_run(db, job_id)

        def progress(_what: str, rows: int, done: int) -> None:
            LIVE[job_id] = {"bytes_read": done, "rows_read": rows}

        async with db.sessionmaker() as session, session.begin():
            act_as(session, principal)
            loader = Loader(session, dry_run=dry_run, progress=progress, import_id=job_id)
            task = asyncio.ensure_future(loader.load(upload.sources))
            report = await _run_until_done(db, job_id, task, stop)
        status = ImportStatus.succeeded if report.ok else ImportStatus.rejected
        await _set(
            db,
            job_id,
            status=status,
            report=report.as_dict(),
            bytes_read=sum(s.size for s in upload.sources),
            rows_read=report.rows,
            finished_at=utcnow(),
        )
        state = status.value
    except Released:
        state = "released"
        await _set(db, job_id, status=ImportStatus.failed, error=REASON, finished_at=utcnow())
    except Exception as exc:  # the job must end in a state, whatever went wrong
        log.error("import %s failed", job_id, exc_info=exc)
        await _set(
            db, job_id, status=ImportStatus.failed, error=str(exc)[:2000], finished_at=utcnow()
        )
    finally:
        LIVE.pop(job_id, None)
        upload.remove()
        await db.dispose()
        duration_ms = round((time.monotonic() - began) * 1000, 1)
        extra = {"job_id": job_id, "state": state, "duration_ms": duration_ms}
        log.info("import %s ended: %s", job_id, state, extra=extra)


async def _dry_run(db: Database, job_id: str) -> bool:
    async with db.sessionmaker() as session:
        job = await session.get(ImportJob, job_id)
        return bool(job and job.dry_run)


async def _set(db: Database, job_id: str, **values: Any) -> None:
    """Commit new state in a transaction of its own (visible to every process at once)."""
    async with db.write_engine.begin() as conn:
        await conn.execute(
            update(ImportJob).where(ImportJob.id == job_id).values(updated_at=utcnow(), **values)
        )
