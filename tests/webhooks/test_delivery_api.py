"""The deliveries API (admins): an endpoint's deliveries paged newest first and filtered by
status, one delivery with its attempts, a redelivery by hand (failed or delivered; 409 for a
disabled endpoint), permissions, and any query is an answer or a problem. Both engines."""

from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.config import Settings
from api.db import Database
from api.models.base import utcnow
from api.models.enums import Role
from api.models.webhook import EndpointStatus
from api.webhooks.schedule import ATTEMPTS, DELAYS
from api.worker.context import FixedClock
from tests.assertions import assert_problem
from tests.conftest import RoleClient
from tests.factories import make_organisation, make_team
from tests.webhooks.delivery_helpers import (
    deliveries,
    drain,
    make_secret,
    register,
    set_status,
    worker,
)
from tests.webhooks.receiver import Receiver

pytestmark = pytest.mark.anyio
MISSING = "01a2433770fe70008d6da041581cf3d3"


@pytest.fixture
def loopback(app: FastAPI) -> Iterator[None]:
    """The app allowing loopback receivers, as the worker does in these tests."""
    before = app.state.settings
    app.state.settings = before.model_copy(update={"webhook_allow_private": True})
    yield
    app.state.settings = before


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(utcnow().replace(microsecond=0))


def url(endpoint_id: str) -> str:
    return f"/api/v1/webhook-endpoints/{endpoint_id}/deliveries"


class TestReading:
    async def test_pages_newest_first_filtered_by_status(
        self, client: httpx.AsyncClient, db: Database, settings: Settings, clock: FixedClock
    ) -> None:
        secret = make_secret()
        async with Receiver([secret]) as receiver, worker(db, settings, clock) as ctx:
            endpoint_id = await register(db, receiver.url, secret)
            receiver.answer(200, 200, 500)
            for _ in range(3):
                await make_organisation(client)
                await drain(ctx)  # one at a time: the third answer is the 500
        rows = await deliveries(db, endpoint_id)
        newest_first = [r.id for r in reversed(rows)]

        seen, cursor = [], None
        while True:
            params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
            response = await client.get(url(endpoint_id), params=params)
            assert response.status_code == 200, response.text
            page = response.json()
            seen += page["items"]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert [d["id"] for d in seen] == newest_first
        pending = seen[0]
        assert (pending["status"], pending["attempts"], pending["last_status_code"]) == (
            "pending",
            1,
            500,
        )
        assert pending["next_attempt_at"] is not None and pending["last_latency_ms"] >= 0
        assert all(d["status"] == "delivered" and d["delivered_at"] for d in seen[1:])

        failed = await client.get(url(endpoint_id), params={"status": "pending"})
        assert [d["id"] for d in failed.json()["items"]] == [pending["id"]]

        one = await client.get(f"/api/v1/webhook-deliveries/{pending['id']}")
        assert one.status_code == 200
        [attempt] = one.json()["history"]
        assert attempt["status_code"] == 500 and attempt["worker"] == "w1"
        assert attempt["manual"] is False and attempt["number"] == 1

    async def test_unknown_ids_and_bad_queries_are_problems(
        self, client: httpx.AsyncClient
    ) -> None:
        assert_problem(await client.get(url(MISSING)), 404, "not-found")
        assert_problem(await client.get(f"/api/v1/webhook-deliveries/{MISSING}"), 404, "not-found")
        redeliver = f"/api/v1/webhook-deliveries/{MISSING}/redeliver"
        assert_problem(await client.post(redeliver), 404, "not-found")
        bad = await client.get(url(MISSING), params={"cursor": "nonsense"})
        assert_problem(bad, 400, "invalid-cursor", loc=["query", "cursor"])
        assert (await client.get(url(MISSING), params={"status": "lost"})).status_code == 422

    async def test_admins_only(
        self, client: httpx.AsyncClient, anon: httpx.AsyncClient, as_role: RoleClient
    ) -> None:
        paths = [url(MISSING), f"/api/v1/webhook-deliveries/{MISSING}"]
        team = await make_team(client)
        for role, teams in ((Role.viewer, []), (Role.team_editor, [team["id"]])):
            other = await as_role(role, teams)
            for path in paths:
                assert_problem(await other.get(path), 403, "forbidden")
            redeliver = await other.post(f"/api/v1/webhook-deliveries/{MISSING}/redeliver")
            assert_problem(redeliver, 403, "forbidden")
        assert_problem(await anon.get(paths[0]), 401, "unauthenticated")


