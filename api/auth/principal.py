"""Who is calling: a user (session token), an API key, nobody (anonymous) or the system (CLI)."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from api.kit.scope import ScopeLink, TeamScope
from api.models import api_key_teams, user_teams
from api.models.base import utcnow
from api.models.enums import Role

Kind = Literal["user", "api_key", "anonymous", "system"]

SCOPE_LINKS: dict[Kind, ScopeLink] = {
    "user": ScopeLink(user_teams.c.user_id, user_teams.c.team_id),
    "api_key": ScopeLink(api_key_teams.c.api_key_id, api_key_teams.c.team_id),
}


@dataclass(frozen=True)
class Principal:
    kind: Kind
    id: str | None
    name: str  # an e-mail or a key's name: how the audit trail shows it
    role: Role | None
    team_ids: frozenset[str] = frozenset()
    expires_at: datetime | None = None  # of the key or session token
    sessions_valid_from: datetime | None = None  # a user's: sessions issued earlier are ended
    team_scope: TeamScope | None = field(init=False, default=None, compare=False)

    def __post_init__(self) -> None:
        if self.role == Role.team_editor and self.id is not None and self.kind in SCOPE_LINKS:
            scope = TeamScope(SCOPE_LINKS[self.kind], self.id, self.team_ids)
            object.__setattr__(self, "team_scope", scope)

    @property
    def expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= utcnow()

    @property
    def label(self) -> str:
        return {"user": "user", "api_key": "API key"}.get(self.kind, self.kind) + f" {self.name}"


ANONYMOUS = Principal("anonymous", None, "anonymous", None)
# What the CLI and the seed act as: every right, recorded in the audit trail as ``system``.
SYSTEM = Principal("system", None, "system", Role.admin)


# ---- the principal a unit of work acts as ----------------------------------------------------
# HTTP sessions (``api.deps.get_session``) are marked ``http``: a write through one without a
# principal is a programming error, never a silent ``system`` write. Sessions the CLI and the
# seed open act as ``SYSTEM``.


def act_as(session: AsyncSession, principal: Principal, request_id: str | None = None) -> None:
    session.info["principal"] = principal
    session.info["request_id"] = request_id


def acting(session: AsyncSession) -> Principal:
    principal = session.info.get("principal")
    if isinstance(principal, Principal):
        return principal
    if session.info.get("http"):
        raise RuntimeError("an HTTP write ran without a principal (call act_as first)")
    return SYSTEM
