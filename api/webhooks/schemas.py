"""Webhook endpoints as the API shows them: never a signing secret, except the new one, once."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.kit.schemas import EXAMPLE_ID, ListParams, page_model
from api.models.webhook import EndpointStatus

WHEN = "2026-11-26T09:00:00+00:00"
URL = "https://finance.example.org/hooks/shared-purpose"
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
TYPES = ["payment.approved", "milestone.achieved"]
MAX_URL = 2000  # the column's width


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class WebhookEndpointCreate(Strict):
    url: str = Field(
        min_length=1,
        max_length=MAX_URL,
        description="Where deliveries are POSTed: an https (or http) URL of a public address "
        "(private and loopback ones only where the operator allows them).",
        examples=[URL],
    )
    description: str = Field(
        "", max_length=200, description="What the endpoint is for.", examples=["Finance system"]
    )
    event_types: list[str] = Field(
        default_factory=list,
        max_length=500,
        description="The event types sent, each once (see the document's `webhooks`); empty: "
        "every type.",
        examples=[TYPES],
    )
    programme_id: str | None = Field(
        None,
        max_length=36,
        description="Only this programme's events; null: every programme's.",
        examples=[None],
    )


class WebhookEndpointUpdate(Strict):
    """Merge patch: only the fields sent change. ``null`` resets ``description`` (to empty),
    ``event_types`` (every type) and ``programme_id`` (every programme)."""

    url: str | None = Field(
        None,
        min_length=1,
        max_length=MAX_URL,
        description="A new URL, checked as on registration.",
        examples=[URL],
    )
    description: str | None = Field(
        None, max_length=200, description="What the endpoint is for.", examples=["Finance"]
    )
    event_types: list[str] | None = Field(
        None,
        max_length=500,
        description="The event types sent, each once; empty or null: every type.",
        examples=[TYPES],
    )
    programme_id: str | None = Field(
        None,
        max_length=36,
        description="Only this programme's events; null: every programme's.",
        examples=[EXAMPLE_ID],
    )
    status: EndpointStatus | None = Field(
        None,
        description="`disabled` stops deliveries; `active` re-enables a disabled endpoint "
        "(its run of failures starts again from 0).",
        examples=["active"],
    )

    @field_validator("url", "status")
    @classmethod
    def not_null(cls, value: Any) -> Any:
        # Runs only on a value sent: a null here would remove what an endpoint cannot lack.
        if value is None:
            raise ValueError("may not be null")
        return value


class WebhookEndpointRead(BaseModel):
    """A webhook endpoint (its secrets are never shown again)."""

    id: str = Field(description="Stable opaque id.", examples=[EXAMPLE_ID])
    url: str = Field(description="Where deliveries are POSTed.", examples=[URL])
    description: str = Field(description="What the endpoint is for.", examples=["Finance system"])
    event_types: list[str] = Field(
        description="The event types sent; empty: every type.", examples=[TYPES]
    )
    programme_id: str | None = Field(
        description="Only this programme's events; null: every programme's.", examples=[None]
    )
    status: EndpointStatus = Field(description="`active` or `disabled`.", examples=["active"])
    disabled_reason: str = Field(
        description="Why it was disabled (by an admin, or after a run of failed deliveries); "
        "empty while active.",
        examples=[""],
    )
    disabled_at: datetime | None = Field(description="When it was disabled.", examples=[None])
    failures_in_a_row: int = Field(
        description="Failed delivery attempts since the last success.", examples=[0]
    )
    after_position: int = Field(
        description="Events at or before this feed position (the feed's end when the endpoint "
        "was registered) are not sent.",
        examples=[1024],
    )
    created_by: str = Field(description="Who registered it.", examples=["ann@example.org"])
    created_at: datetime = Field(description="When it was registered.", examples=[WHEN])
    updated_at: datetime = Field(description="When it last changed.", examples=[WHEN])
    secrets_active: int = Field(
        description="How many secrets sign deliveries now: 1, or 2 and more during the overlap "
        "after a rotation (each delivery carries a signature of each).",
        examples=[1],
    )
    previous_secret_expires_at: datetime | None = Field(
        description="When the last rotated-out secret stops signing; null: none is left.",
        examples=[None],
    )


class WebhookEndpointCreated(WebhookEndpointRead):
    """A new endpoint and its signing secret, shown this once."""

    secret: str | None = Field(
        description="The signing secret (Standard Webhooks `whsec_…`), to verify deliveries "
        "with. Shown once; null on a replay of the request.",
        examples=[SECRET],
    )


class SecretRotated(BaseModel):
    secret: str = Field(description="The new signing secret, shown this once.", examples=[SECRET])
    previous_secret_expires_at: datetime = Field(
        description="Until then the previous secret signs deliveries too (the overlap).",
        examples=[WHEN],
    )


class WebhookEndpointParams(ListParams):
    status: EndpointStatus | None = Field(None, description="Only endpoints in this status.")
    programme_id: str | None = Field(
        None, max_length=36, description="Only endpoints limited to this programme."
    )


WebhookEndpointPage = page_model(WebhookEndpointRead, "WebhookEndpointPage")
