"""Results lists: goals by team and dimension, indicators by goal, periods by date."""

import httpx
import pytest

from tests.factories import API, make_indicator, make_period, make_quality_goal, make_team

pytestmark = pytest.mark.anyio


async def listed(client: httpx.AsyncClient, path: str, **params: str) -> list[str]:
    response = await client.get(f"{API}{path}", params=params)
    assert response.status_code == 200, response.text
    return [row["id"] for row in response.json()["items"]]


class TestQualityGoalFilters:
    async def test_team_id(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        mine = await make_quality_goal(client, team)
        await make_quality_goal(client)
        assert await listed(client, "/quality-goals", team_id=team["id"]) == [mine["id"]]

    async def test_dimension(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        await make_quality_goal(client, team)
        safe = await make_quality_goal(client, team, dimension="safe")
        assert await listed(client, "/quality-goals", dimension="safe") == [safe["id"]]


class TestIndicatorFilters:
    async def test_quality_goal_id(self, client: httpx.AsyncClient) -> None:
        goal = await make_quality_goal(client)
        mine = await make_indicator(client, goal)
        await make_indicator(client)
        found = await listed(client, "/indicators", quality_goal_id=goal["id"])
        assert found == [mine["id"]]


class TestPeriodFilters:
    async def test_from_date_and_to_date(self, client: httpx.AsyncClient) -> None:
        indicator = await make_indicator(client)
        quarters = [("2013-01-01", "2013-03-31"), ("2013-04-01", "2013-06-30")]
        rows = [
            await make_period(client, indicator, period_start=s, period_end=e) for s, e in quarters
        ]
        path = f"/indicators/{indicator['id']}/periods"
        assert await listed(client, path, from_date="2013-04-01") == [rows[1]["id"]]
        assert await listed(client, path, to_date="2013-03-31") == [rows[0]["id"]]
