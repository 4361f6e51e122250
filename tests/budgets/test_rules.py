"""Budget lines' rules (README › Domain rules): an award's lines add up to at most the award, also
under concurrent writes; they share its currency and fall inside its dates; an award is never cut
below its lines, nor narrowed past their periods."""

import asyncio

import httpx
import pytest

from api.db import Database
from tests.assertions import assert_problem, unchanged
from tests.factories import API, budget_line_body, make_award, make_budget_line

pytestmark = pytest.mark.anyio

AWARD = 20_000_000  # £200,000
LINES = f"{API}/budget-lines"


class TestBudgetWithinTheAward:
    async def test_a_line_past_the_award_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        award = await make_award(client, amount_pence=AWARD)
        await make_budget_line(client, award, amount_pence=15_000_000)
        async with unchanged(db, "budget_lines"):
            response = await client.post(
                LINES, json=budget_line_body(award, amount_pence=5_000_001)
            )
        body = assert_problem(response, 409, "budget-exceeds-award", "amount_pence")
        said = (
            "£50,000.01 is more than the £50,000.00 left to budget on this award "
            f"({award['identifier']}: £200,000.00 awarded, £150,000.00 already in its other "
            "budget lines)"
        )
        assert body["detail"] == said and body["errors"][0]["msg"] == said

    async def test_lines_up_to_exactly_the_award_are_accepted(
        self, client: httpx.AsyncClient
    ) -> None:
        award = await make_award(client, amount_pence=AWARD)
        await make_budget_line(client, award, amount_pence=15_000_000)
        last = await make_budget_line(client, award, amount_pence=5_000_000, category="training")
        empty = await make_budget_line(client, award, amount_pence=0, category="equipment")
        assert (last["amount_pence"], empty["amount_pence"]) == (5_000_000, 0)

    async def test_raising_a_line_past_the_award_is_refused(
        self, client: httpx.AsyncClient
    ) -> None:
        award = await make_award(client, amount_pence=AWARD)
        await make_budget_line(client, award, amount_pence=15_000_000)
        line = await make_budget_line(client, award, amount_pence=5_000_000)
        url = f"{LINES}/{line['id']}"
        response = await client.patch(url, json={"amount_pence": 5_000_001})
        body = assert_problem(response, 409, "budget-exceeds-award", "amount_pence")
        assert "£150,000.00 already in its other budget lines" in body["detail"]
        assert (await client.get(url)).json()["amount_pence"] == 5_000_000
        # Its own amount is not counted twice: the line may take what is left.
        assert (await client.patch(url, json={"amount_pence": 5_000_000})).status_code == 200

    async def test_lines_of_other_awards_do_not_count(self, client: httpx.AsyncClient) -> None:
        other = await make_award(client, amount_pence=AWARD)
        await make_budget_line(client, other, amount_pence=AWARD)
        award = await make_award(client, amount_pence=AWARD)
        line = await make_budget_line(client, award, amount_pence=AWARD)
        assert line["amount_pence"] == AWARD

    async def test_two_concurrent_lines_that_together_exceed_the_award(
        self, client: httpx.AsyncClient
    ) -> None:
        """Each fits alone; the award's row is locked before the sum, so exactly one passes."""
        award = await make_award(client, amount_pence=10_000_000)
        responses = await asyncio.gather(
            *(
                client.post(LINES, json=budget_line_body(award, amount_pence=6_000_000))
                for _ in range(2)
            )
        )
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [201, 409], [r.text for r in responses]
        refused = next(r for r in responses if r.status_code == 409)
        assert_problem(refused, 409, "budget-exceeds-award", "amount_pence")
        page = await client.get(LINES, params={"award_id": award["id"]})
        assert [line["amount_pence"] for line in page.json()["items"]] == [6_000_000]

    async def test_concurrent_lines_never_sum_past_the_award(
        self, client: httpx.AsyncClient
    ) -> None:
        award = await make_award(client, amount_pence=10_000_000)
        responses = await asyncio.gather(
            *(
                client.post(LINES, json=budget_line_body(award, amount_pence=3_000_000))
                for _ in range(6)
            )
        )
        assert sorted(r.status_code for r in responses) == [201] * 3 + [409] * 3
        page = await client.get(LINES, params={"award_id": award["id"]})
        assert sum(line["amount_pence"] for line in page.json()["items"]) == 9_000_000


class TestAwardBelowBudget:
    async def test_cutting_an_award_below_its_lines_is_refused(
        self, client: httpx.AsyncClient
    ) -> None:
        award = await make_award(client, amount_pence=AWARD)
        await make_budget_line(client, award, amount_pence=15_000_000)
        url = f"{API}/awards/{award['id']}"
        response = await client.patch(url, json={"amount_pence": 14_999_999})
        body = assert_problem(response, 409, "award-below-budget", "amount_pence")
        assert body["detail"] == (
            "£149,999.99 is less than the £150,000.00 its budget lines plan; reduce them first"
        )
        assert (await client.get(url)).json()["amount_pence"] == AWARD

    async def test_cutting_an_award_to_its_lines_is_accepted(
        self, client: httpx.AsyncClient
    ) -> None:
        award = await make_award(client, amount_pence=AWARD)
        await make_budget_line(client, award, amount_pence=15_000_000)
        url = f"{API}/awards/{award['id']}"
        response = await client.patch(url, json={"amount_pence": 15_000_000})
        assert response.status_code == 200, response.text
        assert response.json()["amount_pence"] == 15_000_000


