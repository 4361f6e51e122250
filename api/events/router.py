"""``GET /events``: the change feed, in commit order from a cursor (any signed-in caller)."""

from typing import Annotated

import orjson
from fastapi import APIRouter, Depends, Query
from starlette.responses import Response

from api.auth.deps import Require
from api.auth.permissions import Action
from api.auth.principal import Principal
from api.deps import ReaderDep
from api.errors import InvalidQuery
from api.events import cursor, service
from api.events.schemas import EventPage
from api.handlers import responses
from api.http.query import StrictRoute
from api.http.responses import IfNoneMatch, tagged
from api.pagination import MAX_LIMIT, InvalidCursor

router = APIRouter(prefix="/events", tags=["events"], route_class=StrictRoute)
Caller = Annotated[Principal, Depends(Require("events", Action.read))]
DEFAULT = 100


def _types(given: list[str] | None) -> tuple[str, ...]:
    """``type`` repeated or comma-separated; each must be a documented event type."""
    types = sorted({t.strip() for value in given or [] for t in value.split(",") if t.strip()})
    unknown = [t for t in types if t not in service.known_types()]
    if unknown:
        raise InvalidQuery(
            f"{unknown[0][:60]!r} is not an event type (see the OpenAPI document's webhooks)",
            loc=["query", "type"],
        )
    return tuple(types)


@router.get(
    "",
    response_model=EventPage,
    operation_id="events-list",
    summary="Read the change feed",
    description="The events of committed writes in the order they committed, after `after` "
    "(a cursor from `next`; none: from the start), oldest first. `next` comes on every page, "
    "an empty one too: keep it and ask again to read what committed since, missing nothing "
    "and repeating nothing (a page with room to spare ends at the feed's top, past the events "
    "it filtered out). Filter by `type` (repeated or comma-separated) and "
    "`programme_id`. A caller sees the events of the resources it may read (a team editor, "
    "of team-scoped resources, only its teams' and programme-wide rows); a page may hold "
    "fewer than `limit` events when some were not the caller's. `ETag` and `If-None-Match` "
    "answer an unchanged page with 304.",
    responses=responses(304, 400, 401, 403, 422, problems=[InvalidCursor]),
)
async def list_events(
    principal: Caller,
    conn: ReaderDep,
    after: Annotated[
        str | None, Query(max_length=200, description="The `next` cursor of the page before.")
    ] = None,
    type: Annotated[  # noqa: A002 - the public parameter's name
        list[str] | None, Query(description="Only events of these types.", max_length=2000)
    ] = None,
    programme_id: Annotated[
        str | None, Query(max_length=36, description="Only this programme's events.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Events per page.")] = DEFAULT,
    if_none_match: IfNoneMatch = None,
) -> Response:
    """Read the change feed."""
    query = service.Query(cursor.decode(after), limit, _types(type), programme_id)
    rows, next_cursor = await service.page(conn, principal, query)
    body = orjson.dumps({"items": rows, "next": next_cursor})
    return tagged(body, if_none_match)
