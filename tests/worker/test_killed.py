"""A worker process killed (SIGKILL) in the middle of a delivery loses nothing: the delivery
stays claimed until its lease ends, then a second ``shared-purpose worker`` sends it again with
the same ``webhook-id`` (at least once) and records it. Real processes, both engines."""

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from api.config import Settings
from api.db import Database
from api.main import create_app
from api.migrate import upgrade
from api.models.enums import Role
from api.models.webhook import DeliveryStatus
from tests.conftest import api_key, http
from tests.webhooks.delivery_helpers import attempts, deliveries, make_secret, register
from tests.webhooks.receiver import Receiver

pytestmark = pytest.mark.anyio
LEASE = 2  # seconds: the second worker may take the delivery up this long after the claim


@contextmanager
def worker_process(url: str, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    env = {
        **os.environ,
        "SP_DATABASE_URL": url,
        "SP_WEBHOOK_ALLOW_PRIVATE": "true",
        "SP_WORKER_LEASE_SECONDS": str(LEASE),
        "SP_WORKER_POLL_SECONDS": "0.05",
    }
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "worker"], env=env, stdout=out, stderr=out
        )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)


async def test_a_killed_workers_delivery_is_sent_by_the_next(
    empty_db_url: str, tmp_path: Path
) -> None:
    upgrade(empty_db_url)
    settings = Settings(database_url=empty_db_url, frontend_dist="/nonexistent")
    app = create_app(settings.model_copy(update={"worker_in_process": False}))
    log = tmp_path / "workers.log"
    secret = make_secret()
    async with app.router.lifespan_context(app), Receiver([secret], hang=True) as receiver:
        db: Database = app.state.db
        await register(db, receiver.url, secret, event_types=["organisation.created"])
        async with http(app, await api_key(db, Role.admin)) as client:
            body = {"name": "Killed Worker Trust", "org_identifier": "GB-KILL-1", "kind": "charity"}
            assert (await client.post("/api/v1/organisations", json=body)).status_code == 201

        with worker_process(empty_db_url, log) as first:
            await asyncio.wait_for(receiver.arrived.wait(), 30)  # mid-delivery
            first.send_signal(signal.SIGKILL)
            await asyncio.to_thread(first.wait, 10)
        [row] = await deliveries(db)
        assert (row.status, row.attempts) == (DeliveryStatus.pending, 0), log.read_text()
        dead = row.leased_by  # still claimed by the dead worker, until its lease ends
        assert dead is not None

        receiver.hang = False
        receiver.released.set()
        with worker_process(empty_db_url, log):
            async with asyncio.timeout(30):
                while (await deliveries(db))[0].status != DeliveryStatus.delivered:
                    await asyncio.sleep(0.1)
        [row] = await deliveries(db)
        [attempt] = await attempts(db, row.id)
    assert row.attempts == 1 and attempt.status_code == 200 and row.leased_by is None
    assert attempt.worker != dead  # sent and recorded by the second process
    assert list(receiver.ids().values()) == [2]  # the same webhook-id twice: at least once
    assert receiver.unverified() == []
