"""One team's money on a day (``GET /teams/{id}/money``): each award made by then with its
original and amended terms, its amendment history, its budget lines against approved spend, by
financial year, its payments; and the team's spend reports with their status on the day.
7 statements in one snapshot, whatever the team holds."""

from datetime import date
from typing import Any

from sqlalchemy import case, select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.elements import ColumnElement

from api.dashboard.money_figures import (
    awards_of,
    by_year,
    money_figures,
    report_counts,
    spend_rows,
    total,
    variance,
)
from api.dashboard.money_replay import (
    Am,
    amended_amount,
    amended_end,
    amended_start,
    amendment_counts,
    amendment_status_as_of,
    fy_start,
    report_due_soon,
    report_overdue,
    report_status_as_of,
)
from api.dashboard.replay import UNPAID, Row, payment_status_as_of, snapshot
from api.errors import NotFound
from api.models import Award, BudgetLine, Payment, Programme, SpendLine, SpendReport, Team


async def team_money(conn: AsyncConnection, team_id: str, as_of: date) -> Row:
    """The ``TeamMoneyDetail`` body."""
    where = awards_of(None, as_of, [team_id])
    award_ids = select(Award.id).where(where)
    async with snapshot(conn):
        team = (
            await conn.execute(
                select(Team.id, Team.name, Programme.currency)
                .join(Programme, Programme.id == Team.programme_id)
                .where(Team.id == team_id)
            )
        ).first()
        if team is None:
            raise NotFound(f"no team with id {team_id}", loc=["path", "team_id"])
        awards = [dict(r._mapping) for r in await conn.execute(_awards(where, as_of))]
        amendments = await conn.execute(_amendments(award_ids, as_of))
        lines = await conn.execute(_lines(award_ids, as_of))
        spend_years = list(await conn.execute(_spend_by_year(award_ids, as_of)))
        payments = await conn.execute(_payments(award_ids, as_of))
        reports = [dict(r._mapping) for r in await conn.execute(_reports(award_ids, as_of))]
    by_award = {a["id"]: _award(a) for a in awards}
    for row in amendments:
        by_award[row.award_id]["amendments"].append(_amendment(row._mapping))
    for row in lines:
        by_award[row.award_id]["budget_lines"].append(_line(row._mapping))
    paid = {a: (int(p), int(u)) for a, p, u in payments}
    out = [_finish(a, paid.get(a["id"], (0, 0)), spend_years) for a in by_award.values()]
    return {
        "as_of": as_of,
        "team": {"id": team.id, "name": team.name},
        "currency": team.currency,
        "totals": _sum_figures([a["figures"] for a in out]),
        "by_year": by_year(_line_years(out), spend_years),
        "reports": report_counts(_report_count_rows(reports)),
        "awards": out,
        "report_list": reports,
    }


def _awards(where: ColumnElement[bool], as_of: date) -> Any:
    return (
        select(
            Award.id,
            Award.identifier,
            Award.currency,
            Award.amount_pence,
            Award.planned_start_date,
            Award.planned_end_date,
            amended_amount(as_of).label("amended_amount"),
            amended_start(as_of).label("amended_start"),
            amended_end(as_of).label("amended_end"),
        )
        .where(where)
        .order_by(Award.award_date, Award.id)
    )


def _amendments(award_ids: Any, as_of: date) -> Any:
    decided = case((Am.decided_on <= as_of, Am.decided_on), else_=None)
    return (
        select(
            Am.award_id,
            Am.id,
            Am.ref,
            Am.kind,
            Am.amount_change_pence,
            Am.new_start_date,
            Am.new_end_date,
            Am.reason,
            Am.effective_date,
            amendment_status_as_of(as_of).label("status"),
            decided.label("decided_on"),
            amendment_counts(as_of).label("counts"),
        )
        .where(Am.award_id.in_(award_ids))
        .order_by(Am.effective_date, Am.id)
    )


def _lines(award_ids: Any, as_of: date) -> Any:
    spend = spend_rows(as_of).subquery()
    per_line = (
        select(spend.c.budget_line_id, total(spend.c.amount_pence).label("spend"))
        .group_by(spend.c.budget_line_id)
        .subquery()
    )
    return (
        select(
            BudgetLine.award_id,
            BudgetLine.id,
            BudgetLine.ref,
            BudgetLine.category,
            BudgetLine.period_start,
            BudgetLine.period_end,
            BudgetLine.description,
            BudgetLine.amount_pence,
            fy_start(BudgetLine.period_start).label("fy"),
            per_line.c.spend,
        )
        .outerjoin(per_line, per_line.c.budget_line_id == BudgetLine.id)
        .where(BudgetLine.award_id.in_(award_ids))
        .order_by(BudgetLine.period_start, BudgetLine.category, BudgetLine.id)
    )


