"""A programme of two teams with items due and overdue on 1 March 2013, and its people."""

from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import insert

from api.db import Database
from api.models import ReminderPreference
from tests.factories import Row, make_award, make_milestone, make_spend_report, make_team
from tests.reminders.helpers import add_person


@dataclass
class Scene:
    a: Row
    b: Row
    items: dict[str, Row]
    people: dict[str, Row]

    def email(self, who: str) -> str:
        return str(self.people[who]["email"])


async def report(client: httpx.AsyncClient, team: Row, due: str) -> Row:
    award = await make_award(client, team)
    return await make_spend_report(
        client, award, period_start="2012-12-01", period_end="2013-01-31", due_date=due
    )


async def build(client: httpx.AsyncClient, db: Database) -> Scene:
    a = await make_team(client, name="Team A")
    programme = {"id": a["programme_id"]}
    b = await make_team(client, programme, name="Team B")
    items = {
        "a_soon": await make_milestone(client, a, due_date="2013-03-05", title="A soon"),
        "a_late": await make_milestone(client, a, due_date="2013-02-20", title="A late"),
        "a_far": await make_milestone(client, a, due_date="2013-05-01", title="A far"),
        "b_soon": await make_milestone(client, b, due_date="2013-03-06", title="B soon"),
        "wide_soon": await make_milestone(
            client, a, team_id=None, due_date="2013-03-10", title="Wide soon"
        ),
        "wide_late": await make_milestone(
            client, a, team_id=None, due_date="2013-02-15", title="Wide late"
        ),
        "a_report_late": await report(client, a, "2013-02-25"),
        "b_report_soon": await report(client, b, "2013-03-08"),
    }
    await make_milestone(
        client, a, due_date="2013-03-04", status="achieved", completed_date="2013-02-27"
    )
    people = {
        "ed_a": await add_person(db, "team_editor", [a["id"]], name="Ed A"),
        "ed_b": await add_person(db, "team_editor", [b["id"]], name="Ed B"),
        "pm": await add_person(db, "programme_manager", name="Pam Manager"),
        "fin": await add_person(db, "finance", name="Fin Ance"),
        "viewer": await add_person(db, "viewer", name="Vi Ewer"),
        "admin": await add_person(db, "admin", name="Ad Min"),
        "gone": await add_person(db, "team_editor", [a["id"]], name="Gone Editor", disabled=True),
    }
    return Scene(a, b, items, people)


async def prefer(db: Database, user: Row, **choices: Any) -> None:
    row = {"user_id": user["id"], "enabled": True, "days_ahead": 14, "include_overdue": True}
    async with db.sessionmaker() as session, session.begin():
        await session.execute(insert(ReminderPreference).values(row | choices))
