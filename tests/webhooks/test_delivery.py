"""Deliveries of API writes to a real receiver on 127.0.0.1: signed as Standard Webhooks says
(verified with the library), the body as the change feed shows the event, matched by type and
programme, nothing from before the registration, both secrets during a rotation's overlap, and a
private address refused at delivery time when not allowed. Both engines."""

from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI

from api.config import Settings
from api.db import Database
from api.models.base import utcnow
from api.models.webhook import DeliveryStatus
from api.webhooks.addresses import Destination
from api.webhooks.delivery import deliver_due
from api.webhooks.fanout import fan_out
from api.webhooks.schedule import DELAYS
from api.webhooks.sender import pinned
from api.webhooks.signing import USER_AGENT
from api.worker.context import FixedClock
from tests.events.test_events import feed
from tests.factories import make_organisation, make_programme, make_team
from tests.webhooks.delivery_helpers import (
    add_secret,
    attempts,
    deliveries,
    drain,
    endpoint,
    make_secret,
    register,
    worker,
)
from tests.webhooks.receiver import Receiver

pytestmark = pytest.mark.anyio


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(utcnow().replace(microsecond=0))


class TestSigned:
    async def test_a_write_arrives_signed_with_the_feed_body(
        self, client: httpx.AsyncClient, db: Database, settings: Settings, clock: FixedClock
    ) -> None:
        secret = make_secret()
        async with Receiver([secret]) as receiver, worker(db, settings, clock) as ctx:
            endpoint_id = await register(db, receiver.url, secret)
            organisation = await make_organisation(client)
            assert await drain(ctx) == 1

            event = (await feed(client, type="organisation.created"))[-1]
            [got] = receiver.received
            assert got.verified_by == (secret,)
            assert got.webhook_id == event["id"]
            assert got.event == event  # exactly as the change feed shows it
            assert got.event["data"]["id"] == organisation["id"]
            assert got.headers["content-type"] == "application/json"
            assert got.headers["user-agent"] == USER_AGENT
            assert got.headers["host"] == f"127.0.0.1:{receiver.port}"
            [row] = await deliveries(db, endpoint_id)
            assert row.status == DeliveryStatus.delivered and row.delivered_at == clock.now()
            assert (row.attempts, row.last_status_code, row.lease_until) == (1, 200, None)
            [attempt] = await attempts(db, row.id)
            assert (attempt.number, attempt.status_code, attempt.worker) == (1, 200, "w1")
            assert attempt.started_at == clock.now() and attempt.latency_ms >= 0

    async def test_a_delivered_event_is_not_sent_again(
        self, client: httpx.AsyncClient, db: Database, settings: Settings, clock: FixedClock
    ) -> None:
        secret = make_secret()
        async with Receiver([secret]) as receiver, worker(db, settings, clock) as ctx:
            await register(db, receiver.url, secret)
            await make_organisation(client)
            await drain(ctx)
            clock.advance(timedelta(days=2))
            assert await drain(ctx) == 0
            assert len(receiver.received) == 1


class TestMatching:
    async def test_types_programmes_and_registration_time(
        self, client: httpx.AsyncClient, db: Database, settings: Settings, clock: FixedClock
    ) -> None:
        secret = make_secret()
        programme, other = await make_programme(client), await make_programme(client)
        async with (
            Receiver([secret]) as every,
            Receiver([secret]) as teams,
            Receiver([secret]) as one,
            worker(db, settings, clock) as ctx,
        ):
            every_id = await register(db, every.url, secret)
            await register(db, teams.url, secret, event_types=["team.created", "award.created"])
            await register(db, one.url, secret, programme_id=programme["id"])
            top = (await endpoint(db, every_id)).after_position
            team = await make_team(client, programme)
            other_team = await make_team(client, other)
            await make_organisation(client)
            await drain(ctx)

        after = [e for e in await feed(client) if e["position"] > top]
        assert [e["type"] for e in after] == [
            "organisation.created", "team.created",  # the lead partner, then the team
            "organisation.created", "team.created",
            "organisation.created",
        ]  # fmt: skip
        # Every type, every programme: each event after the registration (sent concurrently:
        # they may arrive in any order).
        assert sorted((r.event for r in every.received), key=lambda e: e["position"]) == after
        assert {r.event["resource_id"] for r in teams.received} == {team["id"], other_team["id"]}
        assert [r.event["resource_id"] for r in one.received] == [team["id"]]
        received = [*every.received, *teams.received, *one.received]
        assert all(r.verified_by == (secret,) for r in received)
        # Nothing from before the registration (the programmes' own events).
        assert programme["id"] not in {r.event["resource_id"] for r in received}


class TestRotation:
    async def test_both_secrets_sign_until_the_overlap_ends(
        self, client: httpx.AsyncClient, db: Database, settings: Settings, clock: FixedClock
    ) -> None:
        old, new = make_secret(), make_secret()
        async with Receiver([old, new]) as receiver, worker(db, settings, clock) as ctx:
            endpoint_id = await register(db, receiver.url, old)
            await make_organisation(client)
            await drain(ctx)
            await add_secret(db, endpoint_id, new, old_until=clock.now() + timedelta(hours=24))
            await make_organisation(client)
            await drain(ctx)
            clock.advance(timedelta(hours=24))  # the overlap ends
            await make_organisation(client)
            await drain(ctx)

        first, during, after = receiver.received
        assert first.verified_by == (old,)
        assert set(during.verified_by) == {old, new}
        assert len(during.headers["webhook-signature"].split(" ")) == 2
        assert after.verified_by == (new,)
        assert len(after.headers["webhook-signature"].split(" ")) == 1


