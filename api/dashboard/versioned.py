"""How every read model answers: an ETag, a 304 for a caller who holds it, and the body.

The ETag is derived, not hashed from the body: it names the request (path, query, the resolved
``as_of``), the caller's team scope and the programme's data version (``api.kit.versions``). So a
revalidation costs one indexed lookup and never builds the body, and a body built once is kept
in a per-process cache under its ETag. Every request reads the version from the database, so a
write in any process is seen by the next read in every other; the cache can only miss, never go
stale. A programme with no version row yet (written around the ORM) is neither cached nor given
a derived ETag: its body is built and hashed as before.
"""

import hashlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import date
from operator import itemgetter
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncConnection
from starlette.requests import Request
from starlette.responses import Response

from api.db import Database
from api.http.responses import JSON, body_etag, not_modified
from api.kit import versions
from api.kit.scope import TeamScope
from api.observe.metrics import CACHE_HIT, CACHE_MISS


class BodyCache:
    """Built bodies by ETag, least recently used first out, within a byte budget."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._bodies: OrderedDict[str, bytes] = OrderedDict()

    def get(self, tag: str) -> bytes | None:
        body = self._bodies.get(tag)
        if body is not None:
            self._bodies.move_to_end(tag)
        return body

    def put(self, tag: str, body: bytes) -> None:
        if len(body) > self.max_bytes // 4 or tag in self._bodies:
            return  # one body may not push out most of the others
        self._bodies[tag] = body
        self.size += len(body)
        while self.size > self.max_bytes:
            _, old = self._bodies.popitem(last=False)
            self.size -= len(old)


def cache_of(request: Request) -> BodyCache:
    state = request.app.state
    cache: BodyCache | None = getattr(state, "read_cache", None)
    if cache is None:
        cache = state.read_cache = BodyCache(int(state.settings.read_cache_mb * 1024 * 1024))
    return cache


def derived_tag(request: Request, as_of: date, scope: TeamScope | None, version: str) -> str:
    # By name only: a repeated parameter keeps its order (the last one is the one that counts).
    query = sorted(
        ((k, v) for k, v in request.query_params.multi_items() if k != "as_of"), key=itemgetter(0)
    )
    teams = sorted(scope.team_ids) if scope is not None else None
    # The scope's path: what ``request.url.path`` gives, without building the whole URL.
    key = orjson.dumps([request.scope["path"], query, as_of.isoformat(), teams, version])
    return '"rm-' + hashlib.blake2b(key, digest_size=12).hexdigest() + '"'


def answer(body: bytes | None, tag: str, if_none_match: str | None) -> Response:
    headers = {"ETag": tag}
    if body is None or not_modified(if_none_match, tag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=JSON, headers=headers)


async def lookup(
    db: Database, *, programme_id: str | None, team_id: str | None
) -> tuple[str, str] | None:
    """The data version, on the asyncpg read pool (PostgreSQL) or a SQLAlchemy connection."""
    if db.read_pool is None:
        async with db.read_engine.connect() as conn:
            return await versions.current(conn, programme_id=programme_id, team_id=team_id)
    reader = await db.reader()
    try:
        return await versions.current(reader, programme_id=programme_id, team_id=team_id)
    finally:
        await reader.release()


async def respond(
    request: Request,
    *,
    as_of: date,
    scope: TeamScope | None,
    if_none_match: str | None,
    build: Callable[[AsyncConnection], Awaitable[Any]],
    programme_id: str | None = None,
    team_id: str | None = None,
) -> Response:
    """The read model for this request: 304 when ``If-None-Match`` still holds, else the body.

    ``programme_id`` (or ``team_id``, for a team's model) names whose data the body shows;
    ``as_of`` is the resolved day and ``scope`` the caller's team scope, both part of the ETag.
    The version is looked up on a read connection (asyncpg's own on PostgreSQL, one round
    trip); a SQLAlchemy connection is checked out only when the body must be built.
    """
    db: Database = request.app.state.db
    before = await lookup(db, programme_id=programme_id, team_id=team_id)
    tag = derived_tag(request, as_of, scope, before[1]) if before is not None else None
    cache = cache_of(request)
    if tag is not None:
        if not_modified(if_none_match, tag):
            return answer(None, tag, None)
        body = cache.get(tag)
        if body is not None:
            CACHE_HIT.inc()
            return answer(body, tag, None)
        CACHE_MISS.inc()  # counted only where a cached body could have answered
    async with db.read_engine.connect() as conn:
        body = orjson.dumps(await build(conn))
        after = await versions.current(conn, programme_id=programme_id, team_id=team_id)
    if tag is not None and after == before:
        # No write touched the programme while the body was built: it is that version's body.
        cache.put(tag, body)
        return answer(body, tag, if_none_match)
    return answer(body, body_etag(body), if_none_match)
