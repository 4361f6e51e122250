from datetime import date

from pydantic import Field

from api.kit.schemas import EXAMPLE_ID, InSchema, Ordinal, Pence, RowRead, SearchParams


class ProgrammeFields(InSchema):
    code: str = Field(
        max_length=50,
        pattern=r"^[A-Za-z0-9._-]+$",
        description="Short unique code.",
        examples=["CTG-SP"],
    )
    title: str = Field(
        min_length=1, max_length=200, description="Full title.", examples=["Shared Purpose"]
    )
    parent_id: str | None = Field(
        None,
        max_length=36,
        examples=[EXAMPLE_ID],
        description="The series this programme is a round of.",
    )
    round: Ordinal | None = Field(None, description="Round number within the series.", examples=[3])
    funder_id: str = Field(
        max_length=36, examples=[EXAMPLE_ID], description="The funding organisation's id."
    )
    start_date: date = Field(description="First day of the window.", examples=["2012-06-01"])
    end_date: date = Field(description="Last day of the window.", examples=["2015-12-31"])
    currency: str = Field(
        "GBP", pattern=r"^[A-Z]{3}$", description="ISO 4217 currency of awards.", examples=["GBP"]
    )
    award_cap_pence: Pence | None = Field(
        None, description="Largest award per team, in pence.", examples=[42_000_000]
    )
    max_teams: Ordinal | None = Field(None, description="Most teams it funds.", examples=[9])
    description: str = Field(
        "",
        max_length=5000,
        description="What the programme is for.",
        examples=["Corporate and clinical services working on one quality goal."],
    )
    aims: list[str] = Field(
        default_factory=list,
        description="The programme's aims.",
        examples=[["Create exemplars of best practice"]],
    )


class ProgrammeCreate(ProgrammeFields):
    """A new programme or round."""


class ProgrammeRead(RowRead, ProgrammeFields):
    """A programme (or a series of rounds)."""


class ProgrammeParams(SearchParams):
    parent_id: str | None = Field(None, description="Only rounds of this series.")
    funder_id: str | None = Field(None, description="Only programmes of this funder.")
