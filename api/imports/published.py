"""The events of a load's rows: one per row it creates or updates, written a batch at a time.

Each batch's events are staged with one statement (COPY on PostgreSQL, one executemany
elsewhere) right after the batch's rows, in the load's savepoint (rolled back with it), and move
into ``events`` with their positions when the load's transaction commits
(``api.events.staging``). ``data`` is the row as the
API shows it, but for read-only fields the API computes on reading (an award's distance from
its programme's cap), which a load does not compute. The team and programme of rows that reach
their team through a parent (a payment through its award) are read in one query per batch.
``import.completed`` follows them, recorded with the load's audit event.
"""

from collections.abc import Sequence
from typing import Any, cast

import orjson
from sqlalchemy import Column, Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.events import outbox, staging
from api.events.types import types_of
from api.imports.resources import Resource
from api.imports.rows import Pending
from api.imports.writes import among
from api.kit.scope import Ownership, team_of
from api.models import Team
from api.models.base import new_id

teams = cast(Table, Team.__table__)
Place = tuple[str | None, str | None]  # (team id, programme id)


def _parent(column: Column[Any]) -> Table:
    return next(iter(column.foreign_keys)).column.table


async def places(session: AsyncSession, own: Ownership, keys: set[str]) -> dict[str, Place]:
    """Each key (the value of a row's first ownership column) → its team and programme."""
    if not keys:
        return {}
    chain = own.chain
    start = teams if len(chain) == 1 else chain[1].table
    stmt = select(start.c.id, teams.c.id, teams.c.programme_id).select_from(start)
    for column in chain[1:]:
        target = _parent(column)
        stmt = stmt.join(target, column == target.c.id)
    stmt = stmt.where(among(session, start.c.id, keys))
    return {key: (team, programme) for key, team, programme in (await session.execute(stmt)).all()}


def _team(
    own: Ownership | None, link: str | None, row: dict[str, Any], found: dict[str, Place]
) -> Place:
    if own is None:
        return None, None
    if own.link is not None:  # linked to teams: the team when there is exactly one
        ids = row.get(link or "") or []
        return (ids[0] if len(ids) == 1 else None), None
    key = row.get(own.chain[0].key)
    if key is None:
        return None, None
    return found.get(key, (key if len(own.chain) == 1 else None, None))


async def publish(session: AsyncSession, res: Resource, written: Sequence[Pending]) -> None:
    """Insert the events of a batch's written rows (``created`` or ``updated``)."""
    if not written:
        return
    own = team_of().get(res.table.name)
    fields = res.service.reads.fields
    shown = [
        {n: (p.row or {})[n] if n in (p.row or {}) else p.links[n] for n in fields
         if n in (p.row or {}) or n in p.links}
        for p in written
    ]  # fmt: skip
    found: dict[str, Place] = {}
    link = None
    if own is not None and own.link is not None:
        table = own.link[0].table
        link = next(n for n, c in res.service.collections.items() if c.table is table)
    if own is not None and own.link is None:
        first = own.chain[0].key
        keys = {str(d[first]) for d in shown if d.get(first) is not None}
        if len(own.chain) == 1:  # the row names its team: only rows without their programme
            keys = {str(d[first]) for d in shown if d.get(first) and not d.get("programme_id")}
        found = await places(session, own, keys)
    actor, request_id = outbox.actor_of(session), session.info.get("request_id")
    rows = []
    for p, data in zip(written, shown, strict=True):
        row_id = p.id or ""
        team_id, programme_id = _team(own, link, data, found)
        programme_id = outbox.programme_of(res.name, row_id, data) or programme_id
        action = "create" if p.outcome == "created" else "update"
        text = orjson.dumps(data).decode()
        for kind in types_of(res.name, action, p.before, data):
            rows.append(
                {
                    "id": new_id(),
                    "type": kind,
                    "occurred_at": data.get("updated_at"),
                    "programme_id": programme_id,
                    "team_id": team_id,
                    "resource": res.name,
                    "resource_id": row_id,
                    "actor": actor,
                    "request_id": request_id,
                    "data": text,
                }
            )
    await staging.stage(session, rows)
