"""The task's cost: an idle call only reads; a day's planning takes the same statements for a
batch of people whatever the number of teams and items (one query per kind of person)."""

from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest

from api.auth.principal import SYSTEM, act_as
from api.config import Settings
from api.db import Database
from api.reminders import digest
from api.reminders.service import send_reminders
from api.worker.context import FixedClock
from tests.conftest import QueryCounter
from tests.factories import make_milestone, make_team
from tests.reminders.helpers import MORNING, Inbox, add_person, context, mail_settings
from tests.reminders.helpers import smtp_server as server
from tests.reminders.scene import build

pytestmark = pytest.mark.anyio


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    with server() as running:
        yield running


async def planned(
    db: Database, settings: Settings, clock: FixedClock, counter: QueryCounter
) -> int:
    counter.statements.clear()
    async with db.sessionmaker() as session, session.begin():
        act_as(session, SYSTEM)
        made = await digest.plan(session, settings, clock.now())
    assert made
    return counter.count


class TestBounds:
    async def test_an_idle_call_only_reads(
        self,
        client: httpx.AsyncClient,
        db: Database,
        settings: Settings,
        smtp: tuple[Inbox, int],
        queries: QueryCounter,
    ) -> None:
        inbox, port = smtp
        await build(client, db)
        mailing, clock = mail_settings(settings, port), FixedClock(MORNING)
        assert await send_reminders(context(db, mailing, clock)) > 0
        await send_reminders(context(db, mailing, clock))  # the day's walk ends
        queries.statements.clear()
        assert await send_reminders(context(db, mailing, clock)) == 0
        assert len(queries.statements) == 2, queries.statements
        assert all(s.lstrip().upper().startswith("SELECT") for s in queries.statements)
        assert len(inbox.received) == 4

    async def test_planning_a_batch_costs_the_same_for_more_teams(
        self, client: httpx.AsyncClient, db: Database, settings: Settings, queries: QueryCounter
    ) -> None:
        scene = await build(client, db)
        mailing, clock = mail_settings(settings, 25), FixedClock(MORNING)
        small = await planned(db, mailing, clock, queries)
        for _ in range(6):
            team = await make_team(client, {"id": scene.a["programme_id"]})
            for day in ("2013-03-03", "2013-03-04", "2013-02-01"):
                await make_milestone(client, team, due_date=day)
            await add_person(db, "team_editor", [team["id"]], name=f"Ed {team['name']}")
        await add_person(db, "finance", name="Fin Two")
        clock.advance(timedelta(days=1))
        assert await planned(db, mailing, clock, queries) == small
