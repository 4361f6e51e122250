"""Support activity lists: the filters, including the many-to-many ``team_id``."""

import httpx
import pytest

from tests.factories import API, make_programme, make_support, make_team

pytestmark = pytest.mark.anyio

URL = f"{API}/support-activities"


async def listed(client: httpx.AsyncClient, **params: str) -> list[str]:
    response = await client.get(URL, params=params)
    assert response.status_code == 200, response.text
    return [row["id"] for row in response.json()["items"]]


class TestTeamFilter:
    async def test_finds_activities_that_served_the_team(self, client: httpx.AsyncClient) -> None:
        programme = await make_programme(client)
        team = await make_team(client, programme)
        other = await make_team(client, programme)
        coaching = await make_support(client, team)
        event = await make_support(
            client, other, type="learning_event", team_ids=[team["id"], other["id"]]
        )
        await make_support(client, other)
        assert set(await listed(client, team_id=team["id"])) == {coaching["id"], event["id"]}


class TestTypeAndStatusFilters:
    async def test_type(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        await make_support(client, team)
        capture = await make_support(client, team, type="knowledge_capture", team_ids=[])
        assert await listed(client, type="knowledge_capture") == [capture["id"]]

    async def test_status(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        await make_support(client, team)
        delivered = await make_support(client, team, status="delivered")
        assert await listed(client, status="delivered") == [delivered["id"]]


class TestStartFilters:
    async def test_start_from_and_start_to_are_inclusive(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        starts = ["2013-01-31", "2013-02-01", "2013-02-28", "2013-03-01"]
        rows = [
            await make_support(client, team, start_date=s, end_date="2013-06-30") for s in starts
        ]
        found = await listed(client, start_from="2013-02-01", start_to="2013-02-28")
        assert found == [rows[1]["id"], rows[2]["id"]]


class TestSearch:
    async def test_q_searches_title_and_provider(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        by_title = await make_support(client, team, title="Values coaching")
        by_provider = await make_support(client, team, provider="Values Partnership Ltd")
        await make_support(client, team, title="Other", provider="Someone")
        assert set(await listed(client, q="values")) == {by_title["id"], by_provider["id"]}


class TestUpdate:
    async def test_team_ids_are_replaced(self, client: httpx.AsyncClient) -> None:
        programme = await make_programme(client)
        team = await make_team(client, programme)
        other = await make_team(client, programme)
        activity = await make_support(client, team)
        response = await client.patch(f"{URL}/{activity['id']}", json={"team_ids": [other["id"]]})
        assert response.status_code == 200, response.text
        assert response.json()["team_ids"] == [other["id"]]
        assert await listed(client, team_id=team["id"]) == []
