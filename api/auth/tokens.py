"""Secrets: API keys, session tokens and passwords. Nothing here logs or stores a secret.

- **API keys** are 256 random bits behind a recognisable prefix (``spk_``), shown once; the
  database keeps only their SHA-256 (a key is random, so a fast hash is as safe as a slow one)
  and the first characters, so a person can tell keys apart.
- **Session tokens** (``sps_``) are what dashboard login returns: the user id, an expiry and
  the id of the key that signed it, signed with HMAC-SHA256 under that key (``SP_SECRET_KEY``,
  or the installation's own secret: see ``keyring``); no session table, so any process can check
  them. Changing ``SP_SECRET_KEY`` signs everyone out; disabling a user refuses its tokens at
  once (the user is looked up on use), and so does signing out or a new password, for the
  tokens issued before (each carries its issue time, to the microsecond).
- **Passwords** are hashed with Argon2id (pwdlib over argon2-cffi) at OWASP's recommended cost
  (19 MiB, 2 iterations, 1 lane); verification runs off the event loop.
"""

import base64
import binascii
import functools
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import anyio.to_thread
import orjson
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

KEY_PREFIX = "spk_"
SESSION_PREFIX = "sps_"
SHOWN_PREFIX = 12  # characters of a key kept in clear, e.g. ``spk_3f9KxQ2a``

_passwords = PasswordHash((Argon2Hasher(time_cost=2, memory_cost=19_456, parallelism=1),))


@functools.cache
def _dummy_hash() -> str:
    """Verified when no user has the e-mail given, so a wrong e-mail costs the same time as a
    wrong password and does not reveal which addresses have accounts. Made on first use: an
    Argon2 hash at import would slow every command-line start."""
    return _passwords.hash(secrets.token_urlsafe(16))


def looks_like_credential(value: str) -> bool:
    return value.startswith((KEY_PREFIX, SESSION_PREFIX))


# ---- API keys ------------------------------------------------------------------------------------


def new_api_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


# ---- session tokens ------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(secret: str, payload: str) -> str:
    return _b64(hmac.new(secret.encode(), f"sps.{payload}".encode(), hashlib.sha256).digest())


@dataclass(frozen=True)
class Session:
    user_id: str
    expires_at: datetime
    issued_us: int  # when it was issued, in microseconds since the epoch (0: not recorded)

    def ended_by(self, valid_from: datetime | None) -> bool:
        """Whether a sign-out at ``valid_from`` (the user's ``sessions_valid_from``) ended it."""
        return valid_from is not None and self.issued_us < _micros(valid_from)


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _micros(moment: datetime) -> int:
    return (moment - EPOCH) // timedelta(microseconds=1)


def issue_session(key_id: str, secret: str, user_id: str, hours: float) -> tuple[str, datetime]:
    issued = time.time_ns() // 1000
    expires = int(issued / 1e6 + hours * 3600)
    data = {"k": key_id, "u": user_id, "iat": issued, "exp": expires, "n": secrets.token_hex(4)}
    payload = _b64(orjson.dumps(data))
    token = f"{SESSION_PREFIX}{payload}.{_sign(secret, payload)}"
    return token, datetime.fromtimestamp(expires, UTC)


def _claims(payload: str) -> dict[str, Any] | None:
    try:
        data = orjson.loads(_unb64(payload))
    except (binascii.Error, ValueError):
        return None
    return data if isinstance(data, dict) else None


def session_key_id(token: str) -> str | None:
    """The id of the key a token says signed it (unverified: only to pick the key to check)."""
    payload = token.removeprefix(SESSION_PREFIX).partition(".")[0]
    data = _claims(payload)
    key_id = data.get("k") if data else None
    return key_id if isinstance(key_id, str) and 0 < len(key_id) <= 64 else None


def read_session(secret: str, token: str) -> Session | None:
    """The session a token carries, or None if it is forged, malformed or expired."""
    body = token.removeprefix(SESSION_PREFIX)
    payload, _, signature = body.partition(".")
    if not hmac.compare_digest(signature.encode(), _sign(secret, payload).encode()):
        return None
    data = _claims(payload)
    if data is None:
        return None
    try:
        user_id, expires, issued = str(data["u"]), int(data["exp"]), int(data["iat"])
    except (KeyError, TypeError, ValueError):
        return None
    if expires <= time.time():
        return None
    return Session(user_id, datetime.fromtimestamp(expires, UTC), issued)


# ---- passwords -----------------------------------------------------------------------------------


async def hash_password(password: str) -> str:
    return await anyio.to_thread.run_sync(_passwords.hash, password)


async def verify_password(password: str, password_hash: str | None) -> bool:
    """Constant work whether or not the user exists (pass None for a missing user)."""

    def verify() -> bool:
        return bool(_passwords.verify(password, password_hash or _dummy_hash()))

    ok = await anyio.to_thread.run_sync(verify)
    return bool(ok) and password_hash is not None
