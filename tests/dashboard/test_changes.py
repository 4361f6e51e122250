"""GET /programmes/{id}/changes: the figures on two days and what happened in between."""

import httpx
import pytest

from api.dashboard.compare_schemas import ProgrammeChanges
from tests.assertions import assert_problem
from tests.dashboard.build import read
from tests.factories import (
    API,
    make_award,
    make_evidence,
    make_milestone,
    make_payment,
    make_programme,
    make_support,
    make_team,
)

pytestmark = pytest.mark.anyio


class TestChanges:
    async def test_both_days_and_the_period(self, client: httpx.AsyncClient) -> None:
        programme = await make_programme(client)
        team = await make_team(client, programme)
        award = await make_award(client, team, amount_pence=40_000_000)
        await make_payment(client, award, status="paid", paid_date="2012-07-03")  # before
        await make_payment(
            client, award, instalment="interim", scheduled_date="2013-06-01",
            amount_pence=8_000_000, status="paid", paid_date="2013-06-10",
        )  # fmt: skip
        await make_milestone(client, team, due_date="2013-03-31")  # late on both days
        await make_milestone(
            client, team, due_date="2013-05-31", status="achieved", completed_date="2013-05-20"
        )
        await make_support(client, team, status="delivered", hours=2.5)  # ends 2013-06-30
        await make_evidence(client, team, published_on="2013-04-01")
        await make_evidence(client, team, published_on="2014-04-01")  # after the period
        pid = programme["id"]
        body = await read(
            client, f"/programmes/{pid}/changes", ProgrammeChanges,
            **{"from": "2013-04-01", "to": "2013-12-31"},
        )  # fmt: skip
        before, after = body["before"], body["after"]
        assert (before["day"], after["day"]) == ("2013-04-01", "2013-12-31")
        assert before["funding"]["paid_pence"] == 10_000_000
        assert after["funding"]["paid_pence"] == 18_000_000
        assert before["funding"]["awarded_pence"] == after["funding"]["awarded_pence"]
        assert before["milestones"]["late"] == 1
        assert before["milestones"]["planned"] == 1
        assert after["milestones"] | {} == after["milestones"]
        assert (after["milestones"]["late"], after["milestones"]["achieved"]) == (1, 1)
        assert (before["teams_with_late"], after["teams_with_late"]) == (1, 1)
        assert before["evidence"]["total"] == 1  # published on the day itself counts
        assert sum(s["activities"] for s in before["support"]) == 0
        assert sum(s["activities"] for s in after["support"]) == 1
        assert body["period"] == {
            "payments_paid": 1,
            "paid_pence": 8_000_000,
            "milestones_achieved": 1,
            "support_delivered": 1,
            "support_hours": 2.5,
            "evidence_published": 0,
        }

    async def test_from_after_to_is_refused(self, client: httpx.AsyncClient) -> None:
        pid = (await make_programme(client))["id"]
        url = f"{API}/programmes/{pid}/changes"
        response = await client.get(url, params={"from": "2014-01-01", "to": "2013-01-01"})
        assert_problem(response, 422, "invalid-query", loc=["query", "from"])
        assert_problem(await client.get(url), 422, "validation-error", loc=["query", "from"])
