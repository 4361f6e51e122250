"""``shared-purpose webhooks …`` against the tests' migrated database (typer's CliRunner, in a
thread: the command runs its own event loop), read back through the API."""

import asyncio
import getpass
from collections.abc import Iterator

import httpx
import pytest
from click.testing import Result
from typer.testing import CliRunner

from api.cli import app
from api.config import Settings, get_settings
from api.db import Database
from tests.assertions import unchanged
from tests.factories import API, make_programme
from tests.webhooks.test_endpoints import ENDPOINTS, URL

pytestmark = pytest.mark.anyio
TABLES = ("webhook_endpoints", "webhook_secrets", "events", "audit_events")


@pytest.fixture
def fresh_settings() -> Iterator[None]:
    """The CLI reads its settings once per process (cached): each run reads them anew."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


async def cli(settings: Settings, *args: str, allow_private: bool = False) -> Result:
    env = {
        "SP_DATABASE_URL": settings.database_url,
        "SP_WEBHOOK_ALLOW_PRIVATE": "true" if allow_private else "false",
        "SP_WEBHOOK_SECRET_OVERLAP_HOURS": "3",
    }

    def invoke() -> Result:
        get_settings.cache_clear()
        return CliRunner().invoke(app, ["webhooks", *args], env=env)

    return await asyncio.to_thread(invoke)


def refused(result: Result, *words: str) -> None:
    """Bad input: exit code 2, one line on stderr that says why, nothing on stdout."""
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    line = result.stderr.strip()
    assert "\n" not in line and line.startswith("Refused"), line
    for word in words:
        assert word in line, line


class TestCommands:
    async def test_add_list_rotate_disable_enable_remove(
        self, client: httpx.AsyncClient, settings: Settings, fresh_settings: None
    ) -> None:
        programme = await make_programme(client)
        added = await cli(
            settings,
            *("add", URL, "--event", "payment.approved", "--event", "milestone.achieved"),
            *("--programme", programme["id"], "--description", "Finance"),
        )
        assert added.exit_code == 0, added.stderr
        secret = added.stdout.strip()
        assert secret.startswith("whsec_") and "\n" not in secret  # alone on stdout
        assert "shown once" in added.stderr
        (shown,) = (await client.get(ENDPOINTS)).json()["items"]
        assert shown["event_types"] == ["payment.approved", "milestone.achieved"]
        assert shown["programme_id"] == programme["id"] and shown["description"] == "Finance"
        assert shown["created_by"] == f"cli:{getpass.getuser()}"

        listed = await cli(settings, "list")
        assert listed.exit_code == 0, listed.stderr
        header, row = listed.stdout.strip().split("\n")
        assert header.split("\t")[:3] == ["id", "url", "status"]
        assert row.split("\t")[:3] == [shown["id"], URL, "active"]
        assert secret not in listed.stdout + listed.stderr

        rotated = await cli(settings, "rotate", shown["id"])
        assert rotated.exit_code == 0, rotated.stderr
        assert rotated.stdout.strip().startswith("whsec_") and rotated.stdout.strip() != secret
        one = f"{ENDPOINTS}/{shown['id']}"
        assert (await client.get(one)).json()["secrets_active"] == 2

        assert (await cli(settings, "disable", shown["id"])).exit_code == 0
        disabled = (await client.get(one)).json()
        assert disabled["status"] == "disabled"
        assert disabled["disabled_reason"] == "disabled by an admin"
        assert "disabled (disabled by an admin)" in (await cli(settings, "list")).stdout
        assert (await cli(settings, "enable", shown["id"])).exit_code == 0
        assert (await client.get(one)).json()["status"] == "active"
        assert (await cli(settings, "remove", shown["id"])).exit_code == 0
        assert (await client.get(one)).status_code == 404

        trail = await client.get(f"{API}/audit-events", params={"resource_id": shown["id"]})
        items = trail.json()["items"]
        assert [e["action"] for e in items] == [
            "delete",
            "update",
            "disable",
            "rotate",
            "create",
        ]
        assert {e["actor_name"] for e in items} == {f"cli:{getpass.getuser()}"}
        assert secret not in trail.text

    async def test_loopback_where_the_operator_allows_it(
        self, client: httpx.AsyncClient, settings: Settings, fresh_settings: None
    ) -> None:
        loopback = "http://127.0.0.1:8999/hook"
        refused(await cli(settings, "add", loopback), "url", "127.0.0.1")
        added = await cli(settings, "add", loopback, allow_private=True)
        assert added.exit_code == 0, added.stderr
        assert [e["url"] for e in (await client.get(ENDPOINTS)).json()["items"]] == [loopback]


class TestBadInput:
    async def test_refusals_write_nothing(
        self, client: httpx.AsyncClient, settings: Settings, db: Database, fresh_settings: None
    ) -> None:
        missing = "0190d7a4-8c6e-7cc3-9a51-3f1e2d4c5b6a"
        async with unchanged(db, *TABLES):
            refused(await cli(settings, "add", "ftp://hooks.example.org/x"), "url")
            refused(await cli(settings, "add", "https://10.0.0.1/x"), "private")
            refused(await cli(settings, "add", URL, "--event", "nope"), "event_types.0", "nope")
            twice = ("--event", "payment.paid", "--event", "payment.paid")
            refused(await cli(settings, "add", URL, *twice), "event_types.1", "twice")
            refused(await cli(settings, "add", URL, "--programme", "nope"), "programme_id")
            refused(await cli(settings, "add", "https://x.org/" + "a" * 2000), "2000")
            for command in ("rotate", "disable", "enable", "remove"):
                refused(await cli(settings, command, missing), "not-found", missing)
        assert (await cli(settings, "list")).stdout.strip().count("\n") == 0  # the header only
