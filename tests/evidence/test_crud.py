"""Evidence lists: filters by programme, team, kind and exemplar."""

import httpx
import pytest

from tests.factories import API, make_evidence, make_programme, make_team

pytestmark = pytest.mark.anyio

URL = f"{API}/evidence"


async def listed(client: httpx.AsyncClient, **params: str) -> list[str]:
    response = await client.get(URL, params=params)
    assert response.status_code == 200, response.text
    return [row["id"] for row in response.json()["items"]]


class TestFilters:
    async def test_is_exemplar(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        exemplar = await make_evidence(client, team, is_exemplar=True)
        other = await make_evidence(client, team)
        assert await listed(client, is_exemplar="true") == [exemplar["id"]]
        assert await listed(client, is_exemplar="false") == [other["id"]]

    async def test_kind(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        await make_evidence(client, team)
        toolkit = await make_evidence(client, team, kind="toolkit")
        assert await listed(client, kind="toolkit") == [toolkit["id"]]

    async def test_programme_and_team(self, client: httpx.AsyncClient) -> None:
        programme = await make_programme(client)
        team = await make_team(client, programme)
        other = await make_team(client, programme)
        mine = await make_evidence(client, team)
        theirs = await make_evidence(client, other)
        await make_evidence(client)
        found = await listed(client, programme_id=programme["id"])
        assert set(found) == {mine["id"], theirs["id"]}
        assert await listed(client, team_id=team["id"]) == [mine["id"]]
