"""An endpoint's health: failures in a row, and disabling it after too many.

A 2xx resets the run; any other outcome (an error status, a redirect, no answer, a refused
address) adds one. When the run reaches ``webhook_disable_after`` the endpoint is disabled, in
the attempt's own transaction, with a reason quoting the last failure, and the change is audited
as the system, which writes the ``webhook-endpoint.disabled`` event. An admin enables it again
through the API (its pending deliveries are then sent).
"""

from collections.abc import Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import Table, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.service import record
from api.auth.principal import SYSTEM, act_as
from api.config import Settings
from api.models.webhook import EndpointStatus, WebhookEndpoint
from api.webhooks.sender import Outcome
from api.webhooks.service import get_endpoint

endpoints = cast(Table, WebhookEndpoint.__table__)


async def after_attempts(
    session: AsyncSession,
    endpoint_id: str,
    outcomes: Sequence[Outcome],
    now: datetime,
    settings: Settings,
) -> None:
    """Count a group of attempts (in the order they ended) toward the endpoint's run of
    failures: one statement; the run is what follows the group's last 2xx, if it had one."""
    e = endpoints.c
    last_ok = max((i for i, o in enumerate(outcomes) if o.ok), default=None)
    failed = len(outcomes) - (0 if last_ok is None else last_ok + 1)
    if last_ok is None:
        stmt = update(endpoints).where(e.id == endpoint_id)
        stmt = stmt.values(failures_in_a_row=e.failures_in_a_row + failed)
    else:  # the run starts again after the 2xx (no write when it stays at 0)
        stmt = update(endpoints).where(e.id == endpoint_id, e.failures_in_a_row != failed)
        stmt = stmt.values(failures_in_a_row=failed)
    found = await session.execute(stmt.returning(e.failures_in_a_row, e.status))
    row = found.one_or_none()
    limit = settings.webhook_disable_after
    if failed and row is not None and row.failures_in_a_row >= limit:
        if row.status == EndpointStatus.active:
            last = outcomes[-1].describe()
            reason = f"{row.failures_in_a_row} failed deliveries in a row; last: {last}"
            await disable(session, endpoint_id, reason[:300], now)


async def disable(session: AsyncSession, endpoint_id: str, reason: str, now: datetime) -> bool:
    """Disable an active endpoint, audited as the system (the event's ``data`` is the endpoint
    as the API shows it, as for an admin's changes); False if it was not active."""
    e = endpoints.c
    before = await get_endpoint(session, endpoint_id, now)
    done = await session.execute(
        update(endpoints)
        .where(e.id == endpoint_id, e.status == EndpointStatus.active)
        .values(status=EndpointStatus.disabled, disabled_at=now, disabled_reason=reason)
        .returning(e.id)
    )
    if done.one_or_none() is None:
        return False
    act_as(session, SYSTEM)
    await record(
        session,
        resource="webhook-endpoints",
        resource_id=endpoint_id,
        action="disable",
        before=before,
        after=await get_endpoint(session, endpoint_id, now),
    )
    return True
