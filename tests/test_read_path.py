"""The read path: constant queries per page, and many concurrent clients all answered."""

import asyncio

import httpx
import pytest

from api.config import Settings
from tests.conftest import QueryCounter
from tests.factories import make_milestone, make_support, make_team
from tests.server import running_server

pytestmark = pytest.mark.anyio


class TestQueriesPerRequest:
    async def test_a_list_page_is_one_query_whatever_its_size(
        self, client: httpx.AsyncClient, queries: QueryCounter
    ) -> None:
        team = await make_team(client)
        first = await make_milestone(client, team)
        for i in range(59):
            await make_milestone(client, team, depends_on_ids=[first["id"]] if i % 2 else [])
        counts = {}
        for limit in (1, 10, 50):
            queries.statements.clear()
            response = await client.get(
                "/api/v1/milestones", params={"team_id": team["id"], "limit": limit}
            )
            assert len(response.json()["items"]) == limit
            counts[limit] = queries.count
        assert counts == {1: 1, 10: 1, 50: 1}

    async def test_many_to_many_ids_come_in_the_same_query(
        self, client: httpx.AsyncClient, queries: QueryCounter
    ) -> None:
        team = await make_team(client)
        for _ in range(20):
            await make_support(client, team)
        queries.statements.clear()
        response = await client.get("/api/v1/support-activities", params={"limit": 20})
        assert all(item["team_ids"] == [team["id"]] for item in response.json()["items"])
        assert queries.count == 1

    async def test_a_single_row_is_one_query(
        self, client: httpx.AsyncClient, queries: QueryCounter
    ) -> None:
        milestone = await make_milestone(client)
        queries.statements.clear()
        response = await client.get(f"/api/v1/milestones/{milestone['id']}")
        assert response.status_code == 200
        assert queries.count == 1


class TestConcurrentClients:
    async def test_64_concurrent_requests_are_all_answered(
        self, client: httpx.AsyncClient, settings: Settings
    ) -> None:
        team = await make_team(client)
        milestone = await make_milestone(client, team)
        for _ in range(30):
            await make_milestone(client, team)
        async with running_server(settings.database_url, workers=2) as base:
            limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
            auth = {"Authorization": client.headers["authorization"]}
            async with httpx.AsyncClient(
                base_url=base, limits=limits, timeout=30, headers=auth
            ) as http:
                urls = [
                    f"/api/v1/milestones?team_id={team['id']}&limit=50"
                    if i % 2
                    else f"/api/v1/milestones/{milestone['id']}"
                    for i in range(64)
                ]
                responses = await asyncio.gather(*(http.get(u) for u in urls))
        assert [r.status_code for r in responses] == [200] * 64
        assert all(len(r.json()["items"]) == 31 for r in responses[1::2])
