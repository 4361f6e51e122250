"""The dashboard's read models over HTTP: parse, call the service, answer with an ETag.

Like the CRUD reads (``api.kit.router``), bodies are serialised once with orjson from plain rows;
``response_model`` documents their exact shape and the tests validate every response against it.
"""

from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BeforeValidator
from starlette.requests import Request
from starlette.responses import Response

from api.auth.deps import Require
from api.auth.permissions import Action
from api.auth.principal import Principal
from api.dashboard import service, team_service
from api.dashboard.schemas import ProgrammeSummary, ProgrammeTimeline, TeamSummary
from api.dashboard.versioned import respond
from api.deps import ConnDep
from api.errors import NotFound
from api.handlers import responses
from api.kit.router import IfNoneMatch, is_iso

router = APIRouter(tags=["dashboard"])
# The permission table's ``dashboard`` entry; a team editor's scope narrows two of the models.
Reader = Annotated[Principal, Depends(Require("dashboard", Action.read))]

ID = "0190d7a4-8c6e-7cc3-9a51-3f1e2d4c5b6a"
ProgrammeId = Annotated[str, Path(description="The programme's id.", max_length=36, examples=[ID])]
TeamId = Annotated[str, Path(description="The team's id.", max_length=36, examples=[ID])]


def iso_date(value: object) -> object:
    """A day as ``YYYY-MM-DD`` only (pydantic alone would also take a Unix timestamp)."""
    if isinstance(value, str) and not is_iso(value, date):
        raise ValueError("Input should be an ISO 8601 date (YYYY-MM-DD)")
    return value


AsOf = Annotated[
    date | None,
    BeforeValidator(iso_date),
    Query(
        description="Replay the programme as it stood on this day (`YYYY-MM-DD`); "
        "default today (UTC).",
        examples=["2013-12-31"],
    ),
]
AS_OF_NOTE = (
    " Milestones count as achieved only if completed by `as_of`, and as late if due before it "
    "and not achieved, cancelled or deferred; payments count as paid only if paid by `as_of`."
)


def today() -> date:
    return datetime.now(UTC).date()


@router.get(
    "/programmes/{programme_id}/summary",
    response_model=ProgrammeSummary,
    operation_id="dashboard-programme-summary",
    summary="A programme's figures as they stood on a day",
    description="Teams, money awarded and paid, milestones by status, support delivered, "
    "evidence, and the same figures per team." + AS_OF_NOTE,
    responses=responses(304, 400, 401, 403, 404, 422),
)
async def programme_summary(
    programme_id: ProgrammeId,
    request: Request,
    _principal: Reader,
    conn: ConnDep,
    as_of: AsOf = None,
    if_none_match: IfNoneMatch = None,
) -> Response:
    """A programme's figures as they stood on a day."""
    day = as_of or today()
    return await respond(
        conn,
        request,
        as_of=day,
        scope=None,
        if_none_match=if_none_match,
        programme_id=programme_id,
        build=lambda: service.programme_summary(conn, programme_id, day),
    )


@router.get(
    "/programmes/{programme_id}/timeline",
    response_model=ProgrammeTimeline,
    operation_id="dashboard-programme-timeline",
    summary="A programme's milestones as they stood on a day",
    description="Every milestone of the programme, programme-wide and per team (sustainability "
    "check-ins after the window included), with its status on `as_of` and its dependencies."
    + AS_OF_NOTE,
    responses=responses(304, 400, 401, 403, 404, 422),
)
async def programme_timeline(
    programme_id: ProgrammeId,
    request: Request,
    principal: Reader,
    conn: ConnDep,
    as_of: AsOf = None,
    if_none_match: IfNoneMatch = None,
) -> Response:
    """A programme's milestones as they stood on a day."""
    day = as_of or today()
    scope = principal.team_scope
    return await respond(
        conn,
        request,
        as_of=day,
        scope=scope,
        if_none_match=if_none_match,
        programme_id=programme_id,
        build=lambda: service.programme_timeline(conn, programme_id, day, scope),
    )


@router.get(
    "/teams/{team_id}/summary",
    response_model=TeamSummary,
    operation_id="dashboard-team-summary",
    summary="One team as it stood on a day",
    description="The team, its organisations, quality goals and indicators, awards and payments, "
    "milestones, support received and evidence." + AS_OF_NOTE,
    responses=responses(304, 400, 401, 403, 404, 422),
)
async def team_summary(
    team_id: TeamId,
    request: Request,
    principal: Reader,
    conn: ConnDep,
    as_of: AsOf = None,
    if_none_match: IfNoneMatch = None,
) -> Response:
    """One team as it stood on a day."""
    scope = principal.team_scope
    if scope is not None and team_id not in scope.team_ids:
        # A team editor reads only its own teams' rows: another team's summary is missing.
        raise NotFound(f"no team with id {team_id}", loc=["path", "team_id"])
    day = as_of or today()
    return await respond(
        conn,
        request,
        as_of=day,
        scope=scope,
        if_none_match=if_none_match,
        team_id=team_id,
        build=lambda: team_service.team_summary(conn, team_id, day),
    )
