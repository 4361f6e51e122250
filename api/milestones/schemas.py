from datetime import date

from pydantic import Field

from api.kit.schemas import EXAMPLE_ID, InSchema, RowRead, SearchParams
from api.models.enums import MilestoneKind, MilestoneStatus


class MilestoneFields(InSchema):
    programme_id: str = Field(max_length=36, examples=[EXAMPLE_ID], description="The programme.")
    team_id: str | None = Field(
        None,
        max_length=36,
        examples=[EXAMPLE_ID],
        description="The team; null for a programme-wide milestone.",
    )
    title: str = Field(
        min_length=1,
        max_length=200,
        description="What is to be reached.",
        examples=["Diagnostic report agreed"],
    )
    description: str = Field(
        "", max_length=5000, description="Detail.", examples=["Signed off by the board."]
    )
    kind: MilestoneKind = Field(
        description="`sustainability` milestones fall after the window; the rest inside it.",
        examples=["project"],
    )
    due_date: date = Field(description="When it is due.", examples=["2013-03-31"])
    completed_date: date | None = Field(
        None,
        description="When it was achieved; required once `achieved`.",
        examples=["2013-03-28"],
    )
    status: MilestoneStatus = Field(MilestoneStatus.planned, description="Where it stands.")
    decided_on: date | None = Field(
        None,
        description="When it was deferred, cancelled or declared missed: required when the "
        "status becomes one of those, not before the programme started nor in the future; "
        "null otherwise.",
        examples=["2014-02-28"],
    )
    decision_reason: str = Field(
        "",
        max_length=200,
        description="Why it was deferred or cancelled (required for those; optional when "
        "missed; empty otherwise).",
        examples=["Deferred at the team's request: the data it needs arrives in June."],
    )
    depends_on_ids: list[str] = Field(
        default_factory=list,
        description="Milestones that must come first (no cycles).",
        examples=[[EXAMPLE_ID]],
    )


class MilestoneCreate(MilestoneFields):
    """A new milestone."""


class MilestoneRead(RowRead, MilestoneFields):
    """A milestone of a team or of the whole programme."""


class MilestoneParams(SearchParams):
    programme_id: str | None = Field(None, description="Only this programme's milestones.")
    team_id: str | None = Field(None, description="Only this team's milestones.")
    status: MilestoneStatus | None = Field(None, description="Only milestones with this status.")
    kind: MilestoneKind | None = Field(None, description="Only milestones of this kind.")
    due_from: date | None = Field(None, description="Due on or after this day.")
    due_to: date | None = Field(None, description="Due on or before this day.")
