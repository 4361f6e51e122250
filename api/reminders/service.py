"""The worker's reminders task: today's reminder events, then a bounded batch of digests.

Nothing happens before ``reminder_hour_utc`` (UTC, by the context's clock); no digest is made,
and nothing sent, while ``smtp_host`` is ''. Each step commits before the next, and no database
transaction is open while the SMTP server is spoken to.
"""

import logging
from datetime import date, datetime

from api.auth.principal import SYSTEM, act_as
from api.reminders import digest, mail
from api.reminders.events import due_to_run, give_events
from api.worker.context import WorkerContext

log = logging.getLogger(__name__)


async def send_reminders(ctx: WorkerContext) -> int:
    """How much this run did: events given plus digests sent or tried (0: nothing due)."""
    done = await give_events(ctx)
    now = ctx.clock.now()
    if not ctx.settings.smtp_host or not due_to_run(now, ctx.settings.reminder_hour_utc):
        return done
    async with ctx.db.sessionmaker() as session, session.begin():
        act_as(session, SYSTEM)
        ids = await digest.plan(session, ctx.settings, now)
    if len(ids) < digest.BATCH:  # room left in this batch: retries of earlier ones
        async with ctx.db.sessionmaker() as session, session.begin():
            ids += await digest.claim(session, ctx.settings, now, digest.BATCH - len(ids))
    return done + await _send(ctx, ids, now)


async def _send(ctx: WorkerContext, ids: list[str], now: datetime) -> int:
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
