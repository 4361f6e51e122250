from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from api.kit.schemas import EXAMPLE_ID, ListParams

WHEN = "2026-11-26T09:00:00+00:00"


class AuditEventRead(BaseModel):
    """One successful write: who, when, what, and the row before and after."""

    id: str = Field(description="Stable opaque id (time-ordered).", examples=[EXAMPLE_ID])
    occurred_at: datetime = Field(description="When the write committed (UTC).", examples=[WHEN])
    actor_kind: str = Field(description="`user`, `api_key` or `system` (CLI).", examples=["user"])
    actor_id: str | None = Field(description="The user's or key's id.", examples=[EXAMPLE_ID])
    actor_name: str = Field(description="Its e-mail or name.", examples=["ann@example.org"])
    resource: str = Field(description="The resource, as in its URL.", examples=["milestones"])
    resource_id: str = Field(description="The row's id.", examples=[EXAMPLE_ID])
    action: str = Field(description="`create`, `update` or `delete`.", examples=["update"])
    team_id: str | None = Field(
        description="The team the row belongs to, when it belongs to one.", examples=[EXAMPLE_ID]
    )
    before: dict[str, Any] | None = Field(
        description="The row as the API showed it before (null on create).",
        examples=[{"status": "planned"}],
    )
    after: dict[str, Any] | None = Field(
        description="The row after (null on delete).", examples=[{"status": "achieved"}]
    )
    request_id: str | None = Field(
        description="The request's `X-Request-ID`.", examples=["4f1c2a9e0b7d4e51a3c8f6d2b9e0a1c4"]
    )


class AuditParams(ListParams):
    resource: str | None = Field(None, max_length=50, description="Only this resource's events.")
    resource_id: str | None = Field(None, max_length=36, description="Only this row's events.")
    actor_id: str | None = Field(None, max_length=36, description="Only this user's or key's.")
    action: str | None = Field(None, max_length=10, description="`create`, `update` or `delete`.")
    team_id: str | None = Field(None, max_length=36, description="Only rows of this team.")
    occurred_from: datetime | None = Field(None, description="At or after this time.")
    occurred_to: datetime | None = Field(None, description="At or before this time.")
