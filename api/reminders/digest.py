"""Digests: at most one a person a day, claimed with a lease, sent, then marked.

1. ``plan``: under the ``reminders`` cursor's lock, the next batch of people (by id, keyset
   ``after`` kept in the cursor for the day) gets its lists; a person with something listed
   gets a ``pending`` row with a lease, inserted with ``ON CONFLICT DO NOTHING`` on the unique
   (user, day): a second worker or a second run that day inserts nothing. Committed before any
   e-mail goes out.
2. ``claim``: pending digests whose lease has expired (a failed send waiting for its retry, or a
   killed worker's) are taken again by one UPDATE that moves the lease on; ``FOR UPDATE SKIP
   LOCKED`` on PostgreSQL, SQLite's writer lock otherwise: one digest is never sent by two
   workers at once.
3. ``finish``: ``sent`` with ``sent_at``, or still ``pending`` with ``attempts + 1`` and the
   error, tried again after the lease; ``failed`` after ``ATTEMPTS``, or when its day ends
   unsent (the next day's digest replaces it: never two e-mails in one day).
A worker killed between sending and marking leaves its digest to be sent again when the lease
expires: at least once, as little more as that window allows.
"""

from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from api.config import Settings
from api.models import DigestStatus, ReminderDigest, User
from api.models.base import new_id
from api.reminders import cursor, people
from api.reminders.items import AnySelect
from api.reminders.sql import insert_new

BATCH = 50  # people planned, and digests sent, per run
ATTEMPTS = 3  # SMTP attempts before a digest is given up as failed
KEY = "digests"
# A digest still unsent when the next day's are made is given up: the person gets that day's
# instead, never two in one day.
STALE = "not sent on its day (the next day's digest replaces it)"
DIGESTS = cast(Table, ReminderDigest.__table__)
Row = dict[str, Any]


def lease(settings: Settings, now: datetime) -> datetime:
    return now + timedelta(seconds=settings.worker_lease_seconds)


def _rows(batch: list[people.Person], today: date, until: datetime) -> list[Row]:
    return [
        {
            "id": new_id(),
            "user_id": p.id,
            "day": today,
            "status": DigestStatus.pending,
            "items": [*p.lines, {"kind": "totals", "due_soon": p.due_soon, "overdue": p.overdue}],
            "attempts": 0,
            "lease_until": until,
            "error": "",
        }
        for p in batch
        if p.lines
    ]


async def plan(session: AsyncSession, settings: Settings, now: datetime) -> list[str]:
    """Today's digests of the next batch of people: the ids of those this call made (its own
    to send, under their lease). Empty when today's are all made or another worker is at it."""
    row = await cursor.lock(session)
    if row is None:
        return []
    today = now.date()
    state = cursor.read(row, KEY)
    if state.get("day") != today.isoformat():  # a new day: yesterday's unsent stay unsent
        state = {"day": today.isoformat(), "after": None, "done": False}
        await session.execute(
            update(ReminderDigest)
            .where(ReminderDigest.status == DigestStatus.pending, ReminderDigest.day < today)
            .values(status=DigestStatus.failed, error=STALE, lease_until=None)
        )
    if state["done"]:
        return []
    batch = await people.batch(session, state["after"], BATCH)
    await people.fill(session, batch, today)
    made: list[str] = []
    rows = _rows(batch, today, lease(settings, now))
    if rows:
        stmt = insert_new(session, DIGESTS, rows).returning(DIGESTS.c.id)
        made = list((await session.execute(stmt)).scalars())
    state["after"] = batch[-1].id if batch else state["after"]
    state["done"] = len(batch) < BATCH
    cursor.write(row, KEY, state, now)
    return made


def _expired(now: datetime) -> tuple[ColumnElement[bool], ...]:
    return (
        ReminderDigest.status == DigestStatus.pending,
        ReminderDigest.lease_until <= now,
        ReminderDigest.day == now.date(),  # a day's digest is sent on its day, or never
    )


def expired(now: datetime) -> AnySelect:
    """Pending digests whose lease has expired: to be tried (again)."""
    return select(ReminderDigest.id).where(*_expired(now))


async def claim(session: AsyncSession, settings: Settings, now: datetime, limit: int) -> list[str]:
    """Pending digests whose lease expired, taken for this worker (lease moved on)."""
    pick = (
        expired(now)
        .order_by(ReminderDigest.lease_until, ReminderDigest.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    stmt = (
        update(ReminderDigest)
        .where(ReminderDigest.id.in_(pick.scalar_subquery()), *_expired(now))
        .values(lease_until=lease(settings, now))
        .returning(ReminderDigest.id)
    )
    return list((await session.execute(stmt)).scalars())


async def load(session: AsyncSession, ids: list[str]) -> list[Row]:
    stmt = (
        select(
            ReminderDigest.id,
            ReminderDigest.day,
            ReminderDigest.items,
            ReminderDigest.attempts,
            User.email,
            User.name,
        )
        .join(User, User.id == ReminderDigest.user_id)
        .where(ReminderDigest.id.in_(ids))
        .order_by(ReminderDigest.id)
    )
    return [dict(r._mapping) for r in await session.execute(stmt)]


async def finish(
    session: AsyncSession, settings: Settings, digest: Row, now: datetime, error: str | None
) -> None:
    """Mark a send: done, or one more failed attempt (the last makes it ``failed``)."""
    digest_id = digest["id"]
    mine = (ReminderDigest.id == digest_id, ReminderDigest.status == DigestStatus.pending)
    if error is None:
        values: Row = {"status": DigestStatus.sent, "sent_at": now, "lease_until": None}
    else:
        tried = int(digest["attempts"]) + 1
        values = {
            "attempts": tried,
            "error": error[:500],
            "status": DigestStatus.failed if tried >= ATTEMPTS else DigestStatus.pending,
            "lease_until": lease(settings, now),  # the retry waits for the lease
        }
    await session.execute(update(ReminderDigest).where(*mine).values(values))
