"""Deliver due webhooks: claim a batch under a lease, send them concurrently, record each.

A delivery row is its own job. ``deliver_due`` claims up to ``BATCH`` due ones (pending,
``next_attempt_at`` passed, no live lease, of an active endpoint), oldest first, in one
statement: on PostgreSQL ``UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING``,
so two workers never claim one delivery at once; on SQLite the write transaction is exclusive.
The claim sets ``lease_until`` and ``leased_by`` and commits before anything is sent.

The results are recorded as they come in, in short transactions (each writes every answer that
arrived while the one before was being written: a group commit, set-based), and a result
applies only while the lease is still this worker's (``leased_by``): a worker that stalled past
its lease and lost the delivery to another records nothing. A worker killed mid-send records
nothing either; its lease runs out and another worker sends the delivery again. So delivery is
at least once, and a receiver dedupes on ``webhook-id``. A batch ends when its slowest receiver
has answered or timed out (``webhook_timeout_seconds``, well inside the lease).

A recorded attempt updates the delivery (delivered on a 2xx; else the schedule's next try, or
failed when it is exhausted) and the endpoint's health: a 2xx resets ``failures_in_a_row``, a
failure adds one, and reaching ``webhook_disable_after`` disables the endpoint with a
``webhook-endpoint.disabled`` event (audited as the system). A disabled endpoint's pending
deliveries stay pending and are not claimed; when it is enabled again they are sent.
"""

import asyncio
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.models import Event
from api.models.base import new_id
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

BATCH = 100  # deliveries claimed at once by ``deliver_due``
# Requests in flight at once, per context. Measured to a local receiver (bench/webhooks_bench.py):
# 8 or 16 gave about 520 deliveries/s, 32 about 400, 50 about 300: httpcore's pool looks at
# every connection for every request, so more connections cost more than they bring.
CONCURRENCY = 16
D = WebhookDelivery
deliveries_table = cast(Table, WebhookDelivery.__table__)
attempts_table = cast(Table, WebhookAttempt.__table__)


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
    jobs = await jobs_of(ctx, claimed)
    gate = asyncio.Semaphore(CONCURRENCY)
    done: asyncio.Queue[tuple[Job, Outcome]] = asyncio.Queue()

    async def one(job: Job) -> None:
        async with gate:
            done.put_nowait(await attempt(ctx, job))

    async def recorder() -> None:
        # Group commit: every answer that came in while the last group was being written is
        # written by the next transaction, so a burst costs a few transactions, not one each.
        left = len(jobs)
        while left:
            group = [await done.get()]
            while not done.empty():
                group.append(done.get_nowait())
            await record(ctx, group)
            left -= len(group)

    async with asyncio.TaskGroup() as tasks:
        for job in jobs:
            tasks.create_task(one(job))
        tasks.create_task(recorder())
    return len(claimed)


async def attempt(ctx: WorkerContext, job: Job) -> tuple[Job, Outcome]:
    """Send one claimed delivery (never raises for the receiver's or the network's faults)."""
    outcome = await send(
        ctx.http,
        ctx.settings,
        url=job.url,
        secrets=job.secrets,
        event_id=job.event_id,
        payload=job.payload,
        started_at=ctx.clock.now(),
    )
    return job, outcome


def _due(now: datetime) -> Any:
    active = select(WebhookEndpoint.id).where(WebhookEndpoint.status == EndpointStatus.active)
    return select(D.id).where(
        D.status == DeliveryStatus.pending,
        D.next_attempt_at <= now,
        or_(D.lease_until.is_(None), D.lease_until < now),
        D.endpoint_id.in_(active),
    )


async def claim(ctx: WorkerContext, limit: int = BATCH, skip: Collection[str] = ()) -> list[Any]:
    """Lease up to ``limit`` due deliveries to this worker (committed before returning). A
    plain read first: when nothing is due no write transaction is opened (on SQLite an idle
    worker would otherwise take the writer lock several times a second)."""
    now = ctx.clock.now()
    async with ctx.db.read_engine.connect() as conn:
        if (await conn.execute(_due(now).limit(1))).first() is None:
            return []
    lease = now + timedelta(seconds=ctx.settings.worker_lease_seconds)
    due = _due(now).order_by(D.next_attempt_at, D.id).limit(limit)
    if skip:  # endpoints this worker already sends to as much as it will at once
        due = due.where(D.endpoint_id.not_in(sorted(skip)))
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


async def jobs_of(ctx: WorkerContext, claimed: Sequence[Any]) -> list[Job]:
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


async def record(ctx: WorkerContext, results: Sequence[tuple[Job, Outcome]]) -> int:
    """Record attempts, in one transaction, of the deliveries whose lease is still ours; the
    number recorded (those whose lease was lost are left alone)."""
    now = ctx.clock.now()
    async with ctx.db.sessionmaker() as session, session.begin():
        made = await _locked_attempts(session, [job.id for job, _ in results], ctx.name)
        kept = [(job, outcome, made[job.id] + 1) for job, outcome in results if job.id in made]
        if not kept:
            return 0
        await session.execute(_UPDATE, [_changes(j, o, n, now) for j, o, n in kept])
        await session.execute(
            insert(attempts_table),
            [
                {
                    "id": new_id(),
                    "delivery_id": job.id,
                    "number": number,
                    "started_at": outcome.started_at,
                    "latency_ms": outcome.latency_ms,
                    "status_code": outcome.status_code,
                    "error": outcome.error,
                    "worker": ctx.name[:100],
                    "manual": False,
                }
                for job, outcome, number in kept
            ],
        )
        by_endpoint: dict[str, list[Outcome]] = {}
        for job, outcome, _number in kept:
            by_endpoint.setdefault(job.endpoint_id, []).append(outcome)
        for endpoint_id in sorted(by_endpoint):  # one order of row locks for every worker
            await health.after_attempts(
                session, endpoint_id, by_endpoint[endpoint_id], now, ctx.settings
            )
    return len(kept)


async def _locked_attempts(session: AsyncSession, ids: list[str], worker: str) -> dict[str, int]:
    """The attempts made so far of those deliveries ``worker`` still holds, rows locked."""
    query = (
        select(D.id, D.attempts)
        .where(D.id.in_(ids), D.leased_by == worker, D.status == DeliveryStatus.pending)
        .order_by(D.id)
        .with_for_update()  # PostgreSQL; SQLite's write transaction is exclusive already
    )
    return {row.id: int(row.attempts) for row in await session.execute(query)}


_d = deliveries_table.c
_UPDATE = (
    update(deliveries_table)
    .where(_d.id == bindparam("b_id"))
    .values(
        {
            name: bindparam(f"b_{name}", type_=_d[name].type)
            for name in (
                "attempts", "last_status_code", "last_error", "status", "next_attempt_at",
                "delivered_at", "lease_until", "leased_by",
            )
        }
    )
)  # fmt: skip


def _changes(job: Job, outcome: Outcome, number: int, now: datetime) -> dict[str, Any]:
    """The delivery after attempt ``number``: delivered, due again, or failed."""
    later = None if outcome.ok else next_attempt(number, now)
    if outcome.ok:
        status = DeliveryStatus.delivered
    else:
        status = DeliveryStatus.pending if later is not None else DeliveryStatus.failed
    return {
        "b_id": job.id,
        "b_attempts": number,
        "b_last_status_code": outcome.status_code,
        "b_last_error": outcome.error,
        "b_status": status,
        "b_next_attempt_at": later,
        "b_delivered_at": now if outcome.ok else None,
        "b_lease_until": None,
        "b_leased_by": None,
    }
