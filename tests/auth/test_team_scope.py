"""A team editor of team A: its own teams' rows to read and write; team B's rows answer exactly as
missing ones do (404, absent from lists and filters); programme-wide rows are read-only for it."""

import json
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from api.auth.grants import W
from api.db import Database
from api.models.enums import Role
from api.resources import BY_NAME
from api.resources import RESOURCES as DESCRIPTORS
from tests.assertions import assert_problem, but_request_id, unchanged
from tests.conftest import RoleClient
from tests.factories import (
    API,
    Row,
    make_award,
    make_checkin,
    make_evidence,
    make_indicator,
    make_milestone,
    make_period,
    make_programme,
    make_quality_goal,
    make_spend_line,
    make_spend_report,
    make_support,
    make_team,
    milestone_body,
)

pytestmark = pytest.mark.anyio
MISSING = "0190d7a4-8c6e-7cc3-9a51-000000000000"


@dataclass
class TeamRows:
    team: Row
    rows: dict[str, tuple[str, Row]]  # resource → (collection path, row)


async def team_rows(client: httpx.AsyncClient, programme: Row) -> TeamRows:
    team = await make_team(client, programme)
    goal = await make_quality_goal(client, team)
    indicator = await make_indicator(client, goal)
    report = await make_spend_report(client, await make_award(client, team))
    line = await make_spend_line(client, report)
    return TeamRows(
        team,
        {
            "milestones": ("/milestones", await make_milestone(client, team)),
            "support-activities": ("/support-activities", await make_support(client, team)),
            "quality-goals": ("/quality-goals", goal),
            "indicators": ("/indicators", indicator),
            "indicator-periods": (
                f"/indicators/{indicator['id']}/periods",
                await make_period(client, indicator),
            ),
            "evidence": ("/evidence", await make_evidence(client, team)),
            "sustainability-checkins": (
                "/sustainability-checkins",
                await make_checkin(client, team),
            ),
            "spend-reports": ("/spend-reports", report),
            "spend-lines": ("/spend-lines", line),
        },
    )


@dataclass
class World:
    a: TeamRows
    b: TeamRows
    editor: httpx.AsyncClient  # a team editor of team A


@pytest.fixture
async def world(client: httpx.AsyncClient, as_role: RoleClient) -> World:
    programme = await make_programme(client)
    a = await team_rows(client, programme)
    b = await team_rows(client, programme)
    return World(a, b, await as_role(Role.team_editor, [a.team["id"]]))


RESOURCES = [res.name for res in DESCRIPTORS if res.grant.team_scoped]
WRITES = {  # a harmless change per resource a team editor may write
    "milestones": {"title": "Renamed"},
    "support-activities": {"title": "Renamed"},
    "indicators": {"title": "Renamed"},
    "indicator-periods": {"comment": "Checked"},
    "evidence": {"title": "Renamed"},
    "sustainability-checkins": {"note": "Checked"},
    "spend-reports": {"narrative": "Checked"},
    "spend-lines": {"amount_pence": 1},
}


def editors_write(resource: str) -> bool:
    return Role.team_editor in BY_NAME[resource].grant.roles.get(W, ())


def test_every_scoped_resource_has_its_rows_and_writes() -> None:
    """A new team-scoped resource needs a row in ``team_rows`` and, if a team editor writes it,
    a change in ``WRITES``: the tests below then cover it."""
    assert sorted(WRITES) == sorted(r for r in RESOURCES if editors_write(r))


def same_as_missing(found: httpx.Response, missing: httpx.Response, row_id: str) -> None:
    """``found`` (another team's row) is the very answer ``missing`` (no such row) got."""
    assert found.status_code == missing.status_code == 404
    expected = json.loads(missing.text.replace(MISSING, row_id))
    assert but_request_id(found.json()) == but_request_id(expected)


