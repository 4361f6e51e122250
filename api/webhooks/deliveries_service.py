"""Deliveries for admins: a page of an endpoint's, one with its attempts, and a redelivery.

A redelivery by hand is sent from the request, at once, with the worker's signing, address
checks and timeout, and recorded as a ``manual`` attempt. It reads what it needs, sends, then
records in a short transaction of its own: no write transaction (on SQLite, the database's one
writer lock) is held while a receiver takes its time. A 2xx marks the delivery delivered
(whatever it was); a failure is recorded and leaves its status and schedule as they were.
Manual attempts do not count toward the endpoint's run of failures (an admin testing a receiver
should not disable it).
"""

from dataclasses import dataclass
from typing import Any, cast

import httpx
from sqlalchemy import ColumnElement, Table, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.config import Settings
from api.db import Database
from api.errors import Conflict, NotFound
from api.models import Event
from api.models.base import utcnow
from api.models.webhook import (
    DeliveryStatus,
    EndpointStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from api.pagination import SortKey, after, decode_cursor, encode_cursor
from api.webhooks import signing
from api.webhooks.delivery_schemas import WebhookAttemptRead, WebhookDeliveryRead
from api.webhooks.sender import send

D, A = WebhookDelivery, WebhookAttempt
_d = cast(Table, D.__table__).c
KEYS = [SortKey("event_position", _d.event_position, True), SortKey("id", _d.id, True)]
_LAST_LATENCY = (
    select(A.latency_ms)
    .where(A.delivery_id == D.id)
    .order_by(A.number.desc())
    .limit(1)
    .correlate(D)
    .scalar_subquery()
)
_FIELDS = [n for n in WebhookDeliveryRead.model_fields if n != "last_latency_ms"]
COLUMNS = [*(getattr(D, n) for n in _FIELDS), _LAST_LATENCY.label("last_latency_ms")]


class EndpointDisabled(Conflict):
    type = "webhook-endpoint-disabled"
    title = "The webhook endpoint is disabled"


@dataclass(frozen=True)
class Page:
    status: DeliveryStatus | None
    limit: int
    cursor: str | None


async def list_deliveries(
    session: AsyncSession, endpoint_id: str, page: Page
) -> tuple[list[dict[str, Any]], str | None]:
    """A page of the endpoint's deliveries, newest event first."""
    where: list[ColumnElement[bool]] = [D.endpoint_id == endpoint_id]
    if page.cursor is not None:  # a bad cursor is a 400 whatever the endpoint
        where.append(after(KEYS, decode_cursor(page.cursor, KEYS)))
    if page.status is not None:
        where.append(D.status == page.status)
    await _endpoint(session, endpoint_id)
    found = await session.execute(
        select(*COLUMNS)
        .where(*where)
        .order_by(D.event_position.desc(), D.id.desc())
        .limit(page.limit + 1)
    )
    rows = [dict(r._mapping) for r in found]
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    return rows, encode_cursor(KEYS, _jsonable(rows[-1])) if more else None


async def get_delivery(session: AsyncSession, delivery_id: str) -> dict[str, Any]:
    """The delivery and its attempts, oldest first."""
    found = (await session.execute(select(*COLUMNS).where(D.id == delivery_id))).one_or_none()
    if found is None:
        raise NotFound(f"no webhook delivery {delivery_id[:36]}", loc=["path", "delivery_id"])
    attempts = await session.execute(
        select(*(getattr(A, n) for n in WebhookAttemptRead.model_fields))
        .where(A.delivery_id == delivery_id)
        .order_by(A.number)
    )
    return dict(found._mapping) | {"history": [dict(a._mapping) for a in attempts]}


async def redeliver(db: Database, settings: Settings, delivery_id: str, who: str) -> None:
    """Send the delivery now and record the manual attempt."""
    now = utcnow()
    async with db.read_sessionmaker() as session:
        delivery = await session.get(D, delivery_id)
        if delivery is None:
            raise NotFound(f"no webhook delivery {delivery_id[:36]}", loc=["path", "delivery_id"])
        endpoint = await _endpoint(session, delivery.endpoint_id)
        if endpoint.status != EndpointStatus.active:
            raise EndpointDisabled(
                "enable the endpoint first (PATCH its status to active)", field="status"
            )
        secrets = (await signing.secrets_of(session, [endpoint.id], now)).get(endpoint.id, [])
        columns = [getattr(Event, name) for name in signing.FIELDS]
        event = (await session.execute(select(*columns).where(Event.id == delivery.event_id))).one()
        url = endpoint.url
    async with httpx.AsyncClient(trust_env=False) as http:  # no proxy: the checked address
        outcome = await send(
            http,
            settings,
            url=url,
            secrets=secrets,
            event_id=delivery.event_id,
            payload=signing.body(event._mapping),
            started_at=now,
        )
    async with db.sessionmaker() as session, session.begin():
        values: dict[str, Any] = {
            "attempts": D.attempts + 1,
            "last_status_code": outcome.status_code,
            "last_error": outcome.error,
        }
        if outcome.ok:
            values |= {
                "status": DeliveryStatus.delivered,
                "delivered_at": utcnow(),
                "next_attempt_at": None,
            }
        made = await session.execute(
            update(D).where(D.id == delivery_id).values(values).returning(D.attempts)
        )
        number = made.scalar_one_or_none()
        if number is None:  # deleted with its endpoint meanwhile
            raise NotFound(f"no webhook delivery {delivery_id[:36]}")
        session.add(
            A(
                delivery_id=delivery_id,
                number=number,
                started_at=outcome.started_at,
                latency_ms=outcome.latency_ms,
                status_code=outcome.status_code,
                error=outcome.error,
                worker=f"manual: {who}"[:100],
                manual=True,
            )
        )


async def _endpoint(session: AsyncSession, endpoint_id: str) -> WebhookEndpoint:
    endpoint = await session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None:
        raise NotFound(f"no webhook endpoint {endpoint_id[:36]}", loc=["path", "endpoint_id"])
    return endpoint


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k.name: row[k.name] for k in KEYS}
