"""API keys: random, shown once, stored as a hash behind a recognisable prefix, optional expiry,
revocable, ``last_used_at``; only in the Authorization header."""

import asyncio
import hashlib
import sqlite3
import time
from datetime import datetime, timedelta
from typing import Any

import httpx
import psycopg
import pytest
from fastapi import FastAPI
from sqlalchemy import text, update
from sqlalchemy.engine import make_url

from api.db import Database
from api.models import ApiKey
from api.models.base import utcnow
from api.models.enums import Role
from tests.assertions import assert_problem
from tests.conftest import QueryCounter, RoleClient, _psycopg_dsn, http
from tests.factories import API, make_milestone

pytestmark = pytest.mark.anyio


async def sql(db: Database, statement: str, **params: object) -> list[tuple[object, ...]]:
    async with db.write_engine.begin() as conn:
        result = await conn.execute(text(statement), params)
        return [tuple(r) for r in result] if result.returns_rows else []


async def make_key(client: httpx.AsyncClient, **body: object) -> dict[str, object]:
    response = await client.post(
        f"{API}/api-keys", json={"name": "grants", "role": "viewer", **body}
    )
    assert response.status_code == 201, response.text
    created: dict[str, object] = response.json()
    return created


class TestCreation:
    async def test_shown_once_stored_as_a_hash(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        created = await make_key(client)
        key = str(created["key"])
        assert key.startswith("spk_") and len(key) >= 40
        assert created["prefix"] == key[:12]
        stored = await sql(
            db, "SELECT key_hash, prefix FROM api_keys WHERE id = :id", id=created["id"]
        )
        assert stored == [(hashlib.sha256(key.encode()).hexdigest(), key[:12])]
        dump = str(await sql(db, "SELECT * FROM api_keys"))
        assert key not in dump
        fetched = (await client.get(f"{API}/api-keys/{created['id']}")).json()
        listed = (await client.get(f"{API}/api-keys")).json()["items"]
        assert "key" not in fetched and all("key" not in k for k in listed)
        assert created["id"] in [k["id"] for k in listed]

    async def test_two_keys_differ(self, client: httpx.AsyncClient) -> None:
        assert (await make_key(client))["key"] != (await make_key(client))["key"]

    async def test_the_key_works_with_its_role(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        created = await make_key(client, role="viewer")
        async with http(app, str(created["key"])) as viewer:
            assert (await viewer.get(f"{API}/milestones")).status_code == 200
            me = (await viewer.get(f"{API}/auth/me")).json()
            assert (me["kind"], me["id"], me["role"]) == ("api_key", created["id"], "viewer")
            response = await viewer.post(f"{API}/organisations", json={})
            assert_problem(response, 403, "forbidden")

    async def test_a_team_editor_key_needs_a_team(self, client: httpx.AsyncClient) -> None:
        response = await client.post(f"{API}/api-keys", json={"name": "x", "role": "team_editor"})
        assert_problem(response, 422, "rule-broken", "team_ids")

    async def test_a_replay_never_shows_the_key_again(self, client: httpx.AsyncClient) -> None:
        body = {"name": "grants", "role": "viewer"}
        headers = {"Idempotency-Key": "key-once"}
        first = await client.post(f"{API}/api-keys", json=body, headers=headers)
        again = await client.post(f"{API}/api-keys", json=body, headers=headers)
        assert first.json()["key"] and again.json()["key"] is None
        assert again.headers["idempotent-replayed"] == "true"
        assert {**again.json(), "key": first.json()["key"]} == first.json()


class TestRefusals:
    async def test_unknown_key(self, app: FastAPI, client: httpx.AsyncClient) -> None:
        async with http(app, "spk_not-a-real-key") as stranger:
            response = await stranger.get(f"{API}/milestones")
        assert_problem(response, 401, "unauthenticated")
        assert 'error="invalid_token"' in response.headers["www-authenticate"]

    @pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer  ", "spk_abc"])
    async def test_malformed_authorization(
        self, app: FastAPI, client: httpx.AsyncClient, header: str
    ) -> None:
        async with http(app) as caller:
            response = await caller.get(f"{API}/milestones", headers={"Authorization": header})
        assert_problem(response, 401, "unauthenticated")

    @pytest.mark.parametrize("param", ["api_key", "access_token", "token", "key", "q"])
    async def test_a_key_in_the_query_string_is_refused(
        self, client: httpx.AsyncClient, param: str
    ) -> None:
        key = client.headers["authorization"].removeprefix("Bearer ")
        response = await client.get(f"{API}/milestones", params={param: key})
        assert_problem(response, 400, "credentials-in-query", loc=["query"])
        assert key not in response.text

    async def test_expired(self, app: FastAPI, client: httpx.AsyncClient, db: Database) -> None:
        created = await make_key(client, expires_at=(utcnow() + timedelta(days=1)).isoformat())
        async with db.write_engine.begin() as conn:
            past = utcnow() - timedelta(seconds=1)
            await conn.execute(
                update(ApiKey).where(ApiKey.id == created["id"]).values(expires_at=past)
            )
        async with http(app, str(created["key"])) as caller:
            assert_problem(await caller.get(f"{API}/milestones"), 401, "unauthenticated")

    async def test_expiry_applies_to_a_cached_key(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        soon = utcnow() + timedelta(seconds=1)
        created = await make_key(client, expires_at=soon.isoformat())
        async with http(app, str(created["key"])) as caller:
            assert (await caller.get(f"{API}/milestones")).status_code == 200
            await asyncio.sleep(max(0.0, (soon - utcnow()).total_seconds()) + 0.1)
            assert_problem(await caller.get(f"{API}/milestones"), 401, "unauthenticated")

    async def test_expiry_in_the_past_is_refused(self, client: httpx.AsyncClient) -> None:
        past = (utcnow() - timedelta(days=1)).isoformat()
        response = await client.post(
            f"{API}/api-keys", json={"name": "x", "role": "viewer", "expires_at": past}
        )
        assert_problem(response, 422, "rule-broken", "expires_at")


class TestRevocation:
    async def test_revoked_at_once(self, app: FastAPI, client: httpx.AsyncClient) -> None:
        created = await make_key(client)
        async with http(app, str(created["key"])) as caller:
            assert (await caller.get(f"{API}/milestones")).status_code == 200  # cached now
            revoke = await client.delete(f"{API}/api-keys/{created['id']}")
            assert revoke.status_code == 204
            assert_problem(await caller.get(f"{API}/milestones"), 401, "unauthenticated")
        gone = await client.get(f"{API}/api-keys/{created['id']}")
        assert_problem(gone, 404, "not-found", loc=["path", "api_key_id"])
        again = await client.delete(f"{API}/api-keys/{created['id']}")
        assert_problem(again, 404, "not-found", loc=["path", "api_key_id"])

    async def test_revoked_in_another_process_within_the_cache_time(
        self, app: FastAPI, client: httpx.AsyncClient, db: Database
    ) -> None:
        created = await make_key(client)
        async with http(app, str(created["key"])) as caller:
            assert (await caller.get(f"{API}/milestones")).status_code == 200
            await sql(
                db, "UPDATE api_keys SET revoked_at = last_used_at WHERE id = :id", id=created["id"]
            )
            app.state.auth.cache.ttl, ttl = 0, app.state.auth.cache.ttl  # the cache time passes
            app.state.auth.cache._entries.clear()
            try:
                assert_problem(await caller.get(f"{API}/milestones"), 401, "unauthenticated")
            finally:
                app.state.auth.cache.ttl = ttl

    async def test_a_key_cannot_revoke_itself(self, client: httpx.AsyncClient) -> None:
        me = (await client.get(f"{API}/auth/me")).json()
        response = await client.delete(f"{API}/api-keys/{me['id']}")
        assert_problem(response, 409, "self-lockout")
        assert (await client.get(f"{API}/auth/me")).status_code == 200


class TestLastUsed:
    async def test_set_on_first_use_then_at_most_once_a_minute(
        self, app: FastAPI, client: httpx.AsyncClient, db: Database
    ) -> None:
        created = await make_key(client)
        assert created["last_used_at"] is None
        url = f"{API}/api-keys/{created['id']}"

        async def last_used() -> datetime:
            return datetime.fromisoformat((await client.get(url)).json()["last_used_at"])

        async with http(app, str(created["key"])) as caller:
            await caller.get(f"{API}/milestones")
            first = await last_used()
            app.state.auth.cache._entries.clear()  # looked up again, a moment later
            await caller.get(f"{API}/milestones")
            assert await last_used() == first
            earlier = utcnow() - timedelta(minutes=2)
            async with db.write_engine.begin() as conn:
                stmt = update(ApiKey).where(ApiKey.id == created["id"])
                await conn.execute(stmt.values(last_used_at=earlier))
            app.state.auth.cache._entries.clear()
            await caller.get(f"{API}/milestones")
            assert await last_used() > earlier + timedelta(minutes=1)

    async def test_a_busy_database_skips_the_record_instead_of_waiting(
        self, app: FastAPI, client: httpx.AsyncClient, db: Database, db_url: str
    ) -> None:
        created = await make_key(client)
        url = make_url(db_url)
        if db.is_sqlite:  # an import holds the writer lock
            other: Any = sqlite3.connect(str(url.database), isolation_level=None)
            other.execute("BEGIN IMMEDIATE")
        else:  # someone holds the key's row
            other = psycopg.connect(_psycopg_dsn(db_url))
            other.execute("SELECT 1 FROM api_keys WHERE id = %s FOR UPDATE", [created["id"]])
        try:
            async with http(app, str(created["key"])) as caller:
                started = time.monotonic()
                response = await caller.get(f"{API}/milestones")
                waited = time.monotonic() - started
        finally:
            if db.is_sqlite:
                other.execute("ROLLBACK")
            other.close()  # psycopg rolls back
        assert response.status_code == 200, response.text
        assert waited < 3  # not the busy timeout, nor the row lock's holder
        recorded = (await client.get(f"{API}/api-keys/{created['id']}")).json()["last_used_at"]
        assert recorded is None  # skipped; the next lookup records it

    async def test_a_known_key_costs_no_query(
        self, client: httpx.AsyncClient, as_role: RoleClient, queries: QueryCounter
    ) -> None:
        await make_milestone(client)
        viewer = await as_role(Role.viewer)
        assert (await viewer.get(f"{API}/milestones")).status_code == 200  # looked up: cached
        queries.statements.clear()
        assert (await viewer.get(f"{API}/milestones")).status_code == 200
        assert queries.count == 1  # the page itself
