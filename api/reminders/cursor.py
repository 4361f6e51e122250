"""The ``reminders`` row of ``worker_cursors``: the day reminder events were last given, and how
far today's digests have got (``extra``). A worker locks it to move either on; a worker that
finds it locked leaves that step to the holder."""

from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.models import WorkerCursor
from api.reminders.sql import insert_new

NAME = "reminders"
CURSORS = cast(Table, WorkerCursor.__table__)


async def lock(session: AsyncSession) -> WorkerCursor | None:
    """The row, locked for this transaction; None when another worker holds it (PostgreSQL:
    ``FOR UPDATE SKIP LOCKED``; SQLite's writer lock, taken at BEGIN, already serialises us)."""
    await session.execute(insert_new(session, CURSORS, [{"name": NAME, "position": 0}]))
    stmt = select(WorkerCursor).where(WorkerCursor.name == NAME)
    found = await session.execute(stmt.with_for_update(skip_locked=True))
    return found.scalar_one_or_none()


def read(cursor: WorkerCursor, key: str) -> dict[str, Any]:
    value = (cursor.extra or {}).get(key)
    return dict(value) if isinstance(value, dict) else {}


def write(cursor: WorkerCursor, key: str, value: dict[str, Any], now: datetime) -> None:
    # A new dict: the JSON column notices a replaced value, not one changed in place.
    cursor.extra = {**(cursor.extra or {}), key: value}
    cursor.updated_at = now


def day_of(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None
