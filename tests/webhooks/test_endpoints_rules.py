"""Webhook endpoints refuse what they must: bad URLs (private and loopback addresses unless the
operator allows them), unknown or repeated event types, unknown programmes, every role but the
admin's, unknown ids; and whatever body is sent, the answer is never a 5xx."""

from collections.abc import Iterator
from typing import Any

import httpx
import orjson
import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.db import Database
from api.models.enums import Role
from tests.assertions import assert_problem, unchanged
from tests.conftest import RoleClient
from tests.factories import make_programme, make_team
from tests.webhooks.test_endpoints import ENDPOINTS, MERGE_PATCH, URL, patch, register

pytestmark = pytest.mark.anyio
TABLES = ("webhook_endpoints", "webhook_secrets", "events", "audit_events")
REFUSED_URLS = [
    "http://127.0.0.1:8080/hook",
    "https://10.1.2.3/hook",
    "https://[::1]/hook",
    "https://[::ffff:192.168.0.1]/hook",
    "http://169.254.169.254/latest/meta-data",
    "https://0.0.0.0/",
    "ftp://hooks.example.org/x",
    "hooks.example.org/x",
    "https://user:pass@hooks.example.org/x",
    "https:///nohost",
    "https://hooks.example.org:0/x",
    "https://hooks.example.org:99999/x",
    "https://hooks.example.org/a b",
    "https://hooks.exa\nmple.org/",
    "https://hooks.example.org/\x7f",
]


@pytest.fixture
def allow_private(app: FastAPI) -> Iterator[None]:
    """``SP_WEBHOOK_ALLOW_PRIVATE=true``, as the tests' own receivers need."""
    before = app.state.settings
    app.state.settings = before.model_copy(update={"webhook_allow_private": True})
    yield
    app.state.settings = before


class TestUrl:
    async def test_refused(self, client: httpx.AsyncClient, db: Database) -> None:
        async with unchanged(db, *TABLES):
            for url in REFUSED_URLS:
                response = await client.post(ENDPOINTS, json={"url": url})
                body = assert_problem(response, 422, "webhook-url-refused", "url")
                assert body["errors"][0]["msg"] == body["detail"] != "", url

    async def test_a_patch_is_checked_too(self, client: httpx.AsyncClient) -> None:
        made = await register(client)
        refused = await patch(client, made, url="http://127.0.0.1/hook")
        assert_problem(refused, 422, "webhook-url-refused", "url")
        assert (await client.get(f"{ENDPOINTS}/{made['id']}")).json()["url"] == URL

    async def test_loopback_where_the_operator_allows_it(
        self, client: httpx.AsyncClient, allow_private: None
    ) -> None:
        made = await register(client, url="http://127.0.0.1:9/hook")
        assert made["url"] == "http://127.0.0.1:9/hook"
        assert (await patch(client, made, url="http://10.0.0.7/x")).status_code == 200
        # Still refused: not a form a delivery can use, whatever the network.
        refused = await patch(client, made, url="ftp://127.0.0.1/x")
        assert_problem(refused, 422, "webhook-url-refused", "url")

    async def test_length_and_form(self, client: httpx.AsyncClient) -> None:
        long = "https://hooks.example.org/" + "a" * 2000
        assert_problem(
            await client.post(ENDPOINTS, json={"url": long}), 422, "validation-error", "url"
        )
        for body in ({}, {"url": ""}, {"url": None}, {"url": 5}, {"url": URL, "secret": "x"}):
            assert (await client.post(ENDPOINTS, json=body)).status_code == 422, body
        made = await register(client)
        assert_problem(await patch(client, made, url=None), 422, "validation-error", "url")
        assert_problem(await patch(client, made, status=None), 422, "validation-error", "status")
        assert_problem(
            await patch(client, made, status="paused"), 422, "validation-error", "status"
        )
        assert_problem(
            await patch(client, made, description="x" * 201),
            422,
            "validation-error",
            "description",
        )


class TestEventTypesAndProgramme:
    async def test_unknown_and_repeated_types(self, client: httpx.AsyncClient) -> None:
        body = {"url": URL, "event_types": ["payment.approved", "payment.exploded"]}
        response = await client.post(ENDPOINTS, json=body)
        assert_problem(response, 422, "unknown-event-type", loc=["body", "event_types", 1])
        body["event_types"] = ["payment.approved", "milestone.achieved", "payment.approved"]
        response = await client.post(ENDPOINTS, json=body)
        assert_problem(response, 422, "rule-broken", loc=["body", "event_types", 2])
        made = await register(client)
        response = await patch(client, made, event_types=["nope"])
        assert_problem(response, 422, "unknown-event-type", loc=["body", "event_types", 0])
        chosen = ["webhook-endpoint.disabled", "milestone.due-soon"]
        assert (await patch(client, made, event_types=chosen)).json()["event_types"] == chosen

    async def test_programme(self, client: httpx.AsyncClient) -> None:
        response = await client.post(ENDPOINTS, json={"url": URL, "programme_id": "nope"})
        assert_problem(response, 422, "invalid-reference", "programme_id")
        programme = await make_programme(client)
        made = await register(client, programme_id=programme["id"])
        assert made["programme_id"] == programme["id"]
        refused = await patch(client, made, programme_id="0" * 36)
        assert_problem(refused, 422, "invalid-reference", "programme_id")
        assert (await patch(client, made, programme_id=None)).json()["programme_id"] is None


