"""Team rules: at most max_teams per programme (also under concurrency), sourced teams cite a
source, references exist, refs are unique within the programme, partners are unique per team."""

import asyncio

import httpx
import pytest

from api.db import Database
from tests.assertions import assert_problem, unchanged
from tests.factories import (
    API,
    make_award,
    make_milestone,
    make_organisation,
    make_partner,
    make_programme,
    make_support,
    make_team,
    team_body,
)

pytestmark = pytest.mark.anyio

SOURCE = "https://www.health.org.uk/improvement-projects/using-value-based-interviewing"


class TestMaxTeams:
    async def test_team_over_max_teams_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        programme = await make_programme(client, max_teams=2)
        await make_team(client, programme)
        await make_team(client, programme)
        lead = await make_organisation(client)
        async with unchanged(db, "teams"):
            response = await client.post(f"{API}/teams", json=team_body(programme, lead))
        assert_problem(response, 409, "too-many-teams", "programme_id")

    async def test_moving_a_team_into_a_full_programme_is_refused(
        self, client: httpx.AsyncClient
    ) -> None:
        full = await make_programme(client, max_teams=1)
        await make_team(client, full)
        team = await make_team(client)
        url = f"{API}/teams/{team['id']}"
        response = await client.patch(url, json={"programme_id": full["id"]})
        assert_problem(response, 409, "too-many-teams", "programme_id")
        assert (await client.get(url)).json()["programme_id"] == team["programme_id"]

    async def test_editing_a_team_of_a_full_programme_is_accepted(
        self, client: httpx.AsyncClient
    ) -> None:
        programme = await make_programme(client, max_teams=1)
        team = await make_team(client, programme)
        response = await client.patch(f"{API}/teams/{team['id']}", json={"name": "Renamed"})
        assert response.status_code == 200, response.text

    async def test_programme_without_max_teams_takes_any_number(
        self, client: httpx.AsyncClient
    ) -> None:
        programme = await make_programme(client, max_teams=None)
        teams = [await make_team(client, programme) for _ in range(3)]
        assert len({t["id"] for t in teams}) == 3

    async def test_concurrent_creates_never_exceed_max_teams(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        programme = await make_programme(client, max_teams=3)
        lead = await make_organisation(client)
        responses = await asyncio.gather(
            *(client.post(f"{API}/teams", json=team_body(programme, lead)) for _ in range(10))
        )
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [201] * 3 + [409] * 7, [r.text for r in responses]
        for refused in (r for r in responses if r.status_code == 409):
            assert_problem(refused, 409, "too-many-teams", "programme_id")
        listed = await client.get(f"{API}/teams", params={"programme_id": programme["id"]})
        assert len(listed.json()["items"]) == 3


class TestSourceRequired:
    async def test_sourced_team_without_source_url_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        programme = await make_programme(client)
        lead = await make_organisation(client)
        body = team_body(programme, lead, provenance="sourced")
        async with unchanged(db, "teams"):
            response = await client.post(f"{API}/teams", json=body)
        assert_problem(response, 422, "source-required", "source_url")

    async def test_clearing_the_source_of_a_sourced_team_is_refused(
        self, client: httpx.AsyncClient
    ) -> None:
        team = await make_team(client, provenance="sourced", source_url=SOURCE)
        url = f"{API}/teams/{team['id']}"
        response = await client.patch(url, json={"source_url": None})
        assert_problem(response, 422, "source-required", "source_url")
        assert (await client.get(url)).json()["source_url"] == SOURCE

    async def test_sourced_team_with_source_url_is_accepted(
        self, client: httpx.AsyncClient
    ) -> None:
        team = await make_team(client, provenance="sourced", source_url=SOURCE)
        assert team["source_url"] == SOURCE

    async def test_synthetic_team_needs_no_source(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client, provenance="synthetic")
        assert team["source_url"] is None


class TestReferences:
    async def test_missing_programme_is_an_invalid_reference(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        lead = await make_organisation(client)
        body = team_body({"id": "no-such-programme"}, lead)
        async with unchanged(db, "teams"):
            response = await client.post(f"{API}/teams", json=body)
        assert_problem(response, 422, "invalid-reference", "programme_id")

    async def test_missing_lead_organisation_is_an_invalid_reference(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        programme = await make_programme(client)
        body = team_body(programme, {"id": "no-such-organisation"})
        async with unchanged(db, "teams"):
            response = await client.post(f"{API}/teams", json=body)
        assert_problem(response, 422, "invalid-reference", "lead_organisation_id")


class TestUniqueRef:
    async def test_duplicate_ref_within_a_programme_is_a_conflict(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        programme = await make_programme(client)
        await make_team(client, programme, ref="team-oxford")
        lead = await make_organisation(client)
        async with unchanged(db, "teams"):
            response = await client.post(
                f"{API}/teams", json=team_body(programme, lead, ref="team-oxford")
            )
        assert_problem(response, 409, "conflict", "ref")

    async def test_same_ref_in_another_programme_is_accepted(
        self, client: httpx.AsyncClient
    ) -> None:
        await make_team(client, ref="team-oxford")
        team = await make_team(client, ref="team-oxford")
        assert team["ref"] == "team-oxford"


class TestProjectTitle:
    async def test_project_title_over_140_characters_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        programme = await make_programme(client)
        lead = await make_organisation(client)
        body = team_body(programme, lead, project_title="x" * 141)
        async with unchanged(db, "teams"):
            response = await client.post(f"{API}/teams", json=body)
        assert_problem(response, 422, "validation-error", "project_title")


class TestPartners:
    async def test_same_organisation_twice_is_a_conflict(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        partner = await make_partner(client)
        body = {"organisation_id": partner["organisation_id"], "role": "other"}
        async with unchanged(db, "team_partners"):
            response = await client.post(f"{API}/teams/{partner['team_id']}/partners", json=body)
        assert_problem(response, 409, "conflict", "organisation_id")

    async def test_missing_organisation_is_an_invalid_reference(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        body = {"organisation_id": "no-such-organisation", "role": "partner"}
        async with unchanged(db, "team_partners"):
            response = await client.post(f"{API}/teams/{team['id']}/partners", json=body)
        assert_problem(response, 422, "invalid-reference", "organisation_id")


class TestDelete:
    async def test_team_with_an_award_is_in_use(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        award = await make_award(client)
        async with unchanged(db, "teams", "awards"):
            response = await client.delete(f"{API}/teams/{award['team_id']}")
        assert_problem(response, 409, "in-use")

    async def test_team_with_a_milestone_is_in_use(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        milestone = await make_milestone(client)
        async with unchanged(db, "teams", "milestones"):
            response = await client.delete(f"{API}/teams/{milestone['team_id']}")
        assert_problem(response, 409, "in-use")

    async def test_team_served_by_a_support_activity_is_in_use(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        await make_support(client, team)
        async with unchanged(db, "teams", "support_activity_teams"):
            response = await client.delete(f"{API}/teams/{team['id']}")
        assert_problem(response, 409, "in-use")

    async def test_team_with_only_partners_is_deleted_with_them(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        partner = await make_partner(client)
        response = await client.delete(f"{API}/teams/{partner['team_id']}")
        assert response.status_code == 204, response.text
        listed = await client.get(f"{API}/teams/{partner['team_id']}/partners")
        assert_problem(listed, 404, "not-found", loc=["path", "team_id"])
