"""The audit trail: every successful write records who, when, what, before and after.

``record`` runs inside the write's own transaction, so an event exists exactly when its write
committed. Events are only ever inserted (the PostgreSQL trigger refuses anything else).
"""

from functools import cache
from typing import Any, cast

import orjson
from sqlalchemy import Table, insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.schemas import AuditEventRead
from api.auth.principal import acting
from api.kit.reads import ReadPlan, Row
from api.kit.schemas import ListParams
from api.models import AuditEvent
from api.models.base import new_id, utcnow


def jsonable(row: dict[str, Any] | None) -> dict[str, Any] | None:
    """Dates, enums and ids as JSON has them (what the API showed)."""
    if row is None:
        return None
    data: dict[str, Any] = orjson.loads(orjson.dumps(row))
    return data


async def record(
    session: AsyncSession,
    *,
    resource: str,
    resource_id: str,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    team_id: str | None = None,
) -> None:
    actor = acting(session)
    await session.execute(
        insert(AuditEvent).values(
            id=new_id(),
            occurred_at=utcnow(),
            actor_kind=actor.kind,
            actor_id=actor.id,
            actor_name=actor.name,
            resource=resource,
            resource_id=resource_id,
            action=action,
            team_id=team_id,
            before=jsonable(before),
            after=jsonable(after),
            request_id=session.info.get("request_id"),
        )
    )


# ---- reading the trail ---------------------------------------------------------------------------


@cache
def plan() -> ReadPlan:
    e = AuditEvent
    return ReadPlan(
        cast(Table, e.__table__),
        list(AuditEventRead.model_fields),
        collections={},
        computed={},
        filters={
            "resource": lambda v: e.resource == v,
            "resource_id": lambda v: e.resource_id == v,
            "actor_id": lambda v: e.actor_id == v,
            "action": lambda v: e.action == v,
            "team_id": lambda v: e.team_id == v,
            "occurred_from": lambda v: e.occurred_at >= v,
            "occurred_to": lambda v: e.occurred_at <= v,
        },
        sortable=("occurred_at",),
        default_sort="-occurred_at",
        search=(),
    )


async def list_events(conn: Any, params: ListParams) -> tuple[list[Row], str | None]:
    """One page of events, newest first by default: one query, like every list."""
    reads = plan()
    stmt, values, keys = reads.page(params, None)
    rows = await reads.fetch(conn, stmt, values)
    return rows, reads.next_cursor(rows, params.limit, keys)
