"""The secret that signs sessions: never one from the source code, shared by every process of an
installation, rotatable without signing anyone out (or signing everyone out after a leak)."""

import ast
import io
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr
from sqlalchemy import func, select

import api
from api.auth import tokens
from api.auth.keyring import ENV_KEY_ID
from api.cli import signing_note
from api.config import Settings
from api.db import Database
from api.exports.dump import dump
from api.main import create_app
from api.models import SigningKey
from tests.auth.test_cli import cli
from tests.auth.test_users import login, make_user
from tests.conftest import http
from tests.factories import API

pytestmark = pytest.mark.anyio
STRONG = "q3Zt8Vn1Lp6Rx0Km4Wc9Hb2Yf7Dj5Gs1Ae8Tu"


@asynccontextmanager
async def another_process(settings: Settings) -> AsyncIterator[FastAPI]:
    """A second API process of the same installation (its own caches, the same database)."""
    other = create_app(settings)
    async with other.router.lifespan_context(other):
        yield other


async def me(app: FastAPI, token: str) -> int:
    async with http(app, token) as caller:
        return (await caller.get(f"{API}/auth/me")).status_code


def source_strings() -> set[str]:
    """Every string literal in the service's code: none of them may sign a token."""
    found: set[str] = set()
    for path in Path(api.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value:
                found.add(node.value)
    return found


class TestNoSecretInTheSource:
    async def test_a_token_forged_with_any_string_of_the_code_is_refused(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        admin = await make_user(client, role="admin")
        real = (await login(app)).json()["token"]
        assert await me(app, real) == 200
        kid = tokens.session_key_id(real)
        assert kid is not None and kid != ENV_KEY_ID
        candidates = source_strings()
        assert len(candidates) > 500
        auth, db = app.state.auth, app.state.db
        for secret in candidates:
            for key_id in (kid, ENV_KEY_ID):
                forged, _ = tokens.issue_session(key_id, secret, str(admin["id"]), 1)
                assert await auth.authenticate(db, forged) is None, secret
        forged, _ = tokens.issue_session(ENV_KEY_ID, "dev-only-insecure-secret-key-change-me",
                                         str(admin["id"]), 1)  # fmt: skip
        assert await me(app, forged) == 401

    async def test_the_generated_secret_is_long_and_random(
        self, app: FastAPI, client: httpx.AsyncClient, db: Database
    ) -> None:
        await make_user(client)
        await login(app)
        async with db.read_engine.connect() as conn:
            secrets_ = (await conn.execute(select(SigningKey.secret))).scalars().all()
        assert len(secrets_) == 1 and len(secrets_[0]) >= 64
        assert secrets_[0] not in source_strings()

    async def test_a_given_secret_signs_instead_and_database_keys_do_not_count(
        self, app: FastAPI, client: httpx.AsyncClient, settings: Settings
    ) -> None:
        await make_user(client)
        by_database = (await login(app)).json()["token"]
        given = settings.model_copy(update={"secret_key": SecretStr(STRONG)})
        async with another_process(given) as other:
            token = (await login(other)).json()["token"]
            assert tokens.session_key_id(token) == ENV_KEY_ID
            assert await me(other, token) == 200
            assert await me(other, by_database) == 401
        assert await me(app, token) == 401

    def test_serve_says_which_secret_signs(self) -> None:
        assert "SP_SECRET_KEY" in signing_note(Settings(secret_key=STRONG))
        assert "kept in its database" in signing_note(Settings())


class TestOneSecretPerInstallation:
    async def test_every_process_checks_the_others_tokens(
        self, app: FastAPI, client: httpx.AsyncClient, settings: Settings, db: Database
    ) -> None:
        await make_user(client)
        async with another_process(settings) as second, another_process(settings) as third:
            from_second = (await login(second)).json()["token"]
            from_third = (await login(third)).json()["token"]
            for process in (app, second, third):
                assert await me(process, from_second) == 200
                assert await me(process, from_third) == 200
        async with db.read_engine.connect() as conn:
            keys = (await conn.execute(select(func.count()).select_from(SigningKey))).scalar()
        assert keys == 1

    async def test_the_dump_leaves_the_secret_out(
        self, app: FastAPI, client: httpx.AsyncClient, db: Database
    ) -> None:
        await make_user(client)
        await login(app)
        _, secret = await app.state.auth.keyring.signer(db)
        out = io.BytesIO()
        async with db.engine.connect() as conn, conn.begin():
            await dump(conn, out)
        assert secret.encode() not in out.getvalue() and b"signing_keys" not in out.getvalue()


class TestRotation:
    async def test_rotation_signs_new_sessions_with_a_new_key_and_keeps_old_ones(
        self, app: FastAPI, client: httpx.AsyncClient, settings: Settings
    ) -> None:
        await make_user(client)
        before = (await login(app)).json()["token"]
        done = cli(settings, "secret", "rotate")
        assert done.returncode == 0, done.stderr
        assert "old sessions run to expiry" in " ".join(done.stderr.split())
        async with another_process(settings) as other:
            after = (await login(other)).json()["token"]
            assert tokens.session_key_id(after) != tokens.session_key_id(before)
            assert await me(other, before) == 200
            assert await me(app, after) == 200  # an unknown key id makes a process look again
        events = await client.get(f"{API}/audit-events", params={"resource": "signing-keys"})
        [event] = events.json()["items"]
        assert event["action"] == "rotate" and event["actor_name"].startswith("cli:")
        assert "secret" not in str(event["after"])

    async def test_after_a_leak_rotation_signs_everyone_out(
        self, app: FastAPI, client: httpx.AsyncClient, settings: Settings
    ) -> None:
        await make_user(client)
        before = (await login(app)).json()["token"]
        done = cli(settings, "secret", "rotate", "--sign-everyone-out")
        assert done.returncode == 0, done.stderr
        async with another_process(settings) as other:
            assert await me(other, before) == 401
            assert await me(other, (await login(other)).json()["token"]) == 200

    async def test_rotation_is_refused_while_sp_secret_key_signs(
        self, client: httpx.AsyncClient, settings: Settings, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("SP_SECRET_KEY", STRONG)
        done = cli(settings, "secret", "rotate")
        assert done.returncode == 1
