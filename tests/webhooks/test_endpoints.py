"""Webhook endpoints through the API: registered, read, listed, changed, disabled and enabled,
removed with what hangs on them, their secrets shown once and rotated with an overlap, every
field checked, and an event for every write."""

import base64
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select, text, update

from api.db import Database
from api.models import Event
from api.models.base import utcnow
from api.models.webhook import (
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookSecret,
)
from api.webhooks import service
from tests.assertions import assert_problem
from tests.events.test_events import feed
from tests.factories import API, Row, make_programme

pytestmark = pytest.mark.anyio
ENDPOINTS = f"{API}/webhook-endpoints"
URL = "https://hooks.example.org/shared-purpose"
MERGE_PATCH = {"Content-Type": "application/merge-patch+json"}


async def register(client: httpx.AsyncClient, **body: Any) -> Row:
    response = await client.post(ENDPOINTS, json={"url": URL, **body})
    assert response.status_code == 201, response.text
    made: Row = response.json()
    return made


async def patch(client: httpx.AsyncClient, endpoint: Row, **body: Any) -> httpx.Response:
    return await client.patch(f"{ENDPOINTS}/{endpoint['id']}", json=body, headers=MERGE_PATCH)


@pytest.fixture
def overlap(app: FastAPI) -> Iterator[float]:
    """A two-hour overlap of rotated secrets (``SP_WEBHOOK_SECRET_OVERLAP_HOURS``)."""
    before = app.state.settings
    app.state.settings = before.model_copy(update={"webhook_secret_overlap_hours": 2.0})
    yield 2.0
    app.state.settings = before


@pytest.fixture
def allow_private(app: FastAPI) -> Iterator[None]:
    before = app.state.settings
    app.state.settings = before.model_copy(update={"webhook_allow_private": True})
    yield
    app.state.settings = before


async def stored_secrets(db: Database, endpoint_id: str) -> list[Any]:
    async with db.read_engine.connect() as conn:
        stmt = select(WebhookSecret).where(WebhookSecret.endpoint_id == endpoint_id)
        return list((await conn.execute(stmt.order_by(WebhookSecret.created_at))).all())


async def everything_said(client: httpx.AsyncClient, db: Database) -> str:
    """The audit trail, the event rows and the change feed, as text."""
    async with db.read_engine.connect() as conn:
        audit = (await conn.execute(text("SELECT before, after FROM audit_events"))).all()
        events = (await conn.execute(text("SELECT data FROM events"))).all()
    trail = (await client.get(f"{API}/audit-events", params={"limit": 500})).text
    return f"{audit}{events}{trail}{await feed(client)}"


