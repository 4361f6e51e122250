"""Milestone rules: due inside the window (sustainability after it), achieved needs a completed
date, dependencies stay in the programme and never form a cycle."""

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
    milestone_body,
)

pytestmark = pytest.mark.anyio


class TestWindow:
    async def test_due_before_the_window_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        async with unchanged(db, "milestones"):
            response = await client.post(
                f"{API}/milestones", json=milestone_body(team, due_date="2012-05-31")
            )
        assert_problem(response, 422, "outside-window", "due_date")

    async def test_project_milestone_after_the_window_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        async with unchanged(db, "milestones"):
            response = await client.post(
                f"{API}/milestones", json=milestone_body(team, due_date="2016-06-30")
            )
        assert_problem(response, 422, "outside-window", "due_date")

    async def test_sustainability_milestone_inside_the_window_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        body = milestone_body(team, kind="sustainability", due_date="2015-06-30")
        async with unchanged(db, "milestones"):
            response = await client.post(f"{API}/milestones", json=body)
        assert_problem(response, 422, "outside-window", "due_date")

    async def test_sustainability_milestone_on_the_last_day_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        body = milestone_body(team, kind="sustainability", due_date="2015-12-31")
        async with unchanged(db, "milestones"):
            response = await client.post(f"{API}/milestones", json=body)
        assert_problem(response, 422, "outside-window", "due_date")

    async def test_sustainability_milestone_after_the_window_is_accepted(
        self, client: httpx.AsyncClient
    ) -> None:
        milestone = await make_milestone(client, kind="sustainability", due_date="2016-06-30")
        assert milestone["due_date"] == "2016-06-30"

    async def test_patch_moving_a_milestone_out_of_the_window_is_refused(
        self, client: httpx.AsyncClient
    ) -> None:
        milestone = await make_milestone(client)
        url = f"{API}/milestones/{milestone['id']}"
        response = await client.patch(url, json={"due_date": "2016-01-01"})
        assert_problem(response, 422, "outside-window", "due_date")
        assert (await client.get(url)).json()["due_date"] == milestone["due_date"]


class TestAchievedNeedsDate:
    async def test_achieved_without_completed_date_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        async with unchanged(db, "milestones"):
            response = await client.post(
                f"{API}/milestones", json=milestone_body(team, status="achieved")
            )
        assert_problem(response, 422, "achieved-needs-date", "completed_date")

    async def test_patch_to_achieved_without_completed_date_is_refused(
        self, client: httpx.AsyncClient
    ) -> None:
        milestone = await make_milestone(client)
        url = f"{API}/milestones/{milestone['id']}"
        response = await client.patch(url, json={"status": "achieved"})
        assert_problem(response, 422, "achieved-needs-date", "completed_date")
        assert (await client.get(url)).json()["status"] == "planned"

    async def test_achieved_with_completed_date_is_accepted(
        self, client: httpx.AsyncClient
    ) -> None:
        milestone = await make_milestone(client, status="achieved", completed_date="2013-03-28")
        assert milestone["status"] == "achieved"


