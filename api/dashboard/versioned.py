"""How every read model answers: an ETag, a 304 for a caller who holds it, and the body.

Routes call ``respond`` with the programme (or team) whose data the body shows and a ``build``
coroutine; ``respond`` decides whether the body must be built at all.
"""

import hashlib
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncConnection
from starlette.requests import Request
from starlette.responses import Response

from api.kit.router import JSON, not_modified
from api.kit.scope import TeamScope


async def respond(
    conn: AsyncConnection,
    request: Request,
    *,
    as_of: date,
    scope: TeamScope | None,
    if_none_match: str | None,
    build: Callable[[], Awaitable[Any]],
    programme_id: str | None = None,
    team_id: str | None = None,
) -> Response:
    """The read model for this request: 304 when ``If-None-Match`` still holds, else the body.

    ``programme_id`` (or ``team_id``, for a team's model) names whose data the body shows;
    ``as_of`` is the resolved day and ``scope`` the caller's team scope, both part of the ETag.
    """
    del conn, request, as_of, scope, programme_id, team_id  # used once data versions exist
    body = orjson.dumps(await build())
    tag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
    headers = {"ETag": tag}
    if not_modified(if_none_match, tag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=JSON, headers=headers)
