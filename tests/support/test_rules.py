"""Support activity rules: dates inside the window and in order, the number of teams per type,
teams of the same programme."""

import httpx
import pytest

from api.db import Database
from tests.assertions import assert_problem, unchanged
from tests.factories import (
    API,
    make_evidence,
    make_programme,
    make_support,
    make_team,
    support_body,
)

pytestmark = pytest.mark.anyio

ONE_TEAM_TYPES = ["coaching", "diagnostic_needs_assessment"]


class TestWindow:
    async def test_start_before_the_window_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        async with unchanged(db, "support_activities"):
            response = await client.post(
                f"{API}/support-activities", json=support_body(team, start_date="2012-05-31")
            )
        assert_problem(response, 422, "outside-window", "start_date")

    async def test_end_after_the_window_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        async with unchanged(db, "support_activities"):
            response = await client.post(
                f"{API}/support-activities", json=support_body(team, end_date="2016-01-01")
            )
        assert_problem(response, 422, "outside-window", "end_date")

    async def test_end_before_start_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        body = support_body(team, start_date="2013-06-30", end_date="2013-02-01")
        async with unchanged(db, "support_activities"):
            response = await client.post(f"{API}/support-activities", json=body)
        assert_problem(response, 422, "dates-out-of-order", "end_date")

    async def test_one_day_activity_is_accepted(self, client: httpx.AsyncClient) -> None:
        activity = await make_support(client, start_date="2013-02-01", end_date="2013-02-01")
        assert activity["end_date"] == "2013-02-01"


class TestTeamCount:
    @pytest.mark.parametrize("kind", ONE_TEAM_TYPES)
    async def test_no_team_is_refused(
        self, client: httpx.AsyncClient, db: Database, kind: str
    ) -> None:
        team = await make_team(client)
        body = support_body(team, type=kind, team_ids=[])
        async with unchanged(db, "support_activities", "support_activity_teams"):
            response = await client.post(f"{API}/support-activities", json=body)
        assert_problem(response, 422, "support-team-count", "team_ids")

    @pytest.mark.parametrize("kind", ONE_TEAM_TYPES)
    async def test_two_teams_are_refused(
        self, client: httpx.AsyncClient, db: Database, kind: str
    ) -> None:
        programme = await make_programme(client)
        team = await make_team(client, programme)
        other = await make_team(client, programme)
        body = support_body(team, type=kind, team_ids=[team["id"], other["id"]])
        async with unchanged(db, "support_activities", "support_activity_teams"):
            response = await client.post(f"{API}/support-activities", json=body)
        assert_problem(response, 422, "support-team-count", "team_ids")

    async def test_learning_event_without_teams_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        body = support_body(team, type="learning_event", team_ids=[])
        async with unchanged(db, "support_activities", "support_activity_teams"):
            response = await client.post(f"{API}/support-activities", json=body)
        assert_problem(response, 422, "support-team-count", "team_ids")

    async def test_learning_event_for_several_teams_is_accepted(
        self, client: httpx.AsyncClient
    ) -> None:
        programme = await make_programme(client)
        teams = [await make_team(client, programme) for _ in range(3)]
        ids = [t["id"] for t in teams]
        activity = await make_support(client, teams[0], type="learning_event", team_ids=ids)
        assert activity["team_ids"] == sorted(ids)

    async def test_knowledge_capture_needs_no_team(self, client: httpx.AsyncClient) -> None:
        activity = await make_support(client, type="knowledge_capture", team_ids=[])
        assert activity["team_ids"] == []

    async def test_patch_giving_coaching_a_second_team_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        programme = await make_programme(client)
        team = await make_team(client, programme)
        other = await make_team(client, programme)
        activity = await make_support(client, team)
        url = f"{API}/support-activities/{activity['id']}"
        async with unchanged(db, "support_activity_teams"):
            response = await client.patch(url, json={"team_ids": [team["id"], other["id"]]})
        assert_problem(response, 422, "support-team-count", "team_ids")
        assert (await client.get(url)).json()["team_ids"] == [team["id"]]


class TestWrongProgramme:
    async def test_team_of_another_programme_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        other = await make_team(client)
        body = support_body(team, team_ids=[other["id"]])
        async with unchanged(db, "support_activities", "support_activity_teams"):
            response = await client.post(f"{API}/support-activities", json=body)
        assert_problem(response, 422, "wrong-programme", "team_ids")


class TestReferences:
    async def test_missing_team_is_an_invalid_reference(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        body = support_body(team, team_ids=["no-such-team"])
        async with unchanged(db, "support_activities", "support_activity_teams"):
            response = await client.post(f"{API}/support-activities", json=body)
        assert_problem(response, 422, "invalid-reference", "team_ids")

    async def test_missing_programme_is_an_invalid_reference(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        body = support_body(team, programme_id="no-such-programme")
        async with unchanged(db, "support_activities"):
            response = await client.post(f"{API}/support-activities", json=body)
        assert_problem(response, 422, "invalid-reference", "programme_id")

    async def test_activity_that_produced_evidence_is_in_use(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        activity = await make_support(client, team)
        await make_evidence(client, team, support_activity_id=activity["id"])
        async with unchanged(db, "support_activities", "evidence"):
            response = await client.delete(f"{API}/support-activities/{activity['id']}")
        assert_problem(response, 409, "in-use")

    async def test_deleting_an_activity_drops_its_team_links(
        self, client: httpx.AsyncClient
    ) -> None:
        activity = await make_support(client)
        url = f"{API}/support-activities/{activity['id']}"
        assert (await client.delete(url)).status_code == 204
        assert (await client.get(url)).status_code == 404
