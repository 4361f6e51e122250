"""Payment lists: filters by programme, team, award, status and scheduled date."""

import httpx
import pytest

from tests.factories import API, make_award, make_payment, make_team

pytestmark = pytest.mark.anyio

URL = f"{API}/payments"


async def listed(client: httpx.AsyncClient, **params: str) -> list[str]:
    response = await client.get(URL, params=params)
    assert response.status_code == 200, response.text
    return [row["id"] for row in response.json()["items"]]


class TestFilters:
    async def test_award_id(self, client: httpx.AsyncClient) -> None:
        award = await make_award(client)
        mine = await make_payment(client, award)
        await make_payment(client)
        assert await listed(client, award_id=award["id"]) == [mine["id"]]

    async def test_programme_id_and_team_id(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        other_team = await make_team(client, {"id": team["programme_id"]})
        elsewhere = await make_payment(client)  # another programme
        mine = [await make_payment(client, await make_award(client, t)) for t in (team, other_team)]
        by_programme = await listed(client, programme_id=team["programme_id"])
        assert sorted(by_programme) == sorted(p["id"] for p in mine)
        assert elsewhere["id"] not in by_programme
        assert await listed(client, team_id=team["id"]) == [mine[0]["id"]]
        assert await listed(client, programme_id=team["programme_id"], team_id=team["id"]) == [
            mine[0]["id"]
        ]

    async def test_status(self, client: httpx.AsyncClient) -> None:
        award = await make_award(client)
        await make_payment(client, award)
        paid = await make_payment(client, award, status="paid", paid_date="2012-07-03")
        assert await listed(client, status="paid") == [paid["id"]]

    async def test_scheduled_from_and_to_are_inclusive(self, client: httpx.AsyncClient) -> None:
        award = await make_award(client)
        dates = ["2012-06-30", "2012-07-01", "2013-07-01", "2013-07-02"]
        rows = [
            await make_payment(client, award, scheduled_date=d, amount_pence=1_000_000)
            for d in dates
        ]
        found = await listed(client, scheduled_from="2012-07-01", scheduled_to="2013-07-01")
        assert found == [rows[1]["id"], rows[2]["id"]]

    async def test_sort_by_amount_descending(self, client: httpx.AsyncClient) -> None:
        award = await make_award(client)
        amounts = [2_000_000, 5_000_000, 1_000_000]
        rows = {a: (await make_payment(client, award, amount_pence=a))["id"] for a in amounts}
        found = await listed(client, sort="-amount_pence")
        assert found == [rows[5_000_000], rows[2_000_000], rows[1_000_000]]
