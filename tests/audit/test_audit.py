"""The audit trail: every successful write, who/when/what/before/after/request id; read by admins
and programme managers; append-only (on PostgreSQL the database itself refuses changes)."""

import sqlite3
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import psycopg
import pytest
from sqlalchemy import insert

from api.auth.permissions import PERMISSIONS, Action, allowed
from api.db import Database
from api.migrate import upgrade
from api.models import AuditEvent
from api.models.base import new_id, utcnow
from api.models.enums import Role
from tests.assertions import assert_problem
from tests.conftest import RoleClient, _psycopg_dsn
from tests.factories import API, make_milestone, make_team, milestone_body

pytestmark = pytest.mark.anyio
EVENTS = f"{API}/audit-events"


async def events(client: httpx.AsyncClient, **params: str) -> list[dict[str, object]]:
    response = await client.get(EVENTS, params={"limit": 500, **params})
    assert response.status_code == 200, response.text
    items: list[dict[str, object]] = response.json()["items"]
    return items


class TestRecorded:
    async def test_create_update_delete(self, client: httpx.AsyncClient) -> None:
        me = (await client.get(f"{API}/auth/me")).json()
        team = await make_team(client)
        created = await client.post(
            f"{API}/milestones", json=milestone_body(team), headers={"X-Request-ID": "req-1"}
        )
        row = created.json()
        url = f"{API}/milestones/{row['id']}"
        updated = (await client.patch(url, json={"title": "Board sign-off"})).json()
        assert (await client.delete(url)).status_code == 204
        trail = await events(client, resource="milestones", resource_id=row["id"])
        assert [e["action"] for e in trail] == ["delete", "update", "create"]  # newest first
        delete, update, create = trail
        assert create["before"] is None and create["after"] == row
        assert create["request_id"] == "req-1" == created.headers["x-request-id"]
        assert update["before"] == row and update["after"] == updated
        assert delete["before"] == updated and delete["after"] is None
        for event in trail:
            assert (event["actor_kind"], event["actor_id"]) == ("api_key", me["id"])
            assert event["actor_name"] == me["name"] and event["team_id"] == team["id"]
            assert datetime.fromisoformat(str(event["occurred_at"])).tzinfo is not None

    async def test_a_refused_write_records_nothing(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        before = await events(client)
        body = milestone_body(team, due_date="2030-01-01")  # outside the window
        assert (await client.post(f"{API}/milestones", json=body)).status_code == 422
        assert await events(client) == before

    async def test_no_secret_is_recorded(self, client: httpx.AsyncClient) -> None:
        key = (await client.post(f"{API}/api-keys", json={"name": "k", "role": "viewer"})).json()
        user = {"email": "a@example.org", "name": "A", "password": "x" * 20, "role": "viewer"}
        await client.post(f"{API}/users", json=user)
        trail = str(await events(client))
        assert key["key"] not in trail and "x" * 20 not in trail and "argon2" not in trail
        assert "hash" not in trail

    async def test_team_summary_history(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        other = await make_team(client)
        mine = await make_milestone(client, team)
        await make_milestone(client, other)
        trail = await events(client, team_id=team["id"])
        assert {e["resource_id"] for e in trail} == {team["id"], mine["id"]}


class TestReading:
    async def test_filters(self, client: httpx.AsyncClient, as_role: RoleClient) -> None:
        team = await make_team(client)
        editor = await as_role(Role.team_editor, [team["id"]])
        editor_id = (await editor.get(f"{API}/auth/me")).json()["id"]
        await make_milestone(editor, team)
        await make_milestone(client, team)
        by_editor = await events(client, actor_id=editor_id)
        assert [(e["resource"], e["action"]) for e in by_editor] == [("milestones", "create")]
        assert len(await events(client, resource="milestones")) == 2
        assert len(await events(client, resource="milestones", action="update")) == 0
        newest = await events(client, resource="milestones")
        cut = str(newest[0]["occurred_at"])
        assert [
            e["id"] for e in await events(client, resource="milestones", occurred_from=cut)
        ] == [newest[0]["id"]]
        later = (datetime.fromisoformat(cut) + timedelta(days=1)).isoformat()
        assert await events(client, occurred_from=later) == []
        assert len(await events(client, resource="milestones", occurred_to=cut)) == 2

    async def test_pages(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        for _ in range(4):
            await make_milestone(client, team)
        first = (await client.get(EVENTS, params={"resource": "milestones", "limit": 3})).json()
        rest = await client.get(
            EVENTS, params={"resource": "milestones", "limit": 3, "cursor": first["next_cursor"]}
        )
        ids = [e["id"] for e in first["items"] + rest.json()["items"]]
        assert len(ids) == len(set(ids)) == 4

    @pytest.mark.parametrize("role", [Role.finance, Role.team_editor, Role.viewer])
    async def test_only_admins_and_programme_managers(
        self, client: httpx.AsyncClient, as_role: RoleClient, role: Role
    ) -> None:
        teams = [(await make_team(client))["id"]] if role == Role.team_editor else []
        assert_problem(await (await as_role(role, teams)).get(EVENTS), 403, "forbidden")
        manager = await as_role(Role.programme_manager)
        assert (await manager.get(EVENTS)).status_code == 200

    @pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "POST"])
    async def test_no_route_changes_it(self, client: httpx.AsyncClient, method: str) -> None:
        response = await client.request(method, EVENTS)
        assert response.status_code == 405 and response.headers["allow"] == "GET, HEAD"


class TestAppendOnlyInPostgreSQL:
    """The migration's trigger refuses UPDATE, DELETE and TRUNCATE, whoever connects."""

    @pytest.mark.parametrize(
        "statement",
        [
            "UPDATE audit_events SET actor_name = 'someone else'",
            "DELETE FROM audit_events",
            "TRUNCATE audit_events",
        ],
    )
    def test_refused(self, postgres_url: str, statement: str) -> None:
        with psycopg.connect(_psycopg_dsn(postgres_url), autocommit=True) as conn:
            conn.execute(
                "INSERT INTO audit_events (id, occurred_at, actor_kind, actor_name, resource, "
                "resource_id, action) VALUES ('e1', now(), 'system', 'cli', 'teams', 't1', "
                "'create')"
            )
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
                conn.execute(statement)
            assert conn.execute("SELECT actor_name FROM audit_events").fetchall() == [("cli",)]


class TestAppendOnlyInSQLite:
    """Triggers refuse UPDATE and DELETE there too (SQLite has no TRUNCATE)."""

    @pytest.mark.parametrize(
        "statement",
        ["UPDATE audit_events SET actor_name = 'someone else'", "DELETE FROM audit_events"],
    )
    def test_refused(self, tmp_path: Path, statement: str) -> None:
        path = tmp_path / "audit.db"
        upgrade(f"sqlite:///{path}")
        with closing(sqlite3.connect(path)) as conn:
            conn.execute(
                "INSERT INTO audit_events (id, occurred_at, actor_kind, actor_name, resource, "
                "resource_id, action) VALUES ('e1', '2026-11-26 13:00:00', 'system', 'cli', "
                "'teams', 't1', 'create')"
            )
            conn.commit()
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(statement)
            assert conn.execute("SELECT actor_name FROM audit_events").fetchall() == [("cli",)]


class TestFollowsReadPermission:
    """A role sees the events of exactly the resources it may read itself."""

    async def test_every_resource_for_every_role(
        self, client: httpx.AsyncClient, as_role: RoleClient, db: Database
    ) -> None:
        async with db.write_engine.begin() as conn:
            for name in PERMISSIONS:
                await conn.execute(
                    insert(AuditEvent).values(
                        id=new_id(), occurred_at=utcnow(), actor_kind="system", actor_id=None,
                        actor_name="test", resource=name, resource_id=new_id(), action="create",
                        before=None, after={"secret-ish": name},
                    )
                )  # fmt: skip
        team = await make_team(client)
        for role in Role:
            caller = await as_role(role, [team["id"]] if role == Role.team_editor else [])
            listed = await caller.get(EVENTS, params={"limit": 500})
            if not allowed(role, "audit-events", Action.read):
                assert_problem(listed, 403, "forbidden")
                continue
            seen = {e["resource"] for e in listed.json()["items"]}
            assert seen == {n for n in PERMISSIONS if allowed(role, n, Action.read)}, role
            for name in PERMISSIONS:
                one = (await caller.get(EVENTS, params={"resource": name})).json()["items"]
                assert bool(one) == allowed(role, name, Action.read), (role, name)

    async def test_a_programme_manager_sees_no_user_or_key(
        self, client: httpx.AsyncClient, as_role: RoleClient
    ) -> None:
        user = {"email": "root@example.org", "name": "Root", "password": "x" * 16, "role": "admin"}
        assert (await client.post(f"{API}/users", json=user)).status_code == 201
        key = await client.post(f"{API}/api-keys", json={"name": "ops-key", "role": "admin"})
        assert key.status_code == 201
        manager = await as_role(Role.programme_manager)
        listed = await manager.get(EVENTS, params={"limit": 500})
        assert listed.status_code == 200
        assert "root@example.org" not in listed.text and "ops-key" not in listed.text
        assert "root@example.org" in (await client.get(EVENTS)).text  # the admin still does
