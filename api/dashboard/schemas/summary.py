"""``GET /programmes/{id}/summary`` and ``GET /programmes/{id}/team-figures``: the programme's
headline figures on `as_of` and its teams' figures a page at a time."""

from datetime import date
from enum import StrEnum

from pydantic import Field

from api.dashboard.schemas.base import (
    ID,
    AsOf,
    NamedTeam,
    ReadModel,
    StatusUndated,
    TeamStatusAsOf,
    described,
)
from api.dashboard.schemas.parts import (
    EvidenceCounts,
    FundingFigures,
    MilestoneCounts,
    ProgrammeWindow,
    SupportByType,
    TeamCounts,
)
from api.models.enums import Provenance, SustainabilityStatus


class TeamBreakdown(NamedTeam):
    """One team's figures on `as_of`."""

    provenance: Provenance = described("`sourced` or `synthetic`.", "synthetic")
    status: TeamStatusAsOf
    status_undated: StatusUndated
    sustainability_status: SustainabilityStatus = described(
        "Its latest sustainability check-in on or before `as_of`; `not_assessed` without one.",
        "not_assessed",
    )
    awarded_pence: int = described("Its awards made by `as_of`, amended on that day.", 42_000_000)
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


class LateTeam(NamedTeam):
    """A team and its late milestones on `as_of`."""

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
    awarded_pence: int = described(
        "Its awards made by `as_of`, amended on that day, in pence.", 378_000_000
    )
    paid_pence: int = described("Those awards' payments paid by `as_of`, in pence.", 126_000_000)
    milestones: int = described("Its milestones (team and programme-wide).", 120)
    achieved: int = described("Of those, achieved by `as_of`.", 40)
    late: int = described("Of those, late on `as_of`.", 3)


class ProgrammeSummary(ReadModel):
    """The programme as it stood on `as_of`; per-team rows are paged by `team-figures`."""

    as_of: AsOf
    programme: ProgrammeWindow
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

    as_of: AsOf
    total: int = described("Teams matching the filters (on every page).", 1000)
    items: list[TeamBreakdown] = Field(description="The page's teams, in the requested order.")
    next_cursor: str | None = described(
        "Pass as `cursor` for the next page; null on the last page.", None
    )
