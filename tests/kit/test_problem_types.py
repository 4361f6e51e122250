"""Each CRUD route documents the problem types it answers with, not only its statuses: every
problem provoked here (shared refusals and each resource's own rules) is listed under its status
in the route's OpenAPI responses (``x-problem-types``, also named in the description)."""

import re
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute

from api.amendments.service import ReductionBelowCommitted
from api.awards.service import AwardBelowBudget
from api.budgets.service import BudgetExceedsAward
from api.models.enums import Role
from api.payments.service import PaymentExceedsAward
from api.resources import RESOURCES
from api.routers import ROUTERS
from api.teams.service import SourceRequired, TooManyTeams
from tests.assertions import assert_problem
from tests.conftest import RoleClient
from tests.factories import (
    API,
    make_award,
    make_milestone,
    make_payment,
    make_programme,
    make_team,
    milestone_body,
    payment_body,
    team_body,
)

pytestmark = pytest.mark.anyio


def documented(app: FastAPI, response: httpx.Response) -> list[str]:
    """The problem types the OpenAPI document lists for this response's route and status."""
    method, path = response.request.method.lower(), response.request.url.path
    for template, operations in app.openapi()["paths"].items():
        if method in operations and re.fullmatch(re.sub(r"{[^}]+}", "[^/]+", template), path):
            responses = operations[method]["responses"]
            types: list[str] = responses[str(response.status_code)].get("x-problem-types", [])
            return types
    raise AssertionError(f"no route for {method} {path}")


def assert_documented(
    app: FastAPI, response: httpx.Response, status: int, rule: str, field: str | None = None
) -> None:
    body: dict[str, Any] = assert_problem(response, status, rule, field)
    assert body["type"] in documented(app, response), (body["type"], documented(app, response))


