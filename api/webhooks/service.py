"""Webhook endpoints: registered, listed, changed, disabled, removed, and their secrets rotated.
The HTTP API and the CLI share these. Services flush, never commit.

A signing secret is made here and handed back once; it never enters a row the API shows, the
audit trail or an event (``secrets_active`` and ``previous_secret_expires_at`` say all a reader
needs about them). ``active_secrets`` is what the delivery engine signs with.
"""

import base64
import secrets
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Table, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.service import record
from api.errors import InvalidReference, NotFound, RuleBroken
from api.events.service import known_types
from api.kit.reads import ReadPlan, Row
from api.kit.schemas import ListParams
from api.models import Event, Programme
from api.models.base import new_id, utcnow
from api.models.webhook import EndpointStatus, WebhookEndpoint, WebhookSecret
from api.webhooks.addresses import Refused, check_url

RESOURCE = "webhook-endpoints"
PREFIX = "whsec_"
BY_ADMIN = "disabled by an admin"
FIELDS = [
    *("id", "url", "description", "event_types", "programme_id", "status", "disabled_reason"),
    *("disabled_at", "failures_in_a_row", "after_position", "created_by", "created_at"),
    "updated_at",
]
endpoints = cast(Table, WebhookEndpoint.__table__)
READS = ReadPlan(
    endpoints,
    FIELDS,
    collections={},
    computed={},
    filters={
        "status": lambda v: endpoints.c.status == v,
        "programme_id": lambda v: endpoints.c.programme_id == v,
    },
    sortable=("created_at", "url"),
    default_sort="created_at",
    search=(),
)


class UrlRefused(RuleBroken):
    type = "webhook-url-refused"
    title = "Webhooks may not be sent to this URL"


class UnknownEventType(RuleBroken):
    type = "unknown-event-type"
    title = "Not an event type (see the OpenAPI document's webhooks)"


def new_secret() -> str:
    """A Standard Webhooks secret: ``whsec_`` and the base64 of 24 random bytes."""
    return PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


# ---- checks --------------------------------------------------------------------------------------


async def check(session: AsyncSession, body: Row, allow_private: bool) -> None:
    """The fields of ``body`` that are present: a URL we may send to, known event types each
    named once, a programme that exists."""
    if "url" in body:
        url: str = body["url"]
        if any(c.isspace() or not c.isprintable() for c in url):
            # urlsplit drops tabs and newlines silently: what it checked is not what was sent
            raise UrlRefused("the URL may not hold spaces or control characters", field="url")
        try:
            check_url(url, allow_private)
        except Refused as exc:
            raise UrlRefused(str(exc), field="url") from None
    seen: set[str] = set()
    for i, kind in enumerate(body.get("event_types") or []):
        where: list[str | int] = ["body", "event_types", i]
        if kind not in known_types():
            raise UnknownEventType(f"{kind[:60]!r} is not an event type", loc=where)
        if kind in seen:
            raise RuleBroken(f"{kind} is listed twice", loc=where)
        seen.add(kind)
    programme_id = body.get("programme_id")
    if programme_id is not None and await session.get(Programme, programme_id) is None:
        raise InvalidReference(f"no programme with id {programme_id}", field="programme_id")


# ---- reading -------------------------------------------------------------------------------------


def _shown(row: Row, rows: list[WebhookSecret], now: datetime) -> Row:
    """The endpoint as the API shows it: what its secrets are like, never what they are."""
    live = [s for s in rows if s.expires_at is None or s.expires_at > now]
    ending = [s.expires_at for s in live if s.expires_at is not None]
    return {
        **row,
        "secrets_active": len(live),
        "previous_secret_expires_at": max(ending) if ending else None,
    }


async def _secrets(session: AsyncSession, endpoint_ids: list[str]) -> list[WebhookSecret]:
    stmt = select(WebhookSecret).where(WebhookSecret.endpoint_id.in_(endpoint_ids))
    stmt = stmt.order_by(WebhookSecret.created_at.desc(), WebhookSecret.id.desc())
    return list((await session.scalars(stmt)).all())


async def get_endpoint(session: AsyncSession, endpoint_id: str, now: datetime | None = None) -> Row:
    stmt = READS.row_statement((), None)
    rows = await READS.fetch(session, stmt, {"row_id": endpoint_id})
    if not rows:
        raise NotFound(f"no webhook endpoint with id {endpoint_id}", loc=["path", "endpoint_id"])
    return _shown(rows[0], await _secrets(session, [endpoint_id]), now or utcnow())


async def list_endpoints(session: AsyncSession, params: ListParams) -> tuple[list[Row], str | None]:
    """One page, oldest first by default: two queries (the endpoints, then their secrets)."""
    stmt, values, keys = READS.page(params, None)
    rows = await READS.fetch(session, stmt, values)
    next_cursor = READS.next_cursor(rows, params.limit, keys)
    found = await _secrets(session, [r["id"] for r in rows]) if rows else []
    now = utcnow()
    shown = [_shown(r, [s for s in found if s.endpoint_id == r["id"]], now) for r in rows]
    return shown, next_cursor


