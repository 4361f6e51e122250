"""Create and update answer with the row they wrote (built from the write, not read again): for
every CRUD resource, the body equals what a GET of the row gives next, links, computed fields
(a team's sustainability status, an award's distance from its cap), timestamps and ETag included."""

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from api.resources import RESOURCES as DESCRIPTORS
from tests.conftest import QueryCounter
from tests.factories import (
    API,
    Row,
    make_amendment,
    make_award,
    make_budget_line,
    make_checkin,
    make_evidence,
    make_indicator,
    make_milestone,
    make_organisation,
    make_partner,
    make_payment,
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
MERGE_PATCH = {"content-type": "application/merge-patch+json"}
Make = Callable[[httpx.AsyncClient], Awaitable[tuple[str, Row]]]


def at(collection: str, make: Callable[[httpx.AsyncClient], Awaitable[Row]]) -> Make:
    async def made(client: httpx.AsyncClient) -> tuple[str, Row]:
        return collection, await make(client)

    return made


async def partner(client: httpx.AsyncClient) -> tuple[str, Row]:
    team = await make_team(client)
    return f"/teams/{team['id']}/partners", await make_partner(client, team)


async def period(client: httpx.AsyncClient) -> tuple[str, Row]:
    indicator = await make_indicator(client)
    return f"/indicators/{indicator['id']}/periods", await make_period(client, indicator)


async def linked_milestone(client: httpx.AsyncClient) -> tuple[str, Row]:
    team = await make_team(client)
    first = await make_milestone(client, team)
    return "/milestones", await make_milestone(client, team, depends_on_ids=[first["id"]])


# Each resource, and a change that touches what is special about it where it has something.
RESOURCES: dict[str, tuple[Make, dict[str, Any]]] = {
    "organisations": (at("/organisations", make_organisation), {"name": "Renamed"}),
    "programmes": (at("/programmes", make_programme), {"title": "Renamed"}),
    "teams": (at("/teams", make_team), {"name": "Renamed"}),
    "team-partners": (partner, {"role": "lead"}),
    "quality-goals": (at("/quality-goals", make_quality_goal), {"ref": "goal-renamed"}),
    "indicators": (at("/indicators", make_indicator), {"target_value": 7}),
    "indicator-periods": (period, {"actual_value": 3}),
    "awards": (at("/awards", make_award), {"amount_pence": 30_000_000}),
    "award-amendments": (at("/award-amendments", make_amendment), {"reason": "Re-scoped"}),
    "budget-lines": (at("/budget-lines", make_budget_line), {"category": "backfill"}),
    "spend-reports": (at("/spend-reports", make_spend_report), {"narrative": "On plan"}),
    "spend-lines": (at("/spend-lines", make_spend_line), {"amount_pence": 0}),
    "payments": (at("/payments", make_payment), {"amount_pence": 1_000}),
    "milestones": (linked_milestone, {"title": "Renamed", "depends_on_ids": []}),
    "support-activities": (at("/support-activities", make_support), {"hours": 2}),
    "evidence": (at("/evidence", make_evidence), {"title": "Renamed"}),
    "sustainability-checkins": (at("/sustainability-checkins", make_checkin), {"ref": "c-2"}),
}


def test_every_resource_has_a_case() -> None:
    """A new resource needs its case here (``docs/resources.md``, Adding a resource)."""
    assert sorted(RESOURCES) == sorted(res.name for res in DESCRIPTORS)


async def fetched(client: httpx.AsyncClient, url: str) -> httpx.Response:
    response = await client.get(url)
    assert response.status_code == 200, response.text
    return response


@pytest.mark.parametrize("name", list(RESOURCES))
class TestWrittenRow:
    async def test_create_answers_what_get_reads(
        self, client: httpx.AsyncClient, name: str
    ) -> None:
        make, _ = RESOURCES[name]
        collection, created = await make(client)
        response = await fetched(client, f"{API}{collection}/{created['id']}")
        assert created == response.json()
        assert created["version"] == 1

    async def test_update_answers_what_get_reads(
        self, client: httpx.AsyncClient, name: str
    ) -> None:
        make, change = RESOURCES[name]
        collection, created = await make(client)
        url = f"{API}{collection}/{created['id']}"
        patched = await client.patch(url, json=change, headers=MERGE_PATCH)
        assert patched.status_code == 200, patched.text
        response = await fetched(client, url)
        assert patched.json() == response.json()
        assert patched.headers["etag"] == response.headers["etag"]
        assert patched.json()["version"] == 2
        for field, value in change.items():
            assert patched.json()[field] == value


class TestComputedFields:
    async def test_a_new_team_is_not_assessed(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        assert team["sustainability_status"] == "not_assessed"

    async def test_a_team_updated_after_a_checkin_shows_it(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        await make_checkin(client, team, status="continuing")
        patched = await client.patch(
            f"{API}/teams/{team['id']}", json={"name": "Renamed"}, headers=MERGE_PATCH
        )
        assert patched.json()["sustainability_status"] == "continuing"

    async def test_an_award_answers_its_distance_from_the_cap(
        self, client: httpx.AsyncClient
    ) -> None:
        award = await make_award(client, amount_pence=40_000_000)  # the cap is £420,000
        assert award["cap_difference_pence"] == 2_000_000
        patched = await client.patch(
            f"{API}/awards/{award['id']}", json={"amount_pence": 41_000_000}, headers=MERGE_PATCH
        )
        assert patched.json()["cap_difference_pence"] == 1_000_000

    async def test_links_come_back_sorted(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        ids = sorted([(await make_milestone(client, team))["id"] for _ in range(3)], reverse=True)
        made = await make_milestone(client, team, depends_on_ids=ids)
        assert made["depends_on_ids"] == sorted(ids)


def after_the_write(queries: QueryCounter, write: str) -> list[str]:
    """The statements sent after the first one starting with ``write``."""
    statements = [s.lstrip() for s in queries.statements]
    at_write = next(i for i, s in enumerate(statements) if s.startswith(write))
    return statements[at_write + 1 :]


class TestNoReRead:
    """The row is not selected again after its INSERT or UPDATE (neither for the answer nor for
    the audit trail's copy of it); only a computed field takes a query of its own."""

    async def test_create(self, client: httpx.AsyncClient, queries: QueryCounter) -> None:
        team = await make_team(client)
        queries.statements.clear()
        response = await client.post(f"{API}/milestones", json=milestone_body(team))
        assert response.status_code == 201, response.text
        after = after_the_write(queries, "INSERT INTO milestones")
        assert [s for s in after if s.startswith("SELECT milestones.")] == []

    async def test_update(self, client: httpx.AsyncClient, queries: QueryCounter) -> None:
        award = await make_award(client)
        queries.statements.clear()
        url = f"{API}/awards/{award['id']}"
        response = await client.patch(url, json={"amount_pence": 100}, headers=MERGE_PATCH)
        assert response.status_code == 200, response.text
        after = after_the_write(queries, "UPDATE awards")
        assert [s for s in after if s.startswith("SELECT awards.")] == []
        assert len([s for s in after if "award_cap_pence" in s]) == 1
