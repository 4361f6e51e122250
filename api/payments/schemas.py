from datetime import date

from pydantic import Field

from api.kit.schemas import EXAMPLE_ID, InSchema, ListParams, Pence, RowRead
from api.models.enums import Instalment, PaymentStatus


class PaymentFields(InSchema):
    award_id: str = Field(
        max_length=36, examples=[EXAMPLE_ID], description="The award this pays out."
    )
    instalment: Instalment = Field(description="Which instalment.", examples=["initial"])
    scheduled_date: date = Field(description="When it is due.", examples=["2012-07-01"])
    paid_date: date | None = Field(
        None, description="When it was paid; required once `paid`.", examples=["2012-07-03"]
    )
    amount_pence: Pence = Field(description="Amount in pence.", examples=[12_600_000])
    currency: str = Field(
        "GBP",
        pattern=r"^[A-Z]{3}$",
        description="ISO 4217; the award's currency.",
        examples=["GBP"],
    )
    status: PaymentStatus = Field(PaymentStatus.scheduled, description="Where the payment is.")
    milestone_id: str | None = Field(
        None,
        max_length=36,
        examples=[EXAMPLE_ID],
        description="The milestone whose achievement releases it.",
    )


class PaymentCreate(PaymentFields):
    """A scheduled or made payment of an award."""


class PaymentRead(RowRead, PaymentFields):
    """A payment of an award."""


class PaymentParams(ListParams):
    programme_id: str | None = Field(None, description="Only payments of this programme's awards.")
    team_id: str | None = Field(None, description="Only payments of this team's awards.")
    award_id: str | None = Field(None, description="Only this award's payments.")
    status: PaymentStatus | None = Field(None, description="Only payments with this status.")
    scheduled_from: date | None = Field(None, description="Scheduled on or after this day.")
    scheduled_to: date | None = Field(None, description="Scheduled on or before this day.")
