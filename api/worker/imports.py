"""Background imports in the worker: ``run_imports`` claims one queued job and loads it.

A claim is one statement: the oldest queued job becomes ``running``, this worker's, leased
until now + ``worker_lease_seconds``. On PostgreSQL the job is picked ``FOR UPDATE SKIP
LOCKED``, so workers claiming at once take different jobs; on SQLite the claim runs under the
writer lock (``BEGIN IMMEDIATE``). Either way the update requires the job to be still queued,
so no two workers ever run one import. Before it claims, a worker ends abandoned jobs (leases
expired: ``api.imports.recovery``), at most every ``RECOVER_EVERY``.

The load runs on a thread with its own event loop (``api.imports.jobs.run``), so the process,
the API's when the worker runs in it, keeps answering; the task waits for it. When the worker
stops, ``release`` tells its running load to stop: rolled back, the job failed at once.
"""

import asyncio
import threading
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select, update

from api.imports import jobs, recovery
from api.models import ImportJob, ImportStatus
from api.worker.context import WorkerContext

RECOVER_EVERY = 5.0  # seconds between a worker's checks for abandoned jobs (at most)
# Worker context name → set when that worker stops: its running import is released.
_RELEASES: dict[str, threading.Event] = {}
_CHECKED: dict[str, float] = {}  # worker context name → when it last checked (monotonic)


def release_signal(name: str) -> threading.Event:
    return _RELEASES.setdefault(name, threading.Event())


def release(name: str) -> None:
    """The worker ``name`` is stopping: its running import stops and rolls back."""
    release_signal(name).set()


def forget_release(name: str) -> None:
    """A worker starting under ``name`` (tests restart one in a process) runs imports again."""
    _RELEASES.pop(name, None)


async def run_imports(ctx: WorkerContext) -> int:
    """Claim and run one queued import; 1 if one ran, 0 if none was waiting."""
    stop = release_signal(ctx.name)
    if stop.is_set():
        return 0
    await _recover_now_and_then(ctx)
    async with ctx.db.read_engine.connect() as conn:  # idle: one cheap read, no writer lock
        waiting = await conn.execute(
            select(ImportJob.id).where(ImportJob.status == ImportStatus.queued).limit(1)
        )
        if waiting.first() is None:
            return 0
    job = await claim(ctx)
    if job is None:
        return 0
    await asyncio.to_thread(asyncio.run, jobs.run(ctx.settings, job, stop, ctx.clock))
    return 1


async def claim(ctx: WorkerContext) -> jobs.Claimed | None:
    """The oldest queued job, now running and this worker's; None if another took it first."""
    lease = timedelta(seconds=ctx.settings.worker_lease_seconds)
    oldest = (
        select(ImportJob.id)
        .where(ImportJob.status == ImportStatus.queued)
        .order_by(ImportJob.created_at, ImportJob.id)
        .limit(1)
    )
    if not ctx.db.is_sqlite:
        oldest = oldest.with_for_update(skip_locked=True)
    async with ctx.db.write_engine.begin() as conn:
        now = ctx.clock.now()
        row = (
            await conn.execute(
                update(ImportJob)
                .where(
                    ImportJob.id == oldest.scalar_subquery(),
                    ImportJob.status == ImportStatus.queued,
                )
                .values(
                    status=ImportStatus.running,
                    worker=ctx.name,
                    lease_until=now + lease,
                    updated_at=now,
                )
                .returning(ImportJob.id, ImportJob.spool, ImportJob.dry_run)
            )
        ).first()
    if row is None:
        return None
    # By its name in this worker's own spool root: the shared volume may be mounted elsewhere.
    spool = str(jobs.spool_root(ctx.settings) / Path(row.spool).name) if row.spool else ""
    return jobs.Claimed(row.id, spool, bool(row.dry_run), ctx.name, lease)


async def _recover_now_and_then(ctx: WorkerContext) -> None:
    checked = _CHECKED.get(ctx.name)
    if checked is not None and time.monotonic() - checked < RECOVER_EVERY:
        return
    _CHECKED[ctx.name] = time.monotonic()
    await recovery.recover(ctx.db, spool_dir=jobs.spool_root(ctx.settings), clock=ctx.clock)
