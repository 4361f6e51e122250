"""Feed tokens as the API shows them: never the secret's hash, and the secret itself only once."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from api.kit.schemas import EXAMPLE_ID

WHEN = "2026-11-26T09:00:00+00:00"
FEED = "/api/v1/calendar/spf_3f9KxQ2aVb7T0yZc1mN4pQ8rS6uW5xE2hJ9kL0oI1.ics"


class FeedTokenCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(
        min_length=1,
        max_length=100,
        description="What the feed is for, to tell your tokens apart.",
        examples=["My work calendar"],
    )
    programme_id: str = Field(
        max_length=36,
        description="The programme whose items the feed shows.",
        examples=[EXAMPLE_ID],
    )
    team_id: str | None = Field(
        default=None,
        max_length=36,
        description="Only this team's items (required for a team editor: one of its teams); "
        "null: the whole programme, programme-wide milestones included.",
        examples=[None],
    )


class FeedTokenRead(BaseModel):
    """A feed token (the secret is never shown again)."""

    id: str = Field(description="The token's id (to revoke it).", examples=[EXAMPLE_ID])
    name: str = Field(description="What the feed is for.", examples=["My work calendar"])
    programme_id: str = Field(description="The feed's programme.", examples=[EXAMPLE_ID])
    team_id: str | None = Field(description="The feed's team, or null.", examples=[None])
    created_at: datetime = Field(description="When it was made.", examples=[WHEN])
    last_used_at: datetime | None = Field(
        description="When a calendar last fetched the feed (at most once a minute).",
        examples=[None],
    )


class FeedTokenCreated(FeedTokenRead):
    """A new token: ``url`` holds the secret, shown this once."""

    url: str | None = Field(
        description="The feed's path, to subscribe to from a calendar app (with this API's "
        "origin in front). It holds the secret: shown once, null on a replay.",
        examples=[FEED],
    )


class FeedTokenPage(BaseModel):
    items: list[FeedTokenRead] = Field(description="Your tokens not revoked, oldest first.")
    next_cursor: str | None = Field(description="Always null: one page.", examples=[None])