class TestOtherTeamsRowsAreMissing:
    @pytest.mark.parametrize("resource", RESOURCES)
    @pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
    async def test_the_same_404_as_a_missing_id(
        self, world: World, db: Database, resource: str, method: str
    ) -> None:
        path, row = world.b.rows[resource]
        body = WRITES.get(resource, {"statement": "x"}) if method == "PATCH" else None
        async with unchanged(db, BY_NAME[resource].table):
            found = await world.editor.request(method, f"{API}{path}/{row['id']}", json=body)
        missing = await world.editor.request(method, f"{API}{path}/{MISSING}", json=body)
        if method != "GET" and not editors_write(resource):
            assert_problem(found, 403, "forbidden")
            return
        same_as_missing(found, missing, row["id"])

    @pytest.mark.parametrize("resource", RESOURCES)
    async def test_lists_show_only_their_own_teams_rows(
        self, world: World, client: httpx.AsyncClient, resource: str
    ) -> None:
        path_a, row_a = world.a.rows[resource]
        path_b, row_b = world.b.rows[resource]
        mine = (await world.editor.get(f"{API}{path_a}", params={"limit": 500})).json()
        assert [r["id"] for r in mine["items"]] == [row_a["id"]]
        if path_b != path_a:  # periods: the other team's indicator is missing altogether
            response = await world.editor.get(f"{API}{path_b}")
            assert_problem(response, 404, "not-found", loc=["path", "indicator_id"])
        everything = (await client.get(f"{API}{path_a}", params={"limit": 500})).json()["items"]
        assert row_a["id"] in [r["id"] for r in everything]

    @pytest.mark.parametrize("resource", ["milestones", "quality-goals", "evidence"])
    async def test_filtering_by_the_other_team_finds_nothing(
        self, world: World, resource: str
    ) -> None:
        path, _ = world.b.rows[resource]
        page = await world.editor.get(f"{API}{path}", params={"team_id": world.b.team["id"]})
        assert page.json() == {"items": [], "next_cursor": None}

    async def test_support_filter_by_the_other_team_finds_nothing(self, world: World) -> None:
        params = {"team_id": world.b.team["id"]}
        page = await world.editor.get(f"{API}/support-activities", params=params)
        assert page.json()["items"] == []

    async def test_references_to_other_teams_rows_are_missing_too(
        self, world: World, db: Database
    ) -> None:
        goal_b = world.b.rows["quality-goals"][1]
        body = {"title": "T", "unit": "%", "measure": "percentage", "direction": "lower_is_better"}
        async with unchanged(db, "indicators"):
            response = await world.editor.post(
                f"{API}/indicators", json={**body, "quality_goal_id": goal_b["id"]}
            )
        assert_problem(response, 422, "invalid-reference", "quality_goal_id")
        assert response.json()["detail"] == f"no quality goal with id {goal_b['id']}"
        milestone_b = world.b.rows["milestones"][1]
        body = milestone_body(world.a.team, depends_on_ids=[milestone_b["id"]])
        response = await world.editor.post(f"{API}/milestones", json=body)
        assert_problem(response, 422, "invalid-reference", "depends_on_ids")

    async def test_periods_under_another_teams_indicator_are_missing(self, world: World) -> None:
        indicator_b = world.b.rows["indicators"][1]
        body = {"period_start": "2013-04-01", "period_end": "2013-06-30"}
        found = await world.editor.post(f"{API}/indicators/{indicator_b['id']}/periods", json=body)
        missing = await world.editor.post(f"{API}/indicators/{MISSING}/periods", json=body)
        same_as_missing(found, missing, indicator_b["id"])

    async def test_dashboard(self, world: World) -> None:
        response = await world.editor.get(f"{API}/teams/{world.b.team['id']}/summary")
        assert_problem(response, 404, "not-found", loc=["path", "team_id"])
        own = await world.editor.get(f"{API}/teams/{world.a.team['id']}/summary")
        assert own.status_code == 200
        programme = world.a.team["programme_id"]
        timeline = (await world.editor.get(f"{API}/programmes/{programme}/timeline")).json()
        seen = {m["id"] for t in timeline["teams"] for m in t["milestones"]}
        assert seen == {world.a.rows["milestones"][1]["id"]}


class TestOwnTeamsRowsAreWritable:
    @pytest.mark.parametrize("resource", list(WRITES))
    async def test_update_and_delete(self, world: World, resource: str) -> None:
        path, row = world.a.rows[resource]
        url = f"{API}{path}/{row['id']}"
        updated = await world.editor.patch(url, json=WRITES[resource])
        assert updated.status_code == 200, updated.text
        if resource == "indicators":
            return  # its period still refers to it
        assert (await world.editor.delete(url)).status_code == 204

    async def test_create_for_its_team(self, world: World) -> None:
        response = await world.editor.post(f"{API}/milestones", json=milestone_body(world.a.team))
        assert response.status_code == 201, response.text

    async def test_not_for_another_team(self, world: World, db: Database) -> None:
        async with unchanged(db, "milestones"):
            response = await world.editor.post(
                f"{API}/milestones", json=milestone_body(world.b.team)
            )
        assert_problem(response, 403, "outside-team-scope")

    async def test_not_moved_to_another_team(self, world: World) -> None:
        milestone = world.a.rows["milestones"][1]
        url = f"{API}/milestones/{milestone['id']}"
        response = await world.editor.patch(url, json={"team_id": world.b.team["id"]})
        assert_problem(response, 403, "outside-team-scope")
        assert (await world.editor.get(url)).json()["team_id"] == world.a.team["id"]

    async def test_programme_wide_rows_are_read_only(
        self, world: World, client: httpx.AsyncClient
    ) -> None:
        wide = await make_milestone(client, world.a.team, team_id=None)
        url = f"{API}/milestones/{wide['id']}"
        assert (await world.editor.get(url)).status_code == 200
        assert_problem(
            await world.editor.patch(url, json={"title": "x"}), 403, "outside-team-scope"
        )
        body = milestone_body(world.a.team, team_id=None)
        response = await world.editor.post(f"{API}/milestones", json=body)
        assert_problem(response, 403, "outside-team-scope")

    async def test_shared_support_is_visible_but_not_writable(
        self, world: World, client: httpx.AsyncClient
    ) -> None:
        teams: Any = [world.a.team["id"], world.b.team["id"]]
        event = await make_support(client, world.a.team, type="learning_event", team_ids=teams)
        url = f"{API}/support-activities/{event['id']}"
        assert (await world.editor.get(url)).status_code == 200
        response = await world.editor.patch(url, json={"title": "Renamed"})
        assert_problem(response, 403, "outside-team-scope")
