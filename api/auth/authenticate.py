"""Turning a bearer token into a principal, and signing in with e-mail and password.

A request with a known token costs no database round trip: principals are cached in process for
``SP_AUTH_CACHE_SECONDS`` (see ``cache``). A miss is one query (the key or user with its teams
aggregated in the same SELECT). A key's ``last_used_at`` is written at most once a minute (when
the looked-up value is older than that), so steady traffic adds one small UPDATE per key per
minute, not one per request.
"""

import logging
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Column, ScalarSelect, func, literal_column, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from api.auth import tokens
from api.auth.cache import PrincipalCache
from api.auth.keyring import Keyring
from api.auth.principal import Principal
from api.auth.ratelimit import counter_key, hit
from api.config import Settings
from api.db import Database, write_if_free
from api.errors import Unauthenticated
from api.models import ApiKey, User, api_key_teams, user_teams
from api.models.base import utcnow

LAST_USED_EVERY = timedelta(minutes=1)
log = logging.getLogger(__name__)
IP_FACTOR = 5  # sign-in attempts from one client address: this many times the per-e-mail limit


def _teams_of(owner: Column[Any], team: Column[Any], owner_id: Any) -> ScalarSelect[Any]:
    """The principal's team ids, comma-separated, as a subquery of the lookup's one SELECT."""
    comma: ColumnElement[str] = literal_column("','")
    agg = func.aggregate_strings(team, comma)  # type: ignore[arg-type]
    return select(agg).where(owner == owner_id).scalar_subquery()


KEY_TEAMS = (api_key_teams.c.api_key_id, api_key_teams.c.team_id)
USER_TEAMS = (user_teams.c.user_id, user_teams.c.team_id)


def _split(teams: str | None) -> frozenset[str]:
    return frozenset(teams.split(",")) if teams else frozenset()


class InvalidLogin(Unauthenticated):
    type = "invalid-login"
    title = "Wrong e-mail or password"


class Authenticator:
    """One per app: the settings, and the cache of principals already looked up."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.cache = PrincipalCache(settings.auth_cache_seconds)
        self.keyring = Keyring(settings)

    async def authenticate(self, db: Database, token: str) -> Principal | None:
        """The principal a bearer token stands for; None if it is unknown, expired or revoked."""
        if token.startswith(tokens.SESSION_PREFIX):
            key_id = tokens.session_key_id(token)
            secret = await self.keyring.verifier(db, key_id) if key_id else None
            session = tokens.read_session(secret, token) if secret else None
            if session is None:
                return None
            user = self.cache.get(f"u:{session.user_id}") or await self._user(db, session.user_id)
            if user is None or session.ended_by(user.sessions_valid_from):
                return None
            return replace(user, expires_at=session.expires_at)
        if token.startswith(tokens.KEY_PREFIX):
            digest = tokens.hash_key(token)
            key = self.cache.get(f"k:{digest}") or await self._key(db, digest)
            return key if key is not None and not key.expired else None
        return None

    async def _key(self, db: Database, digest: str) -> Principal | None:
        stmt = select(
            ApiKey.id,
            ApiKey.name,
            ApiKey.role,
            ApiKey.expires_at,
            ApiKey.revoked_at,
            ApiKey.last_used_at,
            _teams_of(*KEY_TEAMS, ApiKey.id).label("teams"),
        ).where(ApiKey.key_hash == digest)
        async with db.read_engine.connect() as conn:
            row = (await conn.execute(stmt)).first()
        if row is None or row.revoked_at is not None:
            return None
        principal = Principal(
            "api_key", row.id, row.name, row.role, _split(row.teams), row.expires_at
        )
        now = utcnow()
        if row.last_used_at is None or row.last_used_at < now - LAST_USED_EVERY:
            await self._touch(db, row.id, now)
        self.cache.put(f"k:{digest}", principal)
        return principal

    async def _touch(self, db: Database, key_id: str, now: datetime) -> None:
        """Record use, at most once a minute (other processes may just have done it).

        Best effort, and never waiting: while an import holds SQLite's writer lock, a read (an
        import's status poll) skips the record rather than queueing behind the load."""
        stmt = (
            update(ApiKey)
            .where(
                ApiKey.id == key_id,
                or_(ApiKey.last_used_at.is_(None), ApiKey.last_used_at < now - LAST_USED_EVERY),
            )
            .values(last_used_at=now)
        )
        if not await write_if_free(db, stmt, self.settings.sqlite_busy_timeout_ms):
            log.info("last use of key %s not recorded: the database is busy", key_id)

    async def _user(self, db: Database, user_id: str) -> Principal | None:
        stmt = select(
            User.id,
            User.email,
            User.role,
            User.disabled_at,
            User.sessions_valid_from,
            _teams_of(*USER_TEAMS, User.id).label("teams"),
        ).where(User.id == user_id)
        async with db.read_engine.connect() as conn:
            row = (await conn.execute(stmt)).first()
        if row is None or row.disabled_at is not None:
            return None
        principal = Principal(
            "user",
            row.id,
            row.email,
            row.role,
            _split(row.teams),
            sessions_valid_from=row.sessions_valid_from,
        )
        self.cache.put(f"u:{user_id}", principal)
        return principal

    async def login(
        self, db: Database, session: AsyncSession, email: str, password: str, client: str
    ) -> tuple[str, datetime, User]:
        """A session token for a user whose password matches, rate-limited per e-mail and per
        client address; the same 401 whether the e-mail or the password is wrong."""
        email = email.strip().lower()
        settings = self.settings
        # Before the request's transaction takes SQLite's writer lock: making the first key writes.
        key_id, secret = await self.keyring.signer(db)
        limits = {
            counter_key("login:email", email): settings.login_attempts,
            # Several people may share an address (an office, a proxy): a looser limit there.
            counter_key("login:ip", client): settings.login_attempts * IP_FACTOR,
        }
        await hit(db, limits, settings.login_window_seconds)
        user = await session.scalar(select(User).where(User.email == email))
        ok = await tokens.verify_password(password, user.password_hash if user else None)
        if user is None or not ok or user.disabled_at is not None:
            raise InvalidLogin("wrong e-mail or password, or the account is disabled")
        user.last_login_at = utcnow()
        token, expires_at = tokens.issue_session(key_id, secret, user.id, settings.session_hours)
        return token, expires_at, user
