"""The event envelope (what the feed lists and, later, webhooks deliver) and the feed's page."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from api.kit.schemas import EXAMPLE_ID

WHEN = "2026-11-26T09:00:00+00:00"


class EventRead(BaseModel):
    """One domain event: a committed write, named by its type, with the row as the API showed
    it after the write (before it, for a delete)."""

    id: str = Field(
        description="Stable opaque id (UUIDv7): a receiver's idempotency key.",
        examples=[EXAMPLE_ID],
    )
    position: int = Field(
        description="Its place in commit order: strictly increasing, with gaps.", examples=[1042]
    )
    type: str = Field(
        description="`<resource>.created|updated|deleted` or a domain event "
        "(`milestone.achieved`, `payment.paid`, ...): see the OpenAPI document's `webhooks`.",
        examples=["milestone.achieved"],
    )
    occurred_at: datetime = Field(description="When the write ran (UTC).", examples=[WHEN])
    programme_id: str | None = Field(
        description="The programme of the row (null: none, e.g. an organisation, a user).",
        examples=[EXAMPLE_ID],
    )
    team_id: str | None = Field(
        description="The team the row belongs to, when it belongs to exactly one.",
        examples=[EXAMPLE_ID],
    )
    resource: str = Field(description="The resource, as in its URL.", examples=["milestones"])
    resource_id: str = Field(description="The row's id.", examples=[EXAMPLE_ID])
    data: dict[str, Any] | None = Field(
        description="The row as the API shows it after the write (before it, for a delete); "
        "for `import.completed`, the load's report.",
        examples=[{"id": EXAMPLE_ID, "status": "achieved"}],
    )


class EventPage(BaseModel):
    """A page of the change feed and the cursor to resume from."""

    items: list[EventRead] = Field(description="The events, oldest first (by `position`).")
    next: str = Field(
        description="Opaque cursor after the last event of this page (the one given, on an "
        "empty page): pass it as `after` to read what committed since.",
        examples=["cDoxMDQy"],
    )
