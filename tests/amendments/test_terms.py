"""An award's terms are its original plus its approved amendments in order (README › Domain
rules): an approval must leave them holding (cap, payments, budget lines, dates), also under
concurrent writes; payments, budget lines and the award's own edits check the amended figures;
the award's read shows them."""

import asyncio
from typing import Any

import httpx
import pytest

from api.db import Database
from tests.assertions import assert_problem, unchanged
from tests.factories import (
    API,
    amendment_body,
    budget_line_body,
    make_amendment,
    make_award,
    make_budget_line,
    make_payment,
    payment_body,
)

pytestmark = pytest.mark.anyio

URL = f"{API}/award-amendments"
DECIDED = {"status": "approved", "decided_on": "2014-03-20"}
AWARD = 20_000_000  # £200,000; the test programme's cap is £420,000


def reduction(pence: int, **kw: Any) -> dict[str, Any]:
    return {"kind": "reduction", "amount_change_pence": -pence, **kw}


async def approve(
    client: httpx.AsyncClient, db: Database, award: dict[str, Any], **kw: Any
) -> httpx.Response:
    """POST an approved amendment that must be refused (nothing written)."""
    async with unchanged(db, "award_amendments"):
        return await client.post(URL, json=amendment_body(award, **DECIDED, **kw))


