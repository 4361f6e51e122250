"""Background loads: the API spools the upload for a worker; a worker runs it.

The API (``POST /imports`` above ``import_background_bytes``) leaves the upload in
``import_spool_dir`` (``spool``: a folder named after the job, with a manifest of its files and
of who sent them) and answers 202; the job stays ``queued``. A worker (``api.worker.imports``)
claims it and calls ``run``, which loads it as a request would, on a thread of its own with its
own event loop and database connections, so the process (the API's, when the worker runs in
it) keeps answering while it parses. The job's state lives in ``import_jobs``, so any API
process answers ``GET /imports/{id}``.

Progress is committed by a separate short transaction about once a second on PostgreSQL, which
also renews the worker's lease (``lease_until``). On SQLite the load holds the single writer
lock until it ends, so progress and renewals reach the table only at the end; the process that
runs the job keeps its progress in memory (``LIVE``), and ``GET`` on that process shows it live.

A worker that stops (SIGTERM) **releases** its running import: the load stops, its transaction
rolls back (nothing written), its spool is removed, and the job ends ``failed`` at once with
the reason recovery gives a dead worker's (``REASON``: upload the files again). Each job logs its
start and its end (logger ``api.imports``, fields ``job_id``, ``state``, ``duration_ms``).
"""

import asyncio
import contextlib
import logging
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, cast

import orjson
from sqlalchemy import CursorResult, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.principal import Principal, act_as
from api.config import Settings
from api.db import Database
from api.imports.readers import Source
from api.imports.service import Loader
from api.imports.uploads import Upload
from api.models import ImportJob, ImportStatus
from api.models.base import utcnow
from api.models.enums import Role
from api.worker.context import Clock

log = logging.getLogger("api.imports")
LIVE: dict[str, dict[str, int]] = {}  # job id → progress, in the process that runs it
PROGRESS_EVERY = 1.0  # seconds between progress commits (and lease renewals)
# Why a job ended failed when its worker stopped: released at shutdown, or found by recovery.
REASON = (
    "the process running this import stopped (killed or restarted) before it finished; its "
    "transaction was rolled back, so nothing was written: upload the files again"
)
SPOOL_PREFIX = "sp-import-"  # every upload's folder (api/imports/uploads.py); a job's: + its id
MANIFEST = "manifest.json"
RELEASE_GRACE = 5.0  # seconds a released load has to stop at a batch's end before it is cancelled


class Released(Exception):
    """The worker is stopping: the load stops and its transaction rolls back."""


class LeaseLost(Exception):
    """The job is no longer this worker's: its transaction rolls back."""


@dataclass(frozen=True)
class Claimed:
    """A job a worker has claimed: what ``run`` needs."""

    id: str
    spool: str
    dry_run: bool
    worker: str
    lease: timedelta


def spool_root(settings: Settings) -> Path:
    """Where uploads are spooled: ``import_spool_dir`` (shared by API and workers) or the
    temporary directory."""
    return Path(settings.import_spool_dir or tempfile.gettempdir())


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


async def spool(settings: Settings, job: ImportJob, upload: Upload, principal: Principal) -> None:
    """Leave the upload for a worker: its folder renamed after the job (in the same root, where
    ``receive`` spooled it) with a manifest; from here the job owns the files."""
    folder = spool_root(settings) / f"{SPOOL_PREFIX}{job.id}"
    await asyncio.to_thread(_write_manifest, upload, principal)
    await asyncio.to_thread(upload.folder.rename, folder)
    upload.folder = folder
    upload.kept = True
    job.spool = str(folder)


def _write_manifest(upload: Upload, principal: Principal) -> None:
    # Files are numbered in the order of their sources (api/imports/uploads.py).
    files = sorted((p for p in upload.folder.iterdir()), key=lambda p: int(p.name))
    sources = [
        {"file": p.name, "name": s.name, "format": s.format, "resource": s.resource}
        for p, s in zip(files, upload.sources, strict=True)
    ]
    who = {"kind": principal.kind, "id": principal.id, "name": principal.name}
    who["role"] = principal.role.value if principal.role else None
    (upload.folder / MANIFEST).write_bytes(orjson.dumps({"principal": who, "sources": sources}))


def read_spool(folder: Path) -> tuple[list[Source], Principal]:
    """The sources and the sender a spool's manifest names."""
    manifest = orjson.loads((folder / MANIFEST).read_bytes())
    sources = []
    for s in manifest["sources"]:
        path = folder / Path(s["file"]).name
        sources.append(
            Source(
                s["name"],
                lambda path=path: path.open("rb"),
                path.stat().st_size,
                format=s["format"],
                resource=s["resource"],
            )
        )
    who = manifest["principal"]
    role = Role(who["role"]) if who["role"] else None
    return sources, Principal(who["kind"], who["id"], who["name"], role)


