"""The money replay rules (amendments, spend reports, financial years) as SQL expressions.

The rules are stated once, in ``replay.py``'s docstring; this module is their SQL, shared by the
programme's and the team's money read models (``money.py``, ``team_money.py``) and by the other
read models' awarded figures (``amended_amount``).
"""

from datetime import date, timedelta
from typing import Any

from sqlalchemy import BigInteger, Date, and_, case, cast, func, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

from api.dashboard.replay import AnySelect
from api.models import Award, AwardAmendment, SpendReport
from api.models.enums import AmendmentStatus, ReportStatus

DUE_SOON_DAYS = 30  # a report due within this many days of D is "due soon"
Am = AwardAmendment


def _by(day: Any, as_of: date) -> ColumnElement[bool]:
    """Dated on or before ``as_of``, or undated (shown as recorded, like every undated decision)."""
    return or_(day.is_(None), day <= as_of)


# ---- amendments ---------------------------------------------------------------------------------


def amendment_counts(as_of: date) -> ColumnElement[bool]:
    """An amendment counts on D: approved by D (or undated) and effective by D."""
    return and_(
        Am.status == AmendmentStatus.approved, _by(Am.decided_on, as_of), Am.effective_date <= as_of
    )


def amendment_status_as_of(as_of: date) -> ColumnElement[str]:
    """``approved`` / ``rejected`` once decided by D (or undated); before that ``proposed``."""
    decided = _by(Am.decided_on, as_of)
    return case(
        (and_(Am.status == AmendmentStatus.approved, decided), "approved"),
        (and_(Am.status == AmendmentStatus.rejected, decided), "rejected"),
        else_="proposed",
    )


def amendment_changes(as_of: date, awards: ColumnElement[bool]) -> AnySelect:
    """(award_id, change): Σ amount_change_pence of the amendments counted on D of each award
    under ``awards`` (a condition on ``Award``; for a FROM clause, so it is not correlated)."""
    return (
        select(Am.award_id, cast(func.sum(Am.amount_change_pence), BigInteger).label("change"))
        .join(Award, Award.id == Am.award_id)
        .where(amendment_counts(as_of), awards)
        .group_by(Am.award_id)
    )


def amended_amount(as_of: date) -> ColumnElement[int]:
    """An award's amount on D: its original amount plus its counted changes (correlated)."""
    change = (
        select(func.coalesce(func.sum(Am.amount_change_pence), 0))
        .where(Am.award_id == Award.id, amendment_counts(as_of))
        .scalar_subquery()
    )
    return cast(Award.amount_pence + change, BigInteger)


def _last_counted(column: Any, as_of: date) -> ColumnElement[date | None]:
    return (
        select(column)
        .where(Am.award_id == Award.id, amendment_counts(as_of), column.is_not(None))
        .order_by(Am.effective_date.desc(), Am.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def amended_start(as_of: date) -> ColumnElement[date]:
    """The planned start on D: the last counted new_start_date (by effective date, then id)."""
    return func.coalesce(_last_counted(Am.new_start_date, as_of), Award.planned_start_date)


def amended_end(as_of: date) -> ColumnElement[date]:
    """The planned end on D: the last counted new_end_date (by effective date, then id)."""
    return func.coalesce(_last_counted(Am.new_end_date, as_of), Award.planned_end_date)


# ---- spend reports ------------------------------------------------------------------------------

R = SpendReport


def report_approved_by(as_of: date) -> ColumnElement[bool]:
    """Its spend counts on D: approved, and decided by D (or undated)."""
    return and_(R.status == ReportStatus.approved, _by(R.decided_on, as_of))


def report_status_as_of(as_of: date) -> ColumnElement[str]:
    decided = _by(R.decided_on, as_of)
    return case(
        (report_approved_by(as_of), "approved"),
        (and_(R.status == ReportStatus.returned, decided), "returned"),
        (and_(R.status != ReportStatus.draft, _by(R.submitted_on, as_of)), "submitted"),
        # Submitted again after D, but returned by D: with the team, as returned, on D.
        (and_(R.status == ReportStatus.submitted, R.decided_on <= as_of), "returned"),
        else_="draft",
    )


def report_open(as_of: date) -> ColumnElement[bool]:
    """Still owed on D: neither submitted nor approved by D (a draft, or returned)."""
    return report_status_as_of(as_of).in_(("draft", "returned"))


def report_overdue(as_of: date) -> ColumnElement[bool]:
    return and_(report_open(as_of), R.due_date < as_of)


def report_due_soon(as_of: date) -> ColumnElement[bool]:
    last = as_of + timedelta(days=DUE_SOON_DAYS)
    return and_(report_open(as_of), R.due_date >= as_of, R.due_date <= last)


# ---- financial years (1 April - 31 March) -------------------------------------------------------


class fy_start(FunctionElement[date]):  # noqa: N801 - named like the SQL functions
    """The first day (1 April) of the financial year a date falls in, in SQL."""

    type = Date()
    inherit_cache = True


@compiles(fy_start)
def _fy_start(element: fy_start, compiler: Any, **kw: Any) -> str:
    day = compiler.process(element.clauses, **kw)
    return f"CAST(date_trunc('year', {day} - interval '3 months') + interval '3 months' AS DATE)"


@compiles(fy_start, "sqlite")
def _fy_start_sqlite(element: fy_start, compiler: Any, **kw: Any) -> str:
    day = compiler.process(element.clauses, **kw)
    return f"date({day}, 'start of month', '-3 months', 'start of year', '+3 months')"


def fy_label(start: date | str) -> str:
    """``2013-14`` for the year from 1 April 2013."""
    year = int(str(start)[:4])
    return f"{year}-{(year + 1) % 100:02d}"
