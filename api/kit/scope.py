"""Team scope: which rows a principal limited to some teams (a ``team_editor``) sees and writes.

A row belongs to teams through its foreign keys (an indicator through its quality goal, a period
through its indicator's goal) or a link table (a support activity's teams). Each resource's
descriptor says how (its ``owner``, collected by ``team_of``); reads add the resulting condition
to their one SQL statement (a subquery on the principal's scope table, so no extra round trip),
and writes treat a row outside the scope exactly as a missing one. Rows of no team
(programme-wide milestones, evidence and knowledge capture) are visible to everyone but written
only by roles without a team scope.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Column, Select, Table, bindparam, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from api.errors import Forbidden


class OutsideTeamScope(Forbidden):
    type = "outside-team-scope"
    title = "You may only change rows of your own teams"


@dataclass(frozen=True, eq=False)
class ScopeLink:
    """A table naming the teams of a principal: its owner and team columns."""

    owner: Column[Any]
    team: Column[Any]


@dataclass(frozen=True)
class TeamScope:
    """The teams a principal is limited to; ``None`` wherever a principal is not limited."""

    link: ScopeLink
    owner_id: str
    team_ids: frozenset[str]

    def teams(self, bound: bool = False) -> Select[Any]:
        """SELECT of the team ids; ``bound`` leaves the owner as ``:scope_owner`` for cached
        statements (see ``binds``)."""
        owner = bindparam("scope_owner") if bound else self.owner_id
        return select(self.link.team).where(self.link.owner == owner)

    def binds(self) -> dict[str, Any]:
        return {"scope_owner": self.owner_id}


@dataclass(frozen=True)
class Ownership:
    """How a table's rows reach their team: foreign keys ending at a team id, or a link table."""

    chain: tuple[Column[Any], ...] = ()
    link: tuple[Column[Any], Column[Any]] | None = None  # (row id column, team id column)


def through(*attrs: Any) -> Ownership:
    """Rows reach their team through these foreign keys, in order (``Indicator.quality_goal_id``,
    then ``QualityGoal.team_id``); the last one names the team."""
    return Ownership(tuple(attr.property.columns[0] for attr in attrs))


def linked(row: Column[Any], team: Column[Any]) -> Ownership:
    """Rows belong to the teams a link table names (its row id and team id columns)."""
    return Ownership(link=(row, team))


@cache
def team_of() -> dict[str, Ownership]:
    """Each table's way to its teams, from the resources' descriptors (``owner``); the audit
    trail records the team of unscoped tables too. Read on first use: the descriptors import the
    services, which import this module."""
    from api.resources import RESOURCES

    return {res.table: res.owner for res in RESOURCES if res.owner is not None}


@cache
def scoped() -> frozenset[str]:
    """The tables whose rows a team editor sees only for its own teams: those of the resources
    whose grant is ``team_scoped``."""
    from api.resources import RESOURCES

    return frozenset(res.table for res in RESOURCES if res.grant.team_scoped)


def _chain_condition(chain: tuple[Column[Any], ...], teams: Select[Any]) -> ColumnElement[bool]:
    column = chain[0]
    if len(chain) == 1:
        inside = column.in_(teams)
        return or_(column.is_(None), inside) if column.nullable else inside
    parent = chain[1].table
    return column.in_(select(parent.c.id).where(_chain_condition(chain[1:], teams)))


def visible(table: Table, teams: Select[Any]) -> ColumnElement[bool] | None:
    """The rows of ``table`` a scope of ``teams`` sees (None: the table is not scoped)."""
    if table.name not in scoped():
        return None
    own = team_of()[table.name]
    if own.link is not None:
        row, team = own.link
        return or_(
            table.c.id.in_(select(row).where(team.in_(teams))),
            ~exists().where(row == table.c.id),
        )
    return _chain_condition(own.chain, teams)


async def teams_of(
    session: AsyncSession,
    table: Table,
    values: Mapping[str, Any],
    linked: Mapping[Table, list[str]],
) -> set[str]:
    """The teams a row with ``values`` (and link-table ids ``linked``) belongs to."""
    own = team_of().get(table.name)
    if own is None:
        return set()
    if own.link is not None:
        return set(linked.get(own.link[0].table, []))
    value = values.get(own.chain[0].key)
    for column in own.chain[1:]:
        if value is None:
            break
        value = await session.scalar(select(column).where(column.table.c.id == value))
    return {value} if value is not None else set()


def check_writable(within: TeamScope | None, table: Table, teams: set[str]) -> None:
    """A scoped principal writes only rows all of whose teams are its own (and that have one)."""
    if within is None or table.name not in scoped():
        return
    if not teams or not teams <= within.team_ids:
        raise OutsideTeamScope(
            "this row belongs to a team outside your scope, or to none"
            if teams
            else "rows of no team (programme-wide) are written by programme managers"
        )
