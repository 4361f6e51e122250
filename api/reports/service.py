"""Spend reports and their lines: the workflow and its locks, checked for a batch of rows at once
(one for the HTTP API, thousands for a load)."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.awards.filters import award_filters
from api.awards.service import CurrencyMismatch
from api.awards.terms import Terms, terms_by_id
from api.errors import NotFound
from api.kit.changes import Change, Memo, Verdicts, each
from api.kit.service import CrudService
from api.models import Award, BudgetLine, Milestone, SpendLine, SpendReport, Team
from api.reports.rules import (
    APPROVED,
    DRAFT,
    OPEN,
    ReportLocked,
    ReportNotDraft,
    ReportNotOpen,
    WrongAward,
    as_submitted,
    milestone_fits,
    period_fits,
    status_move,
    status_needs,
)
from api.reports.schemas import SpendLineRead, SpendReportRead

# Reports written in this transaction (``session.info``): a load brings a report decided
# elsewhere together with its lines, which are then accepted whatever the report's status.
NEW_REPORTS = "new_spend_reports"


async def _homes(session: AsyncSession, award_ids: set[str]) -> dict[str, Any]:
    """Each award's team and programme."""
    stmt = (
        select(Award.id, Award.team_id, Team.programme_id)
        .join(Team, Team.id == Award.team_id)
        .where(Award.id.in_(award_ids))
    )
    return {a.id: a for a in (await session.execute(stmt)).all()}


async def _milestones(session: AsyncSession, changes: Sequence[Change]) -> dict[str, Any]:
    ids = {c.row["milestone_id"] for c in changes} - {None}
    if not ids:
        return {}
    stmt = select(
        Milestone.id,
        Milestone.ref,
        Milestone.kind,
        Milestone.status,
        Milestone.team_id,
        Milestone.programme_id,
    ).where(Milestone.id.in_(ids))
    return {m.id: m for m in (await session.execute(stmt)).all()}


class SpendReportService(CrudService[SpendReport]):
    model = SpendReport
    read_schema = SpendReportRead
    filters = {
        **award_filters(SpendReport.award_id),
        "status": lambda v: SpendReport.status == v,
        "due_from": lambda v: SpendReport.due_date >= v,
        "due_to": lambda v: SpendReport.due_date <= v,
    }
    sortable = ("due_date", "period_start", "status", "created_at")
    default_sort = "due_date"

    async def check_rows(
        self, session: AsyncSession, changes: Sequence[Change], memo: Memo | None = None
    ) -> Verdicts:
        award_ids = {c.row["award_id"] for c in changes}
        awards = await terms_by_id(session, award_ids)
        homes = await _homes(session, award_ids)
        milestones = await _milestones(session, changes)
        new: set[str] = session.info.setdefault(NEW_REPORTS, set())

        def check(change: Change) -> None:
            row = change.row
            status_move(row, change.before)
            as_submitted(row, change.before)
            status_needs(row)
            award = awards.get(row["award_id"])
            if award is None:
                raise NotFound(f"no award with id {row['award_id']}", field="award_id")
            period_fits(row, award)
            if row["milestone_id"] is not None:
                home = homes[award.id]
                found = milestones.get(row["milestone_id"])
                if found is None:
                    raise NotFound(
                        f"no milestone with id {row['milestone_id']}", field="milestone_id"
                    )
                milestone_fits(row, found, home.team_id, home.programme_id)
            if change.before is None:
                new.add(row["id"])

        return each(changes, check)

    async def before_delete(self, session: AsyncSession, obj: SpendReport) -> None:
        if obj.status == APPROVED:
            raise ReportLocked(
                "this report is approved and cannot be deleted", loc=["path", "spend_report_id"]
            )
        if obj.status != DRAFT:
            raise ReportNotDraft(
                f"this report is {obj.status.value}; only a draft is deleted",
                loc=["path", "spend_report_id"],
            )


def line_open(report: Any, new: set[str], where: list[str]) -> None:
    """A line is written only while its report is a draft or returned (or new in this load)."""
    if report.status in OPEN or report.id in new:
        return
    if report.status == APPROVED:
        raise ReportLocked(f"report {report.ref} is approved: its lines are locked", loc=where)
    raise ReportNotOpen(
        f"report {report.ref} is {report.status.value}: its lines change only once it is returned",
        loc=where,
    )


async def _reports(session: AsyncSession, ids: set[str]) -> dict[str, Any]:
    """The reports, locked: a line and the report's approval queue behind each other."""
    if not ids:
        return {}
    stmt = (
        select(SpendReport.id, SpendReport.ref, SpendReport.status, SpendReport.award_id)
        .where(SpendReport.id.in_(ids))
        .with_for_update()
    )
    return {r.id: r for r in (await session.execute(stmt)).all()}


async def _budget_lines(session: AsyncSession, ids: set[str]) -> dict[str, str]:
    """Each budget line's award."""
    stmt = select(BudgetLine.id, BudgetLine.award_id).where(BudgetLine.id.in_(ids))
    found: dict[str, str] = dict((await session.execute(stmt)).all())
    return found


class SpendLineService(CrudService[SpendLine]):
    model = SpendLine
    read_schema = SpendLineRead
    filters = {
        "report_id": lambda v: SpendLine.report_id == v,
        "budget_line_id": lambda v: SpendLine.budget_line_id == v,
    }
    sortable = ("amount_pence", "created_at")
    default_sort = "created_at"

    async def check_rows(
        self, session: AsyncSession, changes: Sequence[Change], memo: Memo | None = None
    ) -> Verdicts:
        reports = await _reports(session, {c.row["report_id"] for c in changes})
        awards: dict[str, Terms] = await terms_by_id(
            session, {r.award_id for r in reports.values()}
        )
        budgets = await _budget_lines(session, {c.row["budget_line_id"] for c in changes})
        new: set[str] = session.info.get(NEW_REPORTS, set())

        def check(change: Change) -> None:
            row = change.row
            report = reports.get(row["report_id"])
            if report is None:
                raise NotFound(f"no spend report with id {row['report_id']}", field="report_id")
            line_open(report, new, ["body", "report_id"])
            award = awards[report.award_id]
            if budgets.get(row["budget_line_id"]) != award.id:
                raise WrongAward(
                    f"the budget line is not one of award {award.identifier}'s",
                    field="budget_line_id",
                )
            if row["currency"] != award.currency:
                raise CurrencyMismatch(
                    f"the award is in {award.currency}, not {row['currency']}", field="currency"
                )

        return each(changes, check)

    async def before_delete(self, session: AsyncSession, obj: SpendLine) -> None:
        reports = await _reports(session, {obj.report_id})
        line_open(reports[obj.report_id], set(), ["path", "spend_line_id"])


reports = SpendReportService()
lines = SpendLineService()
