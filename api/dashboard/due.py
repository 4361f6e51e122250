"""What is due or overdue on a day (``GET .../due``), and every dated item of a calendar feed.

Items are a programme's milestones (kind ``reporting``: reports) and payments, in one UNION ALL
with their status replayed on ``as_of`` by the rules of ``api.dashboard.replay``:
- overdue: a milestone whose replayed status is ``late``; a payment of an award made by the day
  that is still scheduled or approved on it and was due before it;
- due: a milestone still planned or in progress on the day (so due on it or later), a payment
  still scheduled or approved and due on the day or later, whose due date is at most ``to``.
Achieved, paid, cancelled and deferred items are neither. 3 queries whatever the team count, in
one snapshot: the programme, the counts (due and overdue, by kind) and a page of items by
(due date, id).
"""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import BigInteger, String, and_, case, cast, func, literal, null, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Subquery

from api.dashboard.figures import (
    fetch_programme,
)
from api.dashboard.paging import TeamFilter, fetch_page
from api.dashboard.replay import (
    UNPAID,
    AnySelect,
    Row,
    milestone_status_as_of,
    payment_status_as_of,
    snapshot,
)
from api.models import Award, Milestone, Payment, Team
from api.models.enums import MilestoneKind
from api.pagination import SortKey

KINDS = ("milestone", "report", "payment")
STATES = ("due", "overdue")
OPEN_MILESTONE = ("planned", "in_progress")
FEED_LIMIT = 10_000  # events in one calendar feed: the latest due dates


@dataclass(frozen=True)
class DueQuery:
    """Which items: the teams (``TeamFilter``), programme-wide milestones or not, a kind, and the
    due dates [start, end] (``start`` open: every overdue item since the programme began)."""

    teams: TeamFilter
    end: date
    start: date | None = None
    kind: str | None = None

    @property
    def programme_wide(self) -> bool:
        return self.teams.team_id is None


def _milestones(teams: TeamFilter, as_of: date, programme_wide: bool) -> AnySelect:
    status = milestone_status_as_of(as_of)
    kind = case((Milestone.kind == MilestoneKind.reporting, "report"), else_="milestone")
    state = case((status == "late", "overdue"), (status.in_(OPEN_MILESTONE), "due"), else_=None)
    team = teams.condition()
    if programme_wide:
        team = or_(team, Milestone.team_id.is_(None))
    return (
        select(
            Milestone.id.label("id"),
            kind.label("kind"),
            Milestone.title.label("title"),
            cast(null(), String).label("instalment"),
            Milestone.team_id.label("team_id"),
            Team.name.label("team_name"),
            Milestone.due_date.label("due_date"),
            cast(null(), BigInteger).label("amount_pence"),
            cast(null(), String).label("currency"),
            cast(status, String).label("status"),
            state.label("state"),
            Milestone.updated_at.label("updated_at"),
        )
        .outerjoin(Team, Team.id == Milestone.team_id)
        .where(Milestone.programme_id == teams.programme_id, team)
    )


def _payments(teams: TeamFilter, as_of: date) -> AnySelect:
    status = payment_status_as_of(as_of)
    unpaid = status.in_(UNPAID)
    state = case(
        (and_(unpaid, Payment.scheduled_date < as_of), "overdue"), (unpaid, "due"), else_=None
    )
    return (
        select(
            Payment.id,
            literal("payment", String),
            cast(null(), String),
            cast(Payment.instalment, String),
            Award.team_id,
            Team.name,
            Payment.scheduled_date,
            Payment.amount_pence,
            Payment.currency,
            cast(status, String),
            state,
            Payment.updated_at,
        )
        .join(Award, Award.id == Payment.award_id)
        .join(Team, Team.id == Award.team_id)
        .where(teams.condition(), Award.award_date <= as_of)
    )


def items(teams: TeamFilter, as_of: date, *, programme_wide: bool = True) -> Subquery:
    """Every milestone, report and payment of the teams (and the programme-wide milestones), with
    its replayed ``status`` and ``state`` (due, overdue or null) on ``as_of``."""
    union = _milestones(teams, as_of, programme_wide).union_all(_payments(teams, as_of))
    return union.subquery("items")


