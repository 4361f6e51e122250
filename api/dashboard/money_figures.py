"""Money figures over the replay rules as SQL: per award, per team (subqueries with one row per
team that has any) and the GROUP BYs the programme's and the team's money models share."""

from datetime import date
from typing import Any

from sqlalchemy import BigInteger, case, cast, func, select
from sqlalchemy.sql.elements import ColumnElement

from api.dashboard.money_replay import (
    amendment_changes,
    fy_label,
    fy_start,
    report_approved_by,
    report_due_soon,
    report_overdue,
    report_status_as_of,
)
from api.dashboard.replay import UNPAID, AnySelect, Row, payment_status_as_of
from api.models import Award, BudgetLine, Payment, SpendLine, SpendReport, Team
from api.models.enums import BudgetCategory

FIGURES = ("awarded_pence", "budgeted_pence", "spend_pence", "paid_pence", "overdue_reports")


def total(column: Any) -> ColumnElement[int]:
    """Σ column as a BIGINT, 0 over no rows."""
    return cast(func.coalesce(func.sum(column), 0), BigInteger)


def awards_of(programme_id: str | None, as_of: date, team_ids: Any = None) -> ColumnElement[bool]:
    """Awards made by ``as_of`` of ``team_ids`` (a list or a SELECT of ids), else the programme's
    teams."""
    if team_ids is None:
        team_ids = select(Team.id).where(Team.programme_id == programme_id)
    return Award.team_id.in_(team_ids) & (Award.award_date <= as_of)


# ---- per award: one row per award that has any --------------------------------------------------


def amended_awards(where: ColumnElement[bool], as_of: date) -> AnySelect:
    """(id, team_id, amount): the awards under ``where`` at their amended amount on ``as_of``."""
    changes = amendment_changes(as_of, where).subquery()
    amount = Award.amount_pence + func.coalesce(changes.c.change, 0)
    return (
        select(Award.id, Award.team_id, cast(amount, BigInteger).label("amount"))
        .outerjoin(changes, changes.c.award_id == Award.id)
        .where(where)
    )


def spend_rows(as_of: date) -> AnySelect:
    """The spend lines counted on ``as_of`` (in reports approved by then), with their report's
    award and period end and their budget line's category."""
    return (
        select(
            SpendReport.award_id,
            SpendLine.budget_line_id,
            SpendLine.amount_pence,
            SpendReport.period_end,
            BudgetLine.category,
        )
        .join(SpendReport, SpendReport.id == SpendLine.report_id)
        .join(BudgetLine, BudgetLine.id == SpendLine.budget_line_id)
        .where(report_approved_by(as_of))
    )


# ---- per team ----------------------------------------------------------------------------------


def awarded_by_team(where: ColumnElement[bool], as_of: date) -> AnySelect:
    """(team_id, awards, awarded): the awards under ``where``, amended on ``as_of``."""
    awards = amended_awards(where, as_of).subquery()
    return select(
        awards.c.team_id, func.count().label("awards"), total(awards.c.amount).label("awarded")
    ).group_by(awards.c.team_id)


def budgeted_by_team(where: ColumnElement[bool]) -> AnySelect:
    return (
        select(Award.team_id, total(BudgetLine.amount_pence).label("budgeted"))
        .select_from(BudgetLine)
        .join(Award, Award.id == BudgetLine.award_id)
        .where(where)
        .group_by(Award.team_id)
    )


def spend_by_team(where: ColumnElement[bool], as_of: date) -> AnySelect:
    spend = spend_rows(as_of).subquery()
    return (
        select(Award.team_id, total(spend.c.amount_pence).label("spend"))
        .select_from(spend)
        .join(Award, Award.id == spend.c.award_id)
        .where(where)
        .group_by(Award.team_id)
    )


def paid_by_team(where: ColumnElement[bool], as_of: date) -> AnySelect:
    status = payment_status_as_of(as_of)
    return (
        select(
            Award.team_id,
            total(case((status == "paid", Payment.amount_pence), else_=0)).label("paid"),
            total(case((status.in_(UNPAID), Payment.amount_pence), else_=0)).label("unpaid"),
        )
        .select_from(Payment)
        .join(Award, Award.id == Payment.award_id)
        .where(where)
        .group_by(Award.team_id)
    )


def overdue_by_team(where: ColumnElement[bool], as_of: date) -> AnySelect:
    return (
        select(Award.team_id, func.count().label("overdue"))
        .select_from(SpendReport)
        .join(Award, Award.id == SpendReport.award_id)
        .where(where, report_overdue(as_of))
        .group_by(Award.team_id)
    )