class TestSharedRefusals:
    async def test_missing_row(self, app: FastAPI, client: httpx.AsyncClient) -> None:
        response = await client.get(f"{API}/milestones/no-such-id")
        assert_documented(app, response, 404, "not-found")

    async def test_missing_parent(self, app: FastAPI, client: httpx.AsyncClient) -> None:
        response = await client.get(f"{API}/teams/no-such-team/partners")
        assert_documented(app, response, 404, "not-found")

    async def test_foreign_cursor(self, app: FastAPI, client: httpx.AsyncClient) -> None:
        response = await client.get(f"{API}/teams", params={"cursor": "not-ours"})
        assert_documented(app, response, 400, "invalid-cursor")

    async def test_unknown_sort(self, app: FastAPI, client: httpx.AsyncClient) -> None:
        response = await client.get(f"{API}/awards", params={"sort": "colour"})
        assert_documented(app, response, 422, "invalid-query")

    async def test_invalid_body(self, app: FastAPI, client: httpx.AsyncClient) -> None:
        response = await client.post(f"{API}/evidence", json={})
        assert_documented(app, response, 422, "validation-error")

    async def test_stale_if_match(self, app: FastAPI, client: httpx.AsyncClient) -> None:
        row = await make_milestone(client)
        url = f"{API}/milestones/{row['id']}"
        response = await client.patch(url, json={"title": "x"}, headers={"If-Match": '"9"'})
        assert_documented(app, response, 412, "precondition-failed")

    async def test_row_in_use(self, app: FastAPI, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        await make_milestone(client, team)
        response = await client.delete(f"{API}/teams/{team['id']}")
        assert_documented(app, response, 409, "in-use")

    async def test_unknown_reference(self, app: FastAPI, client: httpx.AsyncClient) -> None:
        response = await client.post(
            f"{API}/milestones",
            json={**milestone_body(await make_team(client)), "team_id": "no-such-team"},
        )
        assert_documented(app, response, 422, "invalid-reference", "team_id")

    async def test_no_credentials(self, app: FastAPI, anon: httpx.AsyncClient) -> None:
        response = await anon.post(f"{API}/organisations", json={"name": "x"})
        assert_documented(app, response, 401, "unauthenticated")

    async def test_role_not_allowed(self, app: FastAPI, as_role: RoleClient) -> None:
        viewer = await as_role(Role.viewer)
        response = await viewer.delete(f"{API}/programmes/any")
        assert_documented(app, response, 403, "forbidden")

    async def test_another_teams_row(
        self, app: FastAPI, client: httpx.AsyncClient, as_role: RoleClient
    ) -> None:
        mine, theirs = await make_team(client), await make_team(client)
        editor = await as_role(Role.team_editor, teams=[mine["id"]])
        response = await editor.post(f"{API}/milestones", json=milestone_body(theirs))
        assert_documented(app, response, 403, "outside-team-scope")

    async def test_money_needs_an_idempotency_key(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        award = await make_award(client)
        transport = httpx.ASGITransport(app=app)  # without the test client's automatic keys
        async with httpx.AsyncClient(
            transport=transport, base_url="http://t", headers=dict(client.headers)
        ) as bare:
            response = await bare.post(f"{API}/payments", json=payment_body(award))
        assert_documented(app, response, 400, "idempotency-key-required")


class TestResourceRules:
    async def test_payment_over_its_award(self, app: FastAPI, client: httpx.AsyncClient) -> None:
        award = await make_award(client, amount_pence=1_000)
        await make_payment(client, award, amount_pence=1_000)
        payment = await make_payment(client, award, amount_pence=1, status="cancelled")
        url = f"{API}/payments/{payment['id']}"
        response = await client.patch(url, json={"status": "scheduled"})
        assert_documented(app, response, 409, "payment-exceeds-award", "amount_pence")

    async def test_approval_by_a_programme_manager(
        self, app: FastAPI, client: httpx.AsyncClient, as_role: RoleClient
    ) -> None:
        payment = await make_payment(client)
        manager = await as_role(Role.programme_manager)
        url = f"{API}/payments/{payment['id']}"
        response = await manager.patch(url, json={"status": "approved"})
        assert_documented(app, response, 403, "approval-forbidden", "status")

    async def test_award_over_the_cap(self, app: FastAPI, client: httpx.AsyncClient) -> None:
        award = await make_award(client)
        url = f"{API}/awards/{award['id']}"
        response = await client.patch(url, json={"amount_pence": 42_000_001})
        assert_documented(app, response, 422, "award-over-cap", "amount_pence")

    async def test_too_many_teams(self, app: FastAPI, client: httpx.AsyncClient) -> None:
        programme = await make_programme(client, max_teams=1)
        team = await make_team(client, programme)
        body = {**team_body(programme, {"id": team["lead_organisation_id"]}), "name": "Two"}
        response = await client.post(f"{API}/teams", json=body)
        assert_documented(app, response, 409, "too-many-teams", "programme_id")

    async def test_dependency_cycle(self, app: FastAPI, client: httpx.AsyncClient) -> None:
        row = await make_milestone(client)
        url = f"{API}/milestones/{row['id']}"
        response = await client.patch(url, json={"depends_on_ids": [row["id"]]})
        assert_documented(app, response, 409, "dependency-cycle", "depends_on_ids")


class TestFromTheCode:
    def test_a_resources_rules_are_listed_on_its_writes(self, app: FastAPI) -> None:
        """The rule classes of a service module are found in its create and update routes,
        at their status; a rule no route of the resource can reach is not."""
        paths = app.openapi()["paths"]
        for path, problem in [
            ("/api/v1/payments", PaymentExceedsAward),
            ("/api/v1/budget-lines", BudgetExceedsAward),
            ("/api/v1/awards", AwardBelowBudget),
            ("/api/v1/award-amendments", ReductionBelowCommitted),
            ("/api/v1/teams", TooManyTeams),
            ("/api/v1/teams", SourceRequired),
        ]:
            listed = paths[path]["post"]["responses"][str(problem.status)]["x-problem-types"]
            assert f"/problems/{problem.type}" in listed
        partners = paths["/api/v1/teams/{team_id}/partners"]["post"]["responses"]
        assert "/problems/too-many-teams" not in partners["409"]["x-problem-types"]

    def test_every_problem_status_of_the_kit_lists_its_types(self, app: FastAPI) -> None:
        paths = app.openapi()["paths"]
        kit = [
            route
            for router in ROUTERS
            for route in router.routes
            if isinstance(route, APIRoute) and route.endpoint.__module__ == "api.kit.router"
        ]
        assert len(kit) == 5 * len(RESOURCES)  # five routes of each resource
        for route in kit:
            for method in route.methods or ():
                responses = paths[API + route.path][method.lower()]["responses"]
                for status, response in responses.items():
                    if status[0] in "45":
                        assert response["x-problem-types"], (route.path, method, status)
                        assert all(t.startswith("/problems/") for t in response["x-problem-types"])
