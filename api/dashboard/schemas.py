"""The dashboard's read models: what each figure means and which day it was taken on.

Responses are serialised straight from rows (see ``router.py``); these models document the exact
shape in OpenAPI and the tests validate every response against them.
"""

from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from api.models.enums import (
    ActivityStatus,
    AwardStatus,
    CorporateService,
    Direction,
    EvidenceKind,
    Instalment,
    Measure,
    MilestoneKind,
    OrganisationKind,
    PartnerRole,
    PaymentStatus,
    Provenance,
    QualityDimension,
    SupportFormat,
    SupportType,
    SustainabilityStatus,
    TeamStatus,
)

ID = "0190d7a4-8c6e-7cc3-9a51-3f1e2d4c5b6a"


def described(description: str, example: Any) -> Any:
    return Field(description=description, examples=[example])


class MilestoneStatusAsOf(StrEnum):
    """A milestone's status replayed on a day: `achieved` if achieved and completed by then;
    `cancelled` / `deferred` if so decided by then (or on a day not recorded); `late` if due
    before the day; otherwise
    `in_progress` if recorded so now, else `planned` (rules: ``api.dashboard.replay``)."""

    planned = "planned"
    in_progress = "in_progress"
    achieved = "achieved"
    late = "late"
    deferred = "deferred"
    cancelled = "cancelled"


class ReadModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---- parts shared by the three read models ------------------------------------------------------


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


