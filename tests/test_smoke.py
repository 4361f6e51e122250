import httpx
import pytest

from tests.factories import make_milestone, make_payment

pytestmark = pytest.mark.anyio


async def test_create_and_list(client: httpx.AsyncClient) -> None:
    milestone = await make_milestone(client)
    payment = await make_payment(client)
    response = await client.get("/api/v1/milestones", params={"team_id": milestone["team_id"]})
    assert response.status_code == 200
    assert [m["id"] for m in response.json()["items"]] == [milestone["id"]]
    assert payment["amount_pence"] == 10_000_000
