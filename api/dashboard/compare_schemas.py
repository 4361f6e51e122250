"""Read models for comparing teams and days: the exceptions list, a side-by-side of chosen teams
and a programme's changes between two days (``exceptions.py``, ``compare.py``, ``changes.py``)."""

from datetime import date
from enum import StrEnum

from pydantic import Field

from api.dashboard.schemas.base import NamedTeam, ReadModel, described
from api.dashboard.schemas.parts import (
    EvidenceCounts,
    FundingFigures,
    MilestoneCounts,
    ProgrammeBasics,
    SupportByType,
)
from api.dashboard.schemas.results import ResultCounts
from api.dashboard.schemas.summary import TeamBreakdown
from api.models.enums import Provenance

# ---- GET /programmes/{id}/exceptions ------------------------------------------------------------


class Flag(StrEnum):
    """A team's exception flag: the worst of its rules (see the README's exceptions rules)."""

    red = "red"
    amber = "amber"
    green = "green"


class ExceptionSort(StrEnum):
    """Orders of the exceptions list (`-` for descending); ties by name, then id. `-flag` puts
    red first, `-late` the most late milestones first."""

    flag_desc = "-flag"
    flag = "flag"
    name = "name"
    name_desc = "-name"
    late_desc = "-late"
    late = "late"


class TeamException(NamedTeam):
    """One team's flag on `as_of`, the figures behind it and the reasons."""

    provenance: Provenance = described("`sourced` or `synthetic`.", "synthetic")
    flag: Flag = described("Red, amber or green: the worst level of any rule.", "amber")
    reasons: list[str] = described(
        "Why, one short sentence per rule that fired, worst first (empty when green).",
        ["2 milestones late", "paid 20% with 60% of time gone"],
    )
    late: int = described("Its milestones late on `as_of`.", 2)
    awarded_pence: int | None = described(
        "Its awards made by `as_of`, amended on that day; null if none.", 42_000_000
    )
    paid_pence: int = described("Paid to it by `as_of`.", 8_400_000)
    paid_percent: int | None = described("Paid as a share of awarded, rounded down.", 20)
    worsening: int = described("Its indicators whose latest value is worse than baseline.", 1)
    support_delivered: int = described("Support activities it received by `as_of`.", 3)


class FlagCounts(ReadModel):
    """Matching teams by flag."""

    red: int = described("Teams flagged red.", 2)
    amber: int = described("Teams flagged amber.", 3)
    green: int = described("Teams flagged green.", 4)


class ExceptionsPage(ReadModel):
    """A page of the programme's teams flagged by the exceptions rules on `as_of`."""

    as_of: date = described("The day replayed.", "2013-12-31")
    programme: ProgrammeBasics = Field(description="The programme and its window.")
    elapsed_percent: int = described(
        "Share of the programme's window gone by `as_of`, rounded down (0 to 100).", 60
    )
    total: int = described("Teams matching the filters.", 9)
    counts: FlagCounts = Field(description="The matching teams by flag.")
    items: list[TeamException] = Field(description="This page of teams, in `sort` order.")
    next_cursor: str | None = described("Cursor of the next page; null on the last.", None)


# ---- GET /programmes/{id}/compare ---------------------------------------------------------------


class ComparedTeam(TeamBreakdown):
    """One chosen team's figures on `as_of`, with its indicators counted."""

    indicators: ResultCounts = Field(description="Its indicators by trend and target.")


class TeamComparison(ReadModel):
    """Up to four chosen teams side by side on `as_of`, in the order asked."""

    as_of: date = described("The day replayed.", "2013-12-31")
    programme: ProgrammeBasics = Field(description="The programme and its window.")
    teams: list[ComparedTeam] = Field(description="The teams, in the order of `team_id`.")


# ---- GET /programmes/{id}/changes ---------------------------------------------------------------


class DayFigures(ReadModel):
    """The programme's headline figures on one day."""

    day: date = described("The day replayed.", "2013-12-31")
    teams: int = described("Teams.", 9)
    funding: FundingFigures = Field(description="Awarded, paid, scheduled and remaining.")
    milestones: MilestoneCounts = Field(description="Milestones by replayed status.")
    teams_with_late: int = described("Teams with at least one late milestone.", 2)
    support: list[SupportByType] = Field(description="Support delivered by then, by type.")
    evidence: EvidenceCounts = Field(description="Evidence published by then.")


class PeriodActivity(ReadModel):
    """What happened after `from` up to and including `to`."""

    payments_paid: int = described("Payments paid in the period.", 4)
    paid_pence: int = described("Their amount.", 16_800_000)
    milestones_achieved: int = described("Milestones completed in the period.", 6)
    support_delivered: int = described("Support activities ending in the period, delivered.", 3)
    support_hours: float = described("Their contact hours.", 21.5)
    evidence_published: int = described("Evidence published in the period.", 2)


class ProgrammeChanges(ReadModel):
    """The programme on two days, and what happened in between."""

    programme: ProgrammeBasics = Field(description="The programme and its window.")
    before: DayFigures = Field(description="The figures on `from`.")
    after: DayFigures = Field(description="The figures on `to`.")
    period: PeriodActivity = Field(description="What happened in (`from`, `to`].")
