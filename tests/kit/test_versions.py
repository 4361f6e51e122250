"""Data versions: every committed write gives the programmes it touched a new token, and only
those; a refused write gives none. The read models' ETags and cache rest on this."""

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from sqlalchemy import text

from api.db import Database
from api.imports.service import Loader
from tests.events.test_load_events import sources
from tests.factories import (
    API,
    Row,
    make_award,
    make_evidence,
    make_indicator,
    make_milestone,
    make_organisation,
    make_partner,
    make_payment,
    make_period,
    make_programme,
    make_quality_goal,
    make_support,
    make_team,
)
from tests.imports.data import programme_files, table


async def tokens(db: Database) -> dict[str, str]:
    async with db.read_engine.connect() as conn:
        rows = await conn.execute(text("SELECT programme_id, token FROM programme_versions"))
        return {str(p): str(t) for p, t in rows.all()}


async def changed(db: Database, write: Callable[[], Awaitable[Any]]) -> set[str]:
    """The programmes whose version the write changed."""
    before = await tokens(db)
    await write()
    after = await tokens(db)
    return {p for p, t in after.items() if before.get(p) != t}


async def patch(client: httpx.AsyncClient, path: str, row: Row, body: dict[str, Any]) -> None:
    response = await client.patch(
        f"{API}/{path}/{row['id']}", json=body, headers={"If-Match": f'"{row["version"]}"'}
    )
    assert response.status_code == 200, response.text


class TestWritesTouchTheirProgramme:
    async def test_each_kind_of_row_touches_its_programme_only(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        other = await make_team(client)  # another programme, which no write below may touch
        team = await make_team(client)
        mine = team["programme_id"]
        award = await make_award(client, team)
        goal = await make_quality_goal(client, team)
        indicator = await make_indicator(client, goal)
        writes: dict[str, Callable[[], Awaitable[Any]]] = {
            "milestone": lambda: make_milestone(client, team),
            "award": lambda: make_award(client, team, amount_pence=1_000),
            "payment": lambda: make_payment(client, award, amount_pence=1_000),
            "support activity": lambda: make_support(client, team),
            "evidence": lambda: make_evidence(client, team),
            "quality goal": lambda: make_quality_goal(client, team),
            "indicator": lambda: make_indicator(client, goal),
            "indicator period": lambda: make_period(client, indicator),
            "team": lambda: patch(client, "teams", team, {"summary": "changed"}),
        }
        organisation = await make_organisation(client)  # organisations touch every programme
        writes["partner"] = lambda: make_partner(client, team, organisation_id=organisation["id"])
        for what, write in writes.items():
            assert await changed(db, write) == {mine}, what
        assert other["programme_id"] != mine

    async def test_a_row_moved_between_programmes_touches_both(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        there = await make_programme(client)
        moved = await changed(
            db, lambda: patch(client, "teams", team, {"programme_id": there["id"]})
        )
        assert moved == {team["programme_id"], there["id"]}

    async def test_a_deleted_row_touches_its_programme(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        milestone = await make_milestone(client)

        async def delete() -> None:
            response = await client.delete(
                f"{API}/milestones/{milestone['id']}",
                headers={"If-Match": f'"{milestone["version"]}"'},
            )
            assert response.status_code == 204

        assert await changed(db, delete) == {milestone["programme_id"]}

    async def test_a_refused_write_touches_nothing(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        award = await make_award(client)

        async def overdraw() -> None:
            body = {"award_id": award["id"], "instalment": "initial", "amount_pence": 10**11}
            body |= {"scheduled_date": "2013-01-01"}
            response = await client.post(
                f"{API}/payments", json=body, headers={"Idempotency-Key": str(uuid.uuid4())}
            )
            assert response.status_code == 409, response.text  # more than the award

        assert await changed(db, overdraw) == set()

    async def test_a_read_touches_nothing(self, client: httpx.AsyncClient, db: Database) -> None:
        team = await make_team(client)
        assert await changed(db, lambda: client.get(f"{API}/teams/{team['id']}")) == set()

    async def test_a_bulk_load_touches_every_programme(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        team = await make_team(client)
        other = await make_team(client)
        doc = {"organisations": [{"ref": "loaded", "name": "Loaded", "org_identifier": "GB-CHC-9",
                                  "kind": "charity"}]}  # fmt: skip

        async def load() -> None:
            response = await client.post(f"{API}/imports", json=doc)
            assert response.status_code == 200, response.text  # a load answers with its report

        assert await changed(db, load) >= {team["programme_id"], other["programme_id"]}

    async def test_a_refused_load_after_a_good_one_keeps_the_good_ones_programme(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        """``shared-purpose load`` runs its loads in one transaction, each in a savepoint: the
        refused one's rollback (of its savepoint) must not forget what the good one touched."""
        bad = {"organisations.csv": table([["ref", "name", "org_identifier", "kind"],
                                           ["x", "X", "GB-X-1", "not-a-kind"]])}  # fmt: skip

        async def both() -> None:
            async with db.sessionmaker() as session, session.begin():
                assert (await Loader(session).load(sources(programme_files(1)))).ok
                assert not (await Loader(session).load(sources(bad))).ok

        touched = await changed(db, both)
        async with db.read_engine.connect() as conn:
            programmes = set((await conn.execute(text("SELECT id FROM programmes"))).scalars())
        assert len(touched) == 1 and touched <= programmes  # the loaded programme
