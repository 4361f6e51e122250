"""Retries follow the schedule exactly (a fixed clock moved by hand, no sleeping), a recovered
receiver gets the delivery on its next try, and an endpoint failing ``webhook_disable_after``
times in a row is disabled with a ``webhook-endpoint.disabled`` event; its deliveries wait until
it is enabled again. Both engines."""

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select

from api.config import Settings
from api.db import Database
from api.models import AuditEvent
from api.models.base import utcnow
from api.models.webhook import DeliveryStatus, EndpointStatus
from api.webhooks.delivery import deliver_due
from api.webhooks.fanout import fan_out
from api.webhooks.schedule import ATTEMPTS, DELAYS
from api.worker.context import FixedClock
from tests.events.test_events import feed
from tests.factories import make_organisation
from tests.webhooks.delivery_helpers import (
    attempts,
    deliveries,
    endpoint,
    make_secret,
    register,
    set_status,
    worker,
)
from tests.webhooks.receiver import Receiver

pytestmark = pytest.mark.anyio
SECOND = timedelta(seconds=1)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(utcnow().replace(microsecond=0))


def test_the_schedule_spans_a_day() -> None:
    assert DELAYS[:4] == (5 * SECOND, 10 * SECOND, 20 * SECOND, 40 * SECOND)
    assert max(DELAYS) == DELAYS[-1] == timedelta(hours=4)
    assert sum(DELAYS, timedelta()) >= timedelta(hours=24)
    assert sum(DELAYS[:-1], timedelta()) < timedelta(hours=24)  # no more tries than it takes
    assert ATTEMPTS == len(DELAYS) + 1 == 18


class TestRetries:
    async def test_a_failing_receiver_is_tried_on_schedule_then_failed(
        self, client: httpx.AsyncClient, db: Database, settings: Settings, clock: FixedClock
    ) -> None:
        secret = make_secret()
        async with Receiver([secret], status=500) as receiver, worker(db, settings, clock) as ctx:
            endpoint_id = await register(db, receiver.url, secret)
            await make_organisation(client)
            assert await fan_out(ctx) > 0
            expected = [clock.now()]
            assert await deliver_due(ctx) == 1
            for delay in DELAYS:
                clock.advance(delay - SECOND)
                assert await deliver_due(ctx) == 0  # not due yet
                clock.advance(SECOND)
                expected.append(clock.now())
                assert await deliver_due(ctx) == 1
            clock.advance(timedelta(days=7))
            assert await deliver_due(ctx) == 0  # nothing more

        [row] = await deliveries(db)
        assert row.status == DeliveryStatus.failed and row.next_attempt_at is None
        assert (row.attempts, row.last_status_code) == (ATTEMPTS, 500)
        tried = await attempts(db, row.id)
        assert [a.started_at for a in tried] == expected
        assert [a.number for a in tried] == list(range(1, ATTEMPTS + 1))
        assert len(receiver.received) == ATTEMPTS
        assert len(set(receiver.ids())) == 1  # the same webhook-id every time
        assert all(r.verified_by for r in receiver.received)
        assert (await endpoint(db, endpoint_id)).failures_in_a_row == ATTEMPTS

    async def test_a_recovered_receiver_gets_it_on_the_next_try(
        self, client: httpx.AsyncClient, db: Database, settings: Settings, clock: FixedClock
    ) -> None:
        secret = make_secret()
        async with Receiver([secret]) as receiver, worker(db, settings, clock) as ctx:
            receiver.answer(500, 503)
            endpoint_id = await register(db, receiver.url, secret)
            await make_organisation(client)
            await fan_out(ctx)
            await deliver_due(ctx)
            [row] = await deliveries(db)
            assert row.next_attempt_at == clock.now() + DELAYS[0]
            clock.advance(DELAYS[0])
            await deliver_due(ctx)
            assert (await endpoint(db, endpoint_id)).failures_in_a_row == 2
            clock.advance(DELAYS[1])
            await deliver_due(ctx)

        [row] = await deliveries(db)
        assert row.status == DeliveryStatus.delivered and row.delivered_at == clock.now()
        assert (row.attempts, row.last_status_code, row.next_attempt_at) == (3, 200, None)
        assert [a.status_code for a in await attempts(db, row.id)] == [500, 503, 200]
        assert (await endpoint(db, endpoint_id)).failures_in_a_row == 0


class TestDisabling:
    async def test_a_run_of_failures_disables_the_endpoint_with_an_event(
        self, client: httpx.AsyncClient, db: Database, settings: Settings, clock: FixedClock
    ) -> None:
        secret = make_secret()
        async with (
            Receiver([secret], status=500) as receiver,
            worker(db, settings, clock, webhook_disable_after=3) as ctx,
        ):
            endpoint_id = await register(db, receiver.url, secret)
            for _ in range(2):
                await make_organisation(client)
            await fan_out(ctx)
            assert await deliver_due(ctx) == 2
            assert (await endpoint(db, endpoint_id)).status == EndpointStatus.active
            clock.advance(DELAYS[0])
            assert await deliver_due(ctx) == 2  # the third failure disables it

            disabled = await endpoint(db, endpoint_id)
            assert disabled.status == EndpointStatus.disabled
            assert disabled.disabled_at == clock.now()
            assert disabled.disabled_reason in (
                "3 failed deliveries in a row; last: HTTP 500",
                "4 failed deliveries in a row; last: HTTP 500",
            )  # the two answers of the batch were recorded concurrently
            events = await feed(client, type="webhook-endpoint.disabled")
            [event] = events
            assert event["resource_id"] == endpoint_id
            assert event["data"]["status"] == "disabled" and "secret" not in event["data"]
            assert event["data"]["disabled_reason"] == disabled.disabled_reason
            async with db.read_engine.connect() as conn:
                audited = await conn.execute(
                    select(AuditEvent.actor_kind, AuditEvent.action).where(
                        AuditEvent.resource == "webhook-endpoints"
                    )
                )
                assert audited.all() == [("system", "disable")]  # the worker acts as the system
            assert event["data"]["disabled_reason"] == disabled.disabled_reason
            async with db.read_engine.connect() as conn:
                audited = await conn.execute(
                    select(AuditEvent.actor_kind, AuditEvent.action).where(
                        AuditEvent.resource == "webhook-endpoints"
                    )
                )
                assert audited.all() == [("system", "disable")]  # the worker acts as the system

            # Its deliveries wait: not claimed while it is disabled, sent once it is enabled.
            receiver.status = 200
            clock.advance(timedelta(hours=1))
            await make_organisation(client)
            await fan_out(ctx)  # a disabled endpoint takes no new events
            assert await deliver_due(ctx) == 0
            await set_status(db, endpoint_id, EndpointStatus.active)
            assert await deliver_due(ctx) == 2
        assert [d.status for d in await deliveries(db)] == [DeliveryStatus.delivered] * 2
        assert len(await feed(client, type="webhook-endpoint.disabled")) == 1
