"""Idempotency keys (IETF draft ``Idempotency-Key`` header, with Stripe's semantics).

A POST with a key first *claims* it for the principal in a short transaction of its own, so a
concurrent duplicate sees the claim and gets 409. The response is then stored in the request's
own transaction: it commits exactly when the write does, so a retry either replays a response
whose write happened or runs again. A request that fails releases its claim (a retry may run
again). A claim left behind by a crashed process expires after ``LOCK``; stored responses after
``KEEP``. Everything lives in the database, so it holds across processes and machines.
"""

import hashlib
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import orjson
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from api.db import Database
from api.errors import ProblemError, RuleBroken
from api.models import IdempotencyKey
from api.models.base import utcnow

KEEP = timedelta(hours=24)
LOCK = timedelta(seconds=60)
PURGE_EVERY = 600.0  # seconds between sweeps of expired keys, per process
REPLAYED = "Idempotent-Replayed"
STORED_HEADERS = ("location", "etag", "content-type")
_last_purge = 0.0


class IdempotencyKeyRequired(ProblemError):
    status = 400
    type = "idempotency-key-required"
    title = "This request needs an Idempotency-Key header"


class IdempotencyKeyReused(RuleBroken):
    type = "idempotency-key-reused"
    title = "This Idempotency-Key was used with a different request"


class IdempotencyInProgress(ProblemError):
    status = 409
    type = "idempotency-in-progress"
    title = "A request with this Idempotency-Key is still running"


def fingerprint(method: str, path: str, query: Iterable[tuple[str, str]], body: str) -> str:
    """What decides the outcome: method, path, query parameters (sorted, so their order does not
    matter) and ``body``, a digest of what the request carries (``json_digest`` for JSON; an
    upload's parts, not its multipart framing, see ``api/imports/uploads.py``)."""
    request = f"{method} {path}?{urlencode(sorted(query))}\n{body}"
    return hashlib.sha256(request.encode()).hexdigest()


def json_digest(body: bytes) -> str:
    """The same digest whatever the key order or spacing of a JSON body."""
    try:
        canonical = orjson.dumps(orjson.loads(body), option=orjson.OPT_SORT_KEYS)
    except orjson.JSONDecodeError:
        canonical = body
    return hashlib.sha256(canonical).hexdigest()


@dataclass
class Claim:
    """A claimed key for the current request (``replay`` set: answer with it, run nothing)."""

    principal_id: str
    key: str
    fingerprint: str
    replay: Response | None = None
    saved: bool = False

    def where(self) -> Any:
        """This key of this principal."""
        return (IdempotencyKey.principal_id == self.principal_id) & (IdempotencyKey.key == self.key)

    async def save(
        self, session: AsyncSession, response: Response, body: bytes | None = None
    ) -> None:
        """Store the response in the request's transaction (``body`` overrides what is kept,
        e.g. without a secret that must be shown only once)."""
        headers = {k: v for k, v in response.headers.items() if k in STORED_HEADERS}
        await session.execute(
            update(IdempotencyKey)
            .where(self.where())
            .values(
                state="done",
                status_code=response.status_code,
                headers=headers,
                body=response.body if body is None else body,
            )
        )
        self.saved = True

    async def release(self, db: Database) -> None:
        """The request failed: forget the claim so that a retry runs again."""
        async with db.write_engine.begin() as conn:
            await conn.execute(
                delete(IdempotencyKey).where(self.where(), IdempotencyKey.state == "in_progress")
            )


def _replay(row: Any) -> Response:
    headers = {**(row.headers or {}), REPLAYED: "true"}
    media = headers.pop("content-type", None)
    return Response(row.body or b"", status_code=row.status_code, headers=headers, media_type=media)


def _fresh(print_: str, now: datetime) -> dict[str, Any]:
    """A claim's columns as a request takes it: in progress, locked a while, kept a day."""
    return {
        "fingerprint": print_,
        "state": "in_progress",
        "created_at": now,
        "locked_until": now + LOCK,
        "expires_at": now + KEEP,
    }


def _replayed(row: Any, found: Claim, print_: str, now: datetime) -> bool:
    """What a live claim on the key means for this request: True with the response to replay
    set on ``found``, or a 422 (another request) or 409 (still running); False when the claim
    may be taken over (expired, or abandoned by a crashed process)."""
    if row.expires_at <= now:
        return False
    if row.fingerprint != print_:
        raise IdempotencyKeyReused(
            "this Idempotency-Key was first used with another request (method, "
            "path, query or body); use a new key for a new request",
            loc=["header", "Idempotency-Key"],
        )
    if row.state == "done":
        found.replay = _replay(row)
        return True
    if row.locked_until > now:
        raise IdempotencyInProgress(
            "the first request with this key has not finished; retry shortly",
            headers={"Retry-After": "1"},
        )
    return False


async def claim(db: Database, principal_id: str, key: str, print_: str) -> Claim:
    """Claim ``key`` for this request, or find the first request's response to replay."""
    await _purge(db)
    found = Claim(principal_id, key, print_)
    now = utcnow()
    for _attempt in range(2):
        try:
            async with db.write_engine.begin() as conn:
                row = (await conn.execute(select(IdempotencyKey).where(found.where()))).first()
                if row is None:
                    values = _fresh(print_, now)
                    await conn.execute(
                        insert(IdempotencyKey).values(principal_id=principal_id, key=key, **values)
                    )
                    return found
                if _replayed(row, found, print_, now):
                    return found
                # Expired, or a claim abandoned by a crashed process: take it over.
                taken = await conn.execute(
                    update(IdempotencyKey)
                    .where(
                        found.where(),
                        (IdempotencyKey.expires_at <= now) | (IdempotencyKey.locked_until <= now),
                    )
                    .values(status_code=None, headers=None, body=None, **_fresh(print_, now))
                )
                if taken.rowcount == 1:
                    return found
        except IntegrityError:
            pass  # a concurrent request inserted the same key first: look again
    raise IdempotencyInProgress(
        "another request with this key is running; retry shortly", headers={"Retry-After": "1"}
    )


async def _purge(db: Database) -> None:
    global _last_purge
    if time.monotonic() - _last_purge < PURGE_EVERY:
        return
    _last_purge = time.monotonic()
    async with db.write_engine.begin() as conn:
        await conn.execute(delete(IdempotencyKey).where(IdempotencyKey.expires_at <= utcnow()))
