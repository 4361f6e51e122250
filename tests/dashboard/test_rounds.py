"""GET /programmes/{id}/summary of a series: one entry per round, replayed on `as_of`."""

import httpx
import pytest

from api.dashboard.schemas.summary import ProgrammeSummary
from tests.dashboard.build import read
from tests.factories import (
    API,
    Row,
    make_award,
    make_milestone,
    make_payment,
    make_programme,
    make_team,
)

pytestmark = pytest.mark.anyio


async def rounds(client: httpx.AsyncClient, programme: Row, as_of: str) -> list[Row]:
    path = f"/programmes/{programme['id']}/summary"
    body = await read(client, path, ProgrammeSummary, as_of=as_of)
    found: list[Row] = body["rounds"]
    return found


async def series(client: httpx.AsyncClient) -> tuple[Row, Row, Row]:
    """A parent with round 2 (one team, money, milestones) and round 1 (nothing yet)."""
    parent = await make_programme(client, title="Series", start_date="2009-11-01")
    two = await make_programme(client, parent_id=parent["id"], round=2, title="Round two")
    one = await make_programme(
        client,
        parent_id=parent["id"],
        round=1,
        start_date="2009-11-01",
        end_date="2012-05-31",
    )
    team = await make_team(client, two)
    award = await make_award(client, team, amount_pence=30_000_000, award_date="2012-06-01")
    await make_payment(client, award, amount_pence=10_000_000)
    await make_payment(client, award, amount_pence=5_000_000, scheduled_date="2013-06-01")
    paid = {"status": "paid", "paid_date": "2012-07-02"}
    first = (await client.get(f"{API}/payments", params={"award_id": award["id"]})).json()
    row = next(p for p in first["items"] if p["amount_pence"] == 10_000_000)
    patched = await client.patch(
        f"{API}/payments/{row['id']}",
        json=paid,
        headers={"If-Match": f'"{row["version"]}"', "Content-Type": "application/merge-patch+json"},
    )
    assert patched.status_code == 200, patched.text
    await make_milestone(client, team, due_date="2013-03-31")
    await make_milestone(
        client, team, due_date="2013-01-31", status="achieved", completed_date="2013-01-15"
    )
    return parent, one, two


class TestRounds:
    async def test_a_series_lists_each_round_with_its_figures(
        self, client: httpx.AsyncClient
    ) -> None:
        parent, one, two = await series(client)

        found = await rounds(client, parent, "2013-06-30")

        assert [r["id"] for r in found] == [one["id"], two["id"]]
        assert found[0] | {"id": "", "code": "", "title": ""} == {
            "id": "",
            "code": "",
            "title": "",
            "round": 1,
            "start_date": "2009-11-01",
            "end_date": "2012-05-31",
            "currency": "GBP",
            "teams": 0,
            "awarded_pence": 0,
            "paid_pence": 0,
            "milestones": 0,
            "achieved": 0,
            "late": 0,
        }
        assert {k: found[1][k] for k in ("teams", "awarded_pence", "paid_pence")} == {
            "teams": 1,
            "awarded_pence": 30_000_000,
            "paid_pence": 10_000_000,
        }
        assert (found[1]["milestones"], found[1]["achieved"], found[1]["late"]) == (2, 1, 1)

    async def test_the_figures_are_replayed_on_as_of(self, client: httpx.AsyncClient) -> None:
        parent, _, _ = await series(client)

        early = (await rounds(client, parent, "2012-07-01"))[1]

        assert (early["awarded_pence"], early["paid_pence"]) == (30_000_000, 0)
        assert (early["achieved"], early["late"]) == (0, 0)
        before = (await rounds(client, parent, "2012-05-31"))[1]
        assert before["awarded_pence"] == 0

    async def test_a_single_programme_has_no_rounds(self, client: httpx.AsyncClient) -> None:
        programme = await make_programme(client)
        await make_team(client, programme)

        assert await rounds(client, programme, "2013-06-30") == []
        assert await rounds(client, await make_programme(client), "2013-06-30") == []

    async def test_a_write_to_a_round_renews_the_series_etag(
        self, client: httpx.AsyncClient
    ) -> None:
        parent, _, two = await series(client)
        url = f"{API}/programmes/{parent['id']}/summary"
        first = await client.get(url, params={"as_of": "2013-06-30"})
        tag = first.headers["ETag"]

        await make_team(client, two)
        again = await client.get(
            url, params={"as_of": "2013-06-30"}, headers={"If-None-Match": tag}
        )

        assert again.status_code == 200
        assert again.headers["ETag"] != tag
        assert again.json()["rounds"][1]["teams"] == 2
