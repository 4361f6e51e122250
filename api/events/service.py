"""The change feed: events in position order after a cursor, as the caller may read them.

What a caller sees follows what it may read through the API (as the audit trail's ``plan``
does): the events of resources its role may read (users, keys, loads and signing keys: admins;
calendar feed tokens, which are each caller's own: admins), and for a team editor, of the
team-scoped resources, only its teams' rows and rows of no team (programme-wide milestones,
evidence). A row linked to several teams (a support activity) is shown when one of them is the
caller's, as the API does. One indexed query per page, whatever the filters.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, cast

import orjson
from sqlalchemy import Select, Table, bindparam, false, func, literal_column, or_, select, true
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from api.auth.permissions import Action, allowed
from api.auth.principal import Principal
from api.errors import Forbidden
from api.events import cursor
from api.events.schemas import EventRead
from api.events.types import OTHER_WRITES, catalogue
from api.kit.reads import fetch_native
from api.kit.scope import ScopeLink
from api.models import Event
from api.models.enums import Role

events = cast(Table, Event.__table__)
ADMIN_ONLY = frozenset({"feed-tokens"})  # readable by everyone, but each caller's own
COLUMNS = tuple(EventRead.model_fields)


@cache
def known_types() -> frozenset[str]:
    return frozenset(t.type for t in catalogue())


@cache
def readable(role: Role) -> tuple[str, ...]:
    """The resources whose events ``role`` may read."""
    from api.resources import RESOURCES

    names = [res.name for res in RESOURCES] + list(OTHER_WRITES)
    return tuple(
        sorted(
            n
            for n in names
            if allowed(role, n, Action.read) and (n not in ADMIN_ONLY or role == Role.admin)
        )
    )


@cache
def _scoped() -> tuple[tuple[str, ...], dict[str, str]]:
    """Team-scoped resources, and those linked to teams (their link field in ``data``)."""
    from api.resources import RESOURCES

    scoped = tuple(sorted(res.name for res in RESOURCES if res.grant.team_scoped))
    links = {}
    for res in RESOURCES:
        if res.grant.team_scoped and res.owner is not None and res.owner.link is not None:
            table = res.owner.link[0].table
            name = next(n for n, c in res.service.collections.items() if c.table is table)
            links[res.name] = name
    return scoped, links


def _names(values: Sequence[str]) -> list[ColumnElement[str]]:
    # Literals, not binds: our own constants (or types checked against the catalogue), and the
    # SQL is compiled once per shape.
    return [literal_column(f"'{v}'") for v in values]


@lru_cache(maxsize=256)
def statement(
    role: Role, link: ScopeLink | None, types: tuple[str, ...], programme: bool
) -> Select[Any]:
    """The page's one query, built once per shape; binds: ``after``, ``limit``, and
    ``programme_id`` and ``scope_owner`` when used."""
    e = events.c
    names = readable(role)
    stmt = select(*(e[c] for c in COLUMNS)).where(
        e.position > bindparam("after"),
        e.resource.in_(_names(names)) if names else false(),
    )
    if types:
        stmt = stmt.where(e.type.in_(_names(types)))
    if programme:
        stmt = stmt.where(e.programme_id == bindparam("programme_id"))
    if link is not None:
        team_scoped, _links = _scoped()
        mine = select(link.team).where(link.owner == bindparam("scope_owner"))
        stmt = stmt.where(
            or_(
                e.resource.not_in(_names(team_scoped)),
                e.team_id.is_(None),
                e.team_id.in_(mine),
            )
        )
    return _with_top(stmt.order_by(e.position).limit(bindparam("limit")))


def _with_top(stmt: Select[Any]) -> Select[Any]:
    """The page's rows, each with the feed's largest position read by the same statement (so
    from the same snapshot): one row of nulls but that when the page is empty."""
    page = stmt.subquery("page")
    top = select(func.coalesce(func.max(events.c.position), 0).label("top")).subquery("top")
    return (
        select(top.c.top, *(page.c[c] for c in COLUMNS))
        .select_from(top.outerjoin(page, true()))
        .order_by(page.c.position)
    )


@dataclass(frozen=True)
class Query:
    after: int
    limit: int
    types: tuple[str, ...]
    programme_id: str | None


async def page(conn: Any, principal: Principal, query: Query) -> tuple[list[dict[str, Any]], str]:
    """One page of the feed and the cursor to go on from."""
    if principal.role is None:
        raise Forbidden("the change feed needs a role")
    within = principal.team_scope
    link = within.link if within is not None else None
    stmt = statement(principal.role, link, query.types, query.programme_id is not None)
    values: dict[str, Any] = {"after": query.after, "limit": query.limit}
    if query.programme_id is not None:
        values["programme_id"] = query.programme_id
    if within is not None:
        values |= within.binds()
    if isinstance(conn, AsyncConnection | AsyncSession):
        found = (await conn.execute(stmt, values)).all()
    else:
        found = await fetch_native(conn, stmt, values)
    top = found[0][0] if found else query.after
    rows = [dict(zip(COLUMNS, r[1:], strict=True)) for r in found if r[1] is not None]
    # A full page: go on from its last event. Otherwise every event up to the feed's top that
    # the caller may see is on it, so go on from the top: the next read does not pass again
    # over the events in between that are not the caller's.
    last = rows[-1]["position"] if len(rows) == query.limit else max(top, query.after)
    if within is not None:
        rows = [r for r in rows if _shared_with(r, within.team_ids)]
    for row in rows:  # asyncpg gives JSON as text: embedded as it is
        if isinstance(row["data"], str):
            row["data"] = orjson.Fragment(row["data"])
    return rows, cursor.encode(last)


def _shared_with(row: dict[str, Any], teams: frozenset[str]) -> bool:
    """A row of several teams (team_id null) is shown when one of them is the caller's."""
    field = _scoped()[1].get(row["resource"])
    if field is None or row["team_id"] is not None:
        return True
    data = row["data"]
    if isinstance(data, str):
        data = orjson.loads(data)
    linked = (data or {}).get(field) or []
    return not linked or bool(teams.intersection(linked))
