"""Payment rules: never past the award (also under concurrency), paid needs a date, a paid payment
is locked, the currency and milestone match the award."""

import asyncio

import httpx
import pytest

from api.db import Database
from tests.assertions import assert_problem, unchanged
from tests.factories import (
    API,
    make_award,
    make_milestone,
    make_payment,
    make_team,
    payment_body,
)

pytestmark = pytest.mark.anyio

AWARD = 20_000_000


class TestPaymentExceedsAward:
    async def test_payment_past_the_award_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        award = await make_award(client, amount_pence=AWARD)
        await make_payment(client, award, amount_pence=15_000_000)
        async with unchanged(db, "payments"):
            response = await client.post(
                f"{API}/payments", json=payment_body(award, amount_pence=5_000_001)
            )
        body = assert_problem(response, 409, "payment-exceeds-award", "amount_pence")
        # Pounds, never pence; "left to allocate" is the award less payments not cancelled.
        said = (
            "£50,000.01 is more than the £50,000.00 left to allocate on this award "
            f"({award['identifier']}: £200,000.00 awarded, £150,000.00 already in payments "
            "not cancelled)"
        )
        assert body["detail"] == said and body["errors"][0]["msg"] == said
        assert "pence" not in body["detail"]

    async def test_payment_of_exactly_the_remainder_is_accepted(
        self, client: httpx.AsyncClient
    ) -> None:
        award = await make_award(client, amount_pence=AWARD)
        await make_payment(client, award, amount_pence=15_000_000)
        payment = await make_payment(client, award, amount_pence=5_000_000)
        assert payment["amount_pence"] == 5_000_000

    async def test_cancelled_payments_do_not_count(self, client: httpx.AsyncClient) -> None:
        award = await make_award(client, amount_pence=AWARD)
        await make_payment(client, award, amount_pence=15_000_000, status="cancelled")
        payment = await make_payment(client, award, amount_pence=AWARD)
        assert payment["amount_pence"] == AWARD

    async def test_patch_raising_a_payment_past_the_award_is_refused(
        self, client: httpx.AsyncClient
    ) -> None:
        award = await make_award(client, amount_pence=AWARD)
        await make_payment(client, award, amount_pence=15_000_000)
        payment = await make_payment(client, award, amount_pence=5_000_000)
        url = f"{API}/payments/{payment['id']}"
        response = await client.patch(url, json={"amount_pence": 5_000_001})
        assert_problem(response, 409, "payment-exceeds-award", "amount_pence")
        assert (await client.get(url)).json()["amount_pence"] == 5_000_000

    async def test_restoring_a_cancelled_payment_past_the_award_is_refused(
        self, client: httpx.AsyncClient
    ) -> None:
        award = await make_award(client, amount_pence=AWARD)
        cancelled = await make_payment(client, award, amount_pence=15_000_000, status="cancelled")
        await make_payment(client, award, amount_pence=10_000_000)
        url = f"{API}/payments/{cancelled['id']}"
        response = await client.patch(url, json={"status": "scheduled"})
        assert_problem(response, 409, "payment-exceeds-award", "amount_pence")
        assert (await client.get(url)).json()["status"] == "cancelled"

    async def test_concurrent_payments_never_sum_past_the_award(
        self, client: httpx.AsyncClient
    ) -> None:
        award = await make_award(client, amount_pence=10_000_000)
        responses = await asyncio.gather(
            *(
                client.post(f"{API}/payments", json=payment_body(award, amount_pence=3_000_000))
                for _ in range(10)
            )
        )
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [201] * 3 + [409] * 7, [r.text for r in responses]
        for refused in (r for r in responses if r.status_code == 409):
            assert_problem(refused, 409, "payment-exceeds-award", "amount_pence")
        page = await client.get(f"{API}/payments", params={"award_id": award["id"]})
        assert sum(p["amount_pence"] for p in page.json()["items"]) == 9_000_000


