"""``GET /teams/{id}/summary``: one team's page as it stood on `as_of`."""

from datetime import date

from pydantic import Field

from api.dashboard.schemas.base import (
    ID,
    AsOf,
    ReadModel,
    StatusUndated,
    TeamId,
    TeamStatusAsOf,
    described,
)
from api.dashboard.schemas.parts import (
    EvidenceCounts,
    FundingFigures,
    MilestoneAsOf,
    MilestoneCounts,
    ProgrammeBasics,
    SupportByType,
)
from api.models.enums import (
    ActivityStatus,
    AwardStatus,
    CorporateService,
    Direction,
    EvidenceKind,
    Instalment,
    Measure,
    OrganisationKind,
    PartnerRole,
    PaymentStatus,
    Provenance,
    QualityDimension,
    SupportFormat,
    SupportType,
    SustainabilityStatus,
)


class TeamBasics(ReadModel):
    """The team itself."""

    id: TeamId
    name: str = described("Team name.", "Oxford University Hospitals value-based interviewing")
    project_title: str = described("Project title.", "Using value-based interviewing")
    summary: str = described("What the project does.", "Recruits nurses for their values.")
    status: TeamStatusAsOf
    status_changed_on: date | None = described(
        "When it became completed or withdrawn, if on or before `as_of`.", None
    )
    status_undated: StatusUndated
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
    amount_pence: int = described(
        "Amount awarded in pence, as amended on `as_of` (the original plus the amendments "
        "approved and effective by then; `/teams/{id}/money` shows both).",
        42_000_000,
    )
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
    status_undated: StatusUndated
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

    as_of: AsOf
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
