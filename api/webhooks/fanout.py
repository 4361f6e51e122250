"""Fan-out: committed events become deliveries, one per matching active endpoint.

The ``webhooks`` row of ``worker_cursors`` holds the position fanned out so far. Each call is one
short transaction: lock the cursor (PostgreSQL: ``FOR UPDATE SKIP LOCKED``, so a second worker
returns at once instead of queueing; SQLite: the write transaction is exclusive already), read
the next events in position order, insert their deliveries in bulk (a pair already there is
skipped, so a batch run twice cannot send anything twice) and advance the cursor. Positions
follow commit order (``api.events.outbox``), so the cursor never passes an event that has yet
to commit.

An endpoint takes an event when it is active, the event is after the endpoint's
``after_position`` (events before its registration are not sent), its type is one of the
endpoint's ``event_types`` (none listed: every type) and its programme is the endpoint's
``programme_id`` (none: every programme). The matching is done here, over the batch's events
and the (few) active endpoints, because ``event_types`` is a JSON list that the two engines
query differently; the database sees one read of events, one of endpoints and one INSERT. An
idle call is one plain read (anything after the cursor?) and no transaction.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from api.models import Event
from api.models.base import new_id
from api.models.webhook import (
    DeliveryStatus,
    EndpointStatus,
    WebhookDelivery,
    WebhookEndpoint,
    WorkerCursor,
)
from api.worker.context import WorkerContext

CURSOR = "webhooks"
BATCH = 1000  # events per call
CHUNK = 2000  # deliveries per INSERT (8 values each: under both drivers' parameter limits)
deliveries = cast(Table, WebhookDelivery.__table__)
cursors = cast(Table, WorkerCursor.__table__)


async def fan_out(ctx: WorkerContext) -> int:
    """Turn up to ``BATCH`` events after the cursor into deliveries; the number of events read
    (0: none new, or another worker holds the cursor)."""
    now = ctx.clock.now()
    if not await _anything_new(ctx):
        return 0
    async with ctx.db.sessionmaker() as session, session.begin():
        position = await _lock_cursor(session, ctx.db.is_sqlite, now)
        if position is None:
            return 0
        found = await session.execute(
            select(Event.id, Event.position, Event.type, Event.programme_id)
            .where(Event.position > position)
            .order_by(Event.position)
            .limit(BATCH)
        )
        events = found.all()
        if not events:
            return 0
        endpoints = (
            await session.execute(
                select(
                    WebhookEndpoint.id,
                    WebhookEndpoint.event_types,
                    WebhookEndpoint.programme_id,
                    WebhookEndpoint.after_position,
                ).where(WebhookEndpoint.status == EndpointStatus.active)
            )
        ).all()
        rows = matches(events, endpoints, now)
        for start in range(0, len(rows), CHUNK):
            await session.execute(_insert(ctx.db.is_sqlite), rows[start : start + CHUNK])
        await session.execute(
            update(cursors)
            .where(cursors.c.name == CURSOR)
            .values(position=events[-1].position, updated_at=now)
        )
    return len(events)


async def _anything_new(ctx: WorkerContext) -> bool:
    """A plain read first: an idle worker then never opens a write transaction (on SQLite it
    would take the one writer lock several times a second, in the API's way)."""
    after = select(cursors.c.position).where(cursors.c.name == CURSOR).scalar_subquery()
    newer = select(Event.position).where(Event.position > func.coalesce(after, 0)).limit(1)
    async with ctx.db.read_engine.connect() as conn:
        return (await conn.execute(newer)).first() is not None


def matches(events: Sequence[Any], endpoints: Sequence[Any], now: datetime) -> list[dict[str, Any]]:
    """The delivery rows: each event for each endpoint that takes it, in position order."""
    rows = []
    for event in events:
        for endpoint in endpoints:
            if event.position <= endpoint.after_position:
                continue
            if endpoint.event_types and event.type not in endpoint.event_types:
                continue
            if endpoint.programme_id is not None and event.programme_id != endpoint.programme_id:
                continue
            rows.append(
                {
                    "id": new_id(),
                    "endpoint_id": endpoint.id,
                    "event_id": event.id,
                    "event_type": event.type,
                    "event_position": event.position,
                    "status": DeliveryStatus.pending,
                    "next_attempt_at": now,
                    "created_at": now,
                }
            )
    return rows


def _insert(is_sqlite: bool) -> Any:
    """A bulk INSERT that skips an (endpoint, event) pair already delivered to."""
    dialect: Any = sqlite if is_sqlite else postgresql
    return dialect.insert(deliveries).on_conflict_do_nothing(
        index_elements=["endpoint_id", "event_id"]
    )


async def _lock_cursor(session: AsyncSession, is_sqlite: bool, now: datetime) -> int | None:
    """The cursor's position, locked for this transaction; None if another worker holds it."""
    query = select(cursors.c.position).where(cursors.c.name == CURSOR)
    if not is_sqlite:
        query = query.with_for_update(skip_locked=True)
    position = (await session.execute(query)).scalar_one_or_none()
    if position is not None:
        return int(position)
    dialect: Any = sqlite if is_sqlite else postgresql
    created = dialect.insert(cursors).values(name=CURSOR, position=0, updated_at=now)
    await session.execute(created.on_conflict_do_nothing(index_elements=["name"]))
    position = (await session.execute(query)).scalar_one_or_none()
    return None if position is None else int(position)
