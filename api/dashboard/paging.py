"""Pages of a programme's teams: the filters (``q``, provenance, one team, the caller's scope) and
keyset pagination over (name, id) with the cursors of ``api.pagination``."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.elements import ColumnElement

from api.dashboard.replay import (
    AnySelect,
    Row,
    sustainability_as_of,
    team_status_as_of,
    team_undated_as_of,
)
from api.kit.reads import like_pattern
from api.kit.scope import TeamScope
from api.models import Team
from api.models.enums import Provenance
from api.pagination import SortKey, after, decode_cursor, encode_cursor


@dataclass(frozen=True)
class TeamFilter:
    """Which of the programme's teams a page draws from."""

    programme_id: str
    within: TeamScope | None = None  # a team editor sees only its own teams
    q: str | None = None  # case-insensitive substring of the name, % and _ literal
    provenance: Provenance | None = None
    team_id: str | None = None

    def condition(self) -> ColumnElement[bool]:
        where = [Team.programme_id == self.programme_id]
        if self.within is not None:
            where.append(Team.id.in_(self.within.teams()))
        if self.q:
            where.append(Team.name.ilike(like_pattern(self.q), escape="\\"))
        if self.provenance is not None:
            where.append(Team.provenance == self.provenance)
        if self.team_id is not None:
            where.append(Team.id == self.team_id)
        return and_(*where)


async def fetch_page(
    conn: AsyncConnection,
    stmt: AnySelect,
    keys: list[SortKey],
    limit: int,
    cursor: str | None,
) -> tuple[list[Row], str | None]:
    """One page of ``stmt`` in ``keys`` order after ``cursor``, and the next page's cursor."""
    if cursor:
        stmt = stmt.where(after(keys, decode_cursor(cursor, keys)))
    order = [k.column.desc() if k.descending else k.column.asc() for k in keys]
    result = await conn.execute(stmt.order_by(*order).limit(limit + 1))
    rows = [dict(r._mapping) for r in result]
    if len(rows) <= limit:
        return rows, None
    del rows[limit:]
    return rows, encode_cursor(keys, rows[-1])


def by_name(descending: bool = False) -> list[SortKey]:
    """Teams by name, then id (ascending: the order is total)."""
    return [
        SortKey("name", Team.name.expression, descending),
        SortKey("id", Team.id.expression, False),
    ]


def teams_select(where: ColumnElement[bool], as_of: date | None = None) -> AnySelect:
    """The teams' id, name and provenance; with ``as_of``, also their replayed status and
    sustainability on that day (``team_columns``)."""
    return select(Team.id, Team.name, Team.provenance, *team_columns(as_of)).where(where)


def team_columns(as_of: date | None) -> list[Any]:
    if as_of is None:
        return []
    return [
        team_status_as_of(as_of).label("status"),
        team_undated_as_of(as_of).label("status_undated"),
        sustainability_as_of(as_of).label("sustainability_status"),
    ]
