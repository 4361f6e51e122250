"""Reminder events: given once for each row and kind as due dates come near or pass, by the
worker's task on a fixed clock, on both engines."""

import asyncio
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from api.config import Settings
from api.db import Database
from api.reminders.service import send_reminders
from api.worker.context import FixedClock
from tests.factories import API, make_award, make_milestone, make_spend_report, make_team
from tests.reminders.helpers import MORNING, context, reminder_events

pytestmark = pytest.mark.anyio


async def report_due(client: httpx.AsyncClient, award: dict[str, Any], due: str) -> Any:
    return await make_spend_report(
        client, award, period_start="2012-12-01", period_end="2013-01-31", due_date=due
    )


async def run(db: Database, settings: Settings, clock: FixedClock) -> int:
    return await send_reminders(context(db, settings, clock))


class TestReminderEvents:
    async def test_the_first_run_gives_what_crosses_today_once(
        self, client: httpx.AsyncClient, db: Database, settings: Settings
    ) -> None:
        team = await make_team(client)
        award = await make_award(client, team)
        due = {
            "yesterday": await make_milestone(client, team, due_date="2013-02-28"),
            "in14": await make_milestone(client, team, due_date="2013-03-15"),
            "long_ago": await make_milestone(client, team, due_date="2013-02-10"),
            "in4": await make_milestone(client, team, due_date="2013-03-05"),
            "in15": await make_milestone(client, team, due_date="2013-03-16"),
        }
        await make_milestone(
            client, team, due_date="2013-02-28", status="achieved", completed_date="2013-02-27"
        )
        await make_milestone(client, team, due_date="2013-02-28", status="cancelled")
        report = await report_due(client, award, "2013-03-15")
        late_report = await report_due(client, award, "2013-02-28")
        clock = FixedClock(MORNING)  # 1 March 2013
        assert await run(db, settings, clock) == 4
        first = [
            ("milestone.overdue", due["yesterday"]["id"]),
            ("milestone.due-soon", due["in14"]["id"]),
            ("report.due-soon", report["id"]),
            ("report.overdue", late_report["id"]),
        ]
        assert sorted(await reminder_events(db)) == sorted(first)
        assert await run(db, settings, clock) == 0  # the same day again: nothing new
        clock.advance(timedelta(hours=10))
        assert await run(db, settings, clock) == 0
        assert len(await reminder_events(db)) == 4

        clock.advance(timedelta(hours=14))  # 2 March, 08:00: one more comes within 14 days
        assert await run(db, settings, clock) == 1
        assert (await reminder_events(db))[4:] == [("milestone.due-soon", due["in15"]["id"])]
        assert await run(db, settings, clock) == 0

    async def test_days_the_worker_missed_are_covered_by_its_next_run(
        self, client: httpx.AsyncClient, db: Database, settings: Settings
    ) -> None:
        team = await make_team(client)
        clock = FixedClock(MORNING)
        assert await run(db, settings, clock) == 0  # starts the cursor on 1 March
        m2 = await make_milestone(client, team, due_date="2013-03-02")
        m3 = await make_milestone(client, team, due_date="2013-03-17")
        m4 = await make_milestone(client, team, due_date="2013-03-19")  # crosses on 5 March
        clock.advance(timedelta(days=3))  # 4 March: 2 and 3 March were missed
        assert await run(db, settings, clock) == 2
        assert sorted(await reminder_events(db)) == sorted(
            [("milestone.overdue", m2["id"]), ("milestone.due-soon", m3["id"])]
        )
        clock.advance(timedelta(days=1))
        assert await run(db, settings, clock) == 1
        assert (await reminder_events(db))[-1] == ("milestone.due-soon", m4["id"])

    async def test_a_late_row_crossing_both_thresholds_at_once_gets_both(
        self, client: httpx.AsyncClient, db: Database, settings: Settings
    ) -> None:
        clock = FixedClock(MORNING)
        await run(db, settings, clock)
        ms = await make_milestone(client, await make_team(client), due_date="2013-03-17")
        clock.advance(timedelta(days=20))  # a worker stopped for 20 days
        await run(db, settings, clock)
        kinds = sorted(kind for kind, row in await reminder_events(db) if row == ms["id"])
        assert kinds == ["milestone.due-soon", "milestone.overdue"]

    async def test_nothing_before_the_reminder_hour(
        self, client: httpx.AsyncClient, db: Database, settings: Settings
    ) -> None:
        await make_milestone(client, await make_team(client), due_date="2013-02-28")
        clock = FixedClock(MORNING.replace(hour=6, minute=59))
        assert await run(db, settings, clock) == 0
        assert await reminder_events(db) == []
        clock.advance(timedelta(minutes=1))
        assert await run(db, settings, clock) == 1

    async def test_the_feed_shows_them_with_their_programme_and_the_system_as_actor(
        self, client: httpx.AsyncClient, db: Database, settings: Settings
    ) -> None:
        team = await make_team(client)
        wide = await make_milestone(client, team, team_id=None, due_date="2013-02-28")
        await run(db, settings, FixedClock(MORNING))
        feed = (await client.get(f"{API}/events", params={"type": "milestone.overdue"})).json()
        [event] = feed["items"]
        assert event["resource_id"] == wide["id"]
        assert event["programme_id"] == team["programme_id"] and event["team_id"] is None
        assert event["data"] == {
            "id": wide["id"],
            "title": wide["title"],
            "due_date": "2013-02-28",
            "status": "planned",
            "team_id": None,
            "programme_id": team["programme_id"],
        }
        async with db.read_engine.connect() as conn:
            actor = await conn.execute(text("SELECT actor FROM events WHERE id = :id"), event)
        assert actor.scalar_one() == "system"

    async def test_two_workers_at_once_give_each_event_once(
        self, client: httpx.AsyncClient, db: Database, settings: Settings
    ) -> None:
        team = await make_team(client)
        for day in ("2013-02-28", "2013-03-15"):
            await make_milestone(client, team, due_date=day)
        clock = FixedClock(MORNING)
        done = await asyncio.gather(
            *(send_reminders(context(db, settings, clock, n)) for n in range(3))
        )
        assert sorted(done) == [0, 0, 2]
        assert len(await reminder_events(db)) == 2
        async with db.read_engine.connect() as conn:
            found = await conn.execute(text("SELECT extra FROM worker_cursors"))
            extra = found.scalar_one()
        assert "2013-03-01" in str(extra)
