"""Deliver due webhooks: claim a batch under a lease, send them concurrently, record each.

A delivery row is its own job. ``deliver_due`` claims up to ``BATCH`` due ones (pending,
``next_attempt_at`` passed, no live lease, of an active endpoint), oldest first, in one
statement: on PostgreSQL ``UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING``,
so two workers never claim one delivery at once; on SQLite the write transaction is exclusive.
The claim sets ``lease_until`` and ``leased_by`` and commits before anything is sent.

Each result is then recorded in a short transaction of its own that applies only while the
lease is still this worker's (``leased_by``): a worker that stalled past its lease and lost the
delivery to another records nothing. A worker killed mid-send records nothing either; its lease
runs out and another worker sends the delivery again. So delivery is at least once, and a
receiver dedupes on ``webhook-id``.

A recorded attempt updates the delivery (delivered on a 2xx; else the schedule's next try, or
failed when it is exhausted) and the endpoint's health: a 2xx resets ``failures_in_a_row``, a
failure adds one, and reaching ``webhook_disable_after`` disables the endpoint with a
``webhook-endpoint.disabled`` event (audited as the system). A disabled endpoint's pending
deliveries stay pending and are not claimed; when it is enabled again they are sent.
"""

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.models import Event
from api.models.webhook import (
    DeliveryStatus,
    EndpointStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from api.webhooks import health, signing
from api.webhooks.schedule import next_attempt
from api.webhooks.sender import Outcome, send
from api.worker.context import WorkerContext

BATCH = 100  # deliveries claimed at once
CONCURRENCY = 50  # requests in flight at once, per worker
D = WebhookDelivery


@dataclass(frozen=True)
class Job:
    """A claimed delivery and what sending it needs."""

    id: str
    endpoint_id: str
    event_id: str
    url: str
    secrets: list[str]
    payload: bytes


async def deliver_due(ctx: WorkerContext) -> int:
    """Send up to ``BATCH`` due deliveries; the number claimed (0: nothing due)."""
    claimed = await claim(ctx)
    if not claimed:
        return 0
    jobs = await _jobs(ctx, claimed)
    gate = asyncio.Semaphore(CONCURRENCY)

    async def one(job: Job) -> None:
        async with gate:
            outcome = await send(
                ctx.http,
                ctx.settings,
                url=job.url,
                secrets=job.secrets,
                event_id=job.event_id,
                payload=job.payload,
                started_at=ctx.clock.now(),
            )
        await record(ctx, job, outcome)

    async with asyncio.TaskGroup() as group:
        for job in jobs:
            group.create_task(one(job))
    return len(claimed)


async def claim(ctx: WorkerContext) -> list[Any]:
    """Lease up to ``BATCH`` due deliveries to this worker (committed before returning)."""
    now = ctx.clock.now()
    lease = now + timedelta(seconds=ctx.settings.worker_lease_seconds)
    active = select(WebhookEndpoint.id).where(WebhookEndpoint.status == EndpointStatus.active)
    due = (
        select(D.id)
        .where(
            D.status == DeliveryStatus.pending,
            D.next_attempt_at <= now,
            or_(D.lease_until.is_(None), D.lease_until < now),
            D.endpoint_id.in_(active),
        )
        .order_by(D.next_attempt_at, D.id)
        .limit(BATCH)
    )
    if not ctx.db.is_sqlite:
        due = due.with_for_update(of=D, skip_locked=True)
    stmt = (
        update(D)
        .where(D.id.in_(due))
        .values(lease_until=lease, leased_by=ctx.name)
        .returning(D.id, D.endpoint_id, D.event_id)
    )
    async with ctx.db.sessionmaker() as session, session.begin():
        return list((await session.execute(stmt)).all())


async def _jobs(ctx: WorkerContext, claimed: Sequence[Any]) -> list[Job]:
    """Read the claimed deliveries' URLs, secrets and events: three queries for the batch."""
    now = ctx.clock.now()
    endpoint_ids = {row.endpoint_id for row in claimed}
    event_ids = [row.event_id for row in claimed]
    async with ctx.db.read_sessionmaker() as session:
        urls = dict(
            (
                await session.execute(
                    select(WebhookEndpoint.id, WebhookEndpoint.url).where(
                        WebhookEndpoint.id.in_(endpoint_ids)
                    )
                )
            ).all()
        )
        secrets = await signing.secrets_of(session, endpoint_ids, now)
        columns = [getattr(Event, name) for name in signing.FIELDS]
        found = await session.execute(select(*columns).where(Event.id.in_(event_ids)))
        payloads = {row.id: signing.body(row._mapping) for row in found}
    return [
        Job(
            row.id,
            row.endpoint_id,
            row.event_id,
            urls[row.endpoint_id],
            secrets.get(row.endpoint_id, []),
            payloads[row.event_id],
        )
        for row in claimed
        if row.endpoint_id in urls and row.event_id in payloads
    ]


async def record(ctx: WorkerContext, job: Job, outcome: Outcome) -> bool:
    """Record one attempt if the lease is still ours; False if it was lost (nothing written)."""
    now = ctx.clock.now()
    async with ctx.db.sessionmaker() as session, session.begin():
        made = await _locked_attempts(session, job.id, ctx.name, ctx.db.is_sqlite)
        if made is None:
            return False
        number = made + 1
        await _apply(session, job.id, number, outcome, now)
        session.add(
            WebhookAttempt(
                delivery_id=job.id,
                number=number,
                started_at=outcome.started_at,
                latency_ms=outcome.latency_ms,
                status_code=outcome.status_code,
                error=outcome.error,
                worker=ctx.name[:100],
            )
        )
        await health.after_attempt(
            session, job.endpoint_id, outcome, now, ctx.settings.webhook_disable_after
        )
    return True


async def _locked_attempts(
    session: AsyncSession, delivery_id: str, worker: str, is_sqlite: bool
) -> int | None:
    """The attempts made so far, with the row locked, if ``worker`` still holds the lease."""
    query = select(D.attempts).where(
        D.id == delivery_id, D.leased_by == worker, D.status == DeliveryStatus.pending
    )
    if not is_sqlite:
        query = query.with_for_update()
    made = (await session.execute(query)).scalar_one_or_none()
    return None if made is None else int(made)


async def _apply(
    session: AsyncSession, delivery_id: str, number: int, outcome: Outcome, now: datetime
) -> None:
    values: dict[str, Any] = {
        "attempts": number,
        "last_status_code": outcome.status_code,
        "last_error": outcome.error,
        "lease_until": None,
        "leased_by": None,
    }
    if outcome.ok:
        values |= {"status": DeliveryStatus.delivered, "delivered_at": now, "next_attempt_at": None}
    else:
        later = next_attempt(number, now)
        status = DeliveryStatus.pending if later is not None else DeliveryStatus.failed
        values |= {"status": status, "next_attempt_at": later}
    await session.execute(update(D).where(D.id == delivery_id).values(values))
