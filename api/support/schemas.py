from datetime import date

from pydantic import Field

from api.kit.schemas import EXAMPLE_ID, Count, Hours, InSchema, RowRead, SearchParams
from api.models.enums import ActivityStatus, SupportFormat, SupportType


class SupportActivityFields(InSchema):
    programme_id: str = Field(
        max_length=36, examples=[EXAMPLE_ID], description="The programme providing it."
    )
    type: SupportType = Field(
        description="One of the four kinds of support in the package.", examples=["coaching"]
    )
    title: str = Field(
        min_length=1,
        max_length=200,
        description="What it was.",
        examples=["Coaching for the joint HR and nursing leads"],
    )
    start_date: date = Field(description="First day.", examples=["2013-02-01"])
    end_date: date = Field(description="Last day.", examples=["2013-06-30"])
    provider: str = Field(max_length=200, description="Who delivered it.", examples=["Coach A"])
    format: SupportFormat = Field(description="How it was delivered.", examples=["in_person"])
    hours: Hours = Field(0, description="Contact hours.", examples=[12.0])
    participant_count: Count = Field(0, description="People taking part.", examples=[6])
    status: ActivityStatus = Field(ActivityStatus.planned, description="Where it stands.")
    outcomes: str = Field(
        "",
        max_length=5000,
        description="What came of it.",
        examples=["A shared improvement plan"],
    )
    team_ids: list[str] = Field(
        default_factory=list,
        examples=[[EXAMPLE_ID]],
        description="Teams supported: exactly one for coaching and diagnostics, "
        "at least one for learning events.",
    )


class SupportActivityCreate(SupportActivityFields):
    """A support activity."""


class SupportActivityRead(RowRead, SupportActivityFields):
    """A support activity and the teams it served."""


class SupportActivityParams(SearchParams):
    programme_id: str | None = Field(None, description="Only this programme's activities.")
    type: SupportType | None = Field(None, description="Only this kind of support.")
    status: ActivityStatus | None = Field(None, description="Only activities with this status.")
    team_id: str | None = Field(None, description="Only activities that served this team.")
    start_from: date | None = Field(None, description="Starting on or after this day.")
    start_to: date | None = Field(None, description="Starting on or before this day.")
