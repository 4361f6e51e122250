"""The worker's task (``api/webhooks/flight.py``): sends stay in flight across calls, so an
endpoint that hangs holds at most ``PER_ENDPOINT`` slots while another endpoint's deliveries all
go through; a stopping context records what it has in flight; and the loop's task delivers a
burst exactly once, like ``deliver_due``. Both engines."""

import asyncio

import httpx
import pytest

from api.config import Settings
from api.db import Database
from api.models.base import utcnow
from api.models.webhook import DeliveryStatus
from api.webhooks import flight
from api.webhooks.fanout import fan_out
from api.worker.context import FixedClock, WorkerContext
from tests.factories import make_milestone, make_team
from tests.webhooks.delivery_helpers import deliveries, make_secret, register, worker
from tests.webhooks.receiver import Receiver

pytestmark = pytest.mark.anyio
WRITES = 10


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(utcnow().replace(microsecond=0))


async def rounds(ctx: WorkerContext, until: "asyncio.Event | None" = None, most: int = 200) -> None:
    """Fan out and deliver as the loop does, until ``until`` is set or nothing is left to do."""
    idle = 0
    for _ in range(most):
        did = await fan_out(ctx) + await flight.deliver_some(ctx)
        if until is not None and until.is_set():
            return
        idle = idle + 1 if did == 0 and not flight.flight(ctx).sends else 0
        if until is None and idle >= 3:
            return
    raise AssertionError("still busy")


async def test_a_hanging_receiver_holds_only_its_slots(
    client: httpx.AsyncClient, db: Database, settings: Settings, clock: FixedClock
) -> None:
    fast_secret, slow_secret = make_secret(), make_secret()
    async with (
        Receiver([fast_secret]) as fast,
        Receiver([slow_secret], hang=True) as slow,
        worker(db, settings, clock) as ctx,
    ):
        fast_id = await register(db, fast.url, fast_secret, event_types=["milestone.created"])
        slow_id = await register(db, slow.url, slow_secret, event_types=["milestone.created"])
        team = await make_team(client)
        for _ in range(WRITES):
            await make_milestone(client, team)
        done = asyncio.Event()

        async def all_fast() -> None:
            while len(fast.ids()) < WRITES:
                await asyncio.sleep(0.01)
            done.set()

        watcher = asyncio.create_task(all_fast())
        await asyncio.wait_for(rounds(ctx, done), 30)
        await watcher
        # Every fast delivery went through while the slow receiver held its requests.
        assert len(slow.received) == flight.PER_ENDPOINT < WRITES
        states = {r.endpoint_id: r.status for r in await deliveries(db, fast_id)}
        assert set(states.values()) == {DeliveryStatus.delivered}
        slow.hang = False
        slow.released.set()
        await asyncio.wait_for(rounds(ctx), 30)
        await flight.drain(ctx)
    assert max(slow.ids().values()) == 1 and len(slow.ids()) == WRITES
    assert {r.status for r in await deliveries(db, slow_id)} == {DeliveryStatus.delivered}
    assert fast.unverified() == slow.unverified() == []


async def test_a_stopping_context_records_what_is_in_flight(
    client: httpx.AsyncClient, db: Database, settings: Settings, clock: FixedClock
) -> None:
    secret = make_secret()
    async with Receiver([secret], hang=True) as receiver, worker(db, settings, clock) as ctx:
        await register(db, receiver.url, secret, event_types=["team.created"])
        await make_team(client)
        await fan_out(ctx)
        await flight.deliver_some(ctx)
        await asyncio.wait_for(receiver.arrived.wait(), 10)
        assert len(flight.flight(ctx).sends) == 1
        [row] = await deliveries(db)
        assert row.attempts == 0  # sent, not yet answered
        receiver.released.set()
        for close in ctx.closing:  # what the loop does on its way out
            await close()
    [row] = await deliveries(db)
    assert row.status == DeliveryStatus.delivered and row.attempts == 1
    assert not flight.flight(ctx).sends
