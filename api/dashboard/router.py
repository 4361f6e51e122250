"""The dashboard's read models over HTTP: parse, call the service, answer with an ETag.

Each route is declared by ``read_model`` and answered by ``Read.answer`` (``route.py``): the
data version's ETag, 304, the body cache. The due list has its own module (``due_router.py``).
"""

from datetime import date
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response

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
from api.dashboard.route import (
    AS_OF_NOTE,
    ID,
    AsOf,
    ByProvenance,
    Cursor,
    Day,
    JustTeam,
    OptionalDay,
    ProgrammeId,
    Q,
    ReadModelRoute,
    ReadOf,
    TeamId,
    TeamsPerPage,
    day_query,
    read_model,
    today,
)
from api.dashboard.schemas.results import ProgrammeResults
from api.dashboard.schemas.summary import ProgrammeSummary, TeamFiguresPage, TeamSort
from api.dashboard.schemas.team import TeamSummary
from api.dashboard.schemas.timeline import ProgrammeTimeline
from api.errors import InvalidQuery, NotFound

router = APIRouter(tags=["dashboard"], route_class=ReadModelRoute)
ORDER = Query(description="Order of the teams; `-` for descending.")


@read_model(
    router,
    "/programmes/{programme_id}/summary",
    ProgrammeSummary,
    "programme-summary",
    "Teams, money awarded and paid, milestones by status, support delivered and "
    "evidence; money and milestones by month; teams by paid share and by late milestones, and "
    "the ten teams with most late milestones. Its size does not grow with the team count; "
    "per-team rows page by `/team-figures`." + AS_OF_NOTE,
)
async def programme_summary(
    programme_id: ProgrammeId, read: ReadOf, as_of: AsOf = None
) -> Response:
    """A programme's figures as they stood on a day."""
    return await read.whole_programme(programme_id, as_of, service.programme_summary)


@read_model(
    router,
    "/programmes/{programme_id}/team-figures",
    TeamFiguresPage,
    "team-figures",
    "Each team's money, milestones by status, support and evidence on `as_of`, "
    "filtered by `q` (team name) and `provenance`, sorted by name or a figure (ties by name, "
    "then id); follow `next_cursor` for the next page. A team editor sees only its own teams."
    + AS_OF_NOTE,
)
async def team_figures(
    programme_id: ProgrammeId,
    read: ReadOf,
    as_of: AsOf = None,
    limit: TeamsPerPage = 50,
    cursor: Cursor = None,
    sort: Annotated[TeamSort, ORDER] = TeamSort.name,
    q: Q = None,
    provenance: ByProvenance = None,
) -> Response:
    """A page of a programme's teams with their figures on a day."""
    page = partial(team_figures_.team_figures, sort=sort, limit=limit, cursor=cursor)
    return await read.of_teams(programme_id, as_of, page, q=q, provenance=provenance)


@read_model(
    router,
    "/programmes/{programme_id}/timeline",
    ProgrammeTimeline,
    "programme-timeline",
    "The programme-wide milestones (first page only), then a page of teams by name, "
    "each with its milestones due in the window [`from`, `to`], with their status on `as_of` "
    "and their dependencies; follow `next_cursor` for the next page of teams. A team editor sees "
    "only its own teams." + AS_OF_NOTE,
)
async def programme_timeline(
    programme_id: ProgrammeId,
    read: ReadOf,
    as_of: AsOf = None,
    limit: Annotated[int, Query(ge=1, le=100, description="Teams per page.")] = 25,
    cursor: Cursor = None,
    q: Q = None,
    team_id: JustTeam = None,
    start: Annotated[
        OptionalDay, day_query("from", "Only milestones due on or after this day.", "2013-01-01")
    ] = None,
    end: Annotated[
        OptionalDay, day_query("to", "Only milestones due on or before this day.", "2013-12-31")
    ] = None,
) -> Response:
    """A programme's milestones as they stood on a day, a page of teams at a time."""
    if start is not None and end is not None and start > end:
        raise InvalidQuery("`from` is after `to`", loc=["query", "from"])
    page = partial(timeline.programme_timeline, start=start, end=end, limit=limit, cursor=cursor)
    return await read.of_teams(programme_id, as_of, page, q=q, team_id=team_id)