def _where(sub: Subquery, query: DueQuery) -> list[ColumnElement[bool]]:
    where = [sub.c.state.is_not(None), sub.c.due_date <= query.end]
    if query.start is not None:
        where.append(sub.c.due_date >= query.start)
    if query.kind is not None:
        where.append(sub.c.kind == query.kind)
    return where


def _keys(sub: Subquery) -> list[SortKey]:
    return [SortKey("due_date", sub.c.due_date, False), SortKey("id", sub.c.id, False)]


def shape(row: Row, as_of: date) -> Row:
    """An item as the API shows it: a payment's title from its instalment, days overdue."""
    row = {str(k): v for k, v in row.items()}  # plain keys (labels come as quoted names)
    kind, instalment = row["kind"], row.pop("instalment")
    if kind == "payment":
        row["title"] = f"{str(instalment).capitalize()} payment"
    overdue = row["state"] == "overdue"
    row["days_overdue"] = (as_of - row["due_date"]).days if overdue else None
    return row


def _shown(row: Row, as_of: date) -> Row:
    """An item of the read model: without the row's ``updated_at`` (a calendar's DTSTAMP)."""
    row = shape(row, as_of)
    del row["updated_at"]
    return row


def _counts(pairs: list[Any]) -> Row:
    counts: Row = {state: dict.fromkeys((*KINDS, "total"), 0) for state in STATES}
    for kind, state, n in pairs:
        counts[state][kind] += int(n)
        counts[state]["total"] += int(n)
    return counts


async def programme_due(
    conn: AsyncConnection, query: DueQuery, as_of: date, *, limit: int, cursor: str | None
) -> Row:
    """A page of what is due or overdue, with the counts (over every page) by kind."""
    sub = items(query.teams, as_of, programme_wide=query.programme_wide)
    where = _where(sub, query)
    async with snapshot(conn):
        programme = await fetch_programme(conn, query.teams.programme_id)
        counted = select(sub.c.kind, sub.c.state, func.count()).where(*where)
        pairs = list(await conn.execute(counted.group_by(sub.c.kind, sub.c.state)))
        page, next_cursor = await fetch_page(
            conn, select(sub).where(*where), _keys(sub), limit, cursor
        )
    counts = _counts(pairs)
    return {
        "as_of": as_of,
        "programme": programme,
        "window": {"from": query.start, "to": query.end},
        "counts": counts,
        "total": counts["due"]["total"] + counts["overdue"]["total"],
        "items": [_shown(row, as_of) for row in page],
        "next_cursor": next_cursor,
    }


async def due_stream(conn: AsyncConnection, query: DueQuery, as_of: date) -> AsyncIterator[Row]:
    """Every matching item, in page order (the CSV download), streamed from one statement."""
    sub = items(query.teams, as_of, programme_wide=query.programme_wide)
    stmt = select(sub).where(*_where(sub, query)).order_by(sub.c.due_date, sub.c.id)
    result = await conn.stream(stmt)
    async for row in result.mappings():
        yield _shown(dict(row), as_of)


async def programme_currency(conn: AsyncConnection, programme_id: str) -> str:
    """The programme's currency (404 if there is no such programme)."""
    return str((await fetch_programme(conn, programme_id))["currency"])


async def feed_items(
    conn: AsyncConnection, teams: TeamFilter, today: date
) -> tuple[Row, list[Row]]:
    """A calendar feed's programme and items: all but cancelled ones, the latest ``FEED_LIMIT``
    by due date, with their status today and when each row last changed."""
    sub = items(teams, today, programme_wide=teams.team_id is None)
    stmt = (
        select(sub)
        .where(sub.c.status != "cancelled")
        .order_by(sub.c.due_date.desc(), sub.c.id)
        .limit(FEED_LIMIT)
    )
    async with snapshot(conn):
        programme = await fetch_programme(conn, teams.programme_id)
        rows = [dict(r._mapping) for r in await conn.execute(stmt)]
    title = {"programme_title": programme["title"]}
    return programme, [shape(row, today) | title for row in rows]
