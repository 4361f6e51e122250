"""``shared-purpose users …`` and ``keys …``, run as a person would (a subprocess)."""

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import create_engine, insert

from api.auth.cli import first_admin_hint
from api.config import Settings
from api.db import sync_url
from api.migrate import upgrade
from api.models import User
from api.models.base import utcnow
from tests.assertions import assert_problem
from tests.conftest import http
from tests.factories import API, make_team

pytestmark = pytest.mark.anyio


def cli(settings: Settings, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SP_DATABASE_URL": settings.database_url}
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


async def test_users_create_list_disable(
    app: FastAPI, client: httpx.AsyncClient, settings: Settings
) -> None:
    password = "a long enough passphrase"
    made = cli(
        settings,
        *("users", "create", "--email", "ann@example.org", "--name", "Ann Lee"),
        *("--role", "admin", "--password-stdin"),
        stdin=password + "\n",
    )
    assert made.returncode == 0, made.stderr
    assert password not in made.stdout + made.stderr
    listed = cli(settings, "users", "list")
    assert "ann@example.org" in listed.stdout and "admin" in listed.stdout
    async with http(app) as anonymous:
        body = {"email": "ann@example.org", "password": password}
        assert (await anonymous.post(f"{API}/auth/login", json=body)).status_code == 200
        assert cli(settings, "users", "disable", "ann@example.org").returncode == 0
        refused = await anonymous.post(f"{API}/auth/login", json=body)
    assert_problem(refused, 401, "invalid-login")
    assert "disabled" in cli(settings, "users", "list").stdout
    events = (await client.get(f"{API}/audit-events", params={"resource": "users"})).json()
    assert [e["actor_name"].startswith("cli:") for e in events["items"]] == [True, True]


async def test_users_create_refuses_a_short_password(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    made = cli(
        settings,
        *("users", "create", "--email", "b@example.org", "--name", "B", "--password-stdin"),
        stdin="short\n",
    )
    assert made.returncode == 1 and "12 characters" in made.stderr


async def test_keys_create_prints_the_key_once_on_its_own_line(
    app: FastAPI, client: httpx.AsyncClient, settings: Settings
) -> None:
    team = await make_team(client)
    made = cli(
        settings,
        *("keys", "create", "--name", "grants", "--role", "team_editor", "--team", team["id"]),
    )
    assert made.returncode == 0, made.stderr
    lines = made.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("spk_")
    key = lines[0]
    assert key not in made.stderr
    listed = cli(settings, "keys", "list")
    assert "grants" in listed.stdout and key[:12] in listed.stdout and key not in listed.stdout
    async with http(app, key) as caller:
        me = (await caller.get(f"{API}/auth/me")).json()
        assert (me["role"], me["team_ids"]) == ("team_editor", [team["id"]])
        revoked = cli(settings, "keys", "revoke", me["id"])
        assert revoked.returncode == 0, revoked.stderr
        app.state.auth.cache.forget(me["id"])  # another process: the cache time has passed
        assert_problem(await caller.get(f"{API}/auth/me"), 401, "unauthenticated")
    assert "grants" not in cli(settings, "keys", "list").stdout
    assert "grants" in cli(settings, "keys", "list", "--all").stdout


async def test_keys_create_refuses_an_unknown_team(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    made = cli(settings, "keys", "create", "--name", "x", "--role", "team_editor", "--team", "nope")
    assert made.returncode == 1 and "no team" in made.stderr and "spk_" not in made.stdout


class TestFirstAdminHint:
    """``serve`` (so ``make run``) says how to create the first admin while there is none."""

    def test_until_an_admin_exists(self, empty_db_url: str) -> None:
        upgrade(empty_db_url)
        settings = Settings(database_url=empty_db_url)
        hint = first_admin_hint(settings)
        assert hint is not None and "users create" in hint and "--role admin" in hint
        engine = create_engine(sync_url(empty_db_url))
        with engine.begin() as conn:
            conn.execute(
                insert(User).values(
                    id="u1",
                    email="a@example.org",
                    name="A",
                    password_hash="x",
                    role="admin",
                    created_at=utcnow(),
                    updated_at=utcnow(),
                )
            )
        engine.dispose()
        assert first_admin_hint(settings) is None

    def test_quiet_without_a_database(self, tmp_path: Path) -> None:
        settings = Settings(database_url=f"sqlite:///{tmp_path}/missing/dir/db.sqlite")
        assert first_admin_hint(settings) is None
