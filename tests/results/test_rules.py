"""Results rules: a quality goal joins corporate and clinical services; periods run forwards."""

import httpx
import pytest

from api.db import Database
from tests.assertions import assert_problem, unchanged
from tests.conftest import count_rows
from tests.factories import (
    API,
    make_indicator,
    make_period,
    make_quality_goal,
    make_team,
    quality_goal_body,
)

pytestmark = pytest.mark.anyio


class TestGoalNeedsBothSides:
    async def test_goal_without_a_corporate_service_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        body = quality_goal_body(team, corporate_services=[])
        async with unchanged(db, "quality_goals"):
            response = await client.post(f"{API}/quality-goals", json=body)
        assert_problem(response, 422, "goal-needs-both-sides", "corporate_services")

    async def test_goal_without_a_clinical_service_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        body = quality_goal_body(team, clinical_services=[])
        async with unchanged(db, "quality_goals"):
            response = await client.post(f"{API}/quality-goals", json=body)
        assert_problem(response, 422, "goal-needs-both-sides", "clinical_services")

    async def test_blank_clinical_service_counts_as_none(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        body = quality_goal_body(team, clinical_services=["  "])
        async with unchanged(db, "quality_goals"):
            response = await client.post(f"{API}/quality-goals", json=body)
        assert_problem(response, 422, "goal-needs-both-sides", "clinical_services")

    async def test_patch_emptying_the_corporate_side_is_refused(
        self, client: httpx.AsyncClient
    ) -> None:
        goal = await make_quality_goal(client)
        url = f"{API}/quality-goals/{goal['id']}"
        response = await client.patch(url, json={"corporate_services": []})
        assert_problem(response, 422, "goal-needs-both-sides", "corporate_services")
        assert (await client.get(url)).json()["corporate_services"] == ["hr"]

    async def test_goal_with_both_sides_is_accepted(self, client: httpx.AsyncClient) -> None:
        goal = await make_quality_goal(
            client, corporate_services=["hr", "finance"], clinical_services=["Nursing"]
        )
        assert goal["corporate_services"] == ["hr", "finance"]


class TestGoalReferences:
    async def test_missing_team_is_an_invalid_reference(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        body = quality_goal_body({"id": "no-such-team"})
        async with unchanged(db, "quality_goals"):
            response = await client.post(f"{API}/quality-goals", json=body)
        assert_problem(response, 422, "invalid-reference", "team_id")

    async def test_goal_with_indicators_is_in_use(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        indicator = await make_indicator(client)
        async with unchanged(db, "quality_goals", "indicators"):
            response = await client.delete(f"{API}/quality-goals/{indicator['quality_goal_id']}")
        assert_problem(response, 409, "in-use")


class TestIndicators:
    async def test_missing_quality_goal_is_an_invalid_reference(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        body = {
            "quality_goal_id": "no-such-goal",
            "title": "Early leavers",
            "unit": "%",
            "measure": "percentage",
            "direction": "lower_is_better",
        }
        async with unchanged(db, "indicators"):
            response = await client.post(f"{API}/indicators", json=body)
        assert_problem(response, 422, "invalid-reference", "quality_goal_id")

    async def test_duplicate_ref_within_a_goal_is_a_conflict(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        first = await make_indicator(client, ref="early-leavers")
        body = {
            "quality_goal_id": first["quality_goal_id"],
            "ref": "early-leavers",
            "title": "Early leavers again",
            "unit": "%",
            "measure": "percentage",
            "direction": "lower_is_better",
        }
        async with unchanged(db, "indicators"):
            response = await client.post(f"{API}/indicators", json=body)
        assert_problem(response, 409, "conflict", "ref")

    async def test_indicator_is_deleted_with_its_periods(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        period = await make_period(client)
        response = await client.delete(f"{API}/indicators/{period['indicator_id']}")
        assert response.status_code == 204, response.text
        assert await count_rows(db, "indicator_periods") == 0


class TestPeriodDatesInOrder:
    async def test_period_ending_on_its_start_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        indicator = await make_indicator(client)
        body = {"period_start": "2013-01-01", "period_end": "2013-01-01"}
        async with unchanged(db, "indicator_periods"):
            response = await client.post(f"{API}/indicators/{indicator['id']}/periods", json=body)
        assert_problem(response, 422, "dates-out-of-order", "period_end")

    async def test_period_ending_before_its_start_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        indicator = await make_indicator(client)
        body = {"period_start": "2013-03-31", "period_end": "2013-01-01"}
        async with unchanged(db, "indicator_periods"):
            response = await client.post(f"{API}/indicators/{indicator['id']}/periods", json=body)
        assert_problem(response, 422, "dates-out-of-order", "period_end")

    async def test_patch_moving_the_start_past_the_end_is_refused(
        self, client: httpx.AsyncClient
    ) -> None:
        period = await make_period(client)
        url = f"{API}/indicators/{period['indicator_id']}/periods/{period['id']}"
        response = await client.patch(url, json={"period_start": "2013-04-01"})
        assert_problem(response, 422, "dates-out-of-order", "period_end")
        assert (await client.get(url)).json()["period_start"] == period["period_start"]

    async def test_period_after_the_window_is_accepted(self, client: httpx.AsyncClient) -> None:
        period = await make_period(client, period_start="2016-01-01", period_end="2016-12-31")
        assert period["period_end"] == "2016-12-31"
