"""The money read models cost a constant number of statements, whatever the team count."""

import httpx
import pytest

from api.db import Database
from tests.conftest import QueryCounter
from tests.dashboard.money_build import add_rows, amendment, report, spend
from tests.dashboard.test_queries import count_queries
from tests.factories import API, Row, make_award, make_budget_line, make_programme, make_team

pytestmark = pytest.mark.anyio

# Each model's own SELECTs (``money.py``, ``team_money.py``).
OWN = {"programme money": 7, "programme money by a figure": 7, "team money": 7}


async def build(client: httpx.AsyncClient, db: Database, teams: int) -> tuple[Row, list[Row]]:
    """``teams`` teams, each with an award, a budget line, an amendment and an approved report."""
    programme = await make_programme(client)
    made = []
    for i in range(teams):
        team = await make_team(client, programme, name=f"Team {i:02d}")
        award = await make_award(client, team, amount_pence=30_000_000 + i)
        line = await make_budget_line(client, award)
        uplift = amendment(
            award, "uplift", 1_000, "2013-06-01", "approved", decided_on="2013-05-01"
        )
        spent = report(
            award, ("2013-04-01", "2013-06-30"), "2013-07-31", "approved", decided_on="2013-08-01"
        )
        await add_rows(db, uplift, spent)
        await add_rows(db, spend(spent, line, 5_000 + i))
        made.append(team)
    return programme, made


async def test_2_teams_and_6_teams_cost_the_same(
    client: httpx.AsyncClient, queries: QueryCounter, db: Database
) -> None:
    found = {}
    for size in (2, 6):
        programme, teams = await build(client, db, size)
        url = f"{API}/programmes/{programme['id']}/money"
        found[size] = {
            "programme money": await count_queries(client, queries, db, url, limit=3),
            "programme money by a figure": await count_queries(
                client, queries, db, url, limit=3, sort="-variance_pence"
            ),
            "team money": await count_queries(
                client, queries, db, f"{API}/teams/{teams[-1]['id']}/money"
            ),
        }
    assert found[2] == found[6]
    # Plus the same few of ``versioned.respond`` for every read model (see ``test_queries``).
    overhead = {seen - OWN[name] for name, (_, seen) in found[6].items()}
    assert len(overhead) == 1, found[6]
    assert 0 <= overhead.pop() <= 4