class TestAccess:
    @pytest.mark.parametrize("role", [r for r in Role if r != Role.admin])
    async def test_only_admins(
        self, client: httpx.AsyncClient, as_role: RoleClient, db: Database, role: Role
    ) -> None:
        made = await register(client)
        teams = [(await make_team(client))["id"]] if role == Role.team_editor else []
        other = await as_role(role, teams)
        one = f"{ENDPOINTS}/{made['id']}"
        async with unchanged(db, *TABLES):
            answers = [
                await other.get(ENDPOINTS),
                await other.post(ENDPOINTS, json={"url": URL}),
                await other.get(one),
                await other.patch(one, json={"status": "disabled"}, headers=MERGE_PATCH),
                await other.delete(one),
                await other.post(f"{one}/rotate-secret"),
            ]
        for response in answers:
            assert_problem(response, 403, "forbidden")
            assert "whsec_" not in response.text

    async def test_anonymous(
        self, client: httpx.AsyncClient, anon: httpx.AsyncClient, public_read: None
    ) -> None:
        made = await register(client)
        assert_problem(await anon.get(ENDPOINTS), 401, "unauthenticated")
        assert_problem(await anon.get(f"{ENDPOINTS}/{made['id']}"), 401, "unauthenticated")
        assert_problem(await anon.post(ENDPOINTS, json={"url": URL}), 401, "unauthenticated")

    async def test_unknown_ids(self, client: httpx.AsyncClient) -> None:
        one = f"{ENDPOINTS}/0190d7a4-8c6e-7cc3-9a51-3f1e2d4c5b6a"
        answers = [
            await client.get(one),
            await client.patch(one, json={"status": "disabled"}, headers=MERGE_PATCH),
            await client.delete(one),
            await client.post(f"{one}/rotate-secret"),
        ]
        for response in answers:
            assert_problem(response, 404, "not-found", loc=["path", "endpoint_id"])
        too_long = await client.get(f"{ENDPOINTS}/{'x' * 37}")
        assert_problem(too_long, 422, "validation-error", loc=["path", "endpoint_id"])


# ---- fuzz ----------------------------------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
URLS = st.sampled_from([URL, "http://127.0.0.1/x", "https://[::1]/", "ftp://x/", ""]) | st.text(
    max_size=40
).map(lambda t: "https://" + t)
TYPES = st.lists(
    st.sampled_from(["payment.approved", "milestone.achieved", "payment.approved", "nope"])
    | st.text(max_size=20),
    max_size=4,
)
BODIES = st.fixed_dictionaries(
    {},
    optional={
        "url": URLS | JSON,
        "description": st.text(max_size=220) | JSON,
        "event_types": TYPES | JSON,
        "programme_id": st.none() | st.text(max_size=40) | JSON,
        "status": st.sampled_from(["active", "disabled", "paused"]) | JSON,
        "extra": JSON,
    },
)


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(create=BODIES, change=BODIES)
async def test_any_body_is_answered(
    client: httpx.AsyncClient, create: dict[str, Any], change: dict[str, Any]
) -> None:
    create.pop("status", None)
    headers = {"Content-Type": "application/json"}
    response = await client.post(ENDPOINTS, content=_json(create), headers=headers)
    assert response.status_code in (201, 422), response.text
    if response.status_code != 201:
        assert response.headers["content-type"] == "application/problem+json"
        made = await register(client)
    else:
        made = response.json()
    changed = await client.patch(
        f"{ENDPOINTS}/{made['id']}", content=_json(change), headers=MERGE_PATCH
    )
    assert changed.status_code in (200, 422), changed.text
    if changed.status_code == 422:
        assert changed.headers["content-type"] == "application/problem+json"
    assert (await client.get(f"{ENDPOINTS}/{made['id']}")).status_code == 200


def _json(value: Any) -> bytes:
    try:
        return orjson.dumps(value)
    except TypeError:  # an integer past 64 bits: orjson cannot write it; send null instead
        return b"null"
