"""``GET /programmes/{id}/timeline``: the programme's milestones replayed on `as_of`, a page of
teams at a time."""

from datetime import date

from pydantic import ConfigDict, Field

from api.dashboard.schemas.base import (
    AsOf,
    NamedTeam,
    ReadModel,
    StatusUndated,
    TeamStatusAsOf,
    described,
)
from api.dashboard.schemas.parts import MilestoneAsOf, ProgrammeWindow


class TimelineWindow(ReadModel):
    """The due dates shown (either end may be open)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    from_: date | None = Field(
        alias="from", description="First due date shown, or null.", examples=["2013-01-01"]
    )
    to: date | None = described("Last due date shown, or null.", "2013-12-31")


class TeamTimeline(NamedTeam):
    """A team and its milestones in the window."""

    status: TeamStatusAsOf
    status_undated: StatusUndated
    milestones: list[MilestoneAsOf] = Field(
        description="Its milestones in the window, by due date."
    )


class ProgrammeTimeline(ReadModel):
    """The programme's milestones, replayed on `as_of`, a page of teams at a time."""

    as_of: AsOf
    programme: ProgrammeWindow
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