async def active_secrets(session: AsyncSession, endpoint_id: str, now: datetime) -> list[str]:
    """The secrets that sign a delivery at ``now``, newest first (more than one in an overlap)."""
    found = await _secrets(session, [endpoint_id])
    return [s.secret for s in found if s.expires_at is None or s.expires_at > now]


# ---- writing -------------------------------------------------------------------------------------


async def _audit(session: AsyncSession, action: str, before: Row | None, after: Row | None) -> None:
    resource_id = str((after or before or {})["id"])
    await record(
        session,
        resource=RESOURCE,
        resource_id=resource_id,
        action=action,
        before=before,
        after=after,
    )


async def create_endpoint(
    session: AsyncSession,
    body: Row,
    *,
    created_by: str,
    allow_private: bool,
    now: datetime | None = None,
) -> tuple[Row, str]:
    """A new active endpoint, sent only the events after the feed's end now: its row and its
    secret (to show once)."""
    await check(session, body, allow_private)
    now = now or utcnow()
    top = select(func.coalesce(func.max(Event.position), 0)).scalar_subquery()
    endpoint_id, secret = new_id(), new_secret()
    session.add(
        WebhookEndpoint(
            id=endpoint_id,
            url=body["url"],
            description=body.get("description") or "",
            event_types=list(body.get("event_types") or []),
            programme_id=body.get("programme_id"),
            status=EndpointStatus.active,
            failures_in_a_row=0,
            after_position=top,
            created_by=created_by,
            created_at=now,
            updated_at=now,
        )
    )
    session.add(WebhookSecret(endpoint_id=endpoint_id, secret=secret, created_at=now))
    await session.flush()
    after = await get_endpoint(session, endpoint_id, now)
    await _audit(session, "create", None, after)
    return after, secret


async def _endpoint(session: AsyncSession, endpoint_id: str) -> WebhookEndpoint:
    endpoint = await session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None:
        raise NotFound(f"no webhook endpoint with id {endpoint_id}", loc=["path", "endpoint_id"])
    return endpoint


async def update_endpoint(
    session: AsyncSession,
    endpoint_id: str,
    changes: Row,
    *,
    allow_private: bool,
    now: datetime | None = None,
) -> Row:
    """Apply a merge patch. Disabling is recorded as ``disable`` (its own event type); enabling
    a disabled endpoint clears its reason and its run of failures."""
    now = now or utcnow()
    before = await get_endpoint(session, endpoint_id, now)
    await check(session, changes, allow_private)
    endpoint = await _endpoint(session, endpoint_id)
    action = "update"
    for name in ("url", "programme_id"):
        if name in changes:
            setattr(endpoint, name, changes[name])
    if "description" in changes:
        endpoint.description = changes["description"] or ""
    if "event_types" in changes:
        endpoint.event_types = list(changes["event_types"] or [])
    status = changes.get("status")
    if status == EndpointStatus.disabled and endpoint.status == EndpointStatus.active:
        endpoint.status, endpoint.disabled_reason, endpoint.disabled_at = status, BY_ADMIN, now
        action = "disable"
    elif status == EndpointStatus.active and endpoint.status == EndpointStatus.disabled:
        endpoint.status, endpoint.disabled_reason, endpoint.disabled_at = status, "", None
        endpoint.failures_in_a_row = 0
    endpoint.updated_at = now
    await session.flush()
    after = await get_endpoint(session, endpoint_id, now)
    await _audit(session, action, before, after)
    return after


async def delete_endpoint(session: AsyncSession, endpoint_id: str) -> None:
    """Remove it; its secrets, deliveries and attempts go with it (foreign keys cascade)."""
    before = await get_endpoint(session, endpoint_id)
    await session.execute(delete(WebhookEndpoint).where(WebhookEndpoint.id == endpoint_id))
    await _audit(session, "delete", before, None)


async def rotate_secret(
    session: AsyncSession, endpoint_id: str, overlap_hours: float, now: datetime | None = None
) -> tuple[str, datetime]:
    """A new secret; the current ones keep signing until ``now + overlap_hours`` (or an earlier
    end they already had). Secrets already expired are deleted. Returns the new secret and the
    end of the overlap."""
    now = now or utcnow()
    before = await get_endpoint(session, endpoint_id, now)
    ends = now + timedelta(hours=overlap_hours)
    for old in await _secrets(session, [endpoint_id]):
        if old.expires_at is not None and old.expires_at <= now:
            await session.delete(old)
        elif old.expires_at is None or old.expires_at > ends:
            old.expires_at = ends
    secret = new_secret()
    # On a tie of ``created_at`` (a fixed clock) the UUIDv7 id still sorts it newest.
    session.add(WebhookSecret(endpoint_id=endpoint_id, secret=secret, created_at=now))
    await session.flush()
    after = await get_endpoint(session, endpoint_id, now)
    previous = after["previous_secret_expires_at"] or ends
    await _audit(session, "rotate", before, {**after, "previous_secret_expires_at": previous})
    return secret, previous