class TestThroughTheApi:
    async def test_registered_and_rotated_through_the_api(
        self,
        app: FastAPI,
        client: httpx.AsyncClient,
        db: Database,
        settings: Settings,
        clock: FixedClock,
    ) -> None:
        before = app.state.settings  # the app allowing a loopback receiver, as the worker does
        app.state.settings = before.model_copy(update={"webhook_allow_private": True})
        try:
            async with Receiver() as receiver, worker(db, settings, clock) as ctx:
                made = await client.post(
                    "/api/v1/webhook-endpoints",
                    json={"url": receiver.url, "event_types": ["organisation.created"]},
                )
                assert made.status_code == 201, made.text
                old = made.json()["secret"]
                receiver.secrets.append(old)
                await make_organisation(client)
                await drain(ctx)
                rotated = await client.post(
                    f"/api/v1/webhook-endpoints/{made.json()['id']}/rotate-secret"
                )
                assert rotated.status_code == 200, rotated.text
                new = rotated.json()["secret"]
                receiver.secrets.append(new)
                await make_organisation(client)
                await drain(ctx)
                clock.advance(timedelta(hours=settings.webhook_secret_overlap_hours, minutes=1))
                await make_organisation(client)
                await drain(ctx)
        finally:
            app.state.settings = before
        first, during, after = receiver.received
        assert first.verified_by == (old,)
        assert set(during.verified_by) == {old, new}
        assert after.verified_by == (new,)
        assert {r.event["type"] for r in receiver.received} == {"organisation.created"}


class TestAddresses:
    async def test_loopback_is_refused_when_not_allowed(
        self, client: httpx.AsyncClient, db: Database, settings: Settings, clock: FixedClock
    ) -> None:
        secret = make_secret()
        async with (
            Receiver([secret]) as receiver,
            worker(db, settings, clock, webhook_allow_private=False) as ctx,
        ):
            for url in (receiver.url, f"http://localhost:{receiver.port}/"):
                await register(db, url, secret)
            await make_organisation(client)
            assert await fan_out(ctx) > 0
            assert await deliver_due(ctx) == 2
        assert receiver.received == []  # no request reached it
        rows = await deliveries(db)
        for row in rows:
            assert row.status == DeliveryStatus.pending and row.attempts == 1
            assert row.last_status_code is None and row.last_error.startswith("refused: ")
            assert row.next_attempt_at == clock.now() + timedelta(seconds=5)
        errors = sorted(a.error for a in await attempts(db))
        assert "private, loopback or reserved" in errors[0]
        assert "localhost resolves to" in errors[1]


class TestFailures:
    async def test_a_redirect_is_not_followed_and_a_silent_receiver_times_out(
        self, client: httpx.AsyncClient, db: Database, settings: Settings, clock: FixedClock
    ) -> None:
        secret = make_secret()
        async with (
            Receiver([secret]) as receiver,
            worker(db, settings, clock, webhook_timeout_seconds=0.3) as ctx,
        ):
            await register(db, receiver.url, secret)
            await make_organisation(client)
            receiver.answer(302)  # a redirect (to nowhere: it must not be followed)
            await drain(ctx)
            receiver.hang = True
            clock.advance(DELAYS[0])
            await drain(ctx)
        first, second = await attempts(db)
        assert (first.status_code, first.error) == (302, "")
        assert (second.status_code, second.error) == (None, "no answer within 0.3 s")
        assert len(receiver.received) == 2
        [row] = await deliveries(db)
        assert row.status == DeliveryStatus.pending and row.last_error == second.error
        assert row.next_attempt_at == clock.now() + DELAYS[1]


class TestPinned:
    def test_https_keeps_the_name_for_tls_and_host(self) -> None:
        to = Destination("hooks.example.org", 8443, "93.184.216.34")
        target, host, extensions = pinned("https://hooks.example.org:8443/in?a=1", to)
        assert target == "https://93.184.216.34:8443/in?a=1"
        assert host == {"host": "hooks.example.org:8443"}
        assert extensions == {"sni_hostname": "hooks.example.org"}

    def test_http_and_ipv6(self) -> None:
        to = Destination("hooks.example.org", 80, "2606:2800:220:1::1")
        target, host, extensions = pinned("http://hooks.example.org", to)
        assert target == "http://[2606:2800:220:1::1]:80/"
        assert host == {"host": "hooks.example.org"} and extensions == {}


class TestUnreachable:
    async def test_a_closed_port_is_a_failed_attempt(
        self, client: httpx.AsyncClient, db: Database, settings: Settings, clock: FixedClock
    ) -> None:
        async with Receiver() as gone:
            port = gone.port  # free once it has stopped
        async with worker(db, settings, clock) as ctx:
            await register(db, f"http://127.0.0.1:{port}/hooks", make_secret())
            await make_organisation(client)
            await drain(ctx)
        [row] = await deliveries(db)
        assert row.status == DeliveryStatus.pending and row.last_status_code is None
        assert row.last_error.startswith("ConnectError")
        assert row.next_attempt_at == clock.now() + DELAYS[0]
