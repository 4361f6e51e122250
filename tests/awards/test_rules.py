"""Award rules: within the programme's cap and currency, dates inside the window, never below
its payments; reads show the distance from the cap."""

import asyncio

import httpx
import pytest

from api.db import Database
from tests.assertions import assert_problem, unchanged
from tests.factories import (
    API,
    award_body,
    make_award,
    make_payment,
    make_programme,
    make_team,
    payment_body,
)

pytestmark = pytest.mark.anyio

CAP = 42_000_000


class TestAwardCap:
    async def test_award_over_the_cap_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        async with unchanged(db, "awards"):
            response = await client.post(
                f"{API}/awards", json=award_body(team, amount_pence=CAP + 1)
            )
        assert_problem(response, 422, "award-over-cap", "amount_pence")

    async def test_patch_raising_an_award_over_the_cap_is_refused(
        self, client: httpx.AsyncClient
    ) -> None:
        award = await make_award(client)
        url = f"{API}/awards/{award['id']}"
        response = await client.patch(url, json={"amount_pence": CAP + 1})
        assert_problem(response, 422, "award-over-cap", "amount_pence")
        assert (await client.get(url)).json()["amount_pence"] == CAP

    async def test_award_at_the_cap_is_accepted(self, client: httpx.AsyncClient) -> None:
        award = await make_award(client, amount_pence=CAP)
        assert award["cap_difference_pence"] == 0

    async def test_programme_without_a_cap_takes_any_amount(
        self, client: httpx.AsyncClient
    ) -> None:
        team = await make_team(client, await make_programme(client, award_cap_pence=None))
        award = await make_award(client, team, amount_pence=CAP * 10)
        assert award["amount_pence"] == CAP * 10


class TestCapDifference:
    async def test_read_shows_the_distance_below_the_cap(self, client: httpx.AsyncClient) -> None:
        award = await make_award(client, amount_pence=40_000_000)
        read = (await client.get(f"{API}/awards/{award['id']}")).json()
        assert read["cap_difference_pence"] == 2_000_000

    async def test_list_shows_the_distance_below_the_cap(self, client: httpx.AsyncClient) -> None:
        award = await make_award(client, amount_pence=41_000_000)
        page = (await client.get(f"{API}/awards", params={"team_id": award["team_id"]})).json()
        assert [a["cap_difference_pence"] for a in page["items"]] == [1_000_000]

    async def test_difference_is_null_without_a_cap(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client, await make_programme(client, award_cap_pence=None))
        award = await make_award(client, team)
        assert award["cap_difference_pence"] is None


class TestCurrency:
    async def test_currency_other_than_the_programmes_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        async with unchanged(db, "awards"):
            response = await client.post(f"{API}/awards", json=award_body(team, currency="EUR"))
        assert_problem(response, 422, "currency-mismatch", "currency")


class TestWindow:
    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("award_date", "2012-05-31"),
            ("award_date", "2016-01-01"),
            ("planned_start_date", "2012-05-31"),
            ("planned_end_date", "2016-01-01"),
            ("actual_start_date", "2012-05-31"),
            ("actual_end_date", "2016-01-01"),
        ],
    )
    async def test_date_outside_the_window_is_refused(
        self, client: httpx.AsyncClient, db: Database, field: str, value: str
    ) -> None:
        team = await make_team(client)
        async with unchanged(db, "awards"):
            response = await client.post(f"{API}/awards", json=award_body(team, **{field: value}))
        assert_problem(response, 422, "outside-window", field)

    async def test_dates_on_the_window_edges_are_accepted(self, client: httpx.AsyncClient) -> None:
        award = await make_award(
            client, actual_start_date="2012-06-01", actual_end_date="2015-12-31"
        )
        assert award["actual_end_date"] == "2015-12-31"

    async def test_planned_end_before_planned_start_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        body = award_body(team, planned_start_date="2014-01-01", planned_end_date="2013-01-01")
        async with unchanged(db, "awards"):
            response = await client.post(f"{API}/awards", json=body)
        assert_problem(response, 422, "dates-out-of-order", "planned_end_date")


class TestAwardBelowPayments:
    async def test_reducing_below_its_payments_is_refused(self, client: httpx.AsyncClient) -> None:
        award = await make_award(client, amount_pence=20_000_000)
        await make_payment(client, award, amount_pence=15_000_000)
        url = f"{API}/awards/{award['id']}"
        response = await client.patch(url, json={"amount_pence": 14_999_999})
        assert_problem(response, 409, "award-below-payments", "amount_pence")
        assert (await client.get(url)).json()["amount_pence"] == 20_000_000

    async def test_reducing_to_exactly_its_payments_is_accepted(
        self, client: httpx.AsyncClient
    ) -> None:
        award = await make_award(client, amount_pence=20_000_000)
        await make_payment(client, award, amount_pence=15_000_000)
        response = await client.patch(
            f"{API}/awards/{award['id']}", json={"amount_pence": 15_000_000}
        )
        assert response.status_code == 200, response.text

    async def test_cancelled_payments_do_not_hold_the_award_up(
        self, client: httpx.AsyncClient
    ) -> None:
        award = await make_award(client, amount_pence=20_000_000)
        await make_payment(client, award, amount_pence=15_000_000, status="cancelled")
        response = await client.patch(
            f"{API}/awards/{award['id']}", json={"amount_pence": 1_000_000}
        )
        assert response.status_code == 200, response.text

    async def test_reduction_racing_payments_never_leaves_the_award_short(
        self, client: httpx.AsyncClient
    ) -> None:
        award = await make_award(client, amount_pence=20_000_000)
        url = f"{API}/awards/{award['id']}"
        payment = payment_body(award, amount_pence=4_000_000)
        await asyncio.gather(
            *(client.post(f"{API}/payments", json=payment) for _ in range(2)),
            client.patch(url, json={"amount_pence": 10_000_000}),
            *(client.post(f"{API}/payments", json=payment) for _ in range(2)),
        )
        amount = (await client.get(url)).json()["amount_pence"]
        page = await client.get(f"{API}/payments", params={"award_id": award["id"]})
        assert sum(p["amount_pence"] for p in page.json()["items"]) <= amount


class TestReferencesAndKeys:
    async def test_missing_team_is_an_invalid_reference(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        async with unchanged(db, "awards"):
            response = await client.post(f"{API}/awards", json=award_body({"id": "no-such-team"}))
        assert_problem(response, 422, "invalid-reference", "team_id")

    async def test_duplicate_identifier_is_a_conflict(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        existing = await make_award(client)
        team = await make_team(client)
        async with unchanged(db, "awards"):
            response = await client.post(
                f"{API}/awards", json=award_body(team, identifier=existing["identifier"])
            )
        assert_problem(response, 409, "conflict", "identifier")

    async def test_award_with_payments_is_in_use(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        payment = await make_payment(client)
        async with unchanged(db, "awards", "payments"):
            response = await client.delete(f"{API}/awards/{payment['award_id']}")
        assert_problem(response, 409, "in-use")
