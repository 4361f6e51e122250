"""Background loads a worker left unfinished (killed, crashed, restarted): marked ``failed``
with ``REASON``, and their spools removed. Their transaction died with the worker: nothing was
written, so nobody could carry the load on; the caller uploads again.

A running job is its worker's (``worker``) until ``lease_until``; who may call it abandoned:

- **PostgreSQL.** The worker renews the lease with every progress commit (about once a second),
  so a running job whose lease has expired has no live worker (or one stalled for the whole
  lease, whose late end then writes nothing: ``api.imports.jobs``).
- **SQLite.** A load holds the writer lock from a moment after its claim until it ends (its end
  commits with its rows), so its lease cannot be renewed meanwhile. Recovery takes that lock
  first (``BEGIN IMMEDIATE``) and reads the clock holding it: a running job it then sees is not
  being loaded. It is abandoned if its lease has expired or, at the start-up of a process, if it
  was claimed before that process started (a restarted ``make run`` fails its killed import at
  once, as before workers). If another process holds the lock, nothing is decided and the check
  runs again later.

Queued jobs are never abandoned: their upload waits in the spool for any worker.

The API checks at start-up (then every ``CHECK_EVERY`` on PostgreSQL); every worker checks
before it claims, at most every few seconds (``api.worker.imports``). A spool folder
(``sp-import-*`` in the spool root) goes with its abandoned job; any other that belongs to no
queued or running job and has not been touched for ``ORPHAN_AFTER`` is an upload whose request
died, and is removed too.
"""

import asyncio
import logging
import shutil
from collections.abc import Collection
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import or_, select, update

from api.db import Database
from api.imports.jobs import LIVE, REASON, SPOOL_PREFIX, remove_spool
from api.models import ImportJob, ImportStatus
from api.worker.context import Clock, SystemClock

log = logging.getLogger("api.imports")
CHECK_EVERY = 30.0  # seconds between the API's checks (PostgreSQL)
ORPHAN_AFTER = timedelta(hours=1)
UNFINISHED = (ImportStatus.queued, ImportStatus.running)


async def watch(db: Database, spool_dir: Path | None = None) -> None:
    """The API's check: at start-up, then every ``CHECK_EVERY`` (SQLite: until one has run)."""
    started = SystemClock().now()
    while True:
        try:
            await recover(db, started=started, spool_dir=spool_dir)
            if db.is_sqlite:
                return
        except Exception as exc:  # the database may be down or busy: try again later
            log.warning("import recovery postponed: %s", type(exc).__name__)
        await asyncio.sleep(CHECK_EVERY)


async def recover(
    db: Database,
    started: datetime | None = None,
    spool_dir: Path | None = None,
    clock: Clock | None = None,
) -> list[str]:
    """Mark abandoned jobs failed and remove their spools (and orphans in ``spool_dir``);
    returns their ids. ``started``: this process's start (SQLite's start-up rule)."""
    clock = clock or SystemClock()
    async with db.write_engine.begin() as conn:  # on SQLite: the writer lock, held throughout
        now = clock.now()  # read holding the lock: a load that held it has ended
        dead = ImportJob.lease_until < now
        if db.is_sqlite and started is not None:
            dead = or_(dead, ImportJob.updated_at < started)
        stmt = update(ImportJob).where(ImportJob.status == ImportStatus.running, dead)
        if LIVE:  # this process runs them
            stmt = stmt.where(ImportJob.id.not_in(list(LIVE)))
        failed = {"status": ImportStatus.failed, "error": REASON, "finished_at": now}
        stmt = stmt.values(**failed, updated_at=now).returning(ImportJob.id, ImportJob.spool)
        abandoned = (await conn.execute(stmt)).all()
        kept = (
            await conn.execute(select(ImportJob.spool).where(ImportJob.status.in_(UNFINISHED)))
        ).scalars()
        keep = {Path(s).name for s in kept if s}
    for job in abandoned:
        log.warning("import %s: %s", job.id, REASON, extra={"job_id": job.id, "state": "lost"})
        if job.spool:  # by its name in this process's spool root (mounted anywhere)
            root = spool_dir or Path(job.spool).parent
            await asyncio.to_thread(remove_spool, str(root / Path(job.spool).name))
    if spool_dir is not None:
        await asyncio.to_thread(_remove_orphans, spool_dir, keep, now)
    return [job.id for job in abandoned]


def _remove_orphans(root: Path, keep: Collection[str], now: datetime) -> None:
    for folder in root.glob(f"{SPOOL_PREFIX}*"):
        try:
            if folder.name in keep or not folder.is_dir():
                continue
            if _untouched_since(folder, now - ORPHAN_AFTER):
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:  # removed meanwhile by its own request
            continue


def _untouched_since(folder: Path, moment: datetime) -> bool:
    times = [folder.stat().st_mtime, *(p.stat().st_mtime for p in folder.iterdir())]
    return max(times) < moment.timestamp()
