"""Reminder events: ``milestone.due-soon`` / ``report.due-soon`` when an open item comes within
``WINDOW`` of its due date, ``milestone.overdue`` / ``report.overdue`` when its due date has
passed; once for each row and kind.

Once, without remembering each row: the cursor keeps the last day events were given (``last``).
On a later day, one query per run finds the rows whose due date crossed a threshold in between:
overdue when ``last <= due_date < today``, due soon when ``last + WINDOW < due_date <= today +
WINDOW``. Consecutive runs cover consecutive, disjoint ranges of due dates, so no row's kind comes
twice, and a day the worker was stopped is covered by the next run. The very first run covers
today alone (as if the last run were yesterday): no flood of what was overdue long before the
worker started. A row made already inside a range it has not crossed gets no event for it (it
was never "coming due" while we watched). The events are added in the transaction that moves
the day on: both commit, or neither.
"""

from datetime import date, datetime, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.principal import SYSTEM, act_as
from api.events import outbox
from api.reminders import cursor
from api.reminders.items import RESOURCE, Row, as_date, event_data, milestones, open_items, reports
from api.worker.context import WorkerContext

WINDOW = timedelta(days=14)  # "due soon" in events (each person's digest has its own)
KEY = "events"


def actions(due: date, last: date, today: date) -> list[str]:
    out = []
    if last + WINDOW < due <= today + WINDOW:
        out.append("due-soon")
    if last <= due < today:
        out.append("overdue")
    return out


async def crossed(session: AsyncSession, last: date, today: date) -> list[Row]:
    items = open_items(milestones(), reports())
    due = items.c.due_date
    stmt = select(items).where(
        or_(
            and_(due >= last, due < today),
            and_(due > last + WINDOW, due <= today + WINDOW),
        )
    )
    return [dict(r._mapping) for r in await session.execute(stmt.order_by(due, items.c.id))]


def due_to_run(now: datetime, hour: int) -> bool:
    return now.hour >= hour


async def give_events(ctx: WorkerContext) -> int:
    """Today's reminder events, unless given already (or another worker is giving them)."""
    now = ctx.clock.now()
    if not due_to_run(now, ctx.settings.reminder_hour_utc):
        return 0
    today = now.date()
    async with ctx.db.sessionmaker() as session, session.begin():
        act_as(session, SYSTEM)
        row = await cursor.lock(session)
        if row is None:
            return 0
        last = cursor.day_of(cursor.read(row, KEY).get("day")) or today - timedelta(days=1)
        if last >= today:
            return 0
        given = 0
        for item in await crossed(session, last, today):
            data = event_data(item)
            for action in actions(as_date(item["due_date"]), last, today):
                outbox.add(
                    session,
                    resource=RESOURCE[item["kind"]],
                    resource_id=item["id"],
                    action=action,
                    before=data,  # the same both sides: a status event cannot fire
                    after=data,
                    team_id=item["team_id"],
                )
                given += 1
        cursor.write(row, KEY, {"day": today.isoformat()}, now)
    return given
