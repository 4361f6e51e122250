"""Who gets a digest and what it lists: one query for the people of a batch, then one query per
kind of person (team editors; programme managers and finance), each listing every person's
first ``CAP`` items with their totals (window functions), whatever the number of teams.

- team editors: the open milestones and spend reports of their teams (``user_teams``);
- programme managers and finance: programme-wide milestones (no team) and the spend reports of
  every team that are overdue;
- viewers and admins: none; disabled users never; nor anyone who turned reminders off.
Each person's own ``days_ahead`` bounds "due soon"; ``include_overdue`` adds what is overdue.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import (
    Date,
    case,
    func,
    literal,
    or_,
    select,
    true,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Subquery

from api.models import Milestone, ReminderPreference, SpendReport, User, user_teams
from api.models.enums import Role
from api.reminders.items import AnySelect, Row, as_date, milestones, open_items, reports, title_of
from api.reminders.schemas import DEFAULTS

CAP = 50  # lines in one digest; the rest are "and N more"
EDITORS = (Role.team_editor,)
STAFF = (Role.programme_manager, Role.finance)


@dataclass
class Person:
    id: str
    email: str
    name: str
    role: Role
    lines: list[Row] = field(default_factory=list)
    total: int = 0
    overdue: int = 0

    @property
    def due_soon(self) -> int:
        return self.total - self.overdue


def _prefs() -> AnySelect:
    p = ReminderPreference
    return (
        select(
            User.id.label("user_id"),
            User.email,
            User.name,
            User.role,
            func.coalesce(p.days_ahead, DEFAULTS["days_ahead"]).label("days_ahead"),
            func.coalesce(p.include_overdue, true()).label("include_overdue"),
        )
        .outerjoin(p, p.user_id == User.id)
        .where(User.disabled_at.is_(None), p.enabled.is_not(False))
    )


async def batch(session: AsyncSession, after: str | None, limit: int) -> list[Person]:
    """The next ``limit`` people (by id, after ``after``) whose role gets digests."""
    stmt = _prefs().where(User.role.in_(EDITORS + STAFF))
    if after is not None:
        stmt = stmt.where(User.id > after)
    rows = await session.execute(stmt.order_by(User.id).limit(limit))
    return [Person(r.user_id, r.email, r.name, r.role) for r in rows]


def until(today: date, days: ColumnElement[Any], dialect: str) -> ColumnElement[Any]:
    """``today + days`` as the engine adds days to a date (SQLite keeps dates as text)."""
    if dialect == "postgresql":
        return literal(today, Date) + days
    return func.date(literal(today.isoformat()), func.printf("+%d days", days))


def _wanted(prefs: Subquery, items: Subquery, today: date, dialect: str) -> list[Any]:
    return [
        items.c.due_date <= until(today, prefs.c.days_ahead, dialect),
        or_(prefs.c.include_overdue == true(), items.c.due_date >= today),
    ]


def _ranked(pairs: AnySelect, today: date) -> AnySelect:
    """Each person's first CAP items by due date, with the person's totals."""
    sub = pairs.subquery("pairs")
    person = sub.c.user_id
    late = case((sub.c.due_date < today, 1), else_=0)
    ranked = select(
        sub,
        func.row_number().over(partition_by=person, order_by=(sub.c.due_date, sub.c.id)).label("n"),
        func.count().over(partition_by=person).label("total"),
        func.sum(late).over(partition_by=person).label("overdue"),
    ).subquery("ranked")
    return select(ranked).where(ranked.c.n <= CAP).order_by(ranked.c.user_id, ranked.c.n)


def editors_items(ids: list[str], today: date, dialect: str) -> AnySelect:
    prefs = _prefs().where(User.id.in_(ids)).subquery("prefs")
    items = open_items(milestones(), reports())
    pairs = (
        select(prefs.c.user_id, items)
        .select_from(prefs)
        .join(user_teams, user_teams.c.user_id == prefs.c.user_id)
        .join(items, items.c.team_id == user_teams.c.team_id)
        .where(*_wanted(prefs, items, today, dialect))
    )
    return _ranked(pairs, today)


def staff_items(ids: list[str], today: date, dialect: str) -> AnySelect:
    prefs = _prefs().where(User.id.in_(ids)).subquery("prefs")
    items = open_items(
        milestones(Milestone.team_id.is_(None)), reports(SpendReport.due_date < today)
    )
    pairs = (
        select(prefs.c.user_id, items)
        .select_from(prefs)
        .join(items, true())  # everyone of the batch: the same items, their own bounds
        .where(*_wanted(prefs, items, today, dialect))
    )
    return _ranked(pairs, today)


def line(row: Row, today: date) -> Row:
    due = as_date(row["due_date"])
    return {
        "kind": row["kind"],
        "id": row["id"],
        "title": title_of(row),
        "due_date": due.isoformat(),
        "state": "overdue" if due < today else "due-soon",
        "status": row["status"],
        "team_id": row["team_id"],
        "team_name": row["team_name"],
    }


async def fill(session: AsyncSession, people: list[Person], today: date) -> None:
    """Each person's lines and totals: one query per kind of person."""
    dialect = session.get_bind().dialect.name
    by_id = {p.id: p for p in people}
    for roles, query in ((EDITORS, editors_items), (STAFF, staff_items)):
        ids = [p.id for p in people if p.role in roles]
        if not ids:
            continue
        for r in await session.execute(query(ids, today, dialect)):
            row = dict(r._mapping)
            person = by_id[row["user_id"]]
            person.lines.append(line(row, today))
            person.total, person.overdue = int(row["total"]), int(row["overdue"] or 0)
