"""Users and API keys: create, list, change, disable, revoke. The CLI and the HTTP API share these.

Every change is recorded in the audit trail (without secrets: a password hash or key hash never
appears in an event). Services flush, never commit: the caller owns the transaction.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, literal_column, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from api.audit.service import record
from api.auth import tokens
from api.errors import Conflict, InvalidReference, NotFound, ProblemError, RuleBroken
from api.models import ApiKey, Team, User, api_key_teams, user_teams
from api.models.base import new_id, utcnow
from api.models.enums import Role

MIN_PASSWORD = 12
Row = dict[str, Any]


class SelfLockout(ProblemError):
    status = 409
    type = "self-lockout"
    title = "You cannot revoke or disable the credentials you are using"


def _teams(owner: Any, team: Any, owner_id: Any) -> Any:
    comma: ColumnElement[str] = literal_column("','")
    agg = func.aggregate_strings(team, comma)  # type: ignore[arg-type]
    return select(agg).where(owner == owner_id).scalar_subquery()


def _ids(raw: str | None) -> list[str]:
    return sorted(raw.split(",")) if raw else []


async def _check_teams(session: AsyncSession, role: Role, team_ids: list[str]) -> None:
    """Only a team editor has teams, and it needs at least one; every team must exist."""
    if role != Role.team_editor:
        if team_ids:
            raise RuleBroken("only a team_editor is scoped to teams", field="team_ids")
        return
    if not team_ids:
        raise RuleBroken("a team_editor needs at least one team", field="team_ids")
    if len(set(team_ids)) != len(team_ids):
        raise RuleBroken("team_ids lists a team twice", field="team_ids")
    found = set((await session.scalars(select(Team.id).where(Team.id.in_(team_ids)))).all())
    missing = [t for t in team_ids if t not in found]
    if missing:
        raise InvalidReference(f"no team with id {', '.join(missing)}", field="team_ids")


# ---- users ---------------------------------------------------------------------------------------

USER_COLUMNS = (
    User.id,
    User.email,
    User.name,
    User.role,
    User.created_at,
    User.updated_at,
    User.last_login_at,
    User.disabled_at,
)


def _user_select() -> Any:
    teams = _teams(user_teams.c.user_id, user_teams.c.team_id, User.id).label("team_ids")
    return select(*USER_COLUMNS, teams)


def _user_row(row: Any) -> Row:
    data = dict(row._mapping)
    data["team_ids"] = _ids(data["team_ids"])
    data["disabled"] = data["disabled_at"] is not None
    return data


async def list_users(session: AsyncSession) -> list[Row]:
    result = await session.execute(_user_select().order_by(User.email))
    return [_user_row(r) for r in result]


async def get_user(session: AsyncSession, user_id: str) -> Row:
    row = (await session.execute(_user_select().where(User.id == user_id))).first()
    if row is None:
        raise NotFound(f"no user with id {user_id}", loc=["path", "user_id"])
    return _user_row(row)


async def find_user(session: AsyncSession, id_or_email: str) -> Row:
    """By id or e-mail (what the CLI accepts)."""
    stmt = _user_select().where(
        (User.id == id_or_email) | (User.email == id_or_email.strip().lower())
    )
    row = (await session.execute(stmt)).first()
    if row is None:
        raise NotFound(f"no user {id_or_email}", loc=["path", "user_id"])
    return _user_row(row)


async def create_user(
    session: AsyncSession,
    *,
    email: str,
    name: str,
    password: str,
    role: Role,
    team_ids: list[str] | None = None,
) -> Row:
    email = email.strip().lower()
    team_ids = team_ids or []
    if len(password) < MIN_PASSWORD:
        raise RuleBroken(f"a password has at least {MIN_PASSWORD} characters", field="password")
    if await session.scalar(select(User.id).where(User.email == email)) is not None:
        raise Conflict(f"another user already has e-mail {email}", field="email")
    await _check_teams(session, role, team_ids)
    user_id = new_id()
    now = utcnow()
    await session.execute(
        insert(User).values(
            id=user_id,
            email=email,
            name=name.strip(),
            password_hash=await tokens.hash_password(password),
            role=role,
            created_at=now,
            updated_at=now,
        )
    )
    await _set_teams(session, user_teams.c.user_id, user_teams.c.team_id, user_id, team_ids)
    after = await get_user(session, user_id)
    await record(
        session, resource="users", resource_id=user_id, action="create", before=None, after=after
    )
    return after


async def update_user(
    session: AsyncSession,
    user_id: str,
    changes: dict[str, Any],
    acting_id: str | None = None,
) -> Row:
    """Change name, role, teams, password or ``disabled``; nobody disables themselves."""
    before = await get_user(session, user_id)
    user = await session.get(User, user_id, with_for_update=True)
    assert user is not None
    if changes.get("disabled") and user_id == acting_id:
        raise SelfLockout("you cannot disable your own account", field="disabled")
    role = changes.get("role") or user.role
    team_ids = changes.get("team_ids")
    if "role" in changes or team_ids is not None:
        if team_ids is None:
            team_ids = before["team_ids"] if role == Role.team_editor else []
        await _check_teams(session, role, team_ids)
        await _set_teams(session, user_teams.c.user_id, user_teams.c.team_id, user_id, team_ids)
    if changes.get("name") is not None:
        user.name = changes["name"].strip()
    user.role = role
    if changes.get("password") is not None:
        if len(changes["password"]) < MIN_PASSWORD:
            raise RuleBroken(f"a password has at least {MIN_PASSWORD} characters", field="password")
        user.password_hash = await tokens.hash_password(changes["password"])
        user.sessions_valid_from = utcnow()  # a new password signs the user out everywhere
    if "disabled" in changes and changes["disabled"] is not None:
        if changes["disabled"] and user.disabled_at is None:
            user.sessions_valid_from = utcnow()  # enabling the user again does not revive them
        user.disabled_at = (user.disabled_at or utcnow()) if changes["disabled"] else None
    user.updated_at = utcnow()
    await session.flush()
    after = await get_user(session, user_id)
    await record(
        session, resource="users", resource_id=user_id, action="update", before=before, after=after
    )
    return after


async def sign_out(session: AsyncSession, user_id: str) -> None:
    """End every session token the user holds: those issued before now are refused."""
    await session.execute(
        update(User).where(User.id == user_id).values(sessions_valid_from=utcnow())
    )


async def _set_teams(
    session: AsyncSession, owner: Any, team: Any, owner_id: str, team_ids: list[str]
) -> None:
    await session.execute(delete(owner.table).where(owner == owner_id))
    if team_ids:
        await session.execute(
            insert(owner.table), [{owner.key: owner_id, team.key: t} for t in team_ids]
        )


# ---- API keys ------------------------------------------------------------------------------------

KEY_COLUMNS = (
    ApiKey.id,
    ApiKey.name,
    ApiKey.prefix,
    ApiKey.role,
    ApiKey.created_by,
    ApiKey.created_at,
    ApiKey.expires_at,
    ApiKey.revoked_at,
    ApiKey.last_used_at,
)


def _key_select() -> Any:
    teams = _teams(api_key_teams.c.api_key_id, api_key_teams.c.team_id, ApiKey.id)
    return select(*KEY_COLUMNS, teams.label("team_ids"))


def _key_row(row: Any) -> Row:
    data = dict(row._mapping)
    data["team_ids"] = _ids(data["team_ids"])
    return data


async def list_keys(session: AsyncSession, include_revoked: bool = True) -> list[Row]:
    stmt = _key_select().order_by(ApiKey.created_at, ApiKey.id)
    if not include_revoked:
        stmt = stmt.where(ApiKey.revoked_at.is_(None))
    return [_key_row(r) for r in await session.execute(stmt)]


async def get_key(session: AsyncSession, key_id: str, include_revoked: bool = True) -> Row:
    stmt = _key_select().where(ApiKey.id == key_id)
    if not include_revoked:
        stmt = stmt.where(ApiKey.revoked_at.is_(None))
    row = (await session.execute(stmt)).first()
    if row is None:
        raise NotFound(f"no API key with id {key_id}", loc=["path", "api_key_id"])
    return _key_row(row)


async def create_key(
    session: AsyncSession,
    *,
    name: str,
    role: Role,
    team_ids: list[str] | None = None,
    expires_at: datetime | None = None,
    created_by: str = "",
) -> tuple[Row, str]:
    """A new key: its row, and the key itself (to show once; only its hash is kept)."""
    team_ids = team_ids or []
    await _check_teams(session, role, team_ids)
    if expires_at is not None and expires_at <= utcnow():
        raise RuleBroken("expires_at must be in the future", field="expires_at")
    key = tokens.new_api_key()
    key_id = new_id()
    await session.execute(
        insert(ApiKey).values(
            id=key_id,
            name=name.strip(),
            prefix=key[: tokens.SHOWN_PREFIX],
            key_hash=tokens.hash_key(key),
            role=role,
            created_by=created_by,
            created_at=utcnow(),
            expires_at=expires_at,
        )
    )
    await _set_teams(session, api_key_teams.c.api_key_id, api_key_teams.c.team_id, key_id, team_ids)
    after = await get_key(session, key_id)
    await record(
        session, resource="api-keys", resource_id=key_id, action="create", before=None, after=after
    )
    return after, key


async def revoke_key(
    session: AsyncSession, key_id: str, acting_id: str | None = None, include_revoked: bool = True
) -> Row:
    """Revoke a key (kept, with ``revoked_at``, so the audit trail still names it); the API
    treats a revoked key as gone (``include_revoked=False``: 404)."""
    before = await get_key(session, key_id, include_revoked)
    if key_id == acting_id:
        raise SelfLockout("you cannot revoke the key this request is using")
    key = await session.get(ApiKey, key_id, with_for_update=True)
    assert key is not None
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        await session.flush()
        after = await get_key(session, key_id)
        await record(
            session,
            resource="api-keys",
            resource_id=key_id,
            action="update",
            before=before,
            after=after,
        )
        return after
    return before