def _spend_by_year(award_ids: Any, as_of: date) -> Any:
    """(award_id, fy, spend): approved spend in the year its report's period ends."""
    spend = spend_rows(as_of).subquery()
    fy = fy_start(spend.c.period_end)
    return (
        select(spend.c.award_id, fy.label("fy"), total(spend.c.amount_pence))
        .where(spend.c.award_id.in_(award_ids))
        .group_by(spend.c.award_id, fy)
    )


def _payments(award_ids: Any, as_of: date) -> Any:
    status = payment_status_as_of(as_of)
    return (
        select(
            Payment.award_id,
            total(case((status == "paid", Payment.amount_pence), else_=0)),
            total(case((status.in_(UNPAID), Payment.amount_pence), else_=0)),
        )
        .where(Payment.award_id.in_(award_ids))
        .group_by(Payment.award_id)
    )


def _reports(award_ids: Any, as_of: date) -> Any:
    R = SpendReport  # noqa: N806 - the table, short
    spend = (
        select(total(SpendLine.amount_pence)).where(SpendLine.report_id == R.id).scalar_subquery()
    )
    return (
        select(
            R.id,
            R.ref,
            R.award_id,
            R.period_start,
            R.period_end,
            R.due_date,
            report_status_as_of(as_of).label("status"),
            case((R.submitted_on <= as_of, R.submitted_on), else_=None).label("submitted_on"),
            case((R.decided_on <= as_of, R.decided_on), else_=None).label("decided_on"),
            spend.label("spend_pence"),
            report_due_soon(as_of).label("due_soon"),
            report_overdue(as_of).label("overdue"),
        )
        .where(R.award_id.in_(award_ids))
        .order_by(R.due_date, R.id)
    )


# ---- shaping (no queries) -----------------------------------------------------------------------


def _award(a: Row) -> Row:
    return {
        "id": a["id"],
        "identifier": a["identifier"],
        "currency": a["currency"],
        "original": {
            "amount_pence": a["amount_pence"],
            "start_date": a["planned_start_date"],
            "end_date": a["planned_end_date"],
        },
        "amended": {
            "amount_pence": int(a["amended_amount"]),
            "start_date": a["amended_start"],
            "end_date": a["amended_end"],
        },
        "amendments": [],
        "budget_lines": [],
    }


def _amendment(row: Any) -> Row:
    out = {k: row[k] for k in row.keys() if k != "award_id"}
    out["counts"] = bool(out["counts"])  # SQLite answers 0 or 1
    return out


def _line(row: Any) -> Row:
    spend = int(row["spend"] or 0)
    return {
        **{k: row[k] for k in ("id", "ref", "category", "period_start", "period_end")},
        "description": row["description"],
        **variance(int(row["amount_pence"]), spend),
        "fy": str(row["fy"]),
    }


def _finish(award: Row, paid: tuple[int, int], spend_years: list[Any]) -> Row:
    """The award's figures and years from its lines; the lines lose their year key."""
    lines = award["budget_lines"]
    budget = [(None, line.pop("fy"), line["budgeted_pence"]) for line in lines]
    spend = [(None, fy, pence) for a, fy, pence in spend_years if a == award["id"]]
    budgeted = sum(line["budgeted_pence"] for line in lines)
    spent = sum(int(pence) for _, _, pence in spend)
    award["figures"] = money_figures(award["amended"]["amount_pence"], budgeted, spent, *paid)
    award["by_year"] = by_year(budget, spend)
    award["_budget_years"] = budget
    return award


def _line_years(awards: list[Row]) -> list[Any]:
    return [row for a in awards for row in a.pop("_budget_years")]


def _sum_figures(figures: list[Row]) -> Row:
    keys = ("awarded_pence", "budgeted_pence", "spend_pence", "paid_pence")
    sums = [sum(f[k] for f in figures) for k in (*keys, "scheduled_unpaid_pence")]
    return money_figures(*sums)


def _report_count_rows(reports: list[Row]) -> list[tuple[str, int, int, int]]:
    for r in reports:
        r["due_soon"] = bool(r["due_soon"])
        r["overdue"] = bool(r["overdue"])
        r["spend_pence"] = int(r["spend_pence"])
    return [(r["status"], 1, int(r["due_soon"]), int(r["overdue"])) for r in reports]
