from datetime import date

from pydantic import Field

from api.kit.schemas import EXAMPLE_ID, InSchema, Pence, RowRead, SearchParams
from api.models.enums import AwardStatus


class AwardFields(InSchema):
    team_id: str = Field(max_length=36, examples=[EXAMPLE_ID], description="The team awarded.")
    identifier: str = Field(
        max_length=100,
        pattern=r"^360G-[A-Za-z0-9]+-[A-Za-z0-9._/-]+$",
        description="360Giving grant identifier (`360G-` + funder prefix + id).",
        examples=["360G-THF-SP-001"],
    )
    amount_pence: Pence = Field(description="Amount awarded in pence.", examples=[42_000_000])
    currency: str = Field(
        "GBP",
        pattern=r"^[A-Z]{3}$",
        description="ISO 4217; the programme's currency.",
        examples=["GBP"],
    )
    award_date: date = Field(description="When awarded.", examples=["2012-06-01"])
    planned_start_date: date = Field(description="Planned start.", examples=["2012-06-01"])
    planned_end_date: date = Field(description="Planned end.", examples=["2015-12-31"])
    actual_start_date: date | None = Field(
        None, description="Actual start.", examples=["2012-07-01"]
    )
    actual_end_date: date | None = Field(None, description="Actual end.", examples=["2015-12-31"])
    status: AwardStatus = Field(AwardStatus.awarded, description="Where the award is.")
    activated_on: date | None = Field(
        None,
        description="When it became active (not while `awarded`; null: not recorded).",
        examples=["2012-09-01"],
    )
    closed_on: date | None = Field(
        None,
        description="When it was closed or withdrawn (only then; null: not recorded).",
        examples=["2015-12-18"],
    )


class AwardCreate(AwardFields):
    """A new award to a team."""


class AwardRead(RowRead, AwardFields):
    """An award to a team."""

    amended_amount_pence: int = Field(
        description="The amount after its approved amendments (the original plus each change).",
        examples=[44_000_000],
    )
    amended_start_date: date = Field(
        description="The planned start after its approved amendments.", examples=["2012-06-01"]
    )
    amended_end_date: date = Field(
        description="The planned end after its approved amendments.", examples=["2016-03-31"]
    )
    cap_difference_pence: int | None = Field(
        description="Programme cap minus the amended amount; non-zero is a warning to review "
        "(null when the programme has no cap).",
        examples=[0],
    )


class AwardParams(SearchParams):
    programme_id: str | None = Field(None, description="Only awards to this programme's teams.")
    team_id: str | None = Field(None, description="Only this team's awards.")
    status: AwardStatus | None = Field(None, description="Only awards with this status.")