class TestLifecycle:
    async def test_registered_read_listed_changed_removed(self, client: httpx.AsyncClient) -> None:
        made = await register(client, description="Finance", event_types=["payment.approved"])
        response = await client.get(f"{ENDPOINTS}/{made['id']}")
        assert response.status_code == 200
        shown = response.json()
        assert shown == {k: v for k, v in made.items() if k != "secret"}
        assert shown["status"] == "active" and shown["failures_in_a_row"] == 0
        assert shown["disabled_reason"] == "" and shown["disabled_at"] is None
        assert shown["secrets_active"] == 1 and shown["previous_secret_expires_at"] is None
        assert shown["created_by"] == "test-admin" and shown["programme_id"] is None
        listed = (await client.get(ENDPOINTS)).json()
        assert listed == {"items": [shown], "next_cursor": None}

        changed = await patch(client, made, description="Finance system", event_types=None)
        assert changed.status_code == 200, changed.text
        assert changed.json()["description"] == "Finance system"
        assert changed.json()["event_types"] == []  # null: every type
        assert (await client.delete(f"{ENDPOINTS}/{made['id']}")).status_code == 204
        assert_problem(await client.get(f"{ENDPOINTS}/{made['id']}"), 404, "not-found")
        assert (await client.get(ENDPOINTS)).json()["items"] == []

    async def test_create_answers_with_a_location(self, client: httpx.AsyncClient) -> None:
        response = await client.post(ENDPOINTS, json={"url": URL})
        assert response.status_code == 201
        assert response.headers["location"] == f"{ENDPOINTS}/{response.json()['id']}"

    async def test_only_later_events_are_sent(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        await make_programme(client)
        async with db.read_engine.connect() as conn:
            top = (await conn.execute(select(func.max(Event.position)))).scalar_one()
        assert top > 0
        assert (await register(client))["after_position"] == top

    async def test_a_delete_takes_secrets_deliveries_and_attempts(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        made = await register(client)
        async with db.write_engine.begin() as conn:
            await conn.execute(
                WebhookDelivery.__table__.insert().values(
                    id="d1",
                    endpoint_id=made["id"],
                    event_id="e1",
                    event_type="programme.created",
                    event_position=1,
                    status=DeliveryStatus.pending,
                    attempts=1,
                    last_error="",
                    created_at=utcnow(),
                )
            )
            await conn.execute(
                WebhookAttempt.__table__.insert().values(
                    id="a1",
                    delivery_id="d1",
                    number=1,
                    started_at=utcnow(),
                    latency_ms=3,
                    error="refused",
                    worker="w",
                    manual=False,
                )
            )
        assert (await client.delete(f"{ENDPOINTS}/{made['id']}")).status_code == 204
        async with db.read_engine.connect() as conn:
            for table in ("webhook_secrets", "webhook_deliveries", "webhook_attempts"):
                assert (await conn.execute(text(f"SELECT count(*) FROM {table}"))).scalar() == 0

    async def test_pages_and_filters(self, client: httpx.AsyncClient) -> None:
        made = [await register(client, description=str(i)) for i in range(3)]
        assert (await patch(client, made[1], status="disabled")).status_code == 200
        first = await client.get(ENDPOINTS, params={"limit": 2})
        page = first.json()
        assert [e["id"] for e in page["items"]] == [made[0]["id"], made[1]["id"]]
        assert 'rel="next"' in first.headers["link"]
        rest = (await client.get(ENDPOINTS, params={"cursor": page["next_cursor"]})).json()
        assert [e["id"] for e in rest["items"]] == [made[2]["id"]]
        disabled = await client.get(ENDPOINTS, params={"status": "disabled"})
        assert [e["id"] for e in disabled.json()["items"]] == [made[1]["id"]]
        bad = await client.get(ENDPOINTS, params={"status": "gone"})
        assert_problem(bad, 422, "validation-error", loc=["query", "status"])
        programme = await make_programme(client)
        mine = await register(client, programme_id=programme["id"])
        only = await client.get(ENDPOINTS, params={"programme_id": programme["id"]})
        assert [e["id"] for e in only.json()["items"]] == [mine["id"]]

    async def test_etags(self, client: httpx.AsyncClient) -> None:
        made = await register(client)
        url = f"{ENDPOINTS}/{made['id']}"
        tag = (await client.get(url)).headers["etag"]
        assert (await client.get(url, headers={"If-None-Match": tag})).status_code == 304
        changed = await client.patch(
            url, json={"description": "a"}, headers={**MERGE_PATCH, "If-Match": tag}
        )
        assert changed.status_code == 200 and changed.headers["etag"] != tag
        stale = await client.patch(
            url, json={"description": "b"}, headers={**MERGE_PATCH, "If-Match": tag}
        )
        assert_problem(stale, 412, "precondition-failed", loc=["header", "If-Match"])
        gone = await client.delete(url, headers={"If-Match": tag})
        assert_problem(gone, 412, "precondition-failed")
        fresh = changed.headers["etag"]
        assert (await client.delete(url, headers={"If-Match": fresh})).status_code == 204


class TestSecrets:
    async def test_shown_once_and_never_again(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        made = await register(client)
        secret = made["secret"]
        assert secret.startswith("whsec_") and len(base64.b64decode(secret[6:])) == 24
        rotated = (await client.post(f"{ENDPOINTS}/{made['id']}/rotate-secret")).json()
        await patch(client, made, status="disabled")
        said = await everything_said(client, db)
        said += (await client.get(ENDPOINTS)).text
        said += (await client.get(f"{ENDPOINTS}/{made['id']}")).text
        for shown in (secret, rotated["secret"], secret[6:], rotated["secret"][6:]):
            assert shown not in said
        assert "secret" not in (await client.get(f"{ENDPOINTS}/{made['id']}")).json()
        assert (await register(client))["secret"] != secret

    async def test_a_replay_gives_the_endpoint_without_its_secret(
        self, client: httpx.AsyncClient
    ) -> None:
        headers = {"Idempotency-Key": "webhook-once"}
        first = await client.post(ENDPOINTS, json={"url": URL}, headers=headers)
        again = await client.post(ENDPOINTS, json={"url": URL}, headers=headers)
        assert first.status_code == again.status_code == 201
        assert first.json()["secret"].startswith("whsec_")
        assert again.json() == {**first.json(), "secret": None}
        assert len((await client.get(ENDPOINTS)).json()["items"]) == 1

    async def test_rotation_overlaps_by_the_setting(
        self, client: httpx.AsyncClient, db: Database, overlap: float
    ) -> None:
        made = await register(client)
        before = utcnow()
        response = await client.post(f"{ENDPOINTS}/{made['id']}/rotate-secret")
        assert response.status_code == 200, response.text
        rotated = response.json()
        ends = datetime.fromisoformat(rotated["previous_secret_expires_at"])
        assert before + timedelta(hours=overlap) <= ends <= utcnow() + timedelta(hours=overlap)
        shown = (await client.get(f"{ENDPOINTS}/{made['id']}")).json()
        assert shown["secrets_active"] == 2
        assert datetime.fromisoformat(shown["previous_secret_expires_at"]) == ends
        async with db.sessionmaker() as session:
            now = await service.active_secrets(session, made["id"], utcnow())
            later = await service.active_secrets(session, made["id"], ends + timedelta(seconds=1))
        assert now == [rotated["secret"], made["secret"]]  # newest first
        assert later == [rotated["secret"]]

    async def test_an_earlier_end_is_kept_and_ended_secrets_are_deleted(
        self, client: httpx.AsyncClient, db: Database, overlap: float
    ) -> None:
        made = await register(client)
        first = (await client.post(f"{ENDPOINTS}/{made['id']}/rotate-secret")).json()
        second = (await client.post(f"{ENDPOINTS}/{made['id']}/rotate-secret")).json()
        rows = await stored_secrets(db, made["id"])
        assert [r.secret for r in rows] == [made["secret"], first["secret"], second["secret"]]
        # The original keeps its first end; the first rotation's secret ends later.
        assert rows[0].expires_at == datetime.fromisoformat(first["previous_secret_expires_at"])
        assert rows[1].expires_at == datetime.fromisoformat(second["previous_secret_expires_at"])
        assert rows[2].expires_at is None
        later = utcnow() + timedelta(hours=overlap, minutes=1)
        async with db.sessionmaker() as session, session.begin():
            secret, ends = await service.rotate_secret(session, made["id"], overlap, now=later)
        rows = await stored_secrets(db, made["id"])
        assert [r.secret for r in rows] == [second["secret"], secret]
        assert rows[0].expires_at == ends == later + timedelta(hours=overlap)

    async def test_rotation_is_an_event_without_secrets(self, client: httpx.AsyncClient) -> None:
        made = await register(client)
        rotated = (await client.post(f"{ENDPOINTS}/{made['id']}/rotate-secret")).json()
        events = [e for e in await feed(client) if e["resource_id"] == made["id"]]
        assert [e["type"] for e in events] == [
            "webhook-endpoint.created",
            "webhook-endpoint.rotated",
        ]
        data = events[1]["data"]
        assert data["previous_secret_expires_at"] == rotated["previous_secret_expires_at"]
        assert data["secrets_active"] == 2 and "secret" not in data


class TestStatus:
    async def test_an_admin_disables(self, client: httpx.AsyncClient) -> None:
        made = await register(client)
        response = await patch(client, made, status="disabled")
        assert response.status_code == 200, response.text
        shown = response.json()
        assert shown["status"] == "disabled" and shown["disabled_at"] is not None
        assert shown["disabled_reason"] == "disabled by an admin"
        events = [e for e in await feed(client) if e["resource_id"] == made["id"]]
        assert events[-1]["type"] == "webhook-endpoint.disabled"
        assert events[-1]["data"]["disabled_reason"] == "disabled by an admin"
        trail = await client.get(f"{API}/audit-events", params={"resource_id": made["id"]})
        assert [e["action"] for e in trail.json()["items"]] == ["disable", "create"]

    async def test_enabling_clears_the_reason_and_the_run_of_failures(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        made = await register(client)
        async with db.write_engine.begin() as conn:  # as the worker leaves it after failures
            await conn.execute(
                update(WebhookEndpoint)
                .where(WebhookEndpoint.id == made["id"])
                .values(
                    status="disabled",
                    failures_in_a_row=100,
                    disabled_reason="100 failed deliveries in a row",
                    disabled_at=utcnow(),
                )
            )
        response = await patch(client, made, status="active")
        assert response.status_code == 200, response.text
        shown = response.json()
        assert shown["status"] == "active" and shown["failures_in_a_row"] == 0
        assert shown["disabled_reason"] == "" and shown["disabled_at"] is None
        events = [e for e in await feed(client) if e["resource_id"] == made["id"]]
        assert events[-1]["type"] == "webhook-endpoint.updated"

    async def test_every_write_has_its_event(self, client: httpx.AsyncClient) -> None:
        made = await register(client)
        await patch(client, made, description="x")
        await patch(client, made, status="disabled")
        await patch(client, made, status="active")
        await client.post(f"{ENDPOINTS}/{made['id']}/rotate-secret")
        await client.delete(f"{ENDPOINTS}/{made['id']}")
        events = [e for e in await feed(client) if e["resource_id"] == made["id"]]
        assert [e["type"].removeprefix("webhook-endpoint.") for e in events] == [
            "created",
            "updated",
            "disabled",
            "updated",
            "rotated",
            "deleted",
        ]
        assert all(e["resource"] == "webhook-endpoints" for e in events)
