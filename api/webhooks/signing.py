"""What a delivery sends: the event as the change feed shows it, signed (Standard Webhooks).

The body is the event's JSON exactly as ``GET /events`` lists it (``EventRead``'s fields, in
that order, serialised by orjson as the feed is). The headers follow the Standard Webhooks
specification: ``webhook-id`` (the event's id: a receiver's idempotency key, the same on every
retry), ``webhook-timestamp`` and ``webhook-signature``, one ``v1,…`` signature per active
secret of the endpoint, space-separated, so a receiver holding either the old or the new secret
verifies during a rotation's overlap.

``webhook-timestamp`` is the wall clock when the request is signed, not the worker's
injectable clock: receivers reject a timestamp far from their own clock (replay protection), so
it must be the real moment of sending.
"""

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from standardwebhooks import Webhook

from api.events.schemas import EventRead
from api.models.base import utcnow
from api.models.webhook import WebhookSecret

FIELDS = tuple(EventRead.model_fields)  # the feed's order
USER_AGENT = "SharedPurposeTracker-Webhooks/1"


def body(event: Mapping[Any, Any]) -> bytes:
    """The event row (a mapping with the feed's fields) as the request body."""
    return orjson.dumps({name: event[name] for name in FIELDS})


def signatures(secrets: Sequence[str], event_id: str, at: datetime, payload: bytes) -> str:
    """Every secret's signature, newest secret first, space-separated."""
    return " ".join(Webhook(secret).sign(event_id, at, payload) for secret in secrets)


def headers(
    secrets: Sequence[str], event_id: str, payload: bytes, at: datetime | None = None
) -> dict[str, str]:
    """The request's headers (without ``host``, which the sender sets)."""
    when = at or utcnow()
    return {
        "webhook-id": event_id,
        "webhook-timestamp": str(int(when.timestamp())),
        "webhook-signature": signatures(secrets, event_id, when, payload),
        "content-type": "application/json",
        "user-agent": USER_AGENT,
    }


async def secrets_of(
    session: AsyncSession, endpoint_ids: Collection[str], now: datetime
) -> dict[str, list[str]]:
    """Each endpoint's signing secrets at ``now``, newest first: the current one, and a rotated
    one until its overlap ends (``expires_at``). One query for a batch's endpoints."""
    s = WebhookSecret
    found = await session.execute(
        select(s.endpoint_id, s.secret)
        .where(
            s.endpoint_id.in_(endpoint_ids),
            or_(s.expires_at.is_(None), s.expires_at > now),
        )
        .order_by(s.endpoint_id, s.created_at.desc(), s.id.desc())
    )
    out: dict[str, list[str]] = {}
    for endpoint_id, secret in found:
        out.setdefault(endpoint_id, []).append(secret)
    return out
