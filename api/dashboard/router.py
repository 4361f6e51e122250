"""The dashboard's read models over HTTP: parse, call the service, answer with an ETag.

Like the CRUD reads (``api.kit.router``), bodies are serialised once with orjson from plain rows;
``response_model`` documents their exact shape and the tests validate every response against it.
"""

from collections.abc import Callable, Coroutine
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from fastapi.dependencies.utils import request_params_to_args
from pydantic import BeforeValidator
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response

from api.auth.deps import Require, current_principal
from api.auth.permissions import Action
from api.auth.principal import Principal
from api.dashboard import changes as changes_
from api.dashboard import compare as compare_
from api.dashboard import exceptions as exceptions_
from api.dashboard import results, service, team_service, timeline
from api.dashboard import team_figures as team_figures_
from api.dashboard.compare_schemas import (
    ExceptionSort,
    ExceptionsPage,
    Flag,
    ProgrammeChanges,
    TeamComparison,
)
from api.dashboard.paging import TeamFilter
from api.dashboard.schemas import (
    ProgrammeResults,
    ProgrammeSummary,
    ProgrammeTimeline,
    TeamFiguresPage,
    TeamSort,
    TeamSummary,
)
from api.dashboard.versioned import respond
from api.errors import InvalidQuery, NotFound
from api.handlers import responses
from api.http.query import StrictRoute
from api.kit.router import MAX_ID_LENGTH, IfNoneMatch, is_iso
from api.models.enums import Provenance

# The permission table's ``dashboard`` entry; a team editor's scope narrows two of the models.
READ = Require("dashboard", Action.read)
Reader = Annotated[Principal, Depends(READ)]

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


class ReadModelRoute(StrictRoute):
    """A read model's GET, answered without FastAPI's dependency solving, as the kit's GETs are
    (``api.kit.router.ReadRoute``): the handler resolves the caller, validates the query with
    FastAPI's own field validation and reads ``If-None-Match`` itself, and ``respond`` takes a
    connection only as it needs one, so a 304 or a cached body costs one lookup on the read
    pool. The route is declared as before, so OpenAPI is unchanged; a request FastAPI would
    refuse (a too-long path id, an unknown or invalid query parameter) goes to the standard
    handler, which refuses unknown ones (``StrictRoute``) and answers the 422 as before.
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        standard = super().get_route_handler()
        endpoint = self.endpoint
        fields = self.dependant.query_params
        known = self.query_names()

        @lru_cache(maxsize=256)
        def parse(query_string: bytes) -> dict[str, Any] | None:
            """The query's values, or None if FastAPI would refuse it (a pure function of the
            query string: the dashboard asks for the same few URLs again and again)."""
            query = QueryParams(query_string)
            if any(k not in known for k in query):
                return None  # refused by ``standard`` (``StrictRoute``)
            values, errors = request_params_to_args(fields, query)
            return None if errors else values

        async def handler(request: Request) -> Response:
            params = request.path_params
            values = parse(request.scope["query_string"])
            if values is None or any(len(value) > MAX_ID_LENGTH for value in params.values()):
                return await standard(request)
            principal = await READ(request, await current_principal(request, None))
            return await endpoint(  # type: ignore[no-any-return]
                **params,
                **values,
                request=request,
                principal=principal,
                if_none_match=request.headers.get("if-none-match"),
            )

        return handler


router = APIRouter(tags=["dashboard"], route_class=ReadModelRoute)

Q = Annotated[
    str | None,
    Query(
        max_length=200,
        description="Case-insensitive text in the team name (% and _ match literally).",
        examples=["oxford"],
    ),
]
Cursor = Annotated[
    str | None,
    Query(max_length=2000, description="Opaque cursor from `next_cursor` of the previous page."),
]


@router.get(
    "/programmes/{programme_id}/summary",
    response_model=ProgrammeSummary,
    operation_id="dashboard-programme-summary",
    summary="A programme's figures as they stood on a day",
    description="Teams, money awarded and paid, milestones by status, support delivered and "
    "evidence; money and milestones by month; teams by paid share and by late milestones, and "
    "the ten teams with most late milestones. Its size does not grow with the team count; "
    "per-team rows page by `/team-figures`." + AS_OF_NOTE,
    responses=responses(304, 400, 401, 403, 404, 422),
)
async def programme_summary(
    programme_id: ProgrammeId,
    request: Request,
    principal: Reader,
    as_of: AsOf = None,
    if_none_match: IfNoneMatch = None,
) -> Response:
    """A programme's figures as they stood on a day."""
    day = as_of or today()
    return await respond(
        request,
        as_of=day,
        scope=None,
        if_none_match=if_none_match,
        programme_id=programme_id,
        build=lambda conn: service.programme_summary(conn, programme_id, day),
    )


