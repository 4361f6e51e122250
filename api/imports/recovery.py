"""Background loads left unfinished by a process that died (killed, crashed, restarted): marked
``failed`` with a reason, and their spooled uploads removed.

Who may call a job abandoned, so that a job running in another live process never is:

- **PostgreSQL.** A load is one transaction, so the process running it holds a connection for as
  long as it runs, and every API process names its connections (``application_name``
  ``shared-purpose/<host>/<pid>``). When no other API process is connected, a job still queued
  or running that is not this process's own and was last updated before this process started
  (or more than ``GRACE`` ago) is abandoned. While others are connected, only a job whose
  progress (committed every second by the process running it) is older than ``STALE_AFTER``
  is. Every process checks at start-up and then every ``CHECK_EVERY``.
- **SQLite.** A load holds the writer lock from a moment after it is marked running until it
  ends. At start-up this process takes that lock (``BEGIN IMMEDIATE``); holding it, a job queued
  or running that was last updated before this process started is abandoned. If another process
  holds the lock, nothing is decided and the check runs again later.

A spool folder (``sp-import-*`` in the temporary directory) belongs to a job when its files add
up to the job's bytes and it was made shortly before the job; it is removed with its abandoned
job, or once an hour has passed without a queued or running job it could belong to.
"""

import asyncio
import logging
import shutil
import tempfile
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection

from api.db import APP_NAME_PREFIX, Database
from api.imports.jobs import LIVE, REASON
from api.models import ImportJob, ImportStatus
from api.models.base import utcnow

log = logging.getLogger("api.imports")
STALE_AFTER = timedelta(seconds=60)  # 60 missed progress commits
GRACE = timedelta(seconds=10)  # a queued job's thread starts within this
CHECK_EVERY = 30.0  # seconds between checks (PostgreSQL)
SPOOL_PREFIX = "sp-import-"  # as api/imports/uploads.py names its folders
SPOOLED_WITHIN = timedelta(hours=1)  # a job is created at most this long after its upload began
ORPHAN_AFTER = timedelta(hours=1)
UNFINISHED = (ImportStatus.queued, ImportStatus.running)


async def watch(db: Database) -> None:
    """Check at start-up, then every ``CHECK_EVERY`` (SQLite: until one check has run)."""
    started = utcnow()
    while True:
        try:
            await recover(db, started)
            if db.is_sqlite:
                return
        except Exception as exc:  # the database may be down or busy: try again later
            log.warning("import recovery postponed: %s", type(exc).__name__)
        await asyncio.sleep(CHECK_EVERY)


async def recover(db: Database, started: datetime) -> list[str]:
    """Mark abandoned jobs failed and remove their spooled files; returns their ids."""
    now = utcnow()
    async with db.write_engine.begin() as conn:  # on SQLite: the writer lock, held throughout
        if db.is_sqlite:
            cutoff = started
        elif await _others_connected(conn, db.application_name):
            cutoff = now - STALE_AFTER
        else:
            cutoff = max(started, now - GRACE)
        stmt = update(ImportJob).where(
            ImportJob.status.in_(UNFINISHED), ImportJob.updated_at < cutoff
        )
        if LIVE:
            stmt = stmt.where(ImportJob.id.not_in(list(LIVE)))
        failed = {"status": ImportStatus.failed, "error": REASON, "finished_at": now}
        returning = (ImportJob.id, ImportJob.bytes_total, ImportJob.created_at)
        stmt = stmt.values(**failed, updated_at=now).returning(*returning)
        abandoned = (await conn.execute(stmt)).all()
        unfinished = (
            await conn.execute(select(*returning).where(ImportJob.status.in_(UNFINISHED)))
        ).all()
    for job in abandoned:
        log.warning("import %s: %s", job.id, REASON)
    await asyncio.to_thread(_remove_spools, abandoned, unfinished, now)
    return [job.id for job in abandoned]


async def _others_connected(conn: AsyncConnection, me: str) -> bool:
    found = await conn.execute(
        text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND application_name LIKE :prefix AND application_name <> :me"
        ),
        {"prefix": f"{APP_NAME_PREFIX}%", "me": me},
    )
    return bool(found.scalar())


def _remove_spools(abandoned: Sequence[Any], unfinished: Sequence[Any], now: datetime) -> None:
    root = Path(tempfile.gettempdir())
    for folder in root.glob(f"{SPOOL_PREFIX}*"):
        try:
            if not folder.is_dir() or any(_belongs(folder, job) for job in unfinished):
                continue
            if any(_belongs(folder, job) for job in abandoned) or _untouched_since(
                folder, now - ORPHAN_AFTER
            ):
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:  # removed meanwhile by the upload's own request
            continue


def _belongs(folder: Path, job: Any) -> bool:
    made = folder.stat().st_mtime
    created: float = job.created_at.timestamp()
    if not created - SPOOLED_WITHIN.total_seconds() <= made <= created + 5:
        return False
    size = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
    return size == int(job.bytes_total)


def _untouched_since(folder: Path, moment: datetime) -> bool:
    times = [folder.stat().st_mtime, *(p.stat().st_mtime for p in folder.iterdir())]
    return max(times) < moment.timestamp()
