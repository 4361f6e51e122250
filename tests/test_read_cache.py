"""Read models answer from the programme's data version: a 304 after one lookup, a cached body
until a write in any process changes the version, and never another scope's body."""

from typing import Any

import httpx
import pytest
from sqlalchemy import event

from api.config import Settings
from api.db import Database
from api.models.enums import Role
from tests.assertions import assert_problem
from tests.conftest import QueryCounter, RoleClient
from tests.factories import API, make_award, make_milestone, make_payment, make_team
from tests.server import running_server


def summary_url(programme_id: str) -> str:
    return f"{API}/programmes/{programme_id}/summary?as_of=2015-12-31"


class TestRevalidation:
    async def test_a_revalidation_is_one_lookup_and_builds_nothing(
        self, client: httpx.AsyncClient, queries: QueryCounter
    ) -> None:
        team = await make_team(client)
        url = summary_url(team["programme_id"])
        first = await client.get(url)
        assert first.status_code == 200
        queries.statements.clear()
        again = await client.get(url, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304
        assert again.headers["ETag"] == first.headers["ETag"]
        assert queries.count == 1, queries.statements

    async def test_a_repeated_read_is_served_from_the_cache(
        self, client: httpx.AsyncClient, queries: QueryCounter
    ) -> None:
        team = await make_team(client)
        url = summary_url(team["programme_id"])
        first = await client.get(url)
        queries.statements.clear()
        again = await client.get(url)
        assert again.status_code == 200
        assert again.content == first.content
        assert queries.count == 1, queries.statements

    async def test_a_write_changes_the_etag_and_the_body(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        award = await make_award(client, team)
        url = summary_url(team["programme_id"])
        first = await client.get(url)
        await make_payment(client, award, amount_pence=1_000, status="paid", paid_date="2013-01-02")
        second = await client.get(url, headers={"If-None-Match": first.headers["ETag"]})
        assert second.status_code == 200
        assert second.headers["ETag"] != first.headers["ETag"]
        assert (
            second.json()["funding"]["paid_pence"] == first.json()["funding"]["paid_pence"] + 1_000
        )

    async def test_each_as_of_has_its_own_etag(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        base = f"{API}/programmes/{team['programme_id']}/summary"
        one = await client.get(base, params={"as_of": "2013-01-01"})
        two = await client.get(base, params={"as_of": "2014-01-01"})
        assert one.headers["ETag"] != two.headers["ETag"]
        again = await client.get(
            base, params={"as_of": "2014-01-01"}, headers={"If-None-Match": one.headers["ETag"]}
        )
        assert again.status_code == 200


class TestCheapPath:
    async def test_a_304_or_a_cached_body_checks_out_no_sqlalchemy_connection(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        """On PostgreSQL the lookup runs on the asyncpg read pool; SQLite has only SQLAlchemy's."""
        team = await make_team(client)
        url = summary_url(team["programme_id"])
        first = await client.get(url)
        checkouts: list[object] = []

        def checkout(*_args: Any) -> None:
            checkouts.append(_args)

        event.listen(db.engine.sync_engine, "checkout", checkout)
        try:
            again = await client.get(url, headers={"If-None-Match": first.headers["ETag"]})
            cached = await client.get(url)
        finally:
            event.remove(db.engine.sync_engine, "checkout", checkout)
        assert again.status_code == 304 and cached.content == first.content
        assert len(checkouts) == (2 if db.read_pool is None else 0)

    @pytest.mark.parametrize(
        ("path", "status", "rule", "loc"),
        [
            ("summary?as_of=0", 422, "validation-error", ["query", "as_of"]),
            ("summary?nope=1", 422, "validation-error", ["query", "nope"]),
            ("team-figures?limit=0", 422, "validation-error", ["query", "limit"]),
            ("timeline?from=2014-01-02&to=2014-01-01", 422, "invalid-query", ["query", "from"]),
        ],
    )
    async def test_a_matching_tag_never_hides_a_refusal(
        self, client: httpx.AsyncClient, path: str, status: int, rule: str, loc: list[str]
    ) -> None:
        team = await make_team(client)
        url = f"{API}/programmes/{team['programme_id']}/{path}"
        response = await client.get(url, headers={"If-None-Match": "*"})
        assert_problem(response, status, rule, loc=loc)

    async def test_refusals_before_the_lookup(
        self, client: httpx.AsyncClient, anon: httpx.AsyncClient, as_role: RoleClient
    ) -> None:
        team = await make_team(client)
        other = await make_team(client, {"id": team["programme_id"]}, name="Other")
        star = {"If-None-Match": "*"}
        long_id = await client.get(f"{API}/programmes/{'x' * 37}/summary", headers=star)
        assert_problem(long_id, 422, "validation-error", loc=["path", "programme_id"])
        anonymous = await anon.get(summary_url(team["programme_id"]), headers=star)
        assert_problem(anonymous, 401, "unauthenticated")
        editor = await as_role(Role.team_editor, teams=[team["id"]])
        theirs = await editor.get(f"{API}/teams/{other['id']}/summary", headers=star)
        assert_problem(theirs, 404, "not-found", loc=["path", "team_id"])

    async def test_a_repeated_parameter_keeps_its_order_in_the_etag(
        self, client: httpx.AsyncClient
    ) -> None:
        team = await make_team(client)
        url = f"{API}/programmes/{team['programme_id']}/team-figures"
        one = await client.get(url, params=[("q", "a"), ("q", "b")])
        two = await client.get(url, params=[("q", "b"), ("q", "a")])
        assert one.status_code == two.status_code == 200
        assert one.headers["ETag"] != two.headers["ETag"]


class TestTeamScope:
    async def test_a_team_editor_never_gets_another_scopes_body_or_304(
        self, client: httpx.AsyncClient, as_role: RoleClient
    ) -> None:
        mine = await make_team(client, name="Mine")
        programme = {"id": mine["programme_id"]}
        theirs = await make_team(client, programme, name="Theirs")
        await make_milestone(client, mine)
        hidden = await make_milestone(client, theirs)
        url = f"{API}/programmes/{programme['id']}/timeline?as_of=2015-12-31"
        admin = await client.get(url)  # fills the cache with the whole programme
        assert hidden["id"] in admin.text
        editor = await as_role(Role.team_editor, teams=[mine["id"]])
        seen = await editor.get(url, headers={"If-None-Match": admin.headers["ETag"]})
        assert seen.status_code == 200
        assert seen.headers["ETag"] != admin.headers["ETag"]
        assert hidden["id"] not in seen.text and theirs["id"] not in seen.text
        cached = await editor.get(url)
        assert cached.content == seen.content


class TestAnotherProcess:
    async def test_writes_in_one_process_are_read_in_the_other(
        self, client: httpx.AsyncClient, settings: Settings
    ) -> None:
        """Read-your-writes across processes, both ways, including through 304s."""
        team = await make_team(client)
        award = await make_award(client, team)
        url = summary_url(team["programme_id"])
        auth = {"Authorization": client.headers["authorization"]}
        async with running_server(settings.database_url) as base:
            async with httpx.AsyncClient(base_url=base, headers=auth, timeout=30) as other:
                here = await client.get(url)
                there = await other.get(url)
                assert here.headers["ETag"] == there.headers["ETag"]
                # A write in the other process: this one's next read (a revalidation) sees it.
                await make_payment(other, award, amount_pence=500, status="paid",
                                   paid_date="2013-01-02")  # fmt: skip
                fresh = await client.get(url, headers={"If-None-Match": here.headers["ETag"]})
                assert fresh.status_code == 200
                assert fresh.json()["funding"]["paid_pence"] == 500
                # And the other way round, after the other process has cached its own copy.
                cached = await other.get(url)
                assert cached.json()["funding"]["paid_pence"] == 500
                await make_payment(client, award, amount_pence=700, status="paid",
                                   paid_date="2013-01-03")  # fmt: skip
                seen = await other.get(url, headers={"If-None-Match": cached.headers["ETag"]})
                assert seen.status_code == 200
                assert seen.json()["funding"]["paid_pence"] == 1_200
