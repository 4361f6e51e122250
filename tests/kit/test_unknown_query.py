"""Unknown query parameters are refused on every route (422 naming ``["query", name]``), never
dropped: the CRUD kit's get, patch and delete as well as its lists, the read models and the
routes outside the kit. A refused write changes nothing."""

import httpx
import pytest
from fastapi.routing import APIRoute

from api.db import Database
from api.http.query import StrictRoute
from api.routers import ROUTERS
from tests.assertions import assert_problem, unchanged
from tests.factories import API, Row, make_milestone, make_partner, make_team

pytestmark = pytest.mark.anyio
UNKNOWN = {"colour": "red"}
MERGE_PATCH = {"content-type": "application/merge-patch+json"}


async def milestone_url(client: httpx.AsyncClient) -> tuple[str, dict[str, str]]:
    row = await make_milestone(client)
    return f"{API}/milestones/{row['id']}", {"title": "changed"}


async def partner_url(client: httpx.AsyncClient) -> tuple[str, dict[str, str]]:
    team = await make_team(client)
    row = await make_partner(client, team)
    return f"{API}/teams/{team['id']}/partners/{row['id']}", {"role": "lead"}


ROWS = {"top-level": milestone_url, "nested": partner_url}


async def read(client: httpx.AsyncClient, url: str) -> Row:
    response = await client.get(url)
    assert response.status_code == 200, response.text
    row: Row = response.json()
    return row


@pytest.mark.parametrize("kind", list(ROWS))
class TestKitRoutes:
    async def test_get_by_id(self, client: httpx.AsyncClient, kind: str) -> None:
        url, _ = await ROWS[kind](client)
        response = await client.get(url, params=UNKNOWN)
        assert_problem(response, 422, "validation-error", loc=["query", "colour"])

    async def test_patch_writes_nothing(self, client: httpx.AsyncClient, kind: str) -> None:
        url, change = await ROWS[kind](client)
        before = await read(client, url)
        response = await client.patch(url, params=UNKNOWN, json=change, headers=MERGE_PATCH)
        assert_problem(response, 422, "validation-error", loc=["query", "colour"])
        assert await read(client, url) == before

    async def test_delete_deletes_nothing(self, client: httpx.AsyncClient, kind: str) -> None:
        url, _ = await ROWS[kind](client)
        response = await client.delete(url, params=UNKNOWN)
        assert_problem(response, 422, "validation-error", loc=["query", "colour"])
        await read(client, url)

    async def test_each_unknown_is_named(self, client: httpx.AsyncClient, kind: str) -> None:
        url, _ = await ROWS[kind](client)
        response = await client.get(url, params={"colour": "red", "size": "9", "if_match": "x"})
        body = assert_problem(response, 422, "validation-error")
        assert [e["loc"] for e in body["errors"]] == [
            ["query", "colour"],
            ["query", "size"],
            ["query", "if_match"],  # a header's name is no query parameter
        ]
        assert {e["type"] for e in body["errors"]} == {"extra_forbidden"}


class TestOtherRoutes:
    @pytest.mark.parametrize(
        "path",
        [
            "/auth/me",
            "/users",
            "/api-keys",
            "/feed-tokens",
            "/audit-events",
            "/exports/360giving.json",
            "/imports/some-id",
            "/teams/some-id/summary",
            "/programmes/some-id/summary",
        ],
    )
    async def test_get(self, client: httpx.AsyncClient, path: str) -> None:
        response = await client.get(f"{API}{path}", params=UNKNOWN)
        assert_problem(response, 422, "validation-error", loc=["query", "colour"])

    async def test_the_calendar_feed(self, anon: httpx.AsyncClient) -> None:
        response = await anon.get(f"{API}/calendar/spf_unknown.ics", params=UNKNOWN)
        assert_problem(response, 422, "validation-error", loc=["query", "colour"])

    async def test_an_import_beside_its_declared_parameters(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        async with unchanged(db, "organisations"):
            response = await client.post(
                f"{API}/imports",
                params={"dry_run": "false", **UNKNOWN},
                json={"organisations": [{"ref": "o", "name": "O", "kind": "funder"}]},
            )
        assert_problem(response, 422, "validation-error", loc=["query", "colour"])
        assert len(response.json()["errors"]) == 1  # dry_run is the route's own


def test_every_api_route_refuses_unknown_parameters() -> None:
    """A router added without ``StrictRoute`` would drop unknown parameters silently."""
    loose = [
        f"{sorted(route.methods or ())} {route.path}"
        for router in ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute) and not isinstance(route, StrictRoute)
    ]
    assert loose == []
