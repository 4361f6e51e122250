"""``GET /auth/me`` says what the caller may do: its role's row of the permission table (the
dashboard offers an action only when this says so) and, for a team editor, the resources limited
to its teams. What it says is what the API enforces."""

import httpx
import pytest
from fastapi import FastAPI

from api.auth.permissions import PERMISSIONS, Action, allowed
from api.models.enums import Role
from tests.assertions import assert_problem
from tests.auth.test_users import login, make_user
from tests.conftest import RoleClient, http
from tests.factories import API, make_award, make_payment, make_team, payment_body

pytestmark = pytest.mark.anyio

TEAM_SCOPED = [r for r, grant in PERMISSIONS.items() if grant.team_scoped]


async def me_of(as_role: RoleClient, role: Role, teams: list[str]) -> dict[str, object]:
    caller = await as_role(role, teams=teams)
    response = await caller.get(f"{API}/auth/me")
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


class TestPermissionsInMe:
    @pytest.mark.parametrize("role", list(Role))
    async def test_every_role_gets_its_row_of_the_table(
        self, client: httpx.AsyncClient, as_role: RoleClient, role: Role
    ) -> None:
        team = await make_team(client)
        teams = [team["id"]] if role == Role.team_editor else []
        me = await me_of(as_role, role, teams)
        assert me["role"] == role.value and me["team_ids"] == teams
        permissions = me["permissions"]
        assert isinstance(permissions, dict)
        for resource in PERMISSIONS:
            expected = [a.value for a in Action if allowed(role, resource, a)]
            assert permissions.get(resource, []) == expected, resource
        assert all(permissions.values()), "a resource is listed only with an action"
        assert me["team_scoped"] == (TEAM_SCOPED if role == Role.team_editor else [])
        assert {"milestones", "support-activities", "evidence", "indicator-periods"} <= {
            *TEAM_SCOPED
        }

    @pytest.mark.parametrize(
        ("role", "payments", "milestones"),
        [
            (Role.admin, ["read", "write", "approve"], ["read", "write"]),
            (Role.programme_manager, ["read", "write"], ["read", "write"]),
            (Role.finance, ["read", "write", "approve"], ["read"]),
            (Role.team_editor, ["read"], ["read", "write"]),
            (Role.viewer, ["read"], ["read"]),
        ],
    )
    async def test_the_rows_the_dashboard_reads(
        self,
        client: httpx.AsyncClient,
        as_role: RoleClient,
        role: Role,
        payments: list[str],
        milestones: list[str],
    ) -> None:
        team = await make_team(client)
        me = await me_of(as_role, role, [team["id"]] if role == Role.team_editor else [])
        permissions = me["permissions"]
        assert isinstance(permissions, dict)
        assert permissions["payments"] == payments
        assert permissions["milestones"] == milestones
        assert ("users" in permissions) == (role == Role.admin)

    async def test_sign_in_answers_the_same_me(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        team = await make_team(client)
        await make_user(client, role="team_editor", team_ids=[team["id"]])
        signed_in = await login(app)
        assert signed_in.status_code == 200, signed_in.text
        body = signed_in.json()
        async with http(app, body["token"]) as ann:
            me = (await ann.get(f"{API}/auth/me")).json()
        assert body["me"] == me
        assert me["permissions"]["support-activities"] == ["read", "write"]
        assert me["team_scoped"] == TEAM_SCOPED and me["team_ids"] == [team["id"]]

    async def test_no_approve_means_marking_paid_is_refused(
        self, client: httpx.AsyncClient, as_role: RoleClient
    ) -> None:
        manager = await as_role(Role.programme_manager)
        me = (await manager.get(f"{API}/auth/me")).json()
        assert "approve" not in me["permissions"]["payments"]
        award = await make_award(client)
        body = payment_body(award, status="paid", paid_date="2012-07-02")
        assert_problem(await manager.post(f"{API}/payments", json=body), 403, "approval-forbidden")
        payment = await make_payment(client, award)
        url = f"{API}/payments/{payment['id']}"
        refused = await manager.patch(url, json={"status": "paid", "paid_date": "2012-07-02"})
        assert_problem(refused, 403, "approval-forbidden")
        assert (await manager.patch(url, json={"amount_pence": 9_000_000})).status_code == 200

    async def test_anonymous_has_no_me(self, anon: httpx.AsyncClient) -> None:
        assert_problem(await anon.get(f"{API}/auth/me"), 401, "unauthenticated")
