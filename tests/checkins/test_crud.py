"""Sustainability check-ins: a dated history per team, team-scoped, audited, safe to retry."""

import uuid

import httpx
import pytest

from api.models.enums import Role
from tests.assertions import assert_problem
from tests.conftest import RoleClient
from tests.factories import API, make_checkin, make_programme, make_team

pytestmark = pytest.mark.anyio


class TestCrud:
    async def test_create_read_list_update_delete(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        first = await make_checkin(client, team, checked_on="2016-06-30", status="continuing")
        await make_checkin(client, team, checked_on="2017-06-30", status="stopped", note="Ended.")
        listed = await client.get(f"{API}/sustainability-checkins", params={"team_id": team["id"]})
        assert [c["status"] for c in listed.json()["items"]] == ["continuing", "stopped"]
        # The team shows its latest check-in.
        shown = await client.get(f"{API}/teams/{team['id']}")
        assert shown.json()["sustainability_status"] == "stopped"

        path = f"{API}/sustainability-checkins/{first['id']}"
        response = await client.patch(
            path,
            json={"note": "Still going."},
            headers={"Content-Type": "application/merge-patch+json", "If-Match": '"1"'},
        )
        assert response.status_code == 200, response.text
        assert response.json()["note"] == "Still going."
        assert (await client.delete(path)).status_code == 204
        audit = await client.get(
            f"{API}/audit-events", params={"resource": "sustainability-checkins"}
        )
        assert {e["action"] for e in audit.json()["items"]} == {"create", "update", "delete"}

    async def test_a_retried_create_makes_one(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        body = {"team_id": team["id"], "checked_on": "2016-06-30", "status": "continuing"}
        headers = {"Idempotency-Key": str(uuid.uuid4())}
        first = await client.post(f"{API}/sustainability-checkins", json=body, headers=headers)
        again = await client.post(f"{API}/sustainability-checkins", json=body, headers=headers)
        assert first.status_code == again.status_code == 201
        assert again.headers["Idempotent-Replayed"] == "true"
        assert first.json()["id"] == again.json()["id"]

    async def test_the_team_cannot_be_set_by_a_team_write(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        response = await client.patch(
            f"{API}/teams/{team['id']}",
            json={"sustainability_status": "continuing"},
            headers={"Content-Type": "application/merge-patch+json"},
        )
        assert response.status_code == 422


class TestRules:
    async def test_one_check_in_a_day(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        await make_checkin(client, team)
        body = {"team_id": team["id"], "checked_on": "2016-06-30", "status": "stopped"}
        response = await client.post(f"{API}/sustainability-checkins", json=body)
        assert response.status_code == 409

    @pytest.mark.parametrize(
        ("day", "problem"),
        [("2012-05-31", "outside-window"), ("2999-01-01", "date-in-future")],
    )
    async def test_the_day_is_one_it_could_be_checked_on(
        self, client: httpx.AsyncClient, day: str, problem: str
    ) -> None:
        team = await make_team(client)
        body = {"team_id": team["id"], "checked_on": day, "status": "continuing"}
        response = await client.post(f"{API}/sustainability-checkins", json=body)
        assert_problem(response, 422, problem, "checked_on")


class TestScope:
    async def test_a_team_editor_sees_and_writes_only_its_teams(
        self, client: httpx.AsyncClient, as_role: RoleClient
    ) -> None:
        programme = await make_programme(client)
        mine, other = await make_team(client, programme), await make_team(client, programme)
        theirs = await make_checkin(client, other)
        editor = await as_role(Role.team_editor, teams=[mine["id"]])
        listed = await editor.get(f"{API}/sustainability-checkins")
        assert listed.json()["items"] == []
        assert (
            await editor.get(f"{API}/sustainability-checkins/{theirs['id']}")
        ).status_code == 404
        body = {"team_id": other["id"], "checked_on": "2016-07-01", "status": "stopped"}
        refused = await editor.post(f"{API}/sustainability-checkins", json=body)
        assert_problem(refused, 403, "outside-team-scope")
        body["team_id"] = mine["id"]
        made = await editor.post(f"{API}/sustainability-checkins", json=body)
        assert made.status_code == 201, made.text