class TestDependencyCycle:
    async def test_depending_on_itself_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        a = await make_milestone(client)
        url = f"{API}/milestones/{a['id']}"
        async with unchanged(db, "milestone_dependencies"):
            response = await client.patch(url, json={"depends_on_ids": [a["id"]]})
        assert_problem(response, 409, "dependency-cycle", "depends_on_ids")
        assert (await client.get(url)).json()["depends_on_ids"] == []

    async def test_two_milestones_depending_on_each_other_are_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        a = await make_milestone(client, team)
        b = await make_milestone(client, team, depends_on_ids=[a["id"]])
        url = f"{API}/milestones/{a['id']}"
        async with unchanged(db, "milestone_dependencies"):
            response = await client.patch(url, json={"depends_on_ids": [b["id"]]})
        assert_problem(response, 409, "dependency-cycle", "depends_on_ids")
        assert (await client.get(url)).json()["depends_on_ids"] == []

    async def test_a_longer_cycle_is_refused(self, client: httpx.AsyncClient, db: Database) -> None:
        team = await make_team(client)
        a = await make_milestone(client, team)
        b = await make_milestone(client, team, depends_on_ids=[a["id"]])
        c = await make_milestone(client, team, depends_on_ids=[b["id"]])
        d = await make_milestone(client, team, depends_on_ids=[c["id"]])
        url = f"{API}/milestones/{a['id']}"
        async with unchanged(db, "milestone_dependencies"):
            response = await client.patch(url, json={"depends_on_ids": [d["id"]]})
        assert_problem(response, 409, "dependency-cycle", "depends_on_ids")

    async def test_a_diamond_is_not_a_cycle(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        a = await make_milestone(client, team)
        b = await make_milestone(client, team, depends_on_ids=[a["id"]])
        c = await make_milestone(client, team, depends_on_ids=[a["id"]])
        d = await make_milestone(client, team, depends_on_ids=[b["id"], c["id"]])
        assert d["depends_on_ids"] == sorted([b["id"], c["id"]])

    async def test_patch_replacing_dependencies_bumps_the_version(
        self, client: httpx.AsyncClient
    ) -> None:
        team = await make_team(client)
        a = await make_milestone(client, team)
        b = await make_milestone(client, team)
        response = await client.patch(
            f"{API}/milestones/{b['id']}", json={"depends_on_ids": [a["id"]]}
        )
        assert response.status_code == 200, response.text
        assert response.json()["depends_on_ids"] == [a["id"]]
        assert response.json()["version"] == b["version"] + 1

    async def test_concurrent_edits_cannot_close_a_cycle(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        a = await make_milestone(client, team)
        b = await make_milestone(client, team)
        responses = await asyncio.gather(
            client.patch(f"{API}/milestones/{a['id']}", json={"depends_on_ids": [b["id"]]}),
            client.patch(f"{API}/milestones/{b['id']}", json={"depends_on_ids": [a["id"]]}),
        )
        assert sorted(r.status_code for r in responses) == [200, 409], [r.text for r in responses]
        refused = next(r for r in responses if r.status_code == 409)
        assert_problem(refused, 409, "dependency-cycle", "depends_on_ids")


class TestWrongProgramme:
    async def test_depending_on_another_programmes_milestone_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        elsewhere = await make_milestone(client)
        body = milestone_body(team, depends_on_ids=[elsewhere["id"]])
        async with unchanged(db, "milestones", "milestone_dependencies"):
            response = await client.post(f"{API}/milestones", json=body)
        assert_problem(response, 422, "wrong-programme", "depends_on_ids")

    async def test_team_of_another_programme_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        other = await make_team(client)
        body = milestone_body(team, team_id=other["id"])
        async with unchanged(db, "milestones"):
            response = await client.post(f"{API}/milestones", json=body)
        assert_problem(response, 422, "wrong-programme", "team_id")

    async def test_programme_wide_milestone_is_accepted(self, client: httpx.AsyncClient) -> None:
        milestone = await make_milestone(client, team_id=None)
        assert milestone["team_id"] is None


class TestReferences:
    async def test_missing_programme_is_an_invalid_reference(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        body = milestone_body(team, programme_id="no-such-programme")
        async with unchanged(db, "milestones"):
            response = await client.post(f"{API}/milestones", json=body)
        assert_problem(response, 422, "invalid-reference", "programme_id")

    async def test_missing_dependency_is_an_invalid_reference(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        body = milestone_body(team, depends_on_ids=["no-such-milestone"])
        async with unchanged(db, "milestones"):
            response = await client.post(f"{API}/milestones", json=body)
        assert_problem(response, 422, "invalid-reference", "depends_on_ids")

    async def test_duplicate_ref_within_a_programme_is_a_conflict(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        await make_milestone(client, team, ref="m-01")
        async with unchanged(db, "milestones"):
            response = await client.post(f"{API}/milestones", json=milestone_body(team, ref="m-01"))
        assert_problem(response, 409, "conflict", "ref")

    async def test_milestone_releasing_a_payment_is_in_use(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        milestone = await make_milestone(client, team)
        await make_payment(client, await make_award(client, team), milestone_id=milestone["id"])
        async with unchanged(db, "milestones", "payments"):
            response = await client.delete(f"{API}/milestones/{milestone['id']}")
        assert_problem(response, 409, "in-use")

    async def test_deleting_a_prerequisite_drops_the_dependency(
        self, client: httpx.AsyncClient
    ) -> None:
        team = await make_team(client)
        a = await make_milestone(client, team)
        b = await make_milestone(client, team, depends_on_ids=[a["id"]])
        assert (await client.delete(f"{API}/milestones/{a['id']}")).status_code == 204
        after = (await client.get(f"{API}/milestones/{b['id']}")).json()
        assert after["depends_on_ids"] == []
