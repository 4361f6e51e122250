"""The replay rules' shared cases (``tests/replay_cases.json``, also run by the dashboard's
``replay.test.ts``): the team read model answers each on both engines, and so does the tests'
own oracle.

Rows are made through the API, then set to each case's values in SQL: a case may be a row from
before decisions were dated (a deferral without its date), which the API no longer accepts.
"""

import json
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import update

from api.dashboard.schemas.team import TeamSummary
from api.db import Database
from api.models import Award, Milestone, Team
from tests.dashboard.build import (
    award_replay,
    milestone_replay,
    read,
    sustainability,
    team_replay,
)
from tests.factories import (
    API,
    Row,
    make_award,
    make_checkin,
    make_milestone,
    make_programme,
    make_team,
)

pytestmark = pytest.mark.anyio

CASES: dict[str, Any] = json.loads(
    (Path(__file__).parents[1] / "replay_cases.json").read_text(encoding="utf-8")
)


def days(row: Row) -> Row:
    """A case's row with its ISO dates as dates (for SQL)."""
    return {
        k: date.fromisoformat(v) if isinstance(v, str) and k.endswith(("_on", "_date")) else v
        for k, v in row.items()
    }


async def summary(client: httpx.AsyncClient, team_id: str, as_of: str) -> Row:
    return await read(client, f"/teams/{team_id}/summary", TeamSummary, as_of=as_of)


class TestOracle:
    """The tests' own replay (used by the property test) agrees with the cases."""

    def test_milestones(self) -> None:
        for c in CASES["milestones"]:
            assert milestone_replay(c["row"], c["as_of"]) == c["expect"], c["case"]

    def test_teams(self) -> None:
        for c in CASES["teams"]:
            assert team_replay(c["row"], c["as_of"]) == c["expect"], c["case"]

    def test_awards(self) -> None:
        for c in CASES["awards"]:
            assert award_replay(c["row"], c["as_of"]) == c["expect"], c["case"]

    def test_sustainability(self) -> None:
        for c in CASES["sustainability"]:
            assert sustainability(c["checkins"], c["as_of"]) == c["expect"]["status"], c["case"]


class TestReadModels:
    """The SQL rules, through the team read model, on both engines."""

    async def test_milestones(self, client: httpx.AsyncClient, db: Database) -> None:
        team = await make_team(client, await make_programme(client, max_teams=None))
        made = []
        for c in CASES["milestones"]:
            row = await make_milestone(client, team, due_date=c["row"]["due_date"])
            async with db.write_engine.begin() as conn:
                values = days({k: v for k, v in c["row"].items() if k != "due_date"})
                await conn.execute(
                    update(Milestone).where(Milestone.id == row["id"]).values(values)
                )
            made.append(row["id"])
        for c, milestone_id in zip(CASES["milestones"], made, strict=True):
            body = await summary(client, team["id"], c["as_of"])
            found = next(m for m in body["milestones"] if m["id"] == milestone_id)
            assert {k: found[k] for k in c["expect"]} == c["expect"], c["case"]

    async def test_teams(self, client: httpx.AsyncClient, db: Database) -> None:
        programme = await make_programme(client, max_teams=None)
        made = []
        for c in CASES["teams"]:
            team = await make_team(client, programme)
            async with db.write_engine.begin() as conn:
                await conn.execute(update(Team).where(Team.id == team["id"]).values(days(c["row"])))
            made.append(team["id"])
        for c, team_id in zip(CASES["teams"], made, strict=True):
            found = (await summary(client, team_id, c["as_of"]))["team"]
            assert {k: found[k] for k in c["expect"]} == c["expect"], c["case"]

    async def test_awards(self, client: httpx.AsyncClient, db: Database) -> None:
        team = await make_team(client, await make_programme(client, max_teams=None))
        made = []
        for c in CASES["awards"]:
            award = await make_award(client, team)
            async with db.write_engine.begin() as conn:
                values = days(c["row"])
                await conn.execute(update(Award).where(Award.id == award["id"]).values(values))
            made.append(award["id"])
        for c, award_id in zip(CASES["awards"], made, strict=True):
            body = await summary(client, team["id"], c["as_of"])
            found = next((a for a in body["awards"] if a["id"] == award_id), None)
            expect = dict(c["expect"])
            assert (found is not None) == expect.pop("counted"), c["case"]
            if found is not None:
                assert {k: found[k] for k in expect} == expect, c["case"]

    async def test_sustainability(self, client: httpx.AsyncClient) -> None:
        programme = await make_programme(client, max_teams=None)
        for c in CASES["sustainability"]:
            team = await make_team(client, programme)
            for checkin in c["checkins"]:
                await make_checkin(client, team, **checkin)
            body = await summary(client, team["id"], c["as_of"])
            assert body["team"]["sustainability_status"] == c["expect"]["status"], c["case"]
            shown = [x["checked_on"] for x in body["sustainability_checkins"]]
            expected = [x["checked_on"] for x in c["checkins"] if x["checked_on"] <= c["as_of"]]
            assert shown == sorted(expected, reverse=True), c["case"]
            listed = await client.get(f"{API}/teams/{team['id']}")
            assert listed.json()["sustainability_status"] == sustainability(
                c["checkins"], "9999-12-31"
            )
