"""Figures several read models share: the programme, its money, milestones, support, evidence
and teams counted on `as_of`, and one milestone as it stood that day."""

from datetime import date
from typing import Annotated

from pydantic import Field

from api.dashboard.schemas.base import ID, MilestoneStatusAsOf, ReadModel, StatusUndated, described
from api.models.enums import MilestoneKind, SupportType


class ProgrammeBasics(ReadModel):
    """The programme and its window."""

    id: str = described("The programme's id.", ID)
    code: str = described("Short unique code.", "CTG-SP")
    title: str = described("Full title.", "Shared Purpose")
    start_date: date = described("First day of the window.", "2012-06-01")
    end_date: date = described("Last day of the window.", "2015-12-31")
    currency: str = described("ISO 4217 currency of every `*_pence` figure.", "GBP")
    award_cap_pence: int | None = described("Largest award per team, in pence.", 42_000_000)
    max_teams: int | None = described("Most teams the programme funds.", 9)


ProgrammeWindow = Annotated[ProgrammeBasics, Field(description="The programme and its window.")]


class FundingFigures(ReadModel):
    """Money as it stood on `as_of`, in pence."""

    currency: str = described("ISO 4217 currency of the figures.", "GBP")
    awards: int = described("Awards made on or before `as_of`.", 9)
    awarded_pence: int = described(
        "Sum of the awards made on or before `as_of` (award_date <= as_of), each at its amount "
        "amended on that day (plus the amendments approved and effective by then).",
        378_000_000,
    )
    paid_pence: int = described(
        "Sum of those awards' payments paid on or before `as_of`.", 126_000_000
    )
    scheduled_unpaid_pence: int = described(
        "Sum of those awards' payments not cancelled and not yet paid on `as_of` "
        "(scheduled, approved, or paid after `as_of`).",
        252_000_000,
    )
    remaining_pence: int = described("Awarded minus paid.", 252_000_000)


class MilestoneCounts(ReadModel):
    """Milestones by their status replayed on `as_of`."""

    planned: int = described("Not yet due and not started (or its outcome came later).", 12)
    in_progress: int = described("Not yet due and marked in progress.", 4)
    achieved: int = described("Achieved with a completed date on or before `as_of`.", 20)
    late: int = described("Due before `as_of`, not achieved by then, not cancelled/deferred.", 3)
    deferred: int = described("Deferred (as recorded now; deferrals carry no date).", 1)
    cancelled: int = described("Cancelled (as recorded now; cancellations carry no date).", 0)
    total: int = described("Every milestone counted.", 40)


class SupportByType(ReadModel):
    """Support delivered by `as_of` (status delivered and end_date <= as_of), for one type."""

    type: SupportType = described("The kind of support.", "coaching")
    activities: int = described("Activities delivered.", 6)
    hours: float = described("Their contact hours.", 48.0)


class EvidenceCounts(ReadModel):
    """Evidence published on or before `as_of`."""

    total: int = described("Pieces of evidence.", 14)
    exemplars: int = described("Of which flagged exemplars of best practice.", 3)


class SustainabilityCounts(ReadModel):
    """Teams by their latest sustainability check-in on or before `as_of`."""

    not_assessed: int = described("No check-in by `as_of`.", 9)
    continuing: int = described("The work was carrying on.", 0)
    partly_continuing: int = described("Part of it was carrying on.", 0)
    stopped: int = described("It had stopped.", 0)


class TeamCounts(ReadModel):
    """The programme's teams, by provenance, by replayed status and by sustainability."""

    total: int = described("Teams.", 9)
    sourced: int = described("Teams whose facts come from a published source.", 1)
    synthetic: int = described("Teams made up for the demo.", 8)
    active: int = described("Teams active on `as_of` (replayed).", 9)
    completed: int = described("Teams completed by `as_of`.", 0)
    withdrawn: int = described("Teams withdrawn by `as_of`.", 0)
    status_undated: int = described(
        "Of the completed and withdrawn, those whose change of status has no recorded date.", 0
    )
    sustainability: SustainabilityCounts = Field(description="Teams by sustainability on `as_of`.")


class MilestoneAsOf(ReadModel):
    """A milestone as it stood on `as_of`."""

    id: str = described("The milestone's id.", ID)
    team_id: str | None = described("The team; null for a programme-wide milestone.", ID)
    team_name: str | None = described("The team's name; null when programme-wide.", "Team A")
    title: str = described("What is to be reached.", "Diagnostic report agreed")
    kind: MilestoneKind = described(
        "Project, learning, reporting, ... or sustainability.", "project"
    )
    due_date: date = described("When it is due.", "2013-03-31")
    completed_date: date | None = described(
        "When it was achieved, if on or before `as_of`; otherwise null.", "2013-03-28"
    )
    status: MilestoneStatusAsOf = described("Its status replayed on `as_of`.", "achieved")
    status_undated: StatusUndated
    decided_on: date | None = described(
        "When it was deferred or cancelled, while that decision counts on `as_of`; else null.", None
    )
    decision_reason: str = described(
        "Why it was deferred or cancelled, while that decision counts on `as_of`; else empty.", ""
    )
    depends_on_ids: list[str] = described("Milestones that must come first.", [ID])
