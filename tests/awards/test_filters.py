"""Award lists: filters by programme and team."""

import httpx
import pytest

from tests.factories import API, make_award, make_team

pytestmark = pytest.mark.anyio


async def listed(client: httpx.AsyncClient, **params: str) -> list[str]:
    response = await client.get(f"{API}/awards", params=params)
    assert response.status_code == 200, response.text
    return sorted(row["id"] for row in response.json()["items"])


async def test_programme_id_and_team_id(client: httpx.AsyncClient) -> None:
    team = await make_team(client)
    other_team = await make_team(client, {"id": team["programme_id"]})
    await make_award(client)  # another programme's
    mine = [await make_award(client, t) for t in (team, other_team)]
    assert await listed(client, programme_id=team["programme_id"]) == sorted(a["id"] for a in mine)
    assert await listed(client, team_id=other_team["id"]) == [mine[1]["id"]]
    assert await listed(client, programme_id="no-such-programme") == []


async def test_the_csv_export_takes_the_filter_too(client: httpx.AsyncClient) -> None:
    team = await make_team(client)
    mine = await make_award(client, team)
    await make_award(client)
    response = await client.get(
        f"{API}/awards", params={"programme_id": team["programme_id"], "format": "csv"}
    )
    assert response.status_code == 200
    lines = response.text.strip().splitlines()
    assert len(lines) == 2 and mine["identifier"] in lines[1]
