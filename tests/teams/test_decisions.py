"""A team's change of status and an award's start and close carry their days."""

import httpx
import pytest

from tests.assertions import assert_problem
from tests.factories import API, make_award, make_team

pytestmark = pytest.mark.anyio
PATCH = {"Content-Type": "application/merge-patch+json"}


class TestTeam:
    async def test_a_completed_team_records_its_day(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client, status="completed", status_changed_on="2015-12-18")
        assert team["status_changed_on"] == "2015-12-18"

    async def test_an_active_team_has_no_day(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        response = await client.patch(
            f"{API}/teams/{team['id']}", json={"status_changed_on": "2014-01-01"}, headers=PATCH
        )
        assert_problem(response, 422, "date-without-decision", "status_changed_on")

    async def test_a_day_in_the_future_is_refused(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        response = await client.patch(
            f"{API}/teams/{team['id']}",
            json={"status": "withdrawn", "status_changed_on": "2999-01-01"},
            headers=PATCH,
        )
        assert_problem(response, 422, "date-in-future", "status_changed_on")


class TestAward:
    async def test_an_award_records_when_it_started_and_closed(
        self, client: httpx.AsyncClient
    ) -> None:
        award = await make_award(
            client, status="closed", activated_on="2012-09-01", closed_on="2015-12-18"
        )
        assert (award["activated_on"], award["closed_on"]) == ("2012-09-01", "2015-12-18")

    async def test_dates_need_their_status(self, client: httpx.AsyncClient) -> None:
        award = await make_award(client)
        path = f"{API}/awards/{award['id']}"
        response = await client.patch(path, json={"activated_on": "2012-09-01"}, headers=PATCH)
        assert_problem(response, 422, "date-without-decision", "activated_on")
        response = await client.patch(
            path, json={"status": "active", "closed_on": "2013-01-01"}, headers=PATCH
        )
        assert_problem(response, 422, "date-without-decision", "closed_on")

    async def test_it_closes_after_it_started(self, client: httpx.AsyncClient) -> None:
        award = await make_award(client)
        response = await client.patch(
            f"{API}/awards/{award['id']}",
            json={"status": "closed", "activated_on": "2013-01-01", "closed_on": "2012-12-31"},
            headers=PATCH,
        )
        assert_problem(response, 422, "dates-out-of-order", "closed_on")