class TestApprovalKeepsTheTermsHolding:
    async def test_a_reduction_below_what_payments_commit_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        award = await make_award(client, amount_pence=AWARD)
        await make_payment(client, award, amount_pence=15_000_000)
        await make_payment(client, award, amount_pence=4_000_000, status="cancelled")
        response = await approve(client, db, award, **reduction(6_000_000))
        body = assert_problem(response, 409, "reduction-below-committed", "amount_change_pence")
        assert body["detail"] == (
            "the award would be £140,000.00, less than the £150,000.00 its payments not "
            "cancelled already commit; cancel or reduce payments first"
        )
        # Proposed, it changes nothing yet; down to exactly the payments, it is approved.
        proposed = await make_amendment(client, award, **reduction(6_000_000))
        assert proposed["status"] == "proposed"
        done = await make_amendment(client, award, **reduction(5_000_000), **DECIDED)
        assert done["status"] == "approved"

    async def test_approving_a_proposal_is_checked_too(self, client: httpx.AsyncClient) -> None:
        award = await make_award(client, amount_pence=AWARD)
        await make_payment(client, award, amount_pence=15_000_000)
        proposed = await make_amendment(client, award, **reduction(6_000_000))
        response = await client.patch(f"{URL}/{proposed['id']}", json=DECIDED)
        assert_problem(response, 409, "reduction-below-committed", "amount_change_pence")
        response = await client.patch(
            f"{URL}/{proposed['id']}", json={"status": "rejected", "decided_on": "2014-03-20"}
        )
        assert response.status_code == 200, response.text

    async def test_an_uplift_over_the_cap_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        award = await make_award(client, amount_pence=30_000_000)
        await make_amendment(client, award, amount_change_pence=10_000_000, **DECIDED)
        response = await approve(client, db, award, amount_change_pence=2_000_001)
        body = assert_problem(response, 422, "award-over-cap", "amount_change_pence")
        assert body["detail"].startswith("£420,000.01 is over P")
        assert body["detail"].endswith("'s cap of £420,000.00")
        at_cap = await make_amendment(client, award, amount_change_pence=2_000_000, **DECIDED)
        assert at_cap["amount_change_pence"] == 2_000_000

    async def test_a_reduction_to_nothing_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        award = await make_award(client, amount_pence=AWARD)
        response = await approve(client, db, award, **reduction(AWARD))
        body = assert_problem(response, 422, "nothing-awarded", "amount_change_pence")
        assert body["detail"] == "the award would be £0.00"

    async def test_a_reduction_below_the_budget_lines_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        award = await make_award(client, amount_pence=AWARD)
        await make_budget_line(client, award, amount_pence=15_000_000)
        response = await approve(client, db, award, **reduction(5_000_001))
        body = assert_problem(response, 409, "award-below-budget", "amount_change_pence")
        assert body["detail"] == (
            "£149,999.99 is less than the £150,000.00 its budget lines plan; reduce them first"
        )

    async def test_a_reprofile_leaving_budget_lines_outside_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        award = await make_award(client, amount_pence=AWARD)
        await make_budget_line(client, award, period_start="2013-04-01", period_end="2014-03-31")
        reprofile = {"kind": "reprofile", "amount_change_pence": 0}
        response = await approve(client, db, award, **reprofile, new_end_date="2014-01-31")
        body = assert_problem(response, 409, "budget-outside-award", "new_end_date")
        assert body["detail"] == (
            "its budget lines run from 2013-04-01 to 2014-03-31, so the award cannot end "
            "before 2014-03-31; move or shorten them first"
        )

    async def test_the_amended_dates_stay_in_order(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        award = await make_award(client, amount_pence=AWARD)  # 2012-06-01 – 2015-12-31
        await make_amendment(
            client,
            award,
            kind="reprofile",
            amount_change_pence=0,
            new_end_date="2013-06-30",
            **DECIDED,
        )
        response = await approve(
            client, db, award, kind="reprofile", amount_change_pence=0, new_start_date="2013-07-01"
        )
        body = assert_problem(response, 422, "dates-out-of-order", "new_end_date")
        assert body["detail"] == "new_end_date 2013-06-30 must be after 2013-07-01"


class TestConcurrency:
    async def test_a_reduction_and_a_payment_that_only_fit_alone(
        self, client: httpx.AsyncClient
    ) -> None:
        """Each fits alone (£150,000 paid of £200,000; £200,000 cut to £140,000); together
        they do not. The award's row is locked before either sums, so exactly one passes."""
        award = await make_award(client, amount_pence=AWARD)
        responses = await asyncio.gather(
            client.post(URL, json=amendment_body(award, **reduction(6_000_000), **DECIDED)),
            client.post(f"{API}/payments", json=payment_body(award, amount_pence=15_000_000)),
        )
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [201, 409], [r.text for r in responses]
        refused = next(r for r in responses if r.status_code == 409)
        assert refused.json()["type"] in (
            "/problems/reduction-below-committed",
            "/problems/payment-exceeds-award",
        )

    async def test_concurrent_reductions_never_go_below_the_payments(
        self, client: httpx.AsyncClient
    ) -> None:
        award = await make_award(client, amount_pence=AWARD)
        await make_payment(client, award, amount_pence=14_000_000)
        responses = await asyncio.gather(
            *(
                client.post(URL, json=amendment_body(award, **reduction(2_000_000), **DECIDED))
                for _ in range(4)
            )
        )
        assert sorted(r.status_code for r in responses) == [201] * 3 + [409]
        read = (await client.get(f"{API}/awards/{award['id']}")).json()
        assert read["amended_amount_pence"] == 14_000_000

    async def test_an_uplift_and_a_raise_of_the_award_that_only_fit_alone(
        self, client: httpx.AsyncClient
    ) -> None:
        """£300,000 raised to £400,000, or uplifted by £100,000: each fits the £420,000 cap,
        both do not. The award is locked by both writes, so exactly one passes."""
        award = await make_award(client, amount_pence=30_000_000)
        responses = await asyncio.gather(
            client.post(URL, json=amendment_body(award, amount_change_pence=10_000_000, **DECIDED)),
            client.patch(f"{API}/awards/{award['id']}", json={"amount_pence": 40_000_000}),
        )
        statuses = sorted(r.status_code for r in responses)
        assert statuses in ([200, 422], [201, 422]), [r.text for r in responses]
        refused = next(r for r in responses if r.status_code == 422)
        assert refused.json()["type"] == "/problems/award-over-cap"
        read = (await client.get(f"{API}/awards/{award['id']}")).json()
        assert read["amended_amount_pence"] == 40_000_000


class TestEveryRuleReadsTheAmendedTerms:
    async def test_a_payment_within_an_approved_uplift_is_accepted(
        self, client: httpx.AsyncClient
    ) -> None:
        award = await make_award(client, amount_pence=AWARD)
        await make_amendment(client, award, amount_change_pence=5_000_000, **DECIDED)
        await make_amendment(client, award, amount_change_pence=9_000_000)  # proposed
        paid = await make_payment(client, award, amount_pence=24_000_000)
        assert paid["amount_pence"] == 24_000_000
        response = await client.post(
            f"{API}/payments", json=payment_body(award, amount_pence=1_000_001)
        )
        body = assert_problem(response, 409, "payment-exceeds-award", "amount_pence")
        assert body["detail"] == (
            f"£10,000.01 is more than the £10,000.00 left to allocate on this award "
            f"({award['identifier']}: £250,000.00 awarded, £240,000.00 already in payments "
            "not cancelled)"
        )

    async def test_a_payment_above_an_approved_reduction_is_refused(
        self, client: httpx.AsyncClient
    ) -> None:
        award = await make_award(client, amount_pence=AWARD)
        await make_amendment(client, award, **reduction(5_000_000), **DECIDED)
        response = await client.post(
            f"{API}/payments", json=payment_body(award, amount_pence=15_000_001)
        )
        body = assert_problem(response, 409, "payment-exceeds-award", "amount_pence")
        assert "£150,000.00 awarded" in body["detail"]

    async def test_budget_lines_follow_the_amended_amount_and_dates(
        self, client: httpx.AsyncClient
    ) -> None:
        award = await make_award(client, amount_pence=AWARD, planned_end_date="2014-12-31")
        await make_amendment(client, award, amount_change_pence=5_000_000, **DECIDED)
        await make_amendment(
            client,
            award,
            kind="extension",
            amount_change_pence=0,
            new_end_date="2015-06-30",
            **DECIDED,
        )
        line = await make_budget_line(
            client,
            award,
            amount_pence=25_000_000,
            period_start="2015-01-01",
            period_end="2015-06-30",
        )
        assert line["amount_pence"] == 25_000_000
        response = await client.post(
            f"{API}/budget-lines", json=budget_line_body(award, amount_pence=1)
        )
        body = assert_problem(response, 409, "budget-exceeds-award", "amount_pence")
        assert "£250,000.00 awarded" in body["detail"]
        late = budget_line_body(award, amount_pence=0, period_end="2015-07-01")
        response = await client.post(f"{API}/budget-lines", json=late)
        body = assert_problem(response, 422, "outside-award", "period_end")
        assert body["detail"].endswith("dates 2012-06-01 – 2015-06-30")

    async def test_the_awards_own_cut_counts_its_amendments(
        self, client: httpx.AsyncClient
    ) -> None:
        """£200,000 less an approved £50,000 is £150,000; £140,000 is paid: the original cannot
        go below £190,000."""
        award = await make_award(client, amount_pence=AWARD)
        await make_amendment(client, award, **reduction(5_000_000), **DECIDED)
        await make_payment(client, award, amount_pence=14_000_000)
        url = f"{API}/awards/{award['id']}"
        response = await client.patch(url, json={"amount_pence": 18_999_999})
        body = assert_problem(response, 409, "award-below-payments", "amount_pence")
        assert body["detail"] == ("payments not cancelled already commit £140,000.00 of this award")
        assert (await client.patch(url, json={"amount_pence": 19_000_000})).status_code == 200

    async def test_the_awards_own_raise_counts_its_uplifts_against_the_cap(
        self, client: httpx.AsyncClient
    ) -> None:
        award = await make_award(client, amount_pence=30_000_000)
        await make_amendment(client, award, amount_change_pence=10_000_000, **DECIDED)
        url = f"{API}/awards/{award['id']}"
        response = await client.patch(url, json={"amount_pence": 32_000_001})
        assert_problem(response, 422, "award-over-cap", "amount_pence")
        assert (await client.patch(url, json={"amount_pence": 32_000_000})).status_code == 200

    async def test_the_awards_own_dates_keep_order_with_its_amendments(
        self, client: httpx.AsyncClient
    ) -> None:
        award = await make_award(client, amount_pence=AWARD, planned_end_date="2014-12-31")
        extension = {"kind": "extension", "amount_change_pence": 0}
        await make_amendment(client, award, **extension, new_end_date="2015-12-31", **DECIDED)
        url = f"{API}/awards/{award['id']}"
        # The original end moves under the extension: the amended end stays its.
        response = await client.patch(url, json={"planned_end_date": "2013-12-31"})
        assert response.status_code == 200, response.text
        assert response.json()["amended_end_date"] == "2015-12-31"
        other = await make_award(client, amount_pence=AWARD)
        reprofile = {"kind": "reprofile", "amount_change_pence": 0}
        await make_amendment(client, other, **reprofile, new_end_date="2013-06-30", **DECIDED)
        response = await client.patch(
            f"{API}/awards/{other['id']}", json={"planned_start_date": "2013-07-01"}
        )
        body = assert_problem(response, 422, "dates-out-of-order", "planned_end_date")
        assert body["detail"] == "planned_end_date 2013-06-30 must be after 2013-07-01"


class TestTheAwardsRead:
    async def test_it_shows_the_amended_terms(self, client: httpx.AsyncClient) -> None:
        award = await make_award(client, amount_pence=AWARD, planned_end_date="2014-12-31")
        assert (
            award["amended_amount_pence"],
            award["amended_start_date"],
            award["amended_end_date"],
            award["cap_difference_pence"],
        ) == (AWARD, "2012-06-01", "2014-12-31", 22_000_000)
        reprofile = {"kind": "reprofile", "amount_change_pence": 0}
        # Applied by effective date, then id: the later one's dates win whatever the order made.
        await make_amendment(
            client,
            award,
            **reprofile,
            new_end_date="2015-09-30",
            effective_date="2014-06-01",
            **DECIDED,
        )
        await make_amendment(
            client,
            award,
            **reprofile,
            new_start_date="2012-07-01",
            new_end_date="2015-03-31",
            effective_date="2014-01-01",
            **DECIDED,
        )
        await make_amendment(client, award, amount_change_pence=3_000_000, **DECIDED)
        await make_amendment(client, award, **reduction(1_000_000), **DECIDED)
        await make_amendment(client, award, amount_change_pence=7_000_000)  # proposed
        await make_amendment(
            client,
            award,
            amount_change_pence=7_000_000,
            status="rejected",
            decided_on="2014-03-20",
        )
        read = (await client.get(f"{API}/awards/{award['id']}")).json()
        assert (
            read["amount_pence"],
            read["amended_amount_pence"],
            read["amended_start_date"],
            read["amended_end_date"],
            read["cap_difference_pence"],
        ) == (AWARD, 22_000_000, "2012-07-01", "2015-09-30", 20_000_000)
        listed = await client.get(f"{API}/awards", params={"team_id": award["team_id"]})
        assert listed.json()["items"] == [read]