class TestAwardDatesHoldTheLines:
    @pytest.mark.parametrize(
        ("patch", "field", "said"),
        [
            ({"planned_start_date": "2013-04-02"}, "planned_start_date", "start after 2013-04-01"),
            ({"planned_end_date": "2014-03-30"}, "planned_end_date", "end before 2014-03-31"),
        ],
    )
    async def test_narrowing_an_award_past_its_lines_is_refused(
        self, client: httpx.AsyncClient, patch: dict[str, str], field: str, said: str
    ) -> None:
        award = await make_award(client)  # planned 2012-06-01 – 2015-12-31
        await make_budget_line(client, award, period_start="2013-04-01", period_end="2014-03-31")
        url = f"{API}/awards/{award['id']}"
        response = await client.patch(url, json=patch)
        body = assert_problem(response, 409, "budget-outside-award", field)
        assert body["detail"] == (
            f"its budget lines run from 2013-04-01 to 2014-03-31, so the award cannot {said}; "
            "move or shorten them first"
        )
        assert (await client.get(url)).json()[field] == award[field]

    async def test_narrowing_an_award_to_its_lines_is_accepted(
        self, client: httpx.AsyncClient
    ) -> None:
        award = await make_award(client)
        await make_budget_line(client, award, period_start="2013-04-01", period_end="2014-03-31")
        patch = {"planned_start_date": "2013-04-01", "planned_end_date": "2014-03-31"}
        response = await client.patch(f"{API}/awards/{award['id']}", json=patch)
        assert response.status_code == 200, response.text
        assert response.json()["planned_end_date"] == "2014-03-31"


class TestCurrencyAndDates:
    async def test_a_currency_other_than_the_awards_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        award = await make_award(client)
        async with unchanged(db, "budget_lines"):
            response = await client.post(LINES, json=budget_line_body(award, currency="EUR"))
        body = assert_problem(response, 422, "currency-mismatch", "currency")
        assert body["detail"] == "the award is in GBP, not EUR"

    @pytest.mark.parametrize(
        ("field", "day", "said"),
        [
            ("period_start", "2012-05-31", "period_start 2012-05-31"),
            ("period_end", "2016-01-01", "period_end 2016-01-01"),
        ],
    )
    async def test_a_period_outside_the_awards_dates_is_refused(
        self, client: httpx.AsyncClient, db: Database, field: str, day: str, said: str
    ) -> None:
        award = await make_award(client)  # planned 2012-06-01 – 2015-12-31
        async with unchanged(db, "budget_lines"):
            response = await client.post(LINES, json=budget_line_body(award, **{field: day}))
        body = assert_problem(response, 422, "outside-award", field)
        assert body["detail"] == (
            f"{said} is outside award {award['identifier']}'s dates 2012-06-01 – 2015-12-31"
        )

    async def test_the_awards_first_and_last_days_are_inside(
        self, client: httpx.AsyncClient
    ) -> None:
        award = await make_award(client)
        line = await make_budget_line(
            client, award, period_start="2012-06-01", period_end="2015-12-31"
        )
        assert (line["period_start"], line["period_end"]) == ("2012-06-01", "2015-12-31")

    async def test_a_period_ending_before_it_starts_is_refused(
        self, client: httpx.AsyncClient
    ) -> None:
        award = await make_award(client)
        body = budget_line_body(award, period_start="2014-03-31", period_end="2013-04-01")
        response = await client.post(LINES, json=body)
        assert_problem(response, 422, "dates-out-of-order", "period_end")

    async def test_the_award_cannot_be_changed(self, client: httpx.AsyncClient) -> None:
        line = await make_budget_line(client)
        other = await make_award(client)
        response = await client.patch(f"{LINES}/{line['id']}", json={"award_id": other["id"]})
        body = assert_problem(response, 422, "validation-error", "award_id")
        assert body["errors"][0]["type"] == "extra_forbidden"

    async def test_a_negative_amount_is_refused(self, client: httpx.AsyncClient) -> None:
        award = await make_award(client)
        response = await client.post(LINES, json=budget_line_body(award, amount_pence=-1))
        body = assert_problem(response, 422, "validation-error", "amount_pence")
        assert body["errors"][0]["type"] == "greater_than_equal"

    async def test_a_missing_award_is_an_invalid_reference(self, client: httpx.AsyncClient) -> None:
        body = budget_line_body({"id": "0190d7a4-8c6e-7cc3-9a51-000000000000"})
        response = await client.post(LINES, json=body)
        assert_problem(response, 422, "invalid-reference", "award_id")


class TestAuditTrail:
    async def test_a_lines_events_carry_its_awards_team(self, client: httpx.AsyncClient) -> None:
        """Budget lines are not team-scoped, but reach their team through the award (the
        descriptor's ``owner``), so a team's history shows its budget."""
        award = await make_award(client)
        line = await make_budget_line(client, award)
        url = f"{LINES}/{line['id']}"
        assert (await client.patch(url, json={"amount_pence": 1})).status_code == 200
        response = await client.get(
            f"{API}/audit-events", params={"resource": "budget-lines", "resource_id": line["id"]}
        )
        trail = response.json()["items"]
        assert [(e["action"], e["team_id"]) for e in trail] == [
            ("update", award["team_id"]),
            ("create", award["team_id"]),
        ]
        assert trail[1]["after"] == line
