"""What reminders are about: milestones not yet achieved or cancelled, and spend reports not yet
submitted (a draft, or returned to the team), as rows of one shape.

``open_items()`` is a UNION ALL of both with the columns every reminder needs; the events and
the digests add their own date ranges and people. Titles of reports are made in Python (a date
prints differently on each engine)."""

from datetime import date
from typing import Any

from sqlalchemy import Date, String, cast, literal, null, select, union_all
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Select, Subquery

from api.models import Award, Milestone, SpendReport, Team
from api.models.enums import MilestoneStatus, ReportStatus

Row = dict[str, Any]
AnySelect = Select[*tuple[Any, ...]]  # a SELECT of any columns
CLOSED_MILESTONE = (MilestoneStatus.achieved, MilestoneStatus.cancelled)
OPEN_REPORT = (ReportStatus.draft, ReportStatus.returned)
RESOURCE = {"milestone": "milestones", "report": "spend-reports"}


def milestones(due: ColumnElement[bool] | None = None) -> AnySelect:
    stmt = (
        select(
            literal("milestone").label("kind"),
            Milestone.id,
            Milestone.title,
            Milestone.due_date,
            cast(Milestone.status, String(40)).label("status"),
            Milestone.team_id,
            Milestone.programme_id,
            Team.name.label("team_name"),
            cast(null(), String(36)).label("award_id"),
            cast(null(), Date).label("period_start"),
            cast(null(), Date).label("period_end"),
        )
        .outerjoin(Team, Team.id == Milestone.team_id)  # a programme-wide one has none
        .where(Milestone.status.not_in(CLOSED_MILESTONE))
    )
    return stmt if due is None else stmt.where(due)


def reports(due: ColumnElement[bool] | None = None) -> AnySelect:
    stmt = (
        select(
            literal("report").label("kind"),
            SpendReport.id,
            cast(null(), String(200)).label("title"),
            SpendReport.due_date,
            cast(SpendReport.status, String(40)).label("status"),
            Award.team_id,
            Team.programme_id,
            Team.name.label("team_name"),
            SpendReport.award_id,
            SpendReport.period_start,
            SpendReport.period_end,
        )
        .join(Award, Award.id == SpendReport.award_id)
        .join(Team, Team.id == Award.team_id)
        .where(SpendReport.status.in_(OPEN_REPORT))
    )
    return stmt if due is None else stmt.where(due)


def open_items(*parts: AnySelect) -> Subquery:
    return union_all(*parts).subquery("items")


def title_of(row: Row) -> str:
    if row["kind"] == "report":
        return f"Spend report for {day(row['period_start'])} to {day(row['period_end'])}"
    return str(row["title"])


def day(value: date | str) -> str:
    """5 December 2026 (SQLite gives back a UNION's dates as text)."""
    d = value if isinstance(value, date) else date.fromisoformat(value)
    return f"{d.day} {d:%B %Y}"


def as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def event_data(row: Row) -> Row:
    """The row as the feed shows it in a reminder event (small: what a reminder needs)."""
    data = {
        "id": row["id"],
        "title": title_of(row),
        "due_date": as_date(row["due_date"]).isoformat(),
        "status": row["status"],
        "team_id": row["team_id"],
        "programme_id": row["programme_id"],
    }
    if row["kind"] == "report":
        data["award_id"] = row["award_id"]
    return data
