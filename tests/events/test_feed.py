"""``GET /events``: commit order from a cursor, resumed exactly; filters; the caller's role and
team scope; hostile cursors (README, "Events and the change feed"; ``api/events/service.py``)."""

import asyncio
import random
import string
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import AsyncSession

from api.db import Database
from api.events import cursor, outbox
from api.events.service import readable
from api.models.base import new_id
from api.models.enums import Role
from api.pagination import InvalidCursor
from tests.assertions import assert_problem
from tests.conftest import RoleClient
from tests.events.test_events import FEED, feed
from tests.factories import API, make_milestone, make_programme, make_support, make_team

pytestmark = pytest.mark.anyio


async def page(client: httpx.AsyncClient, **params: Any) -> dict[str, Any]:
    response = await client.get(FEED, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


class TestResuming:
    async def test_across_pages_and_new_writes(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        made = [(await make_milestone(client, team))["id"] for _ in range(5)]
        start = (await feed(client))[-6]["position"] - 1  # from just before the team
        after, seen = cursor.encode(start), []
        while True:
            body = await page(client, after=after, limit=2, type="milestone.created")
            if not body["items"]:
                # Nothing more of these: resume from the feed's top (never from before `after`).
                assert cursor.decode(body["next"]) >= cursor.decode(after)
                break
            assert len(body["items"]) <= 2
            seen += body["items"]
            after = body["next"]
        assert [e["resource_id"] for e in seen] == made
        later = [(await make_milestone(client, team))["id"] for _ in range(3)]
        body = await page(client, after=after, type="milestone.created")
        assert [e["resource_id"] for e in body["items"]] == later  # exactly what came since
        assert (await page(client, after=body["next"]))["items"] == []

    async def test_etag(self, client: httpx.AsyncClient) -> None:
        await make_team(client)
        first = await client.get(FEED)
        again = await client.get(FEED, headers={"If-None-Match": first.headers["etag"]})
        assert again.status_code == 304
        await make_team(client)
        changed = await client.get(FEED, headers={"If-None-Match": first.headers["etag"]})
        assert changed.status_code == 200 and len(changed.json()["items"]) > len(
            first.json()["items"]
        )

    async def test_concurrent_writers_never_let_a_reader_skip(
        self, client: httpx.AsyncClient, db_url: str
    ) -> None:
        """Writers commit while a reader follows the feed: it sees every event once, in
        position order (on PostgreSQL, the advisory lock; on SQLite, one writer at a time)."""
        team = await make_team(client)
        after = (await page(client, limit=500))["next"]
        followed: list[dict[str, Any]] = []
        done = asyncio.Event()

        async def follow() -> None:
            nonlocal after
            while True:
                finished = done.is_set()
                body = await page(client, after=after, limit=7)
                followed.extend(body["items"])
                after = body["next"]
                if finished and not body["items"]:
                    return
                await asyncio.sleep(0)

        async def write(i: int) -> None:
            row = await make_milestone(client, team, title=f"Concurrent {i}")
            url = f"{API}/milestones/{row['id']}"
            response = await client.patch(url, json={"title": f"Renamed {i}"})
            assert response.status_code == 200, response.text

        reader = asyncio.create_task(follow())
        await asyncio.gather(*(write(i) for i in range(24)))
        done.set()
        await reader
        everything = [e for e in await feed(client) if e["position"] > cursor.decode(None)]
        tail = [e for e in everything if e["position"] > followed[0]["position"] - 1]
        assert [e["id"] for e in followed] == [e["id"] for e in tail]
        positions = [e["position"] for e in followed]
        assert positions == sorted(set(positions)) and len(followed) == 48

    async def test_a_later_writer_waits_for_the_earlier_commit(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        """The first writer has its position but has not committed: the second cannot take
        the next one (PostgreSQL: the advisory lock; SQLite: the write lock) until it has, so
        no reader can see the higher position first."""
        ids = [new_id(), new_id()]

        def add(session: AsyncSession, row_id: str) -> None:
            outbox.add(session, resource="organisations", resource_id=row_id, action="create",
                       before=None, after={"id": row_id}, team_id=None)  # fmt: skip

        first = db.sessionmaker()
        await first.begin()
        add(first, ids[0])
        await first.run_sync(outbox._before_commit)  # positioned, not committed

        async def second() -> None:
            async with db.sessionmaker() as session, session.begin():
                add(session, ids[1])

        later = asyncio.create_task(second())
        await asyncio.sleep(0.5)
        assert not later.done()  # waiting for the first commit
        assert [e for e in await feed(client) if e["resource_id"] in ids] == []
        await first.commit()
        await first.close()
        await later
        seen = [e["resource_id"] for e in await feed(client) if e["resource_id"] in ids]
        assert seen == ids


class TestFilters:
    async def test_type_and_programme(self, client: httpx.AsyncClient) -> None:
        one, other = await make_team(client), await make_team(client)
        mine = await make_milestone(client, one)
        await make_milestone(client, other)
        body = await page(client, programme_id=one["programme_id"], type="milestone.created")
        assert [e["resource_id"] for e in body["items"]] == [mine["id"]]
        both = await page(client, type=["team.created", "milestone.created"], limit=500)
        assert {e["type"] for e in both["items"]} == {"team.created", "milestone.created"}

    async def test_unknown_type_is_refused(self, client: httpx.AsyncClient) -> None:
        response = await client.get(FEED, params={"type": "milestone.exploded"})
        assert_problem(response, 422, "invalid-query", loc=["query", "type"])

    @pytest.mark.parametrize(
        "bad",
        [
            "x",
            "cDo=",
            "cDotMQ",
            "cDoxLjU",
            "cDowMQ",
            "%00",
            "q" * 41,
            "cDo5OTk5OTk5OTk5OTk5OTk5OTk5",
        ],
    )
    async def test_bad_cursors_are_refused(self, client: httpx.AsyncClient, bad: str) -> None:
        response = await client.get(FEED, params={"after": bad})
        assert_problem(response, 400, "invalid-cursor", loc=["query", "after"])

    async def test_hostile_cursors_never_give_a_500(self, client: httpx.AsyncClient) -> None:
        """Through the app, the kinds of text the decoder is fuzzed with below (seeded)."""
        rng = random.Random(14)
        alphabet = string.printable + "\u00e9\u2028\ud7ff\U0001f600"
        cursors = ["".join(rng.choices(alphabet, k=rng.randint(1, 60))) for _ in range(60)]
        cursors += [
            cursor.encode(rng.randint(0, 2**63 - 1))[: rng.randint(1, 12)] for _ in range(20)
        ]
        for bad in cursors:
            response = await client.get(FEED, params={"after": bad})
            assert response.status_code in (200, 400, 422), (bad, response.text)

    async def test_anonymous_is_refused(self, anon: httpx.AsyncClient) -> None:
        assert_problem(await anon.get(FEED), 401, "unauthenticated")


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=60) | st.binary(max_size=40).map(lambda b: b.hex()))
def test_any_cursor_decodes_to_a_position_or_is_refused(text: str) -> None:
    try:
        position = cursor.decode(text)
    except InvalidCursor as exc:
        assert exc.status == 400
        return
    assert 0 <= position < 2**63 and cursor.decode(cursor.encode(position)) == position


@settings(max_examples=200, deadline=None)
@given(position=st.integers(min_value=0, max_value=2**63 - 1))
def test_cursors_round_trip(position: int) -> None:
    assert cursor.decode(cursor.encode(position)) == position


class TestWhoSeesWhat:
    async def test_roles_see_the_resources_they_may_read(
        self, client: httpx.AsyncClient, as_role: RoleClient
    ) -> None:
        user = {"email": "bo@example.org", "name": "Bo", "password": "x" * 16, "role": "admin"}
        assert (await client.post(f"{API}/users", json=user)).status_code == 201
        team = await make_team(client)
        await make_milestone(client, team)
        for role in Role:
            caller = await as_role(role, [team["id"]] if role == Role.team_editor else [])
            seen = {e["resource"] for e in await feed(caller)}
            assert seen <= set(readable(role)), role
            assert ("users" in seen) == (role == Role.admin), role
            assert "milestones" in seen, role

    async def test_a_team_editor_sees_its_teams_and_programme_wide_rows(
        self, client: httpx.AsyncClient, as_role: RoleClient
    ) -> None:
        programme = await make_programme(client)
        mine, theirs = await make_team(client, programme), await make_team(client, programme)
        own = await make_milestone(client, mine)
        other = await make_milestone(client, theirs)
        wide = await make_milestone(client, mine, team_id=None)
        shared = await make_support(
            client, mine, type="learning_event", team_ids=[mine["id"], theirs["id"]]
        )
        elsewhere = await make_support(client, theirs)
        editor = await as_role(Role.team_editor, [mine["id"]])
        ids = {e["resource_id"] for e in await feed(editor)}
        assert {own["id"], wide["id"], shared["id"]} <= ids
        assert other["id"] not in ids and elsewhere["id"] not in ids
        assert theirs["id"] in ids  # teams are not team-scoped: every reader sees them

    async def test_a_reader_moves_past_what_it_may_not_see(
        self, client: httpx.AsyncClient, as_role: RoleClient
    ) -> None:
        """A page that is not full ends at the feed's top, not at the caller's last event: the
        next read starts after the other teams' events instead of passing over them again."""
        programme = await make_programme(client)
        mine, theirs = await make_team(client, programme), await make_team(client, programme)
        editor = await as_role(Role.team_editor, [mine["id"]])
        start = (await page(editor, limit=500))["next"]
        for _ in range(3):
            await make_milestone(client, theirs)
        top = (await feed(client))[-1]["position"]
        body = await page(editor, after=start, type="milestone.created")
        assert body["items"] == [] and cursor.decode(body["next"]) == top
        own = await make_milestone(client, mine)
        later = await page(editor, after=body["next"], type="milestone.created")
        assert [e["resource_id"] for e in later["items"]] == [own["id"]]

    async def test_a_full_page_goes_on_from_its_last_event(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        for _ in range(3):
            await make_milestone(client, team)
        body = await page(client, limit=2)
        assert cursor.decode(body["next"]) == body["items"][-1]["position"]
