"""JSON bodies, ETags and the idempotent-create sequence: the pieces every route answers with.

Bodies are serialised once with orjson (plain rows in, bytes out), never re-validated by FastAPI;
a route's ``response_model`` still documents the shape. A body's ETag is either a row's version
(``api.kit.service.etag``), a read model's derived tag (``api.dashboard.versioned``) or, for the
rest, a digest of the body itself (``body_etag``).
"""

import hashlib
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import orjson
from fastapi import Header
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from api.idempotency.service import Claim

JSON = "application/json"
MERGE_PATCH = "application/merge-patch+json"

IfMatch = Annotated[
    str | None,
    Header(description="The ETag you read; the write is refused with 412 if the row changed."),
]
IfNoneMatch = Annotated[
    str | None, Header(description="An ETag you hold; 304 Not Modified if it still matches.")
]


def json_response(
    content: Any, status_code: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return Response(
        orjson.dumps(content), status_code=status_code, media_type=JSON, headers=headers
    )


def not_modified(if_none_match: str | None, tag: str) -> bool:
    """Whether ``If-None-Match`` names ``tag`` (weak or strong) or ``*``."""
    if if_none_match is None:
        return False
    tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return "*" in tags or tag in tags


def body_etag(body: bytes) -> str:
    """A strong ETag from the bytes sent (for bodies with no version to name them)."""
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def tagged(
    body: bytes,
    if_none_match: str | None,
    headers: dict[str, str] | None = None,
    media_type: str = JSON,
) -> Response:
    """``body`` with its ``body_etag``, or 304 (same headers) when the caller holds that tag."""
    tag = body_etag(body)
    out = {**(headers or {}), "ETag": tag}
    if not_modified(if_none_match, tag):
        return Response(status_code=304, headers=out)
    return Response(body, media_type=media_type, headers=out)


async def create_once(
    claim: Claim | None,
    session: AsyncSession,
    write: Callable[[], Awaitable[Response]],
    *,
    redact: tuple[str, ...] = (),
) -> Response:
    """The idempotent-create sequence of every POST that takes an ``Idempotency-Key``.

    ``claim`` comes from ``api.idempotency.deps`` (None without a key). A claim that holds the
    first response to this key is answered with it and nothing is written again; otherwise
    ``write`` runs and its response is stored in the request's own transaction, so it is kept
    exactly when the write commits. ``redact`` names fields of a JSON body stored as ``null``
    (a secret shown once: the replay never holds it).
    """
    if claim is not None and claim.replay is not None:
        return claim.replay
    response = await write()
    if claim is not None:
        stored = None
        if redact:
            stored = orjson.dumps({**orjson.loads(response.body), **dict.fromkeys(redact)})
        await claim.save(session, response, stored)
    return response
