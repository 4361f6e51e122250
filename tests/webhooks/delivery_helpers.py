"""What the delivery tests share: endpoints registered as rows (the registration API has tests of
its own), worker contexts with a fixed clock, and running the two tasks until nothing is due."""

import base64
import os
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

import httpx
from sqlalchemy import func, select, update

from api.config import Settings
from api.db import Database
from api.models import Event
from api.models.webhook import (
    EndpointStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookSecret,
)
from api.webhooks.delivery import deliver_due
from api.webhooks.fanout import fan_out
from api.worker.context import FixedClock, WorkerContext


def make_secret() -> str:
    return "whsec_" + base64.b64encode(os.urandom(24)).decode()


async def register(
    db: Database,
    url: str,
    secret: str,
    *,
    event_types: Sequence[str] = (),
    programme_id: str | None = None,
) -> str:
    """An active endpoint taking the events after the feed's top, as registration makes it."""
    async with db.sessionmaker() as session, session.begin():
        top = await session.scalar(select(func.coalesce(func.max(Event.position), 0)))
        endpoint = WebhookEndpoint(
            url=url,
            event_types=list(event_types),
            programme_id=programme_id,
            status=EndpointStatus.active,
            after_position=int(top or 0),
            created_by="tests",
        )
        session.add(endpoint)
        await session.flush()
        session.add(WebhookSecret(endpoint_id=endpoint.id, secret=secret))
        return endpoint.id


async def add_secret(db: Database, endpoint_id: str, secret: str, old_until: datetime) -> None:
    """A rotation: a new secret, and the old ones signing until ``old_until``."""
    async with db.sessionmaker() as session, session.begin():
        await session.execute(
            update(WebhookSecret)
            .where(WebhookSecret.endpoint_id == endpoint_id, WebhookSecret.expires_at.is_(None))
            .values(expires_at=old_until)
        )
        session.add(WebhookSecret(endpoint_id=endpoint_id, secret=secret))


async def set_status(db: Database, endpoint_id: str, status: EndpointStatus) -> None:
    async with db.sessionmaker() as session, session.begin():
        await session.execute(
            update(WebhookEndpoint)
            .where(WebhookEndpoint.id == endpoint_id)
            .values(status=status, failures_in_a_row=0)
        )


async def deliveries(db: Database, endpoint_id: str | None = None) -> list[WebhookDelivery]:
    async with db.read_sessionmaker() as session:
        query = select(WebhookDelivery).order_by(WebhookDelivery.event_position)
        if endpoint_id is not None:
            query = query.where(WebhookDelivery.endpoint_id == endpoint_id)
        return list(await session.scalars(query))


async def attempts(db: Database, delivery_id: str | None = None) -> list[WebhookAttempt]:
    async with db.read_sessionmaker() as session:
        query = select(WebhookAttempt).order_by(WebhookAttempt.number)
        if delivery_id is not None:
            query = query.where(WebhookAttempt.delivery_id == delivery_id)
        return list(await session.scalars(query))


async def endpoint(db: Database, endpoint_id: str) -> WebhookEndpoint:
    async with db.read_sessionmaker() as session:
        found = await session.get(WebhookEndpoint, endpoint_id)
        assert found is not None
        return found


@asynccontextmanager
async def worker(
    db: Database, settings: Settings, clock: FixedClock, name: str = "w1", **changes: Any
) -> AsyncIterator[WorkerContext]:
    """A worker's context: loopback allowed unless ``changes`` say otherwise."""
    own = settings.model_copy(update={"webhook_allow_private": True, **changes})
    async with httpx.AsyncClient() as http:
        yield WorkerContext(db=db, settings=own, http=http, clock=clock, name=name)


async def drain(ctx: WorkerContext, rounds: int = 50) -> int:
    """Fan out and deliver until neither has anything to do now; the deliveries claimed."""
    claimed = 0
    for _ in range(rounds):
        read = await fan_out(ctx)
        sent = await deliver_due(ctx)
        claimed += sent
        if read == 0 and sent == 0:
            return claimed
    raise AssertionError(f"still busy after {rounds} rounds")
