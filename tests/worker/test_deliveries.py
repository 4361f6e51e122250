"""The worker's real tasks, end to end: a write made through the API reaches a receiver on
127.0.0.1, signed, delivered by the worker's loop (fan-out, then delivery) with nobody calling a
task by hand. Both engines."""

import asyncio

import httpx
import pytest

from api.config import Settings
from api.db import Database
from api.worker.loop import Worker
from tests.events.test_events import feed
from tests.factories import make_organisation
from tests.webhooks.delivery_helpers import make_secret, register
from tests.webhooks.receiver import Receiver

pytestmark = pytest.mark.anyio
WAIT = 20.0


async def test_a_write_is_delivered_by_the_running_worker(
    client: httpx.AsyncClient, db: Database, settings: Settings
) -> None:
    secret = make_secret()
    loopback = settings.model_copy(update={"webhook_allow_private": True})  # the receiver's
    async with Receiver([secret]) as receiver:
        await register(db, receiver.url, secret, event_types=["organisation.created"])
        worker = Worker(loopback, concurrency=2)
        running = asyncio.create_task(worker.run())
        try:
            organisation = await make_organisation(client)
            async with asyncio.timeout(WAIT):
                while not receiver.received:
                    await asyncio.sleep(0.02)
        finally:
            worker.stop()
            async with asyncio.timeout(WAIT):
                await running
    [got] = receiver.received  # once, though two contexts were looking
    assert got.verified_by == (secret,)
    event = (await feed(client, type="organisation.created"))[-1]
    assert got.webhook_id == event["id"] and got.event["data"]["id"] == organisation["id"]
