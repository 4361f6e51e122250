"""A missed, deferred or cancelled milestone records when it was so decided, and why."""

from typing import Any

import httpx
import pytest

from tests.assertions import assert_problem
from tests.factories import API, Row, make_milestone, make_team, milestone_body

pytestmark = pytest.mark.anyio
PATCH = {"Content-Type": "application/merge-patch+json"}


async def patch(client: httpx.AsyncClient, row: Row, **fields: Any) -> httpx.Response:
    return await client.patch(f"{API}/milestones/{row['id']}", json=fields, headers=PATCH)


class TestDecisionDate:
    @pytest.mark.parametrize("status", ["missed", "deferred", "cancelled"])
    async def test_a_decision_without_its_day_is_refused(
        self, client: httpx.AsyncClient, status: str
    ) -> None:
        team = await make_team(client)
        body = milestone_body(team, status=status, decision_reason="Because.")
        response = await client.post(f"{API}/milestones", json=body)
        assert_problem(response, 422, "decision-needs-date", "decided_on")

    async def test_setting_a_decision_by_patch_needs_its_day_and_reason(
        self, client: httpx.AsyncClient
    ) -> None:
        row = await make_milestone(client, await make_team(client))
        response = await patch(client, row, status="deferred", decision_reason="Data late.")
        assert_problem(response, 422, "decision-needs-date", "decided_on")
        response = await patch(client, row, status="deferred", decided_on="2013-02-01")
        assert_problem(response, 422, "decision-needs-reason", "decision_reason")
        response = await patch(
            client, row, status="deferred", decided_on="2013-02-01", decision_reason="Data late."
        )
        assert response.status_code == 200, response.text
        assert response.json()["decided_on"] == "2013-02-01"

    async def test_a_missed_milestone_needs_no_reason(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        body = milestone_body(team, status="missed", decided_on="2013-04-10")
        response = await client.post(f"{API}/milestones", json=body)
        assert response.status_code == 201, response.text
        assert response.json()["decision_reason"] == ""

    @pytest.mark.parametrize(
        ("day", "problem"),
        [("2012-05-31", "outside-window"), ("2999-01-01", "date-in-future")],
    )
    async def test_the_day_is_one_it_could_be_taken_on(
        self, client: httpx.AsyncClient, day: str, problem: str
    ) -> None:
        team = await make_team(client)
        body = milestone_body(team, status="cancelled", decided_on=day, decision_reason="No.")
        response = await client.post(f"{API}/milestones", json=body)
        assert_problem(response, 422, problem, "decided_on")

    async def test_a_decision_day_without_a_decision_is_refused(
        self, client: httpx.AsyncClient
    ) -> None:
        team = await make_team(client)
        body = milestone_body(team, decided_on="2013-02-01")
        response = await client.post(f"{API}/milestones", json=body)
        assert_problem(response, 422, "date-without-decision", "decided_on")
        row = await make_milestone(client, team, status="deferred", decided_on="2013-02-01")
        response = await patch(client, row, status="planned")
        assert_problem(response, 422, "date-without-decision", "decided_on")
        response = await patch(client, row, status="planned", decided_on=None, decision_reason="")
        assert response.status_code == 200, response.text

    async def test_a_reason_longer_than_200_characters_is_refused(
        self, client: httpx.AsyncClient
    ) -> None:
        team = await make_team(client)
        body = milestone_body(
            team, status="deferred", decided_on="2013-02-01", decision_reason="x" * 201
        )
        response = await client.post(f"{API}/milestones", json=body)
        assert response.status_code == 422
        assert response.json()["errors"][0]["loc"] == ["body", "decision_reason"]
