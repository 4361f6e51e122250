from datetime import date
from typing import Annotated

from pydantic import Field

from api.kit.schemas import EXAMPLE_ID, MAX_PENCE, InSchema, ListParams, Pence, RowRead
from api.models.enums import AmendmentKind, AmendmentStatus

# Signed: + for an uplift, - for a reduction, 0 for an extension or re-profile. Otherwise it is
# ``Pence``: its bounds replaced, its validators (whole JSON numbers only) kept.
Change = Annotated[int, Field(ge=-MAX_PENCE, le=MAX_PENCE), *Pence.__metadata__[1:]]


class AmendmentFields(InSchema):
    award_id: str = Field(
        max_length=36, examples=[EXAMPLE_ID], description="The award this amends."
    )
    kind: AmendmentKind = Field(description="How it changes the award.", examples=["uplift"])
    amount_change_pence: Change = Field(
        0,
        description="The change to the amount in pence: more than 0 for an uplift, less than "
        "0 for a reduction, 0 for an extension or re-profile.",
        examples=[2_000_000],
    )
    currency: str = Field(
        "GBP",
        pattern=r"^[A-Z]{3}$",
        description="ISO 4217; the award's currency.",
        examples=["GBP"],
    )
    new_start_date: date | None = Field(
        None,
        description="The award's planned start from this amendment on (null: unchanged).",
        examples=[None],
    )
    new_end_date: date | None = Field(
        None,
        description="The award's planned end from this amendment on (null: unchanged); an "
        "extension's is later than the award's end before it.",
        examples=["2015-12-31"],
    )
    reason: str = Field(
        min_length=1,
        max_length=500,
        description="Why the award changes, in the funder's words.",
        examples=["Extra coaching for the spread phase"],
    )
    effective_date: date = Field(
        description="From when it counts, inside the programme's window (amendments apply in "
        "this order, then by id).",
        examples=["2014-04-01"],
    )
    status: AmendmentStatus = Field(
        AmendmentStatus.proposed,
        description="Proposed, then approved or rejected by finance or an admin; an approved "
        "or rejected amendment is never edited or deleted.",
    )
    decided_on: date | None = Field(
        None,
        description="When it was approved or rejected: required then, null while proposed; "
        "not before the programme started nor in the future.",
        examples=["2014-03-20"],
    )


class AwardAmendmentCreate(AmendmentFields):
    """An uplift, reduction, extension or re-profile of an award."""


class AwardAmendmentRead(RowRead, AmendmentFields):
    """An amendment of an award."""


class AwardAmendmentParams(ListParams):
    programme_id: str | None = Field(
        None, description="Only amendments of this programme's awards."
    )
    team_id: str | None = Field(None, description="Only amendments of this team's awards.")
    award_id: str | None = Field(None, description="Only this award's amendments.")
    kind: AmendmentKind | None = Field(None, description="Only amendments of this kind.")
    status: AmendmentStatus | None = Field(None, description="Only amendments with this status.")
    effective_from: date | None = Field(None, description="Effective on or after this day.")
    effective_to: date | None = Field(None, description="Effective on or before this day.")
