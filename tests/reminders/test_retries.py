"""An SMTP server that is down or refuses: the digest waits for its lease, is tried again, is
never duplicated, and is given up after 3 attempts; a killed worker's digest is sent by another
once its lease expires."""

from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest
from pydantic import SecretStr

from api.auth.principal import SYSTEM, act_as
from api.config import Settings
from api.db import Database
from api.reminders import digest
from api.reminders.service import send_reminders
from api.worker.context import FixedClock
from tests.reminders.helpers import (
    MORNING,
    Inbox,
    context,
    digests,
    free_port,
    mail_settings,
    smtp_server,
)
from tests.reminders.scene import build

pytestmark = pytest.mark.anyio
STAFF = ["fin", "pm"]


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    with smtp_server() as server:
        yield server


async def run(db: Database, settings: Settings, clock: FixedClock) -> int:
    return await send_reminders(context(db, settings, clock))


def after_lease(settings: Settings) -> timedelta:
    return timedelta(seconds=settings.worker_lease_seconds + 1)


class TestRetries:
    async def test_a_refused_digest_is_tried_again_after_its_lease_and_sent_once(
        self, client: httpx.AsyncClient, db: Database, settings: Settings, smtp: tuple[Inbox, int]
    ) -> None:
        inbox, port = smtp
        await build(client, db)
        mailing, clock = mail_settings(settings, port), FixedClock(MORNING)
        inbox.refuse = True
        assert await run(db, mailing, clock) > 0
        rows = await digests(db)
        assert len(rows) == 4 and {(r["status"], r["attempts"]) for r in rows} == {("pending", 1)}
        assert all("refused by the test" in r["error"] for r in rows)
        inbox.refuse = False
        clock.advance(timedelta(seconds=30))
        await run(db, mailing, clock)  # the lease still runs: not yet
        assert inbox.received == []
        clock.advance(after_lease(settings))
        await run(db, mailing, clock)
        assert len(inbox.received) == 4 and len(set(inbox.to())) == 4
        assert {(r["status"], r["attempts"]) for r in await digests(db)} == {("sent", 1)}
        clock.advance(after_lease(settings))
        assert await run(db, mailing, clock) == 0
        assert len(inbox.received) == 4

    async def test_a_server_that_is_down_then_up(
        self, client: httpx.AsyncClient, db: Database, settings: Settings, smtp: tuple[Inbox, int]
    ) -> None:
        inbox, port = smtp
        await build(client, db)
        clock = FixedClock(MORNING)
        await run(db, mail_settings(settings, free_port()), clock)  # nobody listens there
        rows = await digests(db)
        assert {(r["status"], r["attempts"]) for r in rows} == {("pending", 1)}
        assert all(r["error"] for r in rows)
        clock.advance(after_lease(settings))
        await run(db, mail_settings(settings, port), clock)
        assert len(inbox.received) == 4
        assert {r["status"] for r in await digests(db)} == {"sent"}

    async def test_given_up_after_three_attempts(
        self, client: httpx.AsyncClient, db: Database, settings: Settings, smtp: tuple[Inbox, int]
    ) -> None:
        inbox, port = smtp
        await build(client, db)
        mailing, clock = mail_settings(settings, port), FixedClock(MORNING)
        inbox.refuse = True
        for _ in range(3):
            await run(db, mailing, clock)
            clock.advance(after_lease(settings))
        rows = await digests(db)
        assert {(r["status"], r["attempts"]) for r in rows} == {("failed", 3)}
        assert all("554" in r["error"] for r in rows)
        inbox.refuse = False
        assert await run(db, mailing, clock) == 0
        assert inbox.received == []

    async def test_a_killed_workers_digest_is_sent_after_its_lease(
        self, client: httpx.AsyncClient, db: Database, settings: Settings, smtp: tuple[Inbox, int]
    ) -> None:
        inbox, port = smtp
        await build(client, db)
        mailing, clock = mail_settings(settings, port), FixedClock(MORNING)
        async with db.sessionmaker() as session, session.begin():  # made, then the worker died
            act_as(session, SYSTEM)
            made = await digest.plan(session, mailing, clock.now())
        assert len(made) == 4
        await run(db, mailing, clock)  # their leases hold: nobody else sends them yet
        assert inbox.received == []
        clock.advance(after_lease(settings))
        await run(db, mailing, clock)
        await run(db, mailing, clock)
        assert len(inbox.received) == 4 and len(set(inbox.to())) == 4
        assert {(r["status"], r["attempts"]) for r in await digests(db)} == {("sent", 0)}

    async def test_a_digest_unsent_on_its_day_gives_way_to_the_next_days(
        self, client: httpx.AsyncClient, db: Database, settings: Settings, smtp: tuple[Inbox, int]
    ) -> None:
        inbox, port = smtp
        await build(client, db)
        clock = FixedClock(MORNING)
        await run(db, mail_settings(settings, free_port()), clock)  # down all of 1 March
        clock.advance(timedelta(days=1))
        await run(db, mail_settings(settings, port), clock)
        await run(db, mail_settings(settings, port), clock)
        assert len(inbox.received) == 4 and len(set(inbox.to())) == 4  # one each, not two
        rows = await digests(db)
        assert {(str(r["day"]), r["status"]) for r in rows} == {
            ("2013-03-01", "failed"),
            ("2013-03-02", "sent"),
        }
        assert {r["error"] for r in rows if r["status"] == "failed"} == {digest.STALE}


class TestSignIn:
    async def test_the_smtp_login_is_used_and_a_wrong_one_retried(
        self, client: httpx.AsyncClient, db: Database, settings: Settings
    ) -> None:
        await build(client, db)
        clock = FixedClock(MORNING)
        with smtp_server(auth=True) as (inbox, port):
            wrong = mail_settings(
                settings, port, smtp_username="reminders", smtp_password=SecretStr("no")
            )
            await run(db, wrong, clock)
            assert inbox.received == []
            rows = await digests(db)
            assert {(r["status"], r["attempts"]) for r in rows} == {("pending", 1)}
            assert all("535" in r["error"] for r in rows)  # authentication failed
            clock.advance(after_lease(settings))
            right = wrong.model_copy(update={"smtp_password": SecretStr("a long test password")})
            await run(db, right, clock)
            assert len(inbox.received) == 4 and inbox.logins == ["reminders"] * 4
