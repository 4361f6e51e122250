"""Team scope: which rows a principal limited to some teams (a ``team_editor``) sees and writes.

A row belongs to teams through its foreign keys (an indicator through its quality goal, a period
through its indicator's goal) or a link table (a support activity's teams). ``TEAM_OF`` says how,
per table; reads add the resulting condition to their one SQL statement (a subquery on the
principal's scope table, so no extra round trip), and writes treat a row outside the scope exactly
as a missing one. Rows of no team (programme-wide milestones, evidence and knowledge capture) are
visible to everyone but written only by roles without a team scope.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Select, Table, bindparam, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from api.errors import Forbidden
from api.models import (
    Award,
    Evidence,
    Indicator,
    IndicatorPeriod,
    Milestone,
    Payment,
    QualityGoal,
    SustainabilityCheckin,
    Team,
    TeamPartner,
    support_activity_teams,
)


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


def _c(attr: Any) -> Column[Any]:
    column: Column[Any] = attr.property.columns[0]
    return column


links = support_activity_teams.c
TEAM_OF: dict[str, Ownership] = {
    "milestones": Ownership((_c(Milestone.team_id),)),
    "evidence": Ownership((_c(Evidence.team_id),)),
    "sustainability_checkins": Ownership((_c(SustainabilityCheckin.team_id),)),
    "quality_goals": Ownership((_c(QualityGoal.team_id),)),
    "indicators": Ownership((_c(Indicator.quality_goal_id), _c(QualityGoal.team_id))),
    "indicator_periods": Ownership(
        (_c(IndicatorPeriod.indicator_id), _c(Indicator.quality_goal_id), _c(QualityGoal.team_id))
    ),
    "support_activities": Ownership(link=(links.support_activity_id, links.team_id)),
    # Not scoped, but the audit trail records their team too.
    "teams": Ownership((_c(Team.id),)),
    "team_partners": Ownership((_c(TeamPartner.team_id),)),
    "awards": Ownership((_c(Award.team_id),)),
    "payments": Ownership((_c(Payment.award_id), _c(Award.team_id))),
}
# The tables whose rows a team editor sees only for its own teams (api.auth.permissions marks the
# same resources ``team_scoped``; a test keeps the two in step).
SCOPED = frozenset(
    {
        "milestones",
        "evidence",
        "sustainability_checkins",
        "quality_goals",
        "indicators",
        "indicator_periods",
        "support_activities",
    }
)


def _chain_condition(chain: tuple[Column[Any], ...], teams: Select[Any]) -> ColumnElement[bool]:
    column = chain[0]
    if len(chain) == 1:
        inside = column.in_(teams)
        return or_(column.is_(None), inside) if column.nullable else inside
    parent = chain[1].table
    return column.in_(select(parent.c.id).where(_chain_condition(chain[1:], teams)))


def visible(table: Table, teams: Select[Any]) -> ColumnElement[bool] | None:
    """The rows of ``table`` a scope of ``teams`` sees (None: the table is not scoped)."""
    if table.name not in SCOPED:
        return None
    own = TEAM_OF[table.name]
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
    own = TEAM_OF.get(table.name)
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
    if within is None or table.name not in SCOPED:
        return
    if not teams or not teams <= within.team_ids:
        raise OutsideTeamScope(
            "this row belongs to a team outside your scope, or to none"
            if teams
            else "rows of no team (programme-wide) are written by programme managers"
        )
