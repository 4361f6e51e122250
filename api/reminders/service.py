"""The worker's reminders task: today's reminder events, then a bounded batch of digests.

Nothing happens before ``reminder_hour_utc`` (UTC, by the context's clock); no digest is made,
and nothing sent, while ``smtp_host`` is ''. Each step commits before the next, and no database
transaction is open while the SMTP server is spoken to.
"""

import logging
from datetime import date, datetime

from sqlalchemy import select

from api.auth.principal import SYSTEM, act_as
from api.models import WorkerCursor
from api.reminders import digest, mail
from api.reminders.cursor import NAME
from api.reminders.events import KEY as EVENTS
from api.reminders.events import due_to_run, give_events
from api.worker.context import WorkerContext

log = logging.getLogger(__name__)


async def send_reminders(ctx: WorkerContext) -> int:
    """How much this run did: events given plus digests sent or tried (0: nothing due)."""
    now = ctx.clock.now()
    if not due_to_run(now, ctx.settings.reminder_hour_utc):
        return 0
    todo = await _todo(ctx, now)
    done = await give_events(ctx) if "events" in todo else 0
    if not ctx.settings.smtp_host:
        return done
    ids: list[str] = []
    if "plan" in todo:
        async with ctx.db.sessionmaker() as session, session.begin():
            act_as(session, SYSTEM)
            ids = await digest.plan(session, ctx.settings, now)
    if "retry" in todo and len(ids) < digest.BATCH:  # room left: retries of earlier ones
        async with ctx.db.sessionmaker() as session, session.begin():
            ids += await digest.claim(session, ctx.settings, now, digest.BATCH - len(ids))
    return done + await _send(ctx, ids)


async def _todo(ctx: WorkerContext, now: datetime) -> set[str]:
    """Which steps have work, read without a lock: the worker calls this task many times a
    second, and an idle call should cost two reads, not a write (SQLite's writer lock)."""
    today = now.date().isoformat()
    async with ctx.db.read_engine.connect() as conn:
        found = await conn.execute(select(WorkerCursor.extra).where(WorkerCursor.name == NAME))
        extra = found.scalar_one_or_none() or {}
        retry = await conn.scalar(digest.expired(now).limit(1))
    todo = set()
    if (extra.get(EVENTS) or {}).get("day") != today:
        todo.add("events")
    planned = extra.get(digest.KEY) or {}
    if planned.get("day") != today or not planned.get("done"):
        todo.add("plan")
    if retry is not None:
        todo.add("retry")
    return todo


async def _send(ctx: WorkerContext, ids: list[str]) -> int:
    """Send each claimed digest, then mark it (a transaction each, none open while sending)."""
    if not ids:
        return 0
    async with ctx.db.read_sessionmaker() as session:
        digests = await digest.load(session, ids)
    for row in digests:
        day = row["day"] if isinstance(row["day"], date) else date.fromisoformat(row["day"])
        msg = mail.message(ctx.settings, row["email"], row["name"], row["items"], day)
        error = None
        try:
            await mail.send(ctx.settings, msg)
        except mail.SMTP_ERRORS as exc:
            error = f"{type(exc).__name__}: {exc}"
            log.warning(
                "reminder digest %s not sent (attempt %d): %s",
                row["id"],
                row["attempts"] + 1,
                error,
            )
        async with ctx.db.sessionmaker() as session, session.begin():
            act_as(session, SYSTEM)
            await digest.finish(session, ctx.settings, row, ctx.clock.now(), error)
    return len(digests)
