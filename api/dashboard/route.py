"""What every read model's GET shares: its parameters, its fast route and how it is declared.

Like the CRUD reads (``api.kit.router``), bodies are serialised once with orjson from plain rows;
``response_model`` documents their exact shape and the tests validate every response against it.
"""

from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Path, Query
from fastapi.dependencies.utils import request_params_to_args
from pydantic import BaseModel, BeforeValidator
from sqlalchemy.ext.asyncio import AsyncConnection
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response

from api.auth.deps import Require, current_principal
from api.auth.permissions import Action
from api.auth.principal import Principal
from api.dashboard.paging import TeamFilter
from api.dashboard.versioned import respond
from api.handlers import responses
from api.http.query import StrictRoute
from api.http.responses import IfNoneMatch
from api.kit.paths import MAX_ID_LENGTH
from api.kit.query import is_iso
from api.models.enums import Provenance

# The permission table's ``dashboard`` entry; a team editor's scope narrows most of the models.
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


Day = BeforeValidator(iso_date)
OptionalDay = Annotated[date | None, Day]


def day_query(alias: str, description: str, example: str) -> Any:
    """A day in the query string under ``alias`` (``from``, ``to``), as ``YYYY-MM-DD`` only."""
    return Query(alias=alias, description=description, examples=[example])


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
JustTeam = Annotated[str | None, Query(max_length=36, description="Just this team.", examples=[ID])]
TeamsPerPage = Annotated[int, Query(ge=1, le=200, description="Teams per page.")]
ByProvenance = Annotated[
    Provenance | None, Query(description="Only `sourced` or only `synthetic` teams.")
]


def today() -> date:
    return datetime.now(UTC).date()


ProgrammeBuild = Callable[[AsyncConnection, str, date], Awaitable[Any]]
TeamsBuild = Callable[[AsyncConnection, TeamFilter, date], Awaitable[Any]]


@dataclass(frozen=True, slots=True)
class Read:
    """One read model request: its caller and the ETag it holds, answered by ``respond``."""

    request: Request
    principal: Principal
    if_none_match: str | None

    def teams(self, programme_id: str, **filters: Any) -> TeamFilter:
        """The programme's teams this caller may see (a team editor: only its own)."""
        return TeamFilter(programme_id, self.principal.team_scope, **filters)

    async def whole_programme(
        self, programme_id: str, as_of: date | None, build: ProgrammeBuild
    ) -> Response:
        """A model of the whole programme, the same for every caller who may read it (not
        narrowed by team scope): ``build(conn, programme_id, day)``."""
        day = as_of or today()

        def built(conn: AsyncConnection) -> Awaitable[Any]:
            return build(conn, programme_id, day)

        return await self.answer(day, built, programme_id=programme_id, scoped=False)

    async def of_teams(
        self, programme_id: str, as_of: date | None, build: TeamsBuild, **filters: Any
    ) -> Response:
        """A model of the programme's teams this caller may see, narrowed by ``filters``
        (``TeamFilter``'s): ``build(conn, teams, day)``."""
        day = as_of or today()
        teams = self.teams(programme_id, **filters)
        return await self.answer(
            day, lambda conn: build(conn, teams, day), programme_id=programme_id
        )

    async def answer(
        self,
        day: date,
        build: Callable[[AsyncConnection], Awaitable[Any]],
        *,
        programme_id: str | None = None,
        team_id: str | None = None,
        scoped: bool = True,
    ) -> Response:
        """The body ``build`` makes for ``day`` (or 304); ``scoped``: it differs by team scope."""
        return await respond(
            self.request,
            as_of=day,
            scope=self.principal.team_scope if scoped else None,
            if_none_match=self.if_none_match,
            build=build,
            programme_id=programme_id,
            team_id=team_id,
        )


async def read_request(
    request: Request, principal: Reader, if_none_match: IfNoneMatch = None
) -> Read:
    return Read(request, principal, if_none_match)


ReadOf = Annotated[Read, Depends(read_request)]


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
            read = Read(request, principal, request.headers.get("if-none-match"))
            return await endpoint(**params, **values, read=read)  # type: ignore[no-any-return]

        return handler


Endpoint = TypeVar("Endpoint", bound=Callable[..., Awaitable[Response]])


def read_model(
    router: APIRouter,
    path: str,
    model: type[BaseModel],
    name: str,
    description: str,
    extra: dict[int | str, dict[str, Any]] | None = None,
) -> Callable[[Endpoint], Endpoint]:
    """Declares a read model's GET: operation id ``dashboard-{name}``, the endpoint's docstring
    (without its full stop) as the summary, and the problems every read model may answer."""

    def register(endpoint: Endpoint) -> Endpoint:
        summary = (endpoint.__doc__ or "").strip().removesuffix(".")
        router.get(
            path,
            response_model=model,
            operation_id=f"dashboard-{name}",
            summary=summary,
            description=description,
            responses={**responses(304, 400, 401, 403, 404, 422), **(extra or {})},
        )(endpoint)
        return endpoint

    return register
