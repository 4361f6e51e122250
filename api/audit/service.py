"""The audit trail: every successful write records who, when, what, before and after.

``record`` runs inside the write's own transaction, so an event exists exactly when its write
committed. Events are only ever inserted (the PostgreSQL trigger refuses anything else). It also
leaves the write's domain events in the outbox (``api.events.outbox``), so wherever a write is
audited it is published too.
"""

from functools import cache
from typing import Any, cast

import orjson
from sqlalchemy import Table, false, insert, literal_column
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from api.audit.schemas import AuditEventRead
from api.auth.permissions import PERMISSIONS, Action, allowed
from api.auth.principal import acting
from api.events import outbox
from api.kit.reads import ReadPlan, Row
from api.kit.schemas import ListParams
from api.models import AuditEvent
from api.models.base import new_id, utcnow
from api.models.enums import Role


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
    shown_before, shown_after = jsonable(before), jsonable(after)
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
            before=shown_before,
            after=shown_after,
            request_id=session.info.get("request_id"),
        )
    )
    outbox.add(
        session,
        resource=resource,
        resource_id=resource_id,
        action=action,
        before=shown_before,
        after=shown_after,
        team_id=team_id,
    )


# ---- reading the trail ---------------------------------------------------------------------------


@cache
def plan(role: Role) -> ReadPlan:
    """The trail as ``role`` may read it: only the events of resources it may read itself (a
    programme manager, refused on /users, sees no user's events either)."""
    e = AuditEvent
    readable = sorted(name for name in PERMISSIONS if allowed(role, name, Action.read))
    reads = ReadPlan(
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
    # Literals, not binds: the names are our own constants, and the SQL is compiled once per role.
    names: list[ColumnElement[str]] = [literal_column(f"'{name}'") for name in readable]
    reads.base = reads.base.where(e.resource.in_(names) if names else false())
    return reads


async def list_events(conn: Any, params: ListParams, role: Role) -> tuple[list[Row], str | None]:
    """One page of the events ``role`` may see, newest first by default: one query."""
    reads = plan(role)
    stmt, values, keys = reads.page(params, None)
    rows = await reads.fetch(conn, stmt, values)
    return rows, reads.next_cursor(rows, params.limit, keys)
