"""Team lists and partners: filters, search and the partner round trip."""

import httpx
import pytest

from tests.factories import API, make_partner, make_programme, make_team

pytestmark = pytest.mark.anyio

SOURCE = "https://www.health.org.uk/improvement-projects/using-value-based-interviewing"


async def listed(client: httpx.AsyncClient, path: str, **params: str) -> list[str]:
    response = await client.get(f"{API}{path}", params=params)
    assert response.status_code == 200, response.text
    return [row["id"] for row in response.json()["items"]]


class TestFilters:
    async def test_programme_id(self, client: httpx.AsyncClient) -> None:
        programme = await make_programme(client)
        mine = await make_team(client, programme)
        await make_team(client)
        assert await listed(client, "/teams", programme_id=programme["id"]) == [mine["id"]]

    async def test_provenance(self, client: httpx.AsyncClient) -> None:
        programme = await make_programme(client)
        sourced = await make_team(client, programme, provenance="sourced", source_url=SOURCE)
        await make_team(client, programme)
        assert await listed(client, "/teams", provenance="sourced") == [sourced["id"]]

    async def test_q_searches_name_and_project_title(self, client: httpx.AsyncClient) -> None:
        programme = await make_programme(client)
        by_name = await make_team(client, programme, name="Oxford values team")
        by_title = await make_team(client, programme, project_title="Value-based interviewing")
        await make_team(client, programme)
        assert set(await listed(client, "/teams", q="VALUE")) == {by_name["id"], by_title["id"]}


class TestPartners:
    async def test_role_filter(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        funder = await make_partner(client, team, role="funder")
        await make_partner(client, team)
        path = f"/teams/{team['id']}/partners"
        assert await listed(client, path, role="funder") == [funder["id"]]

    async def test_patch_and_delete_under_the_parent(self, client: httpx.AsyncClient) -> None:
        partner = await make_partner(client)
        url = f"{API}/teams/{partner['team_id']}/partners/{partner['id']}"
        response = await client.patch(url, json={"role": "lead"})
        assert (response.status_code, response.json()["role"]) == (200, "lead")
        assert (await client.delete(url)).status_code == 204
        assert (await client.get(url)).status_code == 404