@router.get(
    "/programmes/{programme_id}/team-figures",
    response_model=TeamFiguresPage,
    operation_id="dashboard-team-figures",
    summary="A page of a programme's teams with their figures on a day",
    description="Each team's money, milestones by status, support and evidence on `as_of`, "
    "filtered by `q` (team name) and `provenance`, sorted by name or a figure (ties by name, "
    "then id); follow `next_cursor` for the next page. A team editor sees only its own teams."
    + AS_OF_NOTE,
    responses=responses(304, 400, 401, 403, 404, 422),
)
async def team_figures(
    programme_id: ProgrammeId,
    request: Request,
    principal: Reader,
    as_of: AsOf = None,
    limit: Annotated[int, Query(ge=1, le=200, description="Teams per page.")] = 50,
    cursor: Cursor = None,
    sort: Annotated[
        TeamSort, Query(description="Order of the teams; `-` for descending.")
    ] = TeamSort.name,
    q: Q = None,
    provenance: Annotated[
        Provenance | None, Query(description="Only `sourced` or only `synthetic` teams.")
    ] = None,
    if_none_match: IfNoneMatch = None,
) -> Response:
    """A page of a programme's teams with their figures on a day."""
    day = as_of or today()
    scope = principal.team_scope
    teams = TeamFilter(programme_id, scope, q=q, provenance=provenance)
    return await respond(
        request,
        as_of=day,
        scope=scope,
        if_none_match=if_none_match,
        programme_id=programme_id,
        build=lambda conn: team_figures_.team_figures(
            conn, teams, day, sort=sort, limit=limit, cursor=cursor
        ),
    )


@router.get(
    "/programmes/{programme_id}/timeline",
    response_model=ProgrammeTimeline,
    operation_id="dashboard-programme-timeline",
    summary="A programme's milestones as they stood on a day, a page of teams at a time",
    description="The programme-wide milestones (first page only), then a page of teams by name, "
    "each with its milestones due in the window [`from`, `to`], with their status on `as_of` "
    "and their dependencies; follow `next_cursor` for the next page of teams. A team editor sees "
    "only its own teams." + AS_OF_NOTE,
    responses=responses(304, 400, 401, 403, 404, 422),
)
async def programme_timeline(
    programme_id: ProgrammeId,
    request: Request,
    principal: Reader,
    as_of: AsOf = None,
    limit: Annotated[int, Query(ge=1, le=100, description="Teams per page.")] = 25,
    cursor: Cursor = None,
    q: Q = None,
    team_id: Annotated[
        str | None, Query(max_length=36, description="Just this team.", examples=[ID])
    ] = None,
    start: Annotated[
        date | None,
        BeforeValidator(iso_date),
        Query(
            alias="from",
            description="Only milestones due on or after this day.",
            examples=["2013-01-01"],
        ),
    ] = None,
    end: Annotated[
        date | None,
        BeforeValidator(iso_date),
        Query(
            alias="to",
            description="Only milestones due on or before this day.",
            examples=["2013-12-31"],
        ),
    ] = None,
    if_none_match: IfNoneMatch = None,
) -> Response:
    """A programme's milestones as they stood on a day, a page of teams at a time."""
    if start is not None and end is not None and start > end:
        raise InvalidQuery("`from` is after `to`", loc=["query", "from"])
    day = as_of or today()
    scope = principal.team_scope
    teams = TeamFilter(programme_id, scope, q=q, team_id=team_id)
    return await respond(
        request,
        as_of=day,
        scope=scope,
        if_none_match=if_none_match,
        programme_id=programme_id,
        build=lambda conn: timeline.programme_timeline(
            conn, teams, day, start=start, end=end, limit=limit, cursor=cursor
        ),
    )


@router.get(
    "/programmes/{programme_id}/results",
    response_model=ProgrammeResults,
    operation_id="dashboard-programme-results",
    summary="A programme's quality indicators as they stood on a day",
    description="Every indicator of the programme's teams counted by its latest value measured "
    "by `as_of` against its baseline (improving, worsening, no change, no data) and its target "
    "(met, not met), overall and by quality dimension.",
    responses=responses(304, 400, 401, 403, 404, 422),
)
async def programme_results(
    programme_id: ProgrammeId,
    request: Request,
    principal: Reader,
    as_of: AsOf = None,
    if_none_match: IfNoneMatch = None,
) -> Response:
    """A programme's quality indicators as they stood on a day."""
    day = as_of or today()
    return await respond(
        request,
        as_of=day,
        scope=None,
        if_none_match=if_none_match,
        programme_id=programme_id,
        build=lambda conn: results.programme_results(conn, programme_id, day),
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
        request,
        as_of=day,
        scope=scope,
        if_none_match=if_none_match,
        team_id=team_id,
        build=lambda conn: team_service.team_summary(conn, team_id, day),
    )