class TestPaidNeedsDate:
    async def test_paid_without_paid_date_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        award = await make_award(client)
        async with unchanged(db, "payments"):
            response = await client.post(f"{API}/payments", json=payment_body(award, status="paid"))
        assert_problem(response, 422, "paid-needs-date", "paid_date")

    async def test_patch_to_paid_without_paid_date_is_refused(
        self, client: httpx.AsyncClient
    ) -> None:
        payment = await make_payment(client)
        url = f"{API}/payments/{payment['id']}"
        response = await client.patch(url, json={"status": "paid"})
        assert_problem(response, 422, "paid-needs-date", "paid_date")
        assert (await client.get(url)).json()["status"] == "scheduled"

    async def test_unpaid_payment_with_paid_date_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        award = await make_award(client)
        async with unchanged(db, "payments"):
            response = await client.post(
                f"{API}/payments", json=payment_body(award, paid_date="2012-07-03")
            )
        assert_problem(response, 422, "paid-needs-date", "paid_date")

    async def test_paid_with_paid_date_is_accepted(self, client: httpx.AsyncClient) -> None:
        payment = await make_payment(client, status="paid", paid_date="2012-07-03")
        assert payment["status"] == "paid"


class TestPaymentLocked:
    async def test_editing_a_paid_payment_is_refused(self, client: httpx.AsyncClient) -> None:
        payment = await make_payment(client, status="paid", paid_date="2012-07-03")
        url = f"{API}/payments/{payment['id']}"
        response = await client.patch(url, json={"amount_pence": 1})
        assert_problem(response, 409, "payment-locked", loc=["path", "payment_id"])
        after = (await client.get(url)).json()
        assert (after["amount_pence"], after["version"]) == (10_000_000, payment["version"])

    async def test_cancelling_a_paid_payment_is_refused(self, client: httpx.AsyncClient) -> None:
        payment = await make_payment(client, status="paid", paid_date="2012-07-03")
        response = await client.patch(
            f"{API}/payments/{payment['id']}", json={"status": "cancelled", "paid_date": None}
        )
        assert_problem(response, 409, "payment-locked", loc=["path", "payment_id"])

    async def test_deleting_a_paid_payment_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        payment = await make_payment(client, status="paid", paid_date="2012-07-03")
        async with unchanged(db, "payments"):
            response = await client.delete(f"{API}/payments/{payment['id']}")
        assert_problem(response, 409, "payment-locked", loc=["path", "payment_id"])

    async def test_deleting_a_scheduled_payment_is_accepted(
        self, client: httpx.AsyncClient
    ) -> None:
        payment = await make_payment(client)
        assert (await client.delete(f"{API}/payments/{payment['id']}")).status_code == 204

    async def test_marking_a_scheduled_payment_paid_is_accepted(
        self, client: httpx.AsyncClient
    ) -> None:
        payment = await make_payment(client)
        response = await client.patch(
            f"{API}/payments/{payment['id']}", json={"status": "paid", "paid_date": "2012-07-03"}
        )
        assert response.status_code == 200, response.text


class TestCurrencyAndReferences:
    async def test_currency_other_than_the_awards_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        award = await make_award(client)
        async with unchanged(db, "payments"):
            response = await client.post(
                f"{API}/payments", json=payment_body(award, currency="EUR")
            )
        assert_problem(response, 422, "currency-mismatch", "currency")

    async def test_missing_award_is_an_invalid_reference(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        async with unchanged(db, "payments"):
            response = await client.post(
                f"{API}/payments", json=payment_body({"id": "no-such-award"})
            )
        assert_problem(response, 422, "invalid-reference", "award_id")

    async def test_missing_milestone_is_an_invalid_reference(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        award = await make_award(client)
        async with unchanged(db, "payments"):
            response = await client.post(
                f"{API}/payments", json=payment_body(award, milestone_id="no-such-milestone")
            )
        assert_problem(response, 422, "invalid-reference", "milestone_id")

    async def test_milestone_of_another_team_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        award = await make_award(client)
        other = await make_milestone(client)
        async with unchanged(db, "payments"):
            response = await client.post(
                f"{API}/payments", json=payment_body(award, milestone_id=other["id"])
            )
        assert_problem(response, 422, "wrong-programme", "milestone_id")

    async def test_milestone_of_its_own_team_is_accepted(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        award = await make_award(client, team)
        milestone = await make_milestone(client, team)
        payment = await make_payment(client, award, milestone_id=milestone["id"])
        assert payment["milestone_id"] == milestone["id"]

    async def test_award_cannot_be_changed(self, client: httpx.AsyncClient) -> None:
        payment = await make_payment(client)
        other = await make_award(client)
        response = await client.patch(
            f"{API}/payments/{payment['id']}", json={"award_id": other["id"]}
        )
        body = assert_problem(response, 422, "validation-error", "award_id")
        assert body["errors"][0]["type"] == "extra_forbidden"
