"""Users: Argon2id passwords, sign-in for an expiring session token, disable, rate-limited login."""

from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text

from api.auth import tokens
from api.config import Settings
from api.db import Database
from api.main import create_app
from api.models.base import utcnow
from tests.assertions import assert_problem, but_request_id
from tests.conftest import http
from tests.factories import API, make_team

pytestmark = pytest.mark.anyio
PASSWORD = "correct horse battery staple"


async def make_user(client: httpx.AsyncClient, **body: object) -> dict[str, object]:
    fields = {"email": "Ann@Example.org", "name": "Ann Lee", "password": PASSWORD, "role": "viewer"}
    response = await client.post(f"{API}/users", json=fields | body)
    assert response.status_code == 201, response.text
    user: dict[str, object] = response.json()
    return user


async def login(
    app: FastAPI, email: str = "ann@example.org", password: str = PASSWORD
) -> httpx.Response:
    async with http(app) as anonymous:
        return await anonymous.post(
            f"{API}/auth/login", json={"email": email, "password": password}
        )


class TestUsers:
    async def test_password_stored_as_argon2id_only(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        user = await make_user(client)
        assert user["email"] == "ann@example.org"
        assert "password" not in user and "password_hash" not in user
        async with db.read_engine.connect() as conn:
            stored = (await conn.execute(text("SELECT password_hash FROM users"))).scalar_one()
        assert stored.startswith("$argon2id$") and PASSWORD not in stored
        listed = (await client.get(f"{API}/users")).json()["items"]
        assert [u["email"] for u in listed] == ["ann@example.org"]
        assert all("password_hash" not in u for u in listed)

    async def test_e_mails_are_unique(self, client: httpx.AsyncClient) -> None:
        await make_user(client)
        response = await client.post(
            f"{API}/users",
            json={"email": "ANN@example.org", "name": "A", "password": PASSWORD, "role": "viewer"},
        )
        assert_problem(response, 409, "conflict", "email")

    async def test_a_short_password_is_refused(self, client: httpx.AsyncClient) -> None:
        response = await client.post(
            f"{API}/users",
            json={"email": "b@example.org", "name": "B", "password": "short", "role": "viewer"},
        )
        assert_problem(response, 422, "validation-error", "password")

    async def test_team_editor_teams(self, client: httpx.AsyncClient) -> None:
        team = await make_team(client)
        user = await make_user(client, role="team_editor", team_ids=[team["id"]])
        assert user["team_ids"] == [team["id"]]
        response = await client.patch(f"{API}/users/{user['id']}", json={"role": "viewer"})
        assert response.json()["team_ids"] == []
        response = await client.patch(f"{API}/users/{user['id']}", json={"team_ids": [team["id"]]})
        assert_problem(response, 422, "rule-broken", "team_ids")


class TestSignIn:
    async def test_login_returns_an_expiring_session_token(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        user = await make_user(client, role="programme_manager")
        response = await login(app, email="ANN@example.org")
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["token"].startswith("sps_") and body["token_type"] == "Bearer"
        assert body["me"] == {
            **body["me"],
            "kind": "user",
            "id": user["id"],
            "role": "programme_manager",
        }
        async with http(app, body["token"]) as ann:
            me = (await ann.get(f"{API}/auth/me")).json()
            assert me["name"] == "ann@example.org" and me["expires_at"] == body["expires_at"]
            assert (await ann.post(f"{API}/organisations", json={})).status_code == 422
        listed = (await client.get(f"{API}/users/{user['id']}")).json()
        assert listed["last_login_at"] is not None

    async def test_wrong_password_and_unknown_e_mail_look_the_same(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        await make_user(client)
        wrong = await login(app, password="not the password at all")
        unknown = await login(app, email="nobody@example.org")
        assert_problem(wrong, 401, "invalid-login")
        assert but_request_id(wrong.json()) == but_request_id(unknown.json())

    async def test_a_forged_or_expired_token_is_refused(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        user = await make_user(client)
        kid, secret = await app.state.auth.keyring.signer(app.state.db)
        expired, _ = tokens.issue_session(kid, secret, str(user["id"]), hours=-1)
        forged, _ = tokens.issue_session(
            kid, "another secret entirely, 32 chars+", str(user["id"]), 1
        )
        valid, _ = tokens.issue_session(kid, secret, str(user["id"]), hours=1)
        tampered = valid[:-2] + ("AA" if not valid.endswith("AA") else "BB")
        for token in (expired, forged, tampered, "sps_garbage"):
            async with http(app, token) as caller:
                response = await caller.get(f"{API}/auth/me")
            assert_problem(response, 401, "unauthenticated")
        async with http(app, valid) as caller:
            assert (await caller.get(f"{API}/auth/me")).status_code == 200

    async def test_a_disabled_user_is_signed_out_and_refused(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        user = await make_user(client)
        token = (await login(app)).json()["token"]
        async with http(app, token) as ann:
            assert (await ann.get(f"{API}/auth/me")).status_code == 200
            disabled = await client.patch(f"{API}/users/{user['id']}", json={"disabled": True})
            assert disabled.json()["disabled"] is True
            assert_problem(await ann.get(f"{API}/auth/me"), 401, "unauthenticated")
        assert_problem(await login(app), 401, "invalid-login")
        await client.patch(f"{API}/users/{user['id']}", json={"disabled": False})
        assert (await login(app)).status_code == 200
        async with http(app, token) as ann:  # enabled again: the old session stays ended
            assert_problem(await ann.get(f"{API}/auth/me"), 401, "unauthenticated")

    async def test_an_admin_cannot_disable_itself(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        admin = await make_user(client, role="admin")
        token = (await login(app)).json()["token"]
        async with http(app, token) as ann:
            response = await ann.patch(f"{API}/users/{admin['id']}", json={"disabled": True})
        assert_problem(response, 409, "self-lockout", "disabled")


class TestSignOut:
    async def test_signing_out_ends_every_session_of_the_user(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        await make_user(client)
        await make_user(client, email="bea@example.org")
        laptop, phone = [(await login(app)).json()["token"] for _ in range(2)]
        bea = (await login(app, email="bea@example.org")).json()["token"]
        async with http(app, laptop) as ann:
            response = await ann.post(f"{API}/auth/logout")
            assert response.status_code == 204 and response.content == b""
            assert_problem(await ann.get(f"{API}/auth/me"), 401, "unauthenticated")
        async with http(app, phone) as ann:
            assert_problem(await ann.get(f"{API}/auth/me"), 401, "unauthenticated")
        async with http(app, bea) as other:
            assert (await other.get(f"{API}/auth/me")).status_code == 200
        again = (await login(app)).json()["token"]  # signing in again gives a working token
        async with http(app, again) as ann:
            assert (await ann.get(f"{API}/auth/me")).status_code == 200

    async def test_other_processes_refuse_the_token_too(
        self, app: FastAPI, client: httpx.AsyncClient, settings: Settings
    ) -> None:
        await make_user(client)
        token = (await login(app)).json()["token"]
        other = create_app(settings.model_copy(update={"auth_cache_seconds": 0}))
        async with other.router.lifespan_context(other), http(other, token) as elsewhere:
            assert (await elsewhere.get(f"{API}/auth/me")).status_code == 200
            async with http(app, token) as ann:
                assert (await ann.post(f"{API}/auth/logout")).status_code == 204
            assert_problem(await elsewhere.get(f"{API}/auth/me"), 401, "unauthenticated")

    async def test_a_new_password_signs_the_user_out(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        user = await make_user(client)
        token = (await login(app)).json()["token"]
        new = "a different horse battery staple"
        changed = await client.patch(f"{API}/users/{user['id']}", json={"password": new})
        assert changed.status_code == 200, changed.text
        async with http(app, token) as ann:
            assert_problem(await ann.get(f"{API}/auth/me"), 401, "unauthenticated")
        assert (await login(app, password=new)).status_code == 200

    async def test_an_api_key_does_not_sign_out(self, client: httpx.AsyncClient) -> None:
        assert_problem(await client.post(f"{API}/auth/logout"), 422, "rule-broken")
        assert (await client.get(f"{API}/auth/me")).status_code == 200

    async def test_anonymous_callers_are_asked_to_sign_in(self, app: FastAPI) -> None:
        async with http(app) as anonymous:
            assert_problem(await anonymous.post(f"{API}/auth/logout"), 401, "unauthenticated")


class TestLoginRateLimit:
    async def test_429_with_retry_after_counted_in_the_database(
        self, client: httpx.AsyncClient, settings: Settings, db: Database
    ) -> None:
        """Two app instances (two processes' worth of state) share one set of counters."""
        await make_user(client)
        limited = settings.model_copy(update={"login_attempts": 3, "login_window_seconds": 60})
        apps = [create_app(limited), create_app(limited)]
        statuses = []
        for i in range(4):
            app = apps[i % 2]
            async with app.router.lifespan_context(app):
                statuses.append(await login(app, password="wrong password, try again"))
        assert [r.status_code for r in statuses] == [401, 401, 401, 429]
        too_many = assert_problem(statuses[-1], 429, "too-many-requests")
        assert 1 <= int(statuses[-1].headers["retry-after"]) <= 60
        assert "try again" in too_many["detail"]
        async with apps[0].router.lifespan_context(apps[0]):
            right = await login(apps[0])  # the right password, but still within the window
        assert_problem(right, 429, "too-many-requests")
        async with db.read_engine.connect() as conn:
            keys = (await conn.execute(text("SELECT key FROM rate_limits"))).scalars().all()
        assert all("ann" not in k and "example" not in k for k in keys)

    async def test_one_address_gets_five_times_the_attempts_of_one_e_mail(
        self, client: httpx.AsyncClient, settings: Settings
    ) -> None:
        limited = settings.model_copy(update={"login_attempts": 1})
        app = create_app(limited)
        async with app.router.lifespan_context(app):
            statuses = [
                (await login(app, email=f"user{i}@example.org")).status_code for i in range(6)
            ]
        assert statuses == [401] * 5 + [429]

    async def test_the_window_passes(
        self, client: httpx.AsyncClient, settings: Settings, db: Database
    ) -> None:
        await make_user(client)
        limited = settings.model_copy(update={"login_attempts": 1, "login_window_seconds": 60})
        app = create_app(limited)
        async with app.router.lifespan_context(app):
            assert (await login(app)).status_code == 200
            assert (await login(app)).status_code == 429
            async with db.write_engine.begin() as conn:
                earlier = utcnow() - timedelta(seconds=61)
                await conn.execute(text("UPDATE rate_limits SET window_start = :t"), {"t": earlier})
            assert (await login(app)).status_code == 200
