"""Sign-in, the caller, users and API keys as the API shows them (never a hash or password)."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from api.auth.permissions import Action
from api.kit.schemas import EXAMPLE_ID
from api.models.enums import Role

EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
WHEN = "2026-11-26T09:00:00+00:00"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class LoginIn(Strict):
    email: str = Field(
        max_length=254, description="The user's e-mail.", examples=["ann@example.org"]
    )
    password: str = Field(
        min_length=1,
        max_length=1000,
        description="The password.",
        examples=["correct horse battery"],
    )


class Me(BaseModel):
    """The caller: a user or an API key, its role and (for a team editor) its teams."""

    kind: str = Field(description="`user` or `api_key`.", examples=["user"])
    id: str = Field(description="The user's or key's id.", examples=[EXAMPLE_ID])
    name: str = Field(
        description="The user's e-mail or the key's name.", examples=["ann@example.org"]
    )
    role: Role = Field(description="What the caller may do (see the permission table).")
    team_ids: list[str] = Field(
        description="The teams a team editor may write; empty for other roles.",
        examples=[[EXAMPLE_ID]],
    )
    expires_at: datetime | None = Field(
        description="When the token or key stops working; null if never.", examples=[WHEN]
    )
    permissions: dict[str, list[Action]] = Field(
        description="What the caller may do, by resource: its role's row of the permission "
        "table (`approve` sets a payment approved or paid). A resource not listed is refused.",
        examples=[{"milestones": ["read", "write"], "payments": ["read", "write"]}],
    )
    team_scoped: list[str] = Field(
        description="The resources whose rows this caller reads and writes only for `team_ids` "
        "(a team editor's; programme-wide rows of them it only reads); empty for other roles.",
        examples=[["milestones", "support-activities"]],
    )


class LoginOut(BaseModel):
    token: str = Field(
        description="Send as `Authorization: Bearer <token>`; it is not stored by the server.",
        examples=["sps_eyJ1IjoiMDE5MGQ3YTQi.4mQx"],
    )
    token_type: str = Field(description="Always `Bearer`.", examples=["Bearer"])
    expires_at: datetime = Field(description="When the token stops working.", examples=[WHEN])
    me: Me = Field(description="Who the token stands for.")


# ---- users ---------------------------------------------------------------------------------------


class UserCreate(Strict):
    email: str = Field(
        max_length=254,
        pattern=EMAIL,
        description="Signs in with this.",
        examples=["ann@example.org"],
    )
    name: str = Field(min_length=1, max_length=200, description="Full name.", examples=["Ann Lee"])
    password: str = Field(
        min_length=12,
        max_length=1000,
        description="At least 12 characters; stored only as an Argon2id hash.",
        examples=["correct horse battery staple"],
    )
    role: Role = Field(description="What the user may do.")
    team_ids: list[str] = Field(
        default_factory=list,
        max_length=100,
        description="For a team_editor (required, at least one): the teams it may write.",
        examples=[[EXAMPLE_ID]],
    )


class UserUpdate(Strict):
    """Merge patch: only the fields sent change."""

    name: str | None = Field(
        None, min_length=1, max_length=200, description="Full name.", examples=["Ann Lee"]
    )
    password: str | None = Field(
        None,
        min_length=12,
        max_length=1000,
        description="A new password (12+ characters).",
        examples=["another long passphrase"],
    )
    role: Role | None = Field(None, description="A new role.")
    team_ids: list[str] | None = Field(
        None, max_length=100, description="A team editor's teams.", examples=[[EXAMPLE_ID]]
    )
    disabled: bool | None = Field(
        None, description="True signs the user out and refuses sign-in.", examples=[True]
    )


class UserRead(BaseModel):
    """A user (no password, no hash)."""

    id: str = Field(description="Stable opaque id.", examples=[EXAMPLE_ID])
    email: str = Field(description="Signs in with this.", examples=["ann@example.org"])
    name: str = Field(description="Full name.", examples=["Ann Lee"])
    role: Role = Field(description="What the user may do.")
    team_ids: list[str] = Field(description="A team editor's teams.", examples=[[EXAMPLE_ID]])
    disabled: bool = Field(description="Refused sign-in.", examples=[False])
    created_at: datetime = Field(description="When it was created.", examples=[WHEN])
    updated_at: datetime = Field(description="When it last changed.", examples=[WHEN])
    last_login_at: datetime | None = Field(description="Last sign-in.", examples=[WHEN])
    disabled_at: datetime | None = Field(description="When it was disabled.", examples=[None])


class UserPage(BaseModel):
    items: list[UserRead] = Field(description="Every user, by e-mail.")
    next_cursor: str | None = Field(description="Always null: one page.", examples=[None])


# ---- API keys ------------------------------------------------------------------------------------


class ApiKeyCreate(Strict):
    name: str = Field(
        min_length=1, max_length=100, description="What uses the key.", examples=["grants-system"]
    )
    role: Role = Field(description="What the key may do.")
    team_ids: list[str] = Field(
        default_factory=list,
        max_length=100,
        description="For a team_editor (required, at least one): the teams it may write.",
        examples=[[EXAMPLE_ID]],
    )
    expires_at: datetime | None = Field(
        None, description="When the key stops working (UTC); null: never.", examples=[WHEN]
    )


class ApiKeyRead(BaseModel):
    """An API key as stored: never the key, only its first characters."""

    id: str = Field(description="Stable opaque id.", examples=[EXAMPLE_ID])
    name: str = Field(description="What uses the key.", examples=["grants-system"])
    prefix: str = Field(description="The key's first characters.", examples=["spk_3f9KxQ2a"])
    role: Role = Field(description="What the key may do.")
    team_ids: list[str] = Field(description="A team editor's teams.", examples=[[EXAMPLE_ID]])
    created_by: str = Field(description="Who created it.", examples=["ann@example.org"])
    created_at: datetime = Field(description="When it was created.", examples=[WHEN])
    expires_at: datetime | None = Field(description="When it stops working.", examples=[None])
    revoked_at: datetime | None = Field(description="When it was revoked.", examples=[None])
    last_used_at: datetime | None = Field(
        description="Last use (updated at most once a minute).", examples=[WHEN]
    )


class ApiKeyCreated(ApiKeyRead):
    key: str | None = Field(
        description="The key: shown in this response only (null when the response is an "
        "idempotent replay). Send as `Authorization: Bearer <key>`.",
        examples=["spk_3f9KxQ2aLr8vN1cT0yWqZ5eJ7uHbX4dGmPsK6oIaE2w"],
    )


class ApiKeyPage(BaseModel):
    items: list[ApiKeyRead] = Field(description="Every key not revoked, oldest first.")
    next_cursor: str | None = Field(description="Always null: one page.", examples=[None])