def per_team(where: ColumnElement[bool], as_of: date) -> dict[str, tuple[Any, Any]]:
    """Each sortable figure: (its per-team subquery, the expression of the figure in it)."""
    awarded = awarded_by_team(where, as_of).subquery()
    budgeted = budgeted_by_team(where).subquery()
    spend = spend_by_team(where, as_of).subquery()
    paid = paid_by_team(where, as_of).subquery()
    overdue = overdue_by_team(where, as_of).subquery()
    return {
        "awarded_pence": (awarded, awarded.c.awarded),
        "budgeted_pence": (budgeted, budgeted.c.budgeted),
        "spend_pence": (spend, spend.c.spend),
        "paid_pence": (paid, paid.c.paid),
        "overdue_reports": (overdue, overdue.c.overdue),
    }


def zero(column: Any) -> ColumnElement[int]:
    return cast(func.coalesce(column, 0), BigInteger)


def joined_figures(figures: dict[str, tuple[Any, Any]], names: tuple[str, ...]) -> tuple[Any, Any]:
    """Teams outer-joined to the named figures' subqueries, and those figures (0 for none)."""
    joined: Any = Team.__table__
    columns = []
    for name in names:
        subquery, column = figures[name]
        joined = joined.outerjoin(subquery, subquery.c.team_id == Team.id)
        columns.append(zero(column).label(name))
    return joined, columns


# ---- by category and financial year -------------------------------------------------------------


def budget_by_category_year(where: ColumnElement[bool]) -> AnySelect:
    """(category, fy, budgeted): budget lines of the awards under ``where``; a line counts in
    the financial year its period starts in."""
    fy = fy_start(BudgetLine.period_start)
    return (
        select(BudgetLine.category, fy.label("fy"), total(BudgetLine.amount_pence))
        .select_from(BudgetLine)
        .join(Award, Award.id == BudgetLine.award_id)
        .where(where)
        .group_by(BudgetLine.category, fy)
    )


def spend_by_category_year(where: ColumnElement[bool], as_of: date) -> AnySelect:
    """(category, fy, spend): approved spend; it counts in the year its report's period ends."""
    spend = spend_rows(as_of).subquery()
    fy = fy_start(spend.c.period_end)
    return (
        select(spend.c.category, fy.label("fy"), total(spend.c.amount_pence))
        .select_from(spend)
        .join(Award, Award.id == spend.c.award_id)
        .where(where)
        .group_by(spend.c.category, fy)
    )


def report_counts_select(where: ColumnElement[bool], as_of: date) -> AnySelect:
    """(status, n, due_soon, overdue): the reports of the awards under ``where`` on ``as_of``."""
    replayed = (
        select(
            report_status_as_of(as_of).label("status"),
            case((report_due_soon(as_of), 1), else_=0).label("due_soon"),
            case((report_overdue(as_of), 1), else_=0).label("overdue"),
        )
        .select_from(SpendReport)
        .join(Award, Award.id == SpendReport.award_id)
        .where(where)
        .subquery()
    )
    c = replayed.c
    return select(c.status, func.count(), total(c.due_soon), total(c.overdue)).group_by(c.status)


def report_counts(rows: Any) -> Row:
    out: Row = dict.fromkeys(("draft", "submitted", "returned", "approved"), 0)
    out |= {"due_soon": 0, "overdue": 0}
    for status, n, soon, overdue in rows:
        out[status] += int(n)
        out["due_soon"] += int(soon)
        out["overdue"] += int(overdue)
    return out


def variance(budgeted: int, spend: int) -> Row:
    return {"budgeted_pence": budgeted, "spend_pence": spend, "variance_pence": budgeted - spend}


def by_category(budget: Any, spend: Any) -> list[Row]:
    """Every category (all six, enum order) from (category, fy, pence) rows of both."""
    sums = {c.value: [0, 0] for c in BudgetCategory}
    for i, rows in enumerate((budget, spend)):
        for category, _, pence in rows:
            sums[str(category)][i] += int(pence)
    return [{"category": c, **variance(*sums[c])} for c in sums]


def by_year(budget: Any, spend: Any) -> list[Row]:
    """The financial years with any budget or spend, in order, from (key, fy, pence) rows."""
    sums: dict[str, list[int]] = {}
    for i, rows in enumerate((budget, spend)):
        for _, fy, pence in rows:
            sums.setdefault(str(fy), [0, 0])[i] += int(pence)
    return [
        {"year": fy_label(start), "start": start, **variance(*sums[start])}
        for start in sorted(sums)
    ]


def money_figures(awarded: int, budgeted: int, spend: int, paid: int, unpaid: int) -> Row:
    return {
        "awarded_pence": awarded,
        "budgeted_pence": budgeted,
        "unallocated_pence": awarded - budgeted,
        "spend_pence": spend,
        "paid_pence": paid,
        "scheduled_unpaid_pence": unpaid,
        "variance_pence": budgeted - spend,
    }
