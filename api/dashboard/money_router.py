"""The money read models over HTTP: a programme's and a team's budget against approved spend and
payments on a day. Declared and answered like the other read models (``route.py``)."""

from functools import partial
from typing import Annotated

from fastapi import APIRouter
from starlette.responses import Response

from api.dashboard import money, team_money
from api.dashboard.route import (
    AsOf,
    Cursor,
    ProgrammeId,
    Q,
    ReadModelRoute,
    ReadOf,
    TeamId,
    TeamsPerPage,
    read_model,
    today,
)
from api.dashboard.router import ORDER
from api.dashboard.schemas.money import MoneySort, ProgrammeMoney, TeamMoneyDetail
from api.errors import NotFound

router = APIRouter(tags=["dashboard"], route_class=ReadModelRoute)

MONEY_NOTE = (
    " An award counts from its award date at its amended amount: the original plus the "
    "amendments approved and effective by `as_of`; spend counts only in reports approved by "
    "`as_of`; budget lines carry no decision date and always count. A financial year runs 1 "
    "April - 31 March: a budget line falls in the year its period starts, spend in the year its "
    "report's period ends. A report is due soon when neither submitted nor approved on `as_of` "
    "and due within 30 days; overdue when due before `as_of`."
)


@read_model(
    router,
    "/programmes/{programme_id}/money",
    ProgrammeMoney,
    "programme-money",
    "The programme's money: awarded (amended), budgeted, unallocated, approved spend, paid "
    "and variance (budgeted - spend), by budget category and financial year, with its spend "
    "reports by status, due soon and overdue; then a page of its teams' money, sorted by name "
    "or a figure (ties by name, then id), filtered by `q`; follow `next_cursor`. The totals "
    "cover every team; a team editor's page holds only its own teams." + MONEY_NOTE,
)
async def programme_money(
    programme_id: ProgrammeId,
    read: ReadOf,
    as_of: AsOf = None,
    limit: TeamsPerPage = 50,
    cursor: Cursor = None,
    sort: Annotated[MoneySort, ORDER] = MoneySort.name,
    q: Q = None,
) -> Response:
    """A programme's budget against spend and payments on a day."""
    page = partial(money.programme_money, sort=sort, limit=limit, cursor=cursor)
    return await read.of_teams(programme_id, as_of, page, q=q)


@read_model(
    router,
    "/teams/{team_id}/money",
    TeamMoneyDetail,
    "team-money",
    "The team's awards made by `as_of`, each with its original and amended terms, every "
    "amendment with its status on `as_of`, its budget lines against approved spend, by "
    "financial year, and its payments paid and scheduled; and the team's spend reports with "
    "their status on `as_of` and whether due soon or overdue." + MONEY_NOTE,
)
async def team_money_detail(team_id: TeamId, read: ReadOf, as_of: AsOf = None) -> Response:
    """One team's budget against spend, amendments and reports on a day."""
    scope = read.principal.team_scope
    if scope is not None and team_id not in scope.team_ids:
        # A team editor reads only its own teams' rows: another team's money is missing.
        raise NotFound(f"no team with id {team_id}", loc=["path", "team_id"])
    day = as_of or today()
    build = team_money.team_money
    return await read.answer(day, lambda conn: build(conn, team_id, day), team_id=team_id)
