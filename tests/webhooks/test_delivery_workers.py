"""Several workers: two running fan-out and delivery at once over a burst of events deliver each
event exactly once, and a worker killed mid-delivery loses nothing (its lease runs out and
another worker sends the delivery again: at least once). Both engines."""

import asyncio
from contextlib import suppress
from datetime import timedelta

import httpx
import pytest

from api.config import Settings
from api.db import Database
from api.models.base import utcnow
from api.models.webhook import DeliveryStatus
from api.webhooks.delivery import deliver_due
from api.webhooks.fanout import fan_out
from api.worker.context import FixedClock, WorkerContext
from tests.events.test_events import feed
from tests.imports.data import load_programme
from tests.webhooks.delivery_helpers import (
    attempts,
    deliveries,
    endpoint,
    make_secret,
    register,
    worker,
)
from tests.webhooks.receiver import Receiver

pytestmark = pytest.mark.anyio
TEAMS = 98  # a load of 2 organisations, a programme, 98 teams and awards: 200 events


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(utcnow().replace(microsecond=0))


async def run(ctx: WorkerContext, idle_rounds: int = 3) -> int:
    """Both tasks, over and over as the worker loop runs them, until idle a few times."""
    claimed, idle = 0, 0
    for _ in range(200):
        read = await fan_out(ctx)
        sent = await deliver_due(ctx)
        claimed += sent
        idle = idle + 1 if read == sent == 0 else 0
        if idle >= idle_rounds:
            return claimed
        await asyncio.sleep(0)  # let the other worker in
    raise AssertionError("still busy")


class TestTwoWorkers:
    async def test_each_event_is_delivered_once(
        self, client: httpx.AsyncClient, db: Database, settings: Settings, clock: FixedClock
    ) -> None:
        secret = make_secret()
        async with (
            Receiver([secret]) as receiver,
            worker(db, settings, clock, "w1") as one,
            worker(db, settings, clock, "w2") as two,
        ):
            endpoint_id = await register(db, receiver.url, secret)
            await load_programme(client, teams=TEAMS)
            first, second = await asyncio.gather(run(one), run(two))

        top = (await endpoint(db, endpoint_id)).after_position
        sent = [e["id"] for e in await feed(client) if e["position"] > top]
        assert len(receiver.ids()) == len(sent) == 200
        assert set(receiver.ids()) == set(sent)
        assert max(receiver.ids().values()) == 1  # each exactly once
        assert first + second == 200 and first > 0 and second > 0  # both took a share
        assert receiver.unverified() == []
        rows = await deliveries(db)
        assert len(rows) == 200 and {r.status for r in rows} == {DeliveryStatus.delivered}
        assert len(await attempts(db)) == 200


class TestKilledWorker:
    async def test_its_claimed_delivery_is_taken_up_after_the_lease(
        self, client: httpx.AsyncClient, db: Database, settings: Settings, clock: FixedClock
    ) -> None:
        secret = make_secret()
        async with (
            Receiver([secret], hang=True) as receiver,
            worker(db, settings, clock, "w1") as one,
            worker(db, settings, clock, "w2") as two,
        ):
            await register(db, receiver.url, secret)
            await client.post("/api/v1/organisations", json=_organisation())
            await fan_out(one)
            killed = asyncio.create_task(deliver_due(one))
            await asyncio.wait_for(receiver.arrived.wait(), 10)  # mid-delivery
            killed.cancel()
            with suppress(asyncio.CancelledError):
                await killed
            [row] = await deliveries(db)
            assert (row.status, row.leased_by, row.attempts) == (DeliveryStatus.pending, "w1", 0)

            receiver.hang = False
            assert await deliver_due(two) == 0  # the lease is still running
            clock.advance(timedelta(seconds=settings.worker_lease_seconds + 1))
            assert await deliver_due(two) == 1

        [row] = await deliveries(db)
        assert row.status == DeliveryStatus.delivered and row.attempts == 1
        assert [a.worker for a in await attempts(db, row.id)] == ["w2"]
        assert list(receiver.ids().values()) == [2]  # at least once: the same webhook-id twice
        assert receiver.unverified() == []


def _organisation() -> dict[str, str]:
    return {"name": "Killed Worker Trust", "org_identifier": "GB-KILLED-1", "kind": "charity"}