@read_model(
    router,
    "/programmes/{programme_id}/results",
    ProgrammeResults,
    "programme-results",
    "Every indicator of the programme's teams counted by its latest value measured "
    "by `as_of` against its baseline (improving, worsening, no change, no data) and its target "
    "(met, not met), overall and by quality dimension.",
)
async def programme_results(
    programme_id: ProgrammeId, read: ReadOf, as_of: AsOf = None
) -> Response:
    """A programme's quality indicators as they stood on a day."""
    return await read.whole_programme(programme_id, as_of, results.programme_results)


@read_model(
    router,
    "/teams/{team_id}/summary",
    TeamSummary,
    "team-summary",
    "The team, its organisations, quality goals and indicators, awards and payments, "
    "milestones, support received and evidence." + AS_OF_NOTE,
)
async def team_summary(team_id: TeamId, read: ReadOf, as_of: AsOf = None) -> Response:
    """One team as it stood on a day."""
    scope = read.principal.team_scope
    if scope is not None and team_id not in scope.team_ids:
        # A team editor reads only its own teams' rows: another team's summary is missing.
        raise NotFound(f"no team with id {team_id}", loc=["path", "team_id"])
    day = as_of or today()
    build = team_service.team_summary
    return await read.answer(day, lambda conn: build(conn, team_id, day), team_id=team_id)


@read_model(
    router,
    "/programmes/{programme_id}/exceptions",
    ExceptionsPage,
    "exceptions",
    "Each team's flag by the exceptions rules (late milestones, paid share against "
    "time gone, worsening indicators, support delivered), its reasons and figures, with the "
    "matching teams counted by flag; sorted by flag (`-flag`: red first), name or late "
    "milestones (ties by name, then id), filtered by `flag` and `q`. A team editor sees only "
    "its own teams." + AS_OF_NOTE,
)
async def exceptions(
    programme_id: ProgrammeId,
    read: ReadOf,
    as_of: AsOf = None,
    limit: TeamsPerPage = 50,
    cursor: Cursor = None,
    sort: Annotated[ExceptionSort, ORDER] = ExceptionSort.flag_desc,
    flag: Annotated[Flag | None, Query(description="Only teams with this flag.")] = None,
    q: Q = None,
) -> Response:
    """A page of a programme's teams flagged red, amber or green on a day."""
    page = partial(exceptions_.exceptions, sort=sort, flag=flag, limit=limit, cursor=cursor)
    return await read.of_teams(programme_id, as_of, page, q=q)


@read_model(
    router,
    "/programmes/{programme_id}/compare",
    TeamComparison,
    "compare-teams",
    "For each `team_id` (1 to 4, repeated, in the order given): its money, "
    "milestones by status, support by type, evidence and indicators by trend and target. A team "
    "not in the programme (or, for a team editor, not its own) is a 404." + AS_OF_NOTE,
)
async def compare_teams(
    programme_id: ProgrammeId,
    read: ReadOf,
    team_id: Annotated[
        list[Annotated[str, Query(max_length=36)]],
        Query(min_length=1, max_length=4, description="The teams, 1 to 4.", examples=[[ID]]),
    ],
    as_of: AsOf = None,
) -> Response:
    """Up to four teams side by side on a day."""
    if len(set(team_id)) != len(team_id):
        raise InvalidQuery("a team is named twice", loc=["query", "team_id"])
    return await read.of_teams(programme_id, as_of, partial(compare_.compare, ids=team_id))


@read_model(
    router,
    "/programmes/{programme_id}/changes",
    ProgrammeChanges,
    "programme-changes",
    "The headline figures on `from` and on `to` (default today), read in one "
    "snapshot, and what happened after `from` up to `to`: payments paid, milestones achieved, "
    "support delivered, evidence published." + AS_OF_NOTE,
)
async def programme_changes(
    programme_id: ProgrammeId,
    read: ReadOf,
    start: Annotated[
        date,
        Day,
        Query(
            alias="from", description="The earlier day (the last board's).", examples=["2013-06-30"]
        ),
    ],
    end: Annotated[
        date | None,
        Day,
        Query(
            alias="to", description="The later day; default today (UTC).", examples=["2013-12-31"]
        ),
    ] = None,
) -> Response:
    """A programme on two days and what happened in between."""
    day = end or today()
    if start > day:
        raise InvalidQuery("`from` is after `to`", loc=["query", "from"])
    build = changes_.changes
    return await read.answer(
        day,
        lambda conn: build(conn, programme_id, start, day),
        programme_id=programme_id,
        scoped=False,
    )
