"""Feed tokens for signed-in callers, and the calendar feed a token opens.

``/feed-tokens`` follows the permission table (``feed-tokens``): any signed-in user or key makes,
lists and revokes its own tokens. ``/calendar/{token}.ics`` needs no principal: the token in the
path is the credential, because calendar apps cannot send headers. It grants that one feed and
nothing else (as a bearer token it is unknown everywhere: 401); a revoked or unknown token is a
404 problem.
"""

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from starlette.responses import Response

from api.auth.deps import Require
from api.auth.permissions import Action
from api.auth.principal import Principal, act_as
from api.calendar import ics, service
from api.calendar.schemas import FeedTokenCreate, FeedTokenCreated, FeedTokenPage
from api.dashboard.due import feed_items
from api.dashboard.paging import TeamFilter
from api.deps import SessionDep
from api.errors import NotFound
from api.handlers import responses
from api.http.query import StrictRoute
from api.http.responses import create_once, json_response, tagged
from api.idempotency.deps import OptionalKey, header_parameter

tokens_router = APIRouter(prefix="/feed-tokens", tags=["feed-tokens"], route_class=StrictRoute)
calendar_router = APIRouter(prefix="/calendar", tags=["calendar"], route_class=StrictRoute)

Reader = Annotated[Principal, Depends(Require("feed-tokens", Action.read))]
Writer = Annotated[Principal, Depends(Require("feed-tokens", Action.write))]
TokenId = Annotated[str, Path(description="The feed token's id.", max_length=36)]
Secret = Annotated[
    str, Path(description="The feed token (`spf_…`), as shown once.", max_length=100)
]
ICS = "text/calendar"


def feed_path(request: Request, secret: str) -> str:
    return request.url_for("calendar-feed", token=secret).path


@tokens_router.get(
    "",
    response_model=FeedTokenPage,
    operation_id="feed-tokens-list",
    summary="List your feed tokens",
    description="The calendar feed tokens you made and have not revoked, oldest first (never "
    "their secrets).",
    responses=responses(400, 401, 403, 422),
)
async def list_tokens(principal: Reader, session: SessionDep) -> Response:
    """List your feed tokens."""
    return json_response(
        {"items": await service.list_tokens(session, principal), "next_cursor": None}
    )


@tokens_router.post(
    "",
    status_code=201,
    response_model=FeedTokenCreated,
    operation_id="feed-tokens-create",
    summary="Make a calendar feed token",
    description="A token for the iCalendar feed of a programme, or of one of its teams (a team "
    "editor: one of its teams). `url` holds the secret, shown once: only its hash is stored. "
    "A replay of this request (same `Idempotency-Key`) returns the row with `url: null`.",
    openapi_extra={"parameters": [header_parameter(required=False)]},
    responses=responses(400, 401, 403, 409, 413, 415, 422),
)
async def create_token(
    request: Request,
    principal: Writer,
    idempotency: OptionalKey,
    session: SessionDep,
    body: FeedTokenCreate,
) -> Response:
    """Make a calendar feed token."""

    async def write() -> Response:
        act_as(session, principal, request.state.request_id)
        row, secret = await service.create_token(session, principal, body.model_dump())
        headers = {"Location": f"{request.url.path}/{row['id']}"}
        return json_response({**row, "url": feed_path(request, secret)}, 201, headers)

    return await create_once(idempotency, session, write, redact=("url",))  # replays: no secret


@tokens_router.delete(
    "/{feed_token_id}",
    status_code=204,
    response_class=Response,
    operation_id="feed-tokens-revoke",
    summary="Revoke a feed token",
    description="Its feed answers 404 from now on. The row is kept for the audit trail.",
    responses=responses(400, 401, 403, 404, 422),
)
async def revoke_token(
    request: Request, feed_token_id: TokenId, principal: Writer, session: SessionDep
) -> Response:
    """Revoke a feed token."""
    act_as(session, principal, request.state.request_id)
    await service.revoke_token(session, principal, feed_token_id)
    return Response(status_code=204)


@calendar_router.get(
    "/{token}.ics",
    name="calendar-feed",
    operation_id="calendar-feed",
    summary="A calendar feed of what is due (iCalendar)",
    description="Every milestone, report and payment of the token's programme (or team) as an "
    "all-day event on its due date, but cancelled ones (the latest 10,000), with its status "
    "today. Subscribe to this URL from a calendar app. No `Authorization` header: the token in "
    "the path grants this feed and nothing else.",
    response_class=Response,
    responses={
        **responses(304, 400, 404, 422),
        200: {
            "description": "The feed.",
            "content": {ICS: {"schema": {"type": "string"}, "example": "BEGIN:VCALENDAR\r\n"}},
        },
    },
)
async def calendar_feed(request: Request, token: Secret) -> Response:
    """A calendar feed of what is due (iCalendar)."""
    db = request.app.state.db
    found = await service.find_feed(db, token)
    if found is None:
        raise NotFound("no such calendar feed (it may have been revoked)", loc=["path", "token"])
    teams = TeamFilter(found["programme_id"], team_id=found["team_id"])
    async with db.read_engine.connect() as conn:
        programme, items = await feed_items(conn, teams, datetime.now(UTC).date())
    team = next((i["team_name"] for i in items if i["team_id"] == found["team_id"]), None)
    name = f"{programme['title']}: {team}" if team else str(programme["title"])
    body = ics.calendar(f"{name} (due)", items)
    await service.touch(db, found, request.app.state.settings.sqlite_busy_timeout_ms)
    return tagged(body, request.headers.get("if-none-match"), media_type=f"{ICS}; charset=utf-8")
