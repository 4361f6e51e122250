"""Spend reports' rules, as plain checks over a row: the workflow, the dates a status needs, the
period inside the award's current terms, the reporting milestone a report satisfies."""

from typing import Any

from api.awards.terms import Terms
from api.errors import ProblemError, RuleBroken
from api.kit.decisions import DateInFuture, DecisionNeedsDate, today
from api.kit.rules import WrongProgramme, in_order
from api.models.enums import MilestoneKind, MilestoneStatus, ReportStatus

DRAFT, SUBMITTED = ReportStatus.draft, ReportStatus.submitted
RETURNED, APPROVED = ReportStatus.returned, ReportStatus.approved
# Where each status may go next (staying put is an edit, not a move).
MOVES: dict[ReportStatus, frozenset[ReportStatus]] = {
    DRAFT: frozenset({DRAFT, SUBMITTED}),
    SUBMITTED: frozenset({SUBMITTED, APPROVED, RETURNED}),
    RETURNED: frozenset({RETURNED, SUBMITTED, DRAFT}),
    APPROVED: frozenset({APPROVED}),
}
OPEN = frozenset({DRAFT, RETURNED})  # the statuses whose lines may be written


class ReportLocked(ProblemError):
    status = 409
    type = "report-locked"
    title = "An approved spend report is never edited or deleted, nor are its lines"


class ReportMoveRefused(ProblemError):
    status = 409
    type = "report-move-refused"
    title = "A spend report goes draft → submitted → approved, or back to the team as returned"


class ReportNotOpen(ProblemError):
    status = 409
    type = "report-not-open"
    title = "A spend report's content and lines change only while it is a draft or returned"


class ReportNotDraft(ProblemError):
    status = 409
    type = "report-not-draft"
    title = "Only a draft spend report is deleted"


class ReportNotApproved(ProblemError):
    status = 409
    type = "report-not-approved"
    title = "A reporting milestone is achieved only once the report linked to it is approved"


class SubmittedNeedsDate(RuleBroken):
    type = "submitted-needs-date"
    title = "A submitted, returned or approved report needs the day it was submitted"


class ReturnNeedsComment(RuleBroken):
    type = "return-needs-comment"
    title = "A returned report needs the reviewer's comments"


class ReportOutsideAward(RuleBroken):
    type = "report-outside-award"
    title = "The report's period falls outside the award's dates"


class DueBeforePeriodEnd(RuleBroken):
    type = "due-before-period-end"
    title = "A report is due on or after the end of its period"


class NotReportingMilestone(RuleBroken):
    type = "not-reporting-milestone"
    title = "A report satisfies a milestone of kind reporting only"


class WrongAward(RuleBroken):
    type = "wrong-award"
    title = "The budget line belongs to another award"


def a(status: ReportStatus) -> str:
    """``a draft``, ``an approved``: the status with its article, for messages."""
    return f"{'an' if status.value[0] in 'aeiou' else 'a'} {status.value}"


def status_move(row: dict[str, Any], before: dict[str, Any] | None) -> None:
    """An approved report stays as it is; any other moves only along ``MOVES``. A new report
    may start in any status (a load brings reports decided before), with the dates it needs."""
    if before is None:
        return
    was, now = before["status"], row["status"]
    if was == APPROVED:
        raise ReportLocked(
            "this report is approved; it can no longer change", loc=["path", "spend_report_id"]
        )
    if now not in MOVES[was]:
        allowed = " or ".join(sorted(s.value for s in MOVES[was] - {was}))
        raise ReportMoveRefused(
            f"{a(was)} report cannot become {now.value}; it can become {allowed}",
            field="status",
        )


# What the team submits: while the report is with its reviewer, it stays as submitted (the
# reviewer decides on what the team sent); the reviewer's own fields are status, decided_on and
# review_comment.
SUBMITTED_FIELDS = ("period_start", "period_end", "due_date", "narrative", "milestone_id")


def as_submitted(row: dict[str, Any], before: dict[str, Any] | None) -> None:
    """A submitted report's content is what the team sent until it is returned (or approved,
    when it is locked for good)."""
    if before is None or before["status"] != SUBMITTED:
        return
    for field in (*SUBMITTED_FIELDS, "submitted_on"):
        if row[field] != before[field]:
            raise ReportNotOpen(
                f"this report is submitted: its {field} changes only once it is returned",
                field=field,
            )


def status_needs(row: dict[str, Any]) -> None:
    """What a status needs: its submission day, and a decision's day (and comments); days
    that have come (the dashboard counts an approval from its day)."""
    status = row["status"]
    for field in ("submitted_on", "decided_on"):
        if row[field] is not None and row[field] > today():
            raise DateInFuture(f"{field} {row[field].isoformat()} is in the future", field=field)
    if status != DRAFT and row["submitted_on"] is None:
        raise SubmittedNeedsDate(f"{a(status)} report needs submitted_on", field="submitted_on")
    if status in (APPROVED, RETURNED):
        if row["decided_on"] is None:
            raise DecisionNeedsDate(f"{a(status)} report needs decided_on", field="decided_on")
        in_order(row["submitted_on"], row["decided_on"], "decided_on", strict=False)
    if status == RETURNED and not row["review_comment"].strip():
        raise ReturnNeedsComment(
            "a returned report needs review_comment saying what to change", field="review_comment"
        )


def period_fits(row: dict[str, Any], award: Terms) -> None:
    """The period is in order, inside the award's current dates, and due after it ends."""
    in_order(row["period_start"], row["period_end"], "period_end", strict=False)
    for field in ("period_start", "period_end"):
        if not award.start <= row[field] <= award.end:
            raise ReportOutsideAward(
                f"{field} {row[field].isoformat()} is outside award {award.identifier}'s dates "
                f"{award.start.isoformat()} – {award.end.isoformat()}",
                field=field,
            )
    if row["due_date"] < row["period_end"]:
        raise DueBeforePeriodEnd(
            f"due_date {row['due_date'].isoformat()} is before the period ends "
            f"({row['period_end'].isoformat()})",
            field="due_date",
        )


def milestone_fits(row: dict[str, Any], milestone: Any, team_id: str, programme_id: str) -> None:
    """The milestone is a reporting one of the award's team and programme; one already achieved
    is satisfied by an approved report only."""
    if milestone.kind != MilestoneKind.reporting:
        raise NotReportingMilestone(
            f"milestone {milestone.ref} is of kind {milestone.kind.value}, not reporting",
            field="milestone_id",
        )
    if milestone.team_id != team_id or milestone.programme_id != programme_id:
        raise WrongProgramme(
            "the milestone belongs to another team or programme than the award",
            field="milestone_id",
        )
    if milestone.status == MilestoneStatus.achieved and row["status"] != APPROVED:
        raise ReportNotApproved(
            f"milestone {milestone.ref} is already achieved, so only an approved report may "
            "satisfy it",
            field="milestone_id",
        )