def remove_spool(folder: str | None) -> None:
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


async def _run_until_done(
    db: Database, job: Claimed, task: asyncio.Future[Any], stop: threading.Event, clock: Clock
) -> Any:
    last = 0.0
    while not task.done():
        await asyncio.sleep(0.1)
        if stop.is_set():
            # The load stops at its next batch (``progress`` raises ``Released``) and rolls
            # back cleanly; cancelled only if it does not within ``RELEASE_GRACE`` (a
            # statement cancelled midway may leave its connection holding SQLite's lock).
            await asyncio.wait({task}, timeout=RELEASE_GRACE)
            if not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
                raise Released
            break
        if not db.is_sqlite and time.monotonic() - last > PROGRESS_EVERY:
            last = time.monotonic()
            renewed = {"lease_until": clock.now() + job.lease, **LIVE[job.id]}
            await _set(db, job, ImportStatus.running, **renewed)
    return await task


async def run(settings: Settings, job: Claimed, stop: threading.Event, clock: Clock) -> None:
    """Load a claimed job's spool; the job ends in a state and its spool is removed, always."""
    try:
        db = Database(settings.database_url, settings)
    except BaseException:
        remove_spool(job.spool)
        raise
    LIVE[job.id] = {"bytes_read": 0, "rows_read": 0}
    began = time.monotonic()
    state = ImportStatus.failed.value
    log.info("import %s started", job.id, extra={"job_id": job.id, "state": "running"})
    try:
        sources, principal = await asyncio.to_thread(read_spool, Path(job.spool))

        def progress(_what: str, rows: int, done: int) -> None:
            LIVE[job.id] = {"bytes_read": done, "rows_read": rows}
            if stop.is_set():
                raise Released

        async with db.sessionmaker() as session, session.begin():
            act_as(session, principal)
            loader = Loader(session, dry_run=job.dry_run, progress=progress, import_id=job.id)
            task = asyncio.ensure_future(loader.load(sources))
            report = await _run_until_done(db, job, task, stop, clock)
            status = ImportStatus.succeeded if report.ok else ImportStatus.rejected
            # The job's end commits with its rows: no moment where one is seen without the other.
            done = {"report": report.as_dict(), "rows_read": report.rows}
            ended = await session.execute(
                _ending(job, status, bytes_read=sum(s.size for s in sources), **done),
                execution_options={"synchronize_session": False},
            )
            if not cast(CursorResult[Any], ended).rowcount:
                raise LeaseLost
        state = status.value
    except LeaseLost:  # recovery ended it meanwhile: its end (REASON) stands, nothing written
        state = "lost"
        log.warning("import %s: its lease had expired, so it was not written", job.id)
    except Released:
        state = "released"
        await _end(db, job, ImportStatus.failed, error=REASON)
    except Exception as exc:  # the job must end in a state, whatever went wrong
        log.error("import %s failed", job.id, exc_info=exc)
        await _end(db, job, ImportStatus.failed, error=str(exc)[:2000])
    finally:
        LIVE.pop(job.id, None)
        await asyncio.to_thread(remove_spool, job.spool)
        await db.dispose()
        duration_ms = round((time.monotonic() - began) * 1000, 1)
        extra = {"job_id": job.id, "state": state, "duration_ms": duration_ms}
        log.info("import %s ended: %s", job.id, state, extra=extra)


def _ending(job: Claimed, status: ImportStatus, **values: Any) -> Any:
    """The job's new state, only while it is still this worker's (recovery ends a job whose
    lease expired: a stalled worker must not overwrite that)."""
    return (
        update(ImportJob)
        .where(
            ImportJob.id == job.id,
            ImportJob.worker == job.worker,
            ImportJob.status == ImportStatus.running,
        )
        .values(status=status, updated_at=utcnow(), **values)
    )


async def _end(db: Database, job: Claimed, status: ImportStatus, **values: Any) -> None:
    await _set(db, job, status, finished_at=utcnow(), **values)


async def _set(
    db: Database, job: Claimed, status: ImportStatus = ImportStatus.running, **values: Any
) -> None:
    """Commit new state in a transaction of its own (visible to every process at once)."""
    async with db.write_engine.begin() as conn:
        await conn.execute(_ending(job, status, **values))
