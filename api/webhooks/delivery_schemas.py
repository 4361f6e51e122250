"""Deliveries and their attempts as the API shows them (admins)."""

from datetime import datetime

from pydantic import BaseModel, Field

from api.kit.schemas import EXAMPLE_ID
from api.models.webhook import DeliveryStatus

WHEN = "2026-11-26T09:00:05+00:00"


class WebhookAttemptRead(BaseModel):
    """One try of a delivery."""

    number: int = Field(description="1 for the first try.", examples=[1])
    started_at: datetime = Field(description="When the request was made (UTC).", examples=[WHEN])
    latency_ms: int = Field(description="Until the answer (or the error).", examples=[87])
    status_code: int | None = Field(
        description="The receiver's HTTP status; null: no answer (see `error`).", examples=[200]
    )
    error: str = Field(
        description="Why there was no answer (a timeout, a refused address), else empty.",
        examples=[""],
    )
    worker: str = Field(
        description="The worker that made it (`manual: <who>` for a redelivery by hand).",
        examples=["worker-1/4242/0"],
    )
    manual: bool = Field(description="Redelivered by hand.", examples=[False])


class WebhookDeliveryRead(BaseModel):
    """One event for one endpoint: delivered, waiting for its next try, or failed."""

    id: str = Field(description="The delivery's id.", examples=[EXAMPLE_ID])
    endpoint_id: str = Field(description="The endpoint.", examples=[EXAMPLE_ID])
    event_id: str = Field(
        description="The event (the `webhook-id` header: the receiver's idempotency key).",
        examples=[EXAMPLE_ID],
    )
    event_type: str = Field(description="The event's type.", examples=["payment.approved"])
    event_position: int = Field(description="The event's place in the change feed.", examples=[42])
    status: DeliveryStatus = Field(
        description="`pending` (due at `next_attempt_at`), `delivered` (a 2xx) or `failed` "
        "(every scheduled try failed; redeliver by hand).",
        examples=["delivered"],
    )
    attempts: int = Field(description="Tries so far, by hand ones included.", examples=[1])
    last_status_code: int | None = Field(
        description="The last try's HTTP status (null: none yet, or no answer).", examples=[200]
    )
    last_error: str = Field(description="The last try's error, if it had no answer.", examples=[""])
    last_latency_ms: int | None = Field(
        description="The last try's latency (null: not tried yet).", examples=[87]
    )
    next_attempt_at: datetime | None = Field(
        description="When the next scheduled try is due (null: delivered or failed).",
        examples=[None],
    )
    delivered_at: datetime | None = Field(description="When a 2xx was received.", examples=[WHEN])
    created_at: datetime = Field(description="When the event was fanned out.", examples=[WHEN])


class WebhookDeliveryDetail(WebhookDeliveryRead):
    """A delivery with every attempt, first to last."""

    history: list[WebhookAttemptRead] = Field(description="Every try, oldest first.")


class WebhookDeliveryPage(BaseModel):
    items: list[WebhookDeliveryRead] = Field(description="Deliveries, newest event first.")
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null on the last.", examples=[None]
    )