class FundingFigures(ReadModel):
    """Money as it stood on `as_of`, in pence."""

    currency: str = described("ISO 4217 currency of the figures.", "GBP")
    awards: int = described("Awards made on or before `as_of`.", 9)
    awarded_pence: int = described(
        "Sum of the awards made on or before `as_of` (award_date <= as_of).", 378_000_000
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
    status_undated: bool = described(
        "True when the status shown rests on a decision whose date was not recorded (shown as "
        "recorded, whatever `as_of`): the screen says 'date not recorded'.",
        False,
    )
    decided_on: date | None = described(
        "When it was deferred or cancelled, while that decision counts on `as_of`; else null.",
        None,
    )
    decision_reason: str = described(
        "Why it was deferred or cancelled, while that decision counts on `as_of`; else empty.", ""
    )
    depends_on_ids: list[str] = described("Milestones that must come first.", [ID])


# ---- GET /programmes/{id}/summary ---------------------------------------------------------------


class TeamBreakdown(ReadModel):
    """One team's figures on `as_of`."""

    id: str = described("The team's id.", ID)
    name: str = described("Team name.", "Synthetic Team 3 (demo)")
    provenance: Provenance = described("`sourced` or `synthetic`.", "synthetic")
    status: TeamStatus = described(
        "Replayed: `completed` / `withdrawn` from the day it changed (or always, when that day "
        "was not recorded), otherwise `active`.",
        "active",
    )
    status_undated: bool = described(
        "True when the status shown rests on a decision whose date was not recorded (shown as "
        "recorded, whatever `as_of`): the screen says 'date not recorded'.",
        False,
    )
    sustainability_status: SustainabilityStatus = described(
        "Its latest sustainability check-in on or before `as_of`; `not_assessed` without one.",
        "not_assessed",
    )
    awarded_pence: int = described("Its awards made by `as_of`.", 42_000_000)
    paid_pence: int = described("Paid to it by `as_of`.", 14_000_000)
    scheduled_unpaid_pence: int = described("Scheduled for it but unpaid on `as_of`.", 28_000_000)
    remaining_pence: int = described("Awarded minus paid.", 28_000_000)
    milestones: MilestoneCounts = Field(description="Its milestones by replayed status.")
    support: list[SupportByType] = Field(
        description="Support it received by `as_of`, one entry per type (all four, in order)."
    )
    evidence: EvidenceCounts = Field(description="Its evidence published by `as_of`.")


class MonthFunding(ReadModel):
    """One month's payments on `as_of`: a payment paid by `as_of` falls in the month of its paid
    date, an unpaid one (scheduled, approved, or paid only after `as_of`) in the month it is
    scheduled; cancelled ones nowhere."""

    month: str = described("The month, `YYYY-MM`.", "2013-07")
    paid_pence: int = described("Paid that month (by `as_of`).", 12_000_000)
    scheduled_unpaid_pence: int = described("Scheduled that month and unpaid on `as_of`.", 0)


class MonthMilestones(MilestoneCounts):
    """The milestones due in one month, by replayed status."""

    month: str = described("The month they are due, `YYYY-MM`.", "2013-03")


class PaidShareBand(ReadModel):
    """How many teams have been paid this share of what they were awarded."""

    from_percent: int = described("Lower bound, included.", 30)
    to_percent: int = described("Upper bound, excluded (100 included in the last band).", 40)
    teams: int = described("Teams with an award whose paid share falls in the band.", 120)


class LateBand(ReadModel):
    """How many teams have this many late milestones."""

    late: int = described("Late milestones (3 means 3 or more).", 1)
    teams: int = described("Teams with that many.", 37)


class TeamDistributions(ReadModel):
    """The teams spread over a few bands: small whatever the team count."""

    paid_share: list[PaidShareBand] = Field(
        description="Teams with an award by `as_of`, by paid / awarded share in ten bands "
        "(0-10%, ..., 90-100%)."
    )
    not_awarded: int = described("Teams with no award made by `as_of`.", 3)
    late_milestones: list[LateBand] = Field(
        description="Every team by its count of late milestones: 0, 1, 2, 3 or more."
    )


class LateTeam(ReadModel):
    """A team and its late milestones on `as_of`."""

    id: str = described("The team's id.", ID)
    name: str = described("Team name.", "Synthetic Team 3 (demo)")
    late: int = described("Its milestones late on `as_of`.", 4)


class MostLate(ReadModel):
    """The ten teams with most late milestones, then all others together."""

    teams: list[LateTeam] = Field(
        description="At most ten teams with a late milestone, most late first, then by name."
    )
    others_teams: int = described("Other teams with a late milestone.", 41)
    others_late: int = described("Their late milestones together.", 52)


class RoundFigures(ReadModel):
    """One round of a series (a child programme) with its headline figures on `as_of`."""

    id: str = described("The round's programme id.", ID)
    code: str = described("Its short code.", "CTG-SP")
    title: str = described("Its title.", "Shared Purpose")
    round: int | None = described("Its round number in the series.", 3)
    start_date: date = described("First day of its window.", "2012-06-01")
    end_date: date = described("Last day of its window.", "2015-12-31")
    currency: str = described("ISO 4217 currency of its `*_pence` figures.", "GBP")
    teams: int = described("Its teams.", 9)
    awarded_pence: int = described("Its awards made by `as_of`, in pence.", 378_000_000)
    paid_pence: int = described("Those awards' payments paid by `as_of`, in pence.", 126_000_000)
    milestones: int = described("Its milestones (team and programme-wide).", 120)
    achieved: int = described("Of those, achieved by `as_of`.", 40)
    late: int = described("Of those, late on `as_of`.", 3)


class ProgrammeSummary(ReadModel):
    """The programme as it stood on `as_of`; per-team rows are paged by `team-figures`."""

    as_of: date = described("The day replayed.", "2013-12-31")
    programme: ProgrammeBasics = Field(description="The programme and its window.")
    teams: TeamCounts = Field(description="Its teams by provenance.")
    funding: FundingFigures = Field(description="Awarded, paid, scheduled and remaining.")
    milestones: MilestoneCounts = Field(
        description="Every milestone of the programme (team and programme-wide) by replayed status."
    )
    support: list[SupportByType] = Field(
        description="Support activities delivered by `as_of`, one entry per type (all four)."
    )
    evidence: EvidenceCounts = Field(description="Evidence published by `as_of`.")
    funding_by_month: list[MonthFunding] = Field(
        description="Payments by month (only months with payments), in month order."
    )
    milestones_by_month: list[MonthMilestones] = Field(
        description="Milestones by due month (only months with milestones), in month order."
    )
    team_distributions: TeamDistributions = Field(
        description="Teams by paid share and by late milestones."
    )
    most_late: MostLate = Field(description="The teams with most late milestones.")
    rounds: list[RoundFigures] = Field(
        description="For a series (a programme with rounds, `parent_id`): each round's figures, "
        "by round number (at most 50); empty for a single programme."
    )


# ---- GET /programmes/{id}/team-figures ----------------------------------------------------------


class TeamSort(StrEnum):
    """The orders of the per-team figures (`-` for descending); ties by name, then id."""

    name = "name"
    name_desc = "-name"
    awarded_pence = "awarded_pence"
    awarded_pence_desc = "-awarded_pence"
    paid_pence = "paid_pence"
    paid_pence_desc = "-paid_pence"
    remaining_pence = "remaining_pence"
    remaining_pence_desc = "-remaining_pence"
    late = "late"
    late_desc = "-late"
    achieved = "achieved"
    achieved_desc = "-achieved"


class TeamFiguresPage(ReadModel):
    """One page of the programme's teams with their figures on `as_of`."""

    as_of: date = described("The day replayed.", "2013-12-31")
    total: int = described("Teams matching the filters (on every page).", 1000)
    items: list[TeamBreakdown] = Field(description="The page's teams, in the requested order.")
    next_cursor: str | None = described(
        "Pass as `cursor` for the next page; null on the last page.", None
    )


# ---- GET /programmes/{id}/timeline --------------------------------------------------------------


class TimelineWindow(ReadModel):
    """The due dates shown (either end may be open)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    from_: date | None = Field(
        alias="from", description="First due date shown, or null.", examples=["2013-01-01"]
    )
    to: date | None = described("Last due date shown, or null.", "2013-12-31")


class TeamTimeline(ReadModel):
    """A team and its milestones in the window."""

    id: str = described("The team's id.", ID)
    name: str = described("Team name.", "Synthetic Team 3 (demo)")
    status: TeamStatus = described(
        "Replayed: `completed` / `withdrawn` from the day it changed (or always, when that day "
        "was not recorded), otherwise `active`.",
        "active",
    )
    status_undated: bool = described(
        "True when the status shown rests on a decision whose date was not recorded (shown as "
        "recorded, whatever `as_of`): the screen says 'date not recorded'.",
        False,
    )
    milestones: list[MilestoneAsOf] = Field(
        description="Its milestones in the window, by due date."
    )


class ProgrammeTimeline(ReadModel):
    """The programme's milestones, replayed on `as_of`, a page of teams at a time."""

    as_of: date = described("The day replayed.", "2013-12-31")
    programme: ProgrammeBasics = Field(description="The programme and its window.")
    window: TimelineWindow = Field(description="The due dates shown.")
    total_teams: int = described("Teams matching the filters (on every page).", 1000)
    programme_milestones: list[MilestoneAsOf] = Field(
        description="Programme-wide milestones in the window, by due date; on the first page "
        "only (empty when a cursor is given)."
    )
    teams: list[TeamTimeline] = Field(
        description="The page's teams by name, each with its milestones in the window (a team "
        "with none in the window is listed with an empty list); sustainability check-ins fall "
        "after the programme window."
    )
    next_cursor: str | None = described(
        "Pass as `cursor` for the next page of teams; null on the last page.", None
    )


# ---- GET /programmes/{id}/results ---------------------------------------------------------------


class ResultCounts(ReadModel):
    """Indicators by where their latest value on `as_of` stands."""

    total: int = described("Indicators.", 24)
    improving: int = described("Latest value better than the baseline.", 11)
    worsening: int = described("Latest value worse than the baseline.", 3)
    no_change: int = described("Latest value equal to the baseline.", 1)
    no_data: int = described("No value measured by `as_of`, or no baseline.", 9)
    improving_since_previous: int = described(
        "Improving, and better than the period measured before the latest (with one period "
        "measured, improving alone).",
        8,
    )
    target_met: int = described("Latest value at or beyond the target.", 6)
    target_not_met: int = described("Latest value short of the target.", 8)


class DimensionResults(ResultCounts):
    """The indicators of the goals serving one quality dimension."""

    dimension: QualityDimension = described("The quality dimension.", "safe")
    goals: int = described("Quality goals serving it.", 4)


class ProgrammeResults(ReadModel):
    """The programme's quality indicators as they stood on `as_of`."""

    as_of: date = described("The day replayed.", "2013-12-31")
    programme: ProgrammeBasics = Field(description="The programme and its window.")
    indicators: ResultCounts = Field(description="Every indicator of the programme's teams.")
    by_dimension: list[DimensionResults] = Field(
        description="The same by quality dimension, all six in order (safe, effective, "
        "person-centred, timely, efficient, equitable)."
    )


# ---- GET /teams/{id}/summary --------------------------------------------------------------------


class TeamBasics(ReadModel):
    """The team itself."""

    id: str = described("The team's id.", ID)
    name: str = described("Team name.", "Oxford University Hospitals value-based interviewing")
    project_title: str = described("Project title.", "Using value-based interviewing")
    summary: str = described("What the project does.", "Recruits nurses for their values.")
    status: TeamStatus = described(
        "Replayed: `completed` / `withdrawn` from the day it changed (or always, when that day "
        "was not recorded), otherwise `active`.",
        "active",
    )
    status_changed_on: date | None = described(
        "When it became completed or withdrawn, if on or before `as_of`.", None
    )
    status_undated: bool = described(
        "True when the status shown rests on a decision whose date was not recorded (shown as "
        "recorded, whatever `as_of`): the screen says 'date not recorded'.",
        False,
    )
    provenance: Provenance = described("`sourced` or `synthetic`.", "sourced")
    source_url: str | None = described(
        "Where the facts come from.", "https://www.health.org.uk/improvement-projects/"
    )
    sustainability_status: SustainabilityStatus = described(
        "Its latest sustainability check-in on or before `as_of`; `not_assessed` without one.",
        "continuing",
    )


class CheckinAsOf(ReadModel):
    """A sustainability check-in made by `as_of`."""

    id: str = described("The check-in's id.", ID)
    checked_on: date = described("When the team's work was checked.", "2016-06-30")
    status: SustainabilityStatus = described("Whether the work was carrying on.", "continuing")
    note: str = described("What was found.", "The recruitment changes are now standard practice.")


class OrganisationBrief(ReadModel):
    """An organisation, named."""

    id: str = described("The organisation's id.", ID)
    name: str = described("Its name.", "Oxford University Hospitals NHS Trust")
    org_identifier: str = described("Its org-id.", "GB-NHS-RTH")
    kind: OrganisationKind = described("What sort of organisation.", "nhs_trust")


class PartnerBrief(OrganisationBrief):
    """An organisation's part in the team."""

    role: PartnerRole = described("Its role in the team.", "partner")


class PeriodBrief(ReadModel):
    """A measured period that ended on or before `as_of`."""

    id: str = described("The period's id.", ID)
    period_start: date = described("First day measured.", "2013-01-01")
    period_end: date = described("Last day measured.", "2013-03-31")
    actual_value: float | None = described("What was measured.", 18.2)
    comment: str = described("Context for the value.", "")


class IndicatorBrief(ReadModel):
    """A measure of the goal, with its periods up to `as_of`."""

    id: str = described("The indicator's id.", ID)
    title: str = described("What is measured.", "Staff leaving within 12 months")
    unit: str = described("Unit of the values.", "%")
    measure: Measure = described("Kind of measure.", "percentage")
    direction: Direction = described("Which way is better.", "lower_is_better")
    baseline_value: float | None = described("Value before.", 21.5)
    baseline_date: date | None = described("When the baseline was measured.", "2012-09-30")
    target_value: float | None = described("Value aimed at.", 12.0)
    target_date: date | None = described("When by.", "2015-12-31")
    periods: list[PeriodBrief] = Field(description="Periods ended by `as_of`, oldest first.")


class QualityGoalBrief(ReadModel):
    """The team's common quality goal: its corporate and clinical sides."""

    id: str = described("The goal's id.", ID)
    statement: str = described("The common quality goal.", "Recruit staff whose values fit")
    dimension: QualityDimension = described("Which dimension it serves.", "person_centred")
    corporate_services: list[CorporateService] = described("Corporate services involved.", ["hr"])
    clinical_services: list[str] = described("Clinical services involved.", ["Nursing"])
    corporate_lead: str | None = described("Who leads the corporate side.", "Director of HR")
    clinical_lead: str | None = described("Who leads the clinical side.", "Chief Nurse")
    indicators: list[IndicatorBrief] = Field(description="Its indicators.")


class PaymentAsOf(ReadModel):
    """A payment as it stood on `as_of`."""

    id: str = described("The payment's id.", ID)
    instalment: Instalment = described("Which instalment.", "initial")
    scheduled_date: date = described("When it is due.", "2012-07-01")
    paid_date: date | None = described("When paid, if on or before `as_of`.", "2012-07-03")
    amount_pence: int = described("Amount in pence.", 14_000_000)
    status: PaymentStatus = described(
        "Replayed: `paid` only if paid by `as_of` (a later payment shows `scheduled`).", "paid"
    )
    milestone_id: str | None = described("The milestone that releases it.", None)


class AwardAsOf(ReadModel):
    """An award made by `as_of`, with its payments."""

    id: str = described("The award's id.", ID)
    identifier: str = described("360Giving grant identifier.", "360G-THF-SP-001")
    amount_pence: int = described("Amount awarded in pence.", 42_000_000)
    currency: str = described("ISO 4217.", "GBP")
    award_date: date = described("When awarded.", "2012-06-01")
    planned_start_date: date = described("Planned start.", "2012-06-01")
    planned_end_date: date = described("Planned end.", "2015-12-31")
    status: AwardStatus = described(
        "Replayed: `closed` / `withdrawn` from `closed_on`, `active` from `activated_on` (always, "
        "when that day was not recorded), otherwise `awarded`.",
        "active",
    )
    activated_on: date | None = described("When it became active, if by `as_of`.", "2012-07-01")
    closed_on: date | None = described("When it closed or was withdrawn, if by `as_of`.", None)
    status_undated: bool = described(
        "True when the status shown rests on a decision whose date was not recorded (shown as "
        "recorded, whatever `as_of`): the screen says 'date not recorded'.",
        False,
    )
    paid_pence: int = described("Paid by `as_of`.", 14_000_000)
    scheduled_unpaid_pence: int = described("Not cancelled and unpaid on `as_of`.", 28_000_000)
    payments: list[PaymentAsOf] = Field(description="Its payments, by scheduled date.")


class SupportActivityAsOf(ReadModel):
    """A support activity that served the team."""

    id: str = described("The activity's id.", ID)
    type: SupportType = described("The kind of support.", "coaching")
    title: str = described("What it was.", "Coaching for the joint HR and nursing leads")
    start_date: date = described("First day.", "2013-02-01")
    end_date: date = described("Last day.", "2013-06-30")
    provider: str = described("Who delivered it.", "Coach A")
    format: SupportFormat = described("How it was delivered.", "in_person")
    hours: float = described("Contact hours.", 12.0)
    status: ActivityStatus = described(
        "Replayed: `delivered` only if delivered and ended by `as_of`; `cancelled` as recorded; "
        "otherwise `planned`.",
        "delivered",
    )


class EvidenceBrief(ReadModel):
    """A piece of the team's evidence published by `as_of`."""

    id: str = described("The evidence's id.", ID)
    kind: EvidenceKind = described("What sort of evidence.", "case_study")
    title: str = described("Title.", "Value-based interviewing: a case study")
    url: str = described("Where to read it.", "https://www.health.org.uk/")
    published_on: date = described("Publication date.", "2015-11-30")
    is_exemplar: bool = described("An exemplar of best practice.", True)
    support_activity_id: str | None = described("The support activity that produced it.", None)


class TeamSummary(ReadModel):
    """One team as it stood on `as_of`."""

    as_of: date = described("The day replayed.", "2013-12-31")
    programme: ProgrammeBasics = Field(description="The team's programme and its window.")
    team: TeamBasics = Field(description="The team.")
    lead_organisation: OrganisationBrief = Field(description="The award holder.")
    partners: list[PartnerBrief] = Field(description="Organisations in the team, by role, name.")
    sustainability_checkins: list[CheckinAsOf] = Field(
        description="Its sustainability check-ins made by `as_of`, latest first."
    )
    quality_goals: list[QualityGoalBrief] = Field(description="Its quality goals.")
    funding: FundingFigures = Field(description="Its money on `as_of`.")
    awards: list[AwardAsOf] = Field(description="Awards made by `as_of`, by award date.")
    milestone_counts: MilestoneCounts = Field(description="Its milestones by replayed status.")
    milestones: list[MilestoneAsOf] = Field(description="Its milestones, by due date.")
    support: list[SupportByType] = Field(
        description="Support it received by `as_of`, one entry per type (all four)."
    )
    support_activities: list[SupportActivityAsOf] = Field(
        description="Every activity that served it, by start date, with its replayed status."
    )
    evidence_counts: EvidenceCounts = Field(description="Its evidence published by `as_of`.")
    evidence: list[EvidenceBrief] = Field(description="That evidence, newest first.")
