"""``Idempotency-Key`` on POST routes: a dependency declared before the session, so it claims the
key before the request's transaction starts and releases it after that transaction rolled back.

The fingerprint covers the method, path, query and a digest of the body that a second dependency
gives: the JSON body by default (already read, and capped at ``SP_MAX_BODY_BYTES``, by the
``api.http.body_limit``), or for uploads the digest taken while they were spooled to disk.
"""

import re
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated, Any

from fastapi import Depends, Request

from api.auth.deps import CurrentPrincipal
from api.errors import RuleBroken
from api.idempotency.service import (
    Claim,
    IdempotencyKeyRequired,
    claim,
    fingerprint,
    json_digest,
)

HEADER = "Idempotency-Key"
KEY = re.compile(r"[!-~]{1,255}")  # visible ASCII, as the IETF draft and Stripe use


class InvalidIdempotencyKey(RuleBroken):
    type = "invalid-idempotency-key"
    title = "An Idempotency-Key is 1 to 255 visible ASCII characters"


def header_parameter(required: bool) -> dict[str, Any]:
    """The header as OpenAPI documents it (FastAPI's own would make a missing key a 422)."""
    why = "Required here: money must never be created twice." if required else "Optional."
    return {
        "name": HEADER,
        "in": "header",
        "required": required,
        "description": "A unique value per new request (e.g. a UUID). A retry with the same key, "
        "query and body (for an upload: the same files, whatever the multipart boundary) replays "
        "the first response (`Idempotent-Replayed: true`) without writing again; the same key "
        "with another query or body is refused (422); one still running answers 409. Keys "
        f"are kept for 24 hours per caller. {why}",
        "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
        "example": "5f0c7a1e-6c1b-4a7e-9d57-0b3c2f9e8a41",
    }


def keyed(request: Request) -> bool:
    """Whether the request carries a key (only then is its body digested)."""
    return HEADER in request.headers


async def json_body(request: Request) -> str:
    """The default body digest: the JSON body, canonical."""
    return json_digest(await request.body()) if keyed(request) else ""


Digest = Callable[..., Awaitable[str]]  # a dependency: the body's digest ("" without a key)


def idempotency(
    required: bool, body: Digest = json_body
) -> Callable[..., AsyncIterator[Claim | None]]:
    async def dependency(
        request: Request, principal: CurrentPrincipal, digest: Annotated[str, Depends(body)]
    ) -> AsyncIterator[Claim | None]:
        key = request.headers.get(HEADER)
        if key is None:
            if required:
                raise IdempotencyKeyRequired(
                    f"send an {HEADER} header (a new random value, e.g. a UUID, for each new "
                    "request) so that a retry cannot create it twice",
                    loc=["header", HEADER],
                )
            yield None
            return
        if not KEY.fullmatch(key):
            raise InvalidIdempotencyKey(
                f"{HEADER} must be 1 to 255 visible ASCII characters", loc=["header", HEADER]
            )
        if principal.id is None:  # only signed-in callers write: nothing to scope a key to
            yield None
            return
        db = request.app.state.db
        query = request.query_params.multi_items()
        print_ = fingerprint(request.method, request.url.path, query, digest)
        found = await claim(db, principal.id, key, print_)
        if found.replay is not None:
            yield found
            return
        try:
            yield found
        except BaseException:
            await found.release(db)
            raise
        if not found.saved:
            await found.release(db)

    return dependency


optional_key = idempotency(required=False)
required_key = idempotency(required=True)


OptionalKey = Annotated[Claim | None, Depends(optional_key, scope="function")]
RequiredKey = Annotated[Claim | None, Depends(required_key, scope="function")]
