"""The permission table, enforced: a test per API operation × role, generated from the table.

Each operation names its entry (``Require(resource, action)``); a role the table allows gets past
the gate and receives the route's own answer to the made-up request (exactly: 404 for the made-up
ids, 422 for the empty body, 200 for a list; never a 5xx), a role it does not gets 403, and nobody
gets 401. A route without an entry fails here: deny by default includes the code.
"""

from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute

from api.auth.deps import Require
from api.auth.permissions import PERMISSIONS, Action, allowed
from api.models.enums import Role
from api.routers import ROUTERS
from tests.assertions import assert_problem
from tests.conftest import RoleClient
from tests.factories import (
    API,
    make_award,
    make_milestone,
    make_payment,
    make_team,
    payment_body,
)

pytestmark = pytest.mark.anyio

PUBLIC_OPERATIONS = {"auth-login", "calendar-feed"}  # sign-in; a feed token in the path


def requirement(route: APIRoute) -> Require | None:
    stack = list(route.dependant.dependencies)
    while stack:
        dep = stack.pop()
        if isinstance(dep.call, Require):
            return dep.call
        stack.extend(dep.dependencies)
    return None


ROUTES = [r for router in ROUTERS for r in router.routes if isinstance(r, APIRoute)]
OPERATIONS = [
    (r.operation_id or r.name, method, f"{API}{r.path}", requirement(r))
    for r in ROUTES
    for method in sorted(r.methods)
    if (r.operation_id or r.name) not in PUBLIC_OPERATIONS
]
ROLES: list[Role | None] = [*Role, None]  # None: anonymous


def request_for(method: str, path: str) -> dict[str, Any]:
    url = path.replace("{", "").replace("}", "")  # {milestone_id} → milestone_id: no such row
    return {"method": method, "url": url, "json": {} if method in ("POST", "PATCH") else None}


# Past the gate, the answer to request_for's request where the rule in expected() does not give it.
ANSWERS: dict[str, tuple[int, str | None]] = {
    "dashboard-compare-teams": (422, "validation-error"),  # required query parameters are missing
    "dashboard-programme-changes": (422, "validation-error"),
    "exports-iati-xml": (422, "validation-error"),  # programme_id is required
    "auth-logout": (422, "rule-broken"),  # an API key does not sign out
    "imports-create": (200, None),  # {} is a load document without rows: nothing to write
    "reminder-preferences-get": (409, "not-a-user"),  # the keys of this test are not users
    "reminder-preferences-update": (409, "not-a-user"),
    "webhook-deliveries-redeliver": (404, "not-found"),  # no body to refuse: the made-up id
    "webhook-endpoints-rotate-secret": (404, "not-found"),
}


def expected(operation: str, method: str, path: str) -> tuple[int, str | None]:
    """Status and problem type a permitted caller gets: the empty body, then the made-up id."""
    if operation in ANSWERS:
        return ANSWERS[operation]
    if method == "POST":
        return 422, "validation-error"
    if "{" in path:
        return 404, "not-found"
    return 200, None


class TestTheTable:
    def test_every_operation_names_its_entry(self) -> None:
        unnamed = [op for op, _, _, req in OPERATIONS if req is None]
        assert unnamed == []

    def test_every_entry_is_in_the_table(self) -> None:
        unknown = {req.resource for *_, req in OPERATIONS if req} - set(PERMISSIONS)
        assert unknown == set()

    def test_deny_by_default(self) -> None:
        assert not allowed(None, "milestones", Action.read)
        assert not allowed(Role.admin, "no-such-resource", Action.read)
        assert not allowed(Role.viewer, "milestones", Action.write)


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.value if r else "anonymous")
@pytest.mark.parametrize(
    ("operation", "method", "path", "req"), OPERATIONS, ids=[op[0] for op in OPERATIONS]
)
async def test_operation_by_role(
    client: httpx.AsyncClient,
    anon: httpx.AsyncClient,
    as_role: RoleClient,
    operation: str,
    method: str,
    path: str,
    req: Require,
    role: Role | None,
) -> None:
    if role is None:
        caller = anon
    elif role == Role.team_editor:
        caller = await as_role(role, [(await make_team(client))["id"]])
    else:
        caller = await as_role(role)
    response = await caller.request(**request_for(method, path))
    if role is None:
        assert_problem(response, 401, "unauthenticated")
        assert response.headers["www-authenticate"].startswith("Bearer")
    elif allowed(role, req.resource, req.action):
        status, problem = expected(operation, method, path)
        if problem is None:
            assert response.status_code == status, response.text
        else:
            assert_problem(response, status, problem)
    else:
        assert_problem(response, 403, "forbidden")


class TestPublicRead:
    async def test_reads_are_closed_to_anonymous_callers_by_default(
        self, client: httpx.AsyncClient, anon: httpx.AsyncClient
    ) -> None:
        await make_milestone(client)
        assert_problem(await anon.get(f"{API}/milestones"), 401, "unauthenticated")

    async def test_public_read_opens_programme_data_to_anonymous_reads(
        self, client: httpx.AsyncClient, anon: httpx.AsyncClient, public_read: None
    ) -> None:
        milestone = await make_milestone(client)
        page = await anon.get(f"{API}/milestones")
        assert [m["id"] for m in page.json()["items"]] == [milestone["id"]]
        summary = await anon.get(f"{API}/teams/{milestone['team_id']}/summary")
        assert summary.status_code == 200

    @pytest.mark.parametrize("path", ["/audit-events", "/users", "/api-keys", "/auth/me"])
    async def test_public_read_keeps_the_rest_closed(
        self, anon: httpx.AsyncClient, public_read: None, path: str
    ) -> None:
        assert_problem(await anon.get(f"{API}{path}"), 401, "unauthenticated")

    async def test_public_read_never_opens_writes(
        self, client: httpx.AsyncClient, anon: httpx.AsyncClient, public_read: None
    ) -> None:
        team = await make_team(client)
        response = await anon.post(f"{API}/milestones", json={"team_id": team["id"]})
        assert_problem(response, 401, "unauthenticated")


class TestPaymentApproval:
    """Only finance or an admin may approve a payment or mark it paid."""

    @pytest.mark.parametrize("status", ["approved", "paid"])
    async def test_a_programme_manager_may_not(
        self, client: httpx.AsyncClient, as_role: RoleClient, status: str
    ) -> None:
        award = await make_award(client)
        manager = await as_role(Role.programme_manager)
        extra = {"paid_date": "2012-07-03"} if status == "paid" else {}
        body = payment_body(award, status=status, **extra)
        response = await manager.post(f"{API}/payments", json=body)
        assert_problem(response, 403, "approval-forbidden", "status")
        payment = await make_payment(client, award)
        url = f"{API}/payments/{payment['id']}"
        response = await manager.patch(url, json={"status": status, **extra})
        assert_problem(response, 403, "approval-forbidden", "status")
        scheduled = await manager.patch(url, json={"amount_pence": 1})
        assert scheduled.status_code == 200, scheduled.text

    @pytest.mark.parametrize("role", [Role.finance, Role.admin])
    async def test_finance_and_admins_may(
        self, client: httpx.AsyncClient, as_role: RoleClient, role: Role
    ) -> None:
        payment = await make_payment(client)
        approver = await as_role(role)
        url = f"{API}/payments/{payment['id']}"
        assert (await approver.patch(url, json={"status": "approved"})).status_code == 200
        paid = await approver.patch(url, json={"status": "paid", "paid_date": "2012-07-03"})
        assert paid.status_code == 200, paid.text
