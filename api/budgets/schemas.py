from datetime import date
from typing import Annotated

from pydantic import Field

from api.kit.schemas import EXAMPLE_ID, MAX_PENCE, InSchema, ListParams, Pence, RowRead
from api.models.enums import BudgetCategory

# A line may plan nothing yet (0): a category kept in the budget with no money in it. Otherwise
# it is ``Pence``: its bounds replaced, its validators (whole JSON numbers only) kept.
Planned = Annotated[int, Field(ge=0, le=MAX_PENCE), *Pence.__metadata__[1:]]


class BudgetLineFields(InSchema):
    award_id: str = Field(
        max_length=36, examples=[EXAMPLE_ID], description="The award this line budgets."
    )
    category: BudgetCategory = Field(description="What the money pays for.", examples=["staff"])
    period_start: date = Field(
        description="First day of the period budgeted, inside the award's planned dates.",
        examples=["2013-04-01"],
    )
    period_end: date = Field(
        description="Last day of the period, after its start and inside the award's dates.",
        examples=["2014-03-31"],
    )
    amount_pence: Planned = Field(
        description="Amount planned in pence; an award's lines add up to at most the award.",
        examples=[6_000_000],
    )
    currency: str = Field(
        "GBP",
        pattern=r"^[A-Z]{3}$",
        description="ISO 4217; the award's currency.",
        examples=["GBP"],
    )
    description: str | None = Field(
        None,
        max_length=500,
        description="What the line covers, in the budget holder's words.",
        examples=["Band 6 project nurse, 0.6 WTE"],
    )


class BudgetLineCreate(BudgetLineFields):
    """A line of an award's budget."""


class BudgetLineRead(RowRead, BudgetLineFields):
    """A line of an award's budget."""


class BudgetLineParams(ListParams):
    programme_id: str | None = Field(None, description="Only lines of this programme's awards.")
    team_id: str | None = Field(None, description="Only lines of this team's awards.")
    award_id: str | None = Field(None, description="Only this award's lines.")
    category: BudgetCategory | None = Field(None, description="Only lines of this category.")
    period_from: date | None = Field(None, description="Periods ending on or after this day.")
    period_to: date | None = Field(None, description="Periods starting on or before this day.")
