from datetime import date

from pydantic import Field

from api.kit.schemas import EXAMPLE_ID, InSchema, ListParams, RowRead
from api.models.enums import SustainabilityStatus


class CheckinFields(InSchema):
    team_id: str = Field(max_length=36, examples=[EXAMPLE_ID], description="The team checked.")
    checked_on: date = Field(
        description="The day it was checked (one check-in per team a day; not in the future).",
        examples=["2016-06-30"],
    )
    status: SustainabilityStatus = Field(
        description="Whether the team's work was carrying on that day.", examples=["continuing"]
    )
    note: str = Field(
        "",
        max_length=5000,
        description="What was found.",
        examples=["The new recruitment process is now the trust's standard."],
    )


class CheckinCreate(CheckinFields):
    """A new sustainability check-in."""


class CheckinRead(RowRead, CheckinFields):
    """A sustainability check-in: the latest one by a day is the team's sustainability then."""


class CheckinParams(ListParams):
    programme_id: str | None = Field(None, description="Only this programme's teams' check-ins.")
    team_id: str | None = Field(None, description="Only this team's check-ins.")
    status: SustainabilityStatus | None = Field(None, description="Only with this status.")
    checked_from: date | None = Field(None, description="Checked on or after this day.")
    checked_to: date | None = Field(None, description="Checked on or before this day.")
