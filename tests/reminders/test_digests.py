"""Digests reach a real SMTP server (aiosmtpd on 127.0.0.1) once per person per day, listing
what is due for that person, on both engines; the clock is fixed (no sleeping)."""

import asyncio
from datetime import timedelta

import httpx
import pytest

from api.config import Settings
from api.db import Database
from api.reminders.service import send_reminders
from api.worker.context import FixedClock
from tests.conftest import count_rows
from tests.reminders.helpers import MORNING, Inbox, context, digests, mail_settings, smtp_server
from tests.reminders.scene import build, prefer

pytestmark = pytest.mark.anyio


@pytest.fixture
def smtp() -> object:
    with smtp_server() as server:
        yield server


def text_of(inbox: Inbox, email: str) -> tuple[str, str]:
    """(subject, body) of the one message to ``email``."""
    [message] = [m for m in inbox.messages() if email in str(m["To"])]
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return str(message["Subject"]), payload.decode()


async def run(db: Database, settings: Settings, clock: FixedClock) -> int:
    return await send_reminders(context(db, settings, clock))


class TestDigests:
    async def test_each_person_gets_one_digest_of_their_own_items(
        self, client: httpx.AsyncClient, db: Database, settings: Settings, smtp: tuple[Inbox, int]
    ) -> None:
        inbox, port = smtp
        scene = await build(client, db)
        mailing = mail_settings(settings, port)
        clock = FixedClock(MORNING)
        await run(db, mailing, clock)
        to = [scene.email(w) for w in ("ed_a", "ed_b", "fin", "pm")]
        assert inbox.to() == sorted(to)  # no viewer, admin or disabled user

        subject, body = text_of(inbox, scene.email("ed_a"))
        assert subject == "Shared Purpose: 1 due soon, 2 overdue (1 March 2013)"
        assert body.startswith("Hello Ed A,")
        assert "A soon" in body and "A late" in body and "Spend report for" in body
        assert "B soon" not in body and "Wide" not in body and "A far" not in body
        assert body.index("Overdue (2)") < body.index("A late") < body.index("Due soon (1)")

        subject, body = text_of(inbox, scene.email("ed_b"))
        assert subject == "Shared Purpose: 2 due soon, 0 overdue (1 March 2013)"
        assert "B soon" in body and "A " not in body.replace("Ed B", "")

        for staff in ("pm", "fin"):  # programme-wide milestones, every team's overdue reports
            subject, body = text_of(inbox, scene.email(staff))
            assert subject == "Shared Purpose: 1 due soon, 2 overdue (1 March 2013)"
            assert "Wide soon" in body and "Wide late" in body and "(Team A)" in body
            assert "A soon" not in body and "(Team B)" not in body

        assert await run(db, mailing, clock) == 0  # the same day again: nothing
        clock.advance(timedelta(hours=15))
        await run(db, mailing, clock)
        assert len(inbox.received) == 4
        assert {d["status"] for d in await digests(db)} == {"sent"}

        clock.advance(timedelta(hours=9))  # 2 March, 08:00: a new day, a new digest each
        await run(db, mailing, clock)
        assert len(inbox.received) == 8
        assert await count_rows(db, "reminder_digests") == 8

    async def test_workers_at_once_still_send_one_each(
        self, client: httpx.AsyncClient, db: Database, settings: Settings, smtp: tuple[Inbox, int]
    ) -> None:
        inbox, port = smtp
        scene = await build(client, db)
        mailing = mail_settings(settings, port)
        clock = FixedClock(MORNING)
        runs = [send_reminders(context(db, mailing, clock, n)) for n in range(4)]
        await asyncio.gather(*runs)
        await asyncio.gather(*(send_reminders(context(db, mailing, clock, n)) for n in range(4)))
        assert inbox.to() == sorted(scene.email(w) for w in ("ed_a", "ed_b", "fin", "pm"))

    async def test_preferences_are_honoured(
        self, client: httpx.AsyncClient, db: Database, settings: Settings, smtp: tuple[Inbox, int]
    ) -> None:
        inbox, port = smtp
        scene = await build(client, db)
        await prefer(db, scene.people["ed_a"], days_ahead=90, include_overdue=False)
        await prefer(db, scene.people["ed_b"], enabled=False)
        await prefer(db, scene.people["pm"], days_ahead=5)  # Wide soon is 9 days off
        await run(db, mail_settings(settings, port), FixedClock(MORNING))
        assert scene.email("ed_b") not in inbox.to()
        subject, body = text_of(inbox, scene.email("ed_a"))
        assert subject == "Shared Purpose: 2 due soon, 0 overdue (1 March 2013)"
        assert "A far" in body and "A late" not in body
        subject, body = text_of(inbox, scene.email("pm"))
        assert subject == "Shared Purpose: 0 due soon, 2 overdue (1 March 2013)"
        assert "Wide soon" not in body

    async def test_nothing_before_the_hour_nor_without_a_server(
        self, client: httpx.AsyncClient, db: Database, settings: Settings, smtp: tuple[Inbox, int]
    ) -> None:
        inbox, port = smtp
        await build(client, db)
        await run(db, mail_settings(settings, port), FixedClock(MORNING.replace(hour=6)))
        await run(db, settings, FixedClock(MORNING))  # smtp_host '': none sent, none made
        assert inbox.received == [] and await count_rows(db, "reminder_digests") == 0

    async def test_a_long_digest_is_cut_at_50_lines_with_a_link(
        self, client: httpx.AsyncClient, db: Database, settings: Settings, smtp: tuple[Inbox, int]
    ) -> None:
        inbox, port = smtp
        scene = await build(client, db)
        for _ in range(50):
            await client.post(
                "/api/v1/milestones",
                json={
                    "programme_id": scene.a["programme_id"],
                    "team_id": scene.a["id"],
                    "title": "More",
                    "kind": "project",
                    "due_date": "2013-03-07",
                },
            )
        mailing = mail_settings(settings, port, public_base_url="https://sp.example.org")
        await run(db, mailing, FixedClock(MORNING))
        subject, body = text_of(inbox, scene.email("ed_a"))
        assert subject == "Shared Purpose: 51 due soon, 2 overdue (1 March 2013)"
        assert sum(line.startswith("  ") for line in body.splitlines()) == 50
        assert "and 3 more: https://sp.example.org/#/due" in body