class TestRedeliver:
    async def test_a_failed_delivery_by_hand(
        self,
        client: httpx.AsyncClient,
        db: Database,
        settings: Settings,
        clock: FixedClock,
        loopback: None,
    ) -> None:
        secret = make_secret()
        async with Receiver([secret], status=500) as receiver, worker(db, settings, clock) as ctx:
            endpoint_id = await register(db, receiver.url, secret)
            await make_organisation(client)
            await drain(ctx)
            for delay in DELAYS:
                clock.advance(delay)
                await drain(ctx)
            [row] = await deliveries(db, endpoint_id)
            assert row.status == "failed"
            path = f"/api/v1/webhook-deliveries/{row.id}/redeliver"

            again = await client.post(path)  # still failing: recorded, still failed
            assert again.status_code == 200, again.text
            assert again.json()["status"] == "failed"
            assert again.json()["attempts"] == ATTEMPTS + 1

            receiver.status = 200
            done = (await client.post(path)).json()
            assert done["status"] == "delivered" and done["delivered_at"]
            assert done["attempts"] == ATTEMPTS + 2 and done["last_status_code"] == 200
            manual = [a for a in done["history"] if a["manual"]]
            assert [a["status_code"] for a in manual] == [500, 200]
            assert manual[0]["worker"].startswith("manual: ")

            # A delivered one may be sent again too (a receiver that lost it).
            twice = (await client.post(path)).json()
            assert twice["status"] == "delivered" and twice["attempts"] == ATTEMPTS + 3
        assert len(receiver.received) == ATTEMPTS + 3
        assert len(set(receiver.ids())) == 1 and receiver.unverified() == []

    async def test_a_disabled_endpoint_is_a_conflict(
        self,
        client: httpx.AsyncClient,
        db: Database,
        settings: Settings,
        clock: FixedClock,
        loopback: None,
    ) -> None:
        secret = make_secret()
        async with Receiver([secret]) as receiver, worker(db, settings, clock) as ctx:
            endpoint_id = await register(db, receiver.url, secret)
            await make_organisation(client)
            await drain(ctx)
            await set_status(db, endpoint_id, EndpointStatus.disabled)
            [row] = await deliveries(db, endpoint_id)
            refused = await client.post(f"/api/v1/webhook-deliveries/{row.id}/redeliver")
            assert_problem(refused, 409, "webhook-endpoint-disabled", "status")
        assert len(receiver.received) == 1

    async def test_loopback_refused_unless_allowed(
        self, client: httpx.AsyncClient, db: Database, settings: Settings, clock: FixedClock
    ) -> None:
        secret = make_secret()
        async with Receiver([secret]) as receiver, worker(db, settings, clock) as ctx:
            await register(db, receiver.url, secret)
            await make_organisation(client)
            await drain(ctx)
            [row] = await deliveries(db)
            shown = (await client.post(f"/api/v1/webhook-deliveries/{row.id}/redeliver")).json()
        assert shown["history"][-1]["error"].startswith("refused: ")
        assert shown["status"] == "delivered"  # as it was
        assert len(receiver.received) == 1


QUERIES = st.fixed_dictionaries(
    {},
    optional={
        "status": st.sampled_from(["pending", "failed", "delivered", "", "x"]) | st.text(),
        "limit": st.integers(-5, 1000).map(str) | st.text(max_size=5),
        "cursor": st.text(max_size=60),
        "other": st.text(max_size=5),
    },
)


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=QUERIES, known=st.booleans())
async def test_any_query_is_a_page_or_a_problem(
    client: httpx.AsyncClient, db: Database, query: dict[str, str], known: bool
) -> None:
    endpoint_id = (
        await register(db, "https://hooks.example.org/", make_secret()) if known else MISSING
    )
    response = await client.get(url(endpoint_id), params=query)
    assert response.status_code in (200, 400, 404, 422), response.text
    if response.status_code != 200:
        assert response.headers["content-type"] == "application/problem+json"
