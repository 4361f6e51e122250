"""A programme's money on a day (``GET /programmes/{id}/money``): totals, by budget category and
financial year, spend reports due and overdue, and a page of its teams' money.

The totals and groupings cover the whole programme (like the summary's funding figures); the
page holds the teams the caller may see. Every figure is a GROUP BY in SQL: 7 statements
whatever the team count, in one snapshot. The page is found as the team figures' are
(``team_figures.py``): by name, its team ids first; by a figure, that figure for every matching
team ordered and cut in SQL; then the page's figures for its teams only.
"""

from datetime import date
from typing import Any

from sqlalchemy import BigInteger, case, cast, select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.elements import ColumnElement

from api.dashboard.figures import PROGRAMME_COLUMNS, fetch_programme
from api.dashboard.money_figures import (
    FIGURES,
    amended_awards,
    awards_of,
    budget_by_category_year,
    by_category,
    by_year,
    joined_figures,
    money_figures,
    per_team,
    report_counts,
    report_counts_select,
    spend_by_category_year,
    total,
)
from api.dashboard.paging import TeamFilter, by_name, fetch_page
from api.dashboard.replay import (
    UNPAID,
    AnySelect,
    Row,
    payment_status_as_of,
    snapshot,
)
from api.dashboard.schemas.money import MoneySort
from api.models import Award, Payment, Team
from api.pagination import SortKey


async def programme_money(
    conn: AsyncConnection,
    teams: TeamFilter,
    as_of: date,
    *,
    sort: MoneySort = MoneySort.name,
    limit: int = 50,
    cursor: str | None = None,
) -> Row:
    """The ``ProgrammeMoney`` body."""
    where = awards_of(teams.programme_id, as_of)
    async with snapshot(conn):
        programme = await fetch_programme(conn, teams.programme_id, teams.condition())
        awarded, paid, unpaid = (await conn.execute(_totals(where, as_of))).one()
        budget = (await conn.execute(budget_by_category_year(where))).all()
        spend = (await conn.execute(spend_by_category_year(where, as_of))).all()
        reports = report_counts(await conn.execute(report_counts_select(where, as_of)))
        page, next_cursor = await _page(conn, teams, as_of, sort, limit, cursor)
    budgeted = sum(int(row[2]) for row in budget)
    spent = sum(int(row[2]) for row in spend)
    return {
        "as_of": as_of,
        "programme": {c.key: programme[c.key] for c in PROGRAMME_COLUMNS},
        "totals": money_figures(int(awarded), budgeted, spent, int(paid), int(unpaid)),
        "by_category": by_category(budget, spend),
        "by_year": by_year(budget, spend),
        "reports": reports,
        "total": int(programme["matching"]),
        "items": page,
        "next_cursor": next_cursor,
    }


def _totals(where: ColumnElement[bool], as_of: date) -> AnySelect:
    """(awarded, paid, unpaid) of the awards under ``where``, as scalar subqueries in one row."""
    awards = amended_awards(where, as_of).subquery()
    status = payment_status_as_of(as_of)
    payments = (
        select(Payment.amount_pence, status.label("status"))
        .select_from(Payment)
        .join(Award, Award.id == Payment.award_id)
    )
    paid = payments.where(where).subquery()
    return select(
        select(total(awards.c.amount)).scalar_subquery(),
        select(
            total(case((paid.c.status == "paid", paid.c.amount_pence), else_=0))
        ).scalar_subquery(),
        select(
            total(case((paid.c.status.in_(UNPAID), paid.c.amount_pence), else_=0))
        ).scalar_subquery(),
    )


async def _page(
    conn: AsyncConnection,
    teams: TeamFilter,
    as_of: date,
    sort: MoneySort,
    limit: int,
    cursor: str | None,
) -> tuple[list[Row], str | None]:
    field = sort.value.lstrip("-")
    descending = sort.value.startswith("-")
    where = teams.condition()
    if field == "name":
        stmt, keys = select(Team.id, Team.name).where(where), by_name(descending)
    else:
        stmt, keys = _ranked(teams.programme_id, as_of, field, where, descending)
    page, next_cursor = await fetch_page(conn, stmt, keys, limit, cursor)
    return await breakdowns(conn, as_of, [t["id"] for t in page]), next_cursor


def _ranked(
    programme_id: str, as_of: date, field: str, where: ColumnElement[bool], descending: bool
) -> tuple[AnySelect, list[SortKey]]:
    """The matching teams with the one figure they are sorted by, and the keyset's keys."""
    figures = per_team(awards_of(programme_id, as_of), as_of)
    needed = ("budgeted_pence", "spend_pence") if field == "variance_pence" else (field,)
    joined, columns = joined_figures(figures, needed)
    figure = columns[0] - columns[1] if field == "variance_pence" else columns[0]
    ranked = (
        select(Team.id, Team.name, cast(figure, BigInteger).label(field))
        .select_from(joined)
        .where(where)
        .subquery()
    )
    keys = [
        SortKey(field, ranked.c[field], descending),
        SortKey("name", ranked.c.name, False),
        SortKey("id", ranked.c.id, False),
    ]
    return select(*ranked.c), keys


async def breakdowns(conn: AsyncConnection, as_of: date, ids: list[str]) -> list[Row]:
    """The teams' ``TeamMoney`` rows, in the order of ``ids``: one statement."""
    if not ids:
        return []
    figures = per_team(awards_of(None, as_of, ids), as_of)
    joined, columns = joined_figures(figures, FIGURES)
    stmt = select(Team.id, Team.name, *columns).select_from(joined).where(Team.id.in_(ids))
    rows = {r.id: r._mapping for r in await conn.execute(stmt)}
    return [_team_row(rows[i]) for i in ids]


def _team_row(row: Any) -> Row:
    out = {"id": row["id"], "name": row["name"]}
    out |= {name: int(row[name]) for name in FIGURES}
    out["unallocated_pence"] = out["awarded_pence"] - out["budgeted_pence"]
    out["variance_pence"] = out["budgeted_pence"] - out["spend_pence"]
    return out