@router.get(
    "/programmes/{programme_id}/exceptions",
    response_model=ExceptionsPage,
    operation_id="dashboard-exceptions",
    summary="A page of a programme's teams flagged red, amber or green on a day",
    description="Each team's flag by the exceptions rules (late milestones, paid share against "
    "time gone, worsening indicators, support delivered), its reasons and figures, with the "
    "matching teams counted by flag; sorted by flag (`-flag`: red first), name or late "
    "milestones (ties by name, then id), filtered by `flag` and `q`. A team editor sees only "
    "its own teams." + AS_OF_NOTE,
    responses=responses(304, 400, 401, 403, 404, 422),
)
async def exceptions(
    programme_id: ProgrammeId,
    request: Request,
    principal: Reader,
    as_of: AsOf = None,
    limit: Annotated[int, Query(ge=1, le=200, description="Teams per page.")] = 50,
    cursor: Cursor = None,
    sort: Annotated[
        ExceptionSort, Query(description="Order of the teams; `-` for descending.")
    ] = ExceptionSort.flag_desc,
    flag: Annotated[Flag | None, Query(description="Only teams with this flag.")] = None,
    q: Q = None,
    if_none_match: IfNoneMatch = None,
) -> Response:
    """A page of a programme's teams flagged red, amber or green on a day."""
    day = as_of or today()
    scope = principal.team_scope
    teams = TeamFilter(programme_id, scope, q=q)
    return await respond(
        request,
        as_of=day,
        scope=scope,
        if_none_match=if_none_match,
        programme_id=programme_id,
        build=lambda conn: exceptions_.exceptions(
            conn, teams, day, sort=sort, flag=flag, limit=limit, cursor=cursor
        ),
    )


@router.get(
    "/programmes/{programme_id}/compare",
    response_model=TeamComparison,
    operation_id="dashboard-compare-teams",
    summary="Up to four teams side by side on a day",
    description="For each `team_id` (1 to 4, repeated, in the order given): its money, "
    "milestones by status, support by type, evidence and indicators by trend and target. A team "
    "not in the programme (or, for a team editor, not its own) is a 404." + AS_OF_NOTE,
    responses=responses(304, 400, 401, 403, 404, 422),
)
async def compare_teams(
    programme_id: ProgrammeId,
    request: Request,
    principal: Reader,
    team_id: Annotated[
        list[Annotated[str, Query(max_length=36)]],
        Query(min_length=1, max_length=4, description="The teams, 1 to 4.", examples=[[ID]]),
    ],
    as_of: AsOf = None,
    if_none_match: IfNoneMatch = None,
) -> Response:
    """Up to four teams side by side on a day."""
    if len(set(team_id)) != len(team_id):
        raise InvalidQuery("a team is named twice", loc=["query", "team_id"])
    day = as_of or today()
    scope = principal.team_scope
    teams = TeamFilter(programme_id, scope)
    return await respond(
        request,
        as_of=day,
        scope=scope,
        if_none_match=if_none_match,
        programme_id=programme_id,
        build=lambda conn: compare_.compare(conn, teams, day, team_id),
    )


@router.get(
    "/programmes/{programme_id}/changes",
    response_model=ProgrammeChanges,
    operation_id="dashboard-programme-changes",
    summary="A programme on two days and what happened in between",
    description="The headline figures on `from` and on `to` (default today), read in one "
    "snapshot, and what happened after `from` up to `to`: payments paid, milestones achieved, "
    "support delivered, evidence published." + AS_OF_NOTE,
    responses=responses(304, 400, 401, 403, 404, 422),
)
async def programme_changes(
    programme_id: ProgrammeId,
    request: Request,
    principal: Reader,
    start: Annotated[
        date,
        BeforeValidator(iso_date),
        Query(
            alias="from", description="The earlier day (the last board's).", examples=["2013-06-30"]
        ),
    ],
    end: Annotated[
        date | None,
        BeforeValidator(iso_date),
        Query(
            alias="to", description="The later day; default today (UTC).", examples=["2013-12-31"]
        ),
    ] = None,
    if_none_match: IfNoneMatch = None,
) -> Response:
    """A programme on two days and what happened in between."""
    day = end or today()
    if start > day:
        raise InvalidQuery("`from` is after `to`", loc=["query", "from"])
    return await respond(
        request,
        as_of=day,
        scope=None,
        if_none_match=if_none_match,
        programme_id=programme_id,
        build=lambda conn: changes_.changes(conn, programme_id, start, day),
    )
