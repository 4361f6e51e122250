"""Smoke: a milestone and a payment written through the API are read back as written."""

import httpx
import pytest

from tests.factories import API, make_award, make_milestone, make_payment

pytestmark = pytest.mark.anyio


async def test_create_and_list(client: httpx.AsyncClient) -> None:
    milestone = await make_milestone(client, title="Smoke test milestone")
    award = await make_award(client)
    payment = await make_payment(client, award, amount_pence=1_234_567)

    listed = await client.get(f"{API}/milestones", params={"team_id": milestone["team_id"]})
    assert listed.status_code == 200, listed.text
    rows = [(m["id"], m["title"], m["status"]) for m in listed.json()["items"]]
    assert rows == [(milestone["id"], "Smoke test milestone", "planned")]

    read = await client.get(f"{API}/payments/{payment['id']}")
    assert read.status_code == 200, read.text
    body = read.json()
    assert body == payment  # the create's answer is the stored row
    stored = (body["award_id"], body["amount_pence"], body["currency"], body["status"])
    assert stored == (award["id"], 1_234_567, award["currency"], "scheduled")
