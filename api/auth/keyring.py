"""The secrets that sign session tokens: ``SP_SECRET_KEY`` when given, else the installation's own.

No secret in the source code ever signs anything. Without ``SP_SECRET_KEY``, the first process
that needs a key makes a random one (384 bits) and keeps it in the ``signing_keys`` table, so
every API process of the installation signs and checks with the same keys. Two processes that
start at once may each make one: both are valid, the newest signs.

Rotation (``shared-purpose secret rotate``) adds a new key and retires the old ones; a retired
key still checks the tokens it signed until they expire (``SP_SESSION_HOURS``), so nobody is
signed out, unless ``--sign-everyone-out`` drops the old keys at once. Other processes see a new
key on the first token that names it, and a retirement within ``SP_AUTH_CACHE_SECONDS``.
"""

import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.service import record
from api.config import Settings
from api.db import Database
from api.models import SigningKey
from api.models.base import new_id, utcnow

ENV_KEY_ID = "env"  # the key id of tokens signed with SP_SECRET_KEY
RELOAD_AT_MOST_EVERY = 1.0  # seconds: an unknown key id cannot make every request query


@dataclass(frozen=True)
class Key:
    id: str
    secret: str
    created_at: datetime
    retired_at: datetime | None


class Keyring:
    def __init__(self, settings: Settings) -> None:
        given = settings.secret_key
        self.fixed = given.get_secret_value() if given is not None else None
        self.lifetime = timedelta(hours=settings.session_hours)
        self.refresh = settings.auth_cache_seconds
        self._keys: dict[str, Key] = {}
        self._loaded_at: float | None = None

    async def signer(self, db: Database) -> tuple[str, str]:
        """(key id, secret) to sign a new token with: the newest unretired key."""
        if self.fixed is not None:
            return ENV_KEY_ID, self.fixed
        if self._stale(self.refresh) or not self._current():
            await self.load(db)
        current = self._current()
        if not current:
            await make_key(db)
            await self.load(db)
            current = self._current()
        newest = max(current, key=lambda k: (k.created_at, k.id))
        return newest.id, newest.secret

    async def verifier(self, db: Database, key_id: str) -> str | None:
        """The secret of key ``key_id``, if it may still check tokens."""
        if self.fixed is not None:
            return self.fixed if key_id == ENV_KEY_ID else None
        if self._stale(self.refresh) or (
            key_id not in self._keys and self._stale(RELOAD_AT_MOST_EVERY)
        ):
            await self.load(db)
        key = self._keys.get(key_id)
        if key is None or (
            key.retired_at is not None and key.retired_at + self.lifetime < utcnow()
        ):
            return None
        return key.secret

    async def load(self, db: Database) -> None:
        oldest = utcnow() - self.lifetime
        k = SigningKey
        stmt = select(k.id, k.secret, k.created_at, k.retired_at).where(
            or_(k.retired_at.is_(None), k.retired_at > oldest)
        )
        async with db.read_engine.connect() as conn:  # never behind SQLite's writer lock
            rows = (await conn.execute(stmt)).all()
        self._keys = {r.id: Key(r.id, r.secret, r.created_at, r.retired_at) for r in rows}
        self._loaded_at = time.monotonic()

    def forget(self) -> None:
        self._loaded_at = None

    def _current(self) -> list[Key]:
        return [k for k in self._keys.values() if k.retired_at is None]

    def _stale(self, seconds: float) -> bool:
        return self._loaded_at is None or time.monotonic() - self._loaded_at >= seconds


async def make_key(db: Database) -> str:
    """A new random signing key; returns its id."""
    key_id = new_id()
    async with db.sessionmaker() as session, session.begin():
        session.add(SigningKey(id=key_id, secret=secrets.token_urlsafe(48)))
    return key_id


async def rotate(session: AsyncSession, settings: Settings, sign_everyone_out: bool) -> str:
    """Add a new key and retire the others (dropping them at once with ``sign_everyone_out``);
    audited, without any secret. Returns the new key's id."""
    now = utcnow()
    old = list(await session.scalars(select(SigningKey.id).where(SigningKey.retired_at.is_(None))))
    if sign_everyone_out:
        await session.execute(delete(SigningKey))
    else:
        await session.execute(
            update(SigningKey).where(SigningKey.retired_at.is_(None)).values(retired_at=now)
        )
        expired = SigningKey.retired_at < now - timedelta(hours=settings.session_hours)
        await session.execute(delete(SigningKey).where(expired))
    key_id = new_id()
    session.add(SigningKey(id=key_id, secret=secrets.token_urlsafe(48)))
    await session.flush()
    after = {"id": key_id, "retired": sorted(old), "sign_everyone_out": sign_everyone_out}
    await record(
        session,
        resource="signing-keys",
        resource_id=key_id,
        action="rotate",
        before=None,
        after=after,
    )
    return key_id
