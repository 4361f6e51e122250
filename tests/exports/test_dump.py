"""dump → restore into an empty database → dump gives the same bytes; the CLI commands."""

import io
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from api.config import Settings
from api.db import Database
from api.exports.dump import DumpError, dump, restore
from api.migrate import upgrade
from tests.factories import make_milestone, make_payment, make_programme, make_support, make_team
from tests.imports.data import PAYMENT_COLUMNS, load_programme, payment_rows, table

pytestmark = pytest.mark.anyio


async def dump_bytes(url: str) -> bytes:
    db = Database(url, Settings(database_url=url))
    try:
        async with db.engine.connect() as conn, conn.begin():
            out = io.BytesIO()
            await dump(conn, out)
            return out.getvalue()
    finally:
        await db.dispose()


async def restore_text(url: str, text: str) -> None:
    db = Database(url, Settings(database_url=url))
    try:
        async with db.sessionmaker() as session, session.begin():
            await restore(session, io.StringIO(text))
    finally:
        await db.dispose()


class TestDumpRestore:
    async def test_round_trip_is_exact(
        self, client: httpx.AsyncClient, db_url: str, empty_db_url: str
    ) -> None:
        series = await make_programme(client)
        team = await make_team(client, await make_programme(client, parent_id=series["id"]))
        first = await make_milestone(client, team)
        await make_milestone(client, team, depends_on_ids=[first["id"]], title="=1+1")
        await make_support(client, team, hours=12.5)
        await make_payment(client, status="paid", paid_date="2012-07-03")
        before = await dump_bytes(db_url)
        upgrade(empty_db_url)
        await restore_text(empty_db_url, before.decode())
        assert await dump_bytes(empty_db_url) == before

    async def test_restore_needs_an_empty_database(
        self, client: httpx.AsyncClient, db_url: str
    ) -> None:
        await make_team(client)
        text = (await dump_bytes(db_url)).decode()
        with pytest.raises(DumpError, match="not empty"):
            await restore_text(db_url, text)


class TestCli:
    def run(self, url: str, *args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "SP_DATABASE_URL": url, "COLUMNS": "200"}
        cmd = [sys.executable, "-m", "api.cli", *args]
        return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)

    async def test_load_refuses_then_loads(
        self, client: httpx.AsyncClient, db_url: str, tmp_path: Path
    ) -> None:
        await load_programme(client, teams=2)
        rows = payment_rows(20, teams=2)
        rows[5][PAYMENT_COLUMNS.index("amount_pence")] = "lots"
        bad = tmp_path / "payments.csv"
        bad.write_text(table([PAYMENT_COLUMNS, *rows]))
        refused = self.run(db_url, "load", str(bad))
        assert refused.returncode == 1, refused.stderr
        assert "nothing was written" in refused.stderr and "amount_pence" in refused.stderr
        rows[5][PAYMENT_COLUMNS.index("amount_pence")] = 1000
        bad.write_text(table([PAYMENT_COLUMNS, *rows]))
        assert self.run(db_url, "load", "--dry-run", str(bad)).returncode == 0
        loaded = self.run(db_url, "load", str(bad))
        assert loaded.returncode == 0, loaded.stderr
        exported = self.run(db_url, "export", "payments", "--format", "csv")
        assert exported.stdout.count("\n") == 21
        again = tmp_path / "payments-export.csv"
        again.write_text(exported.stdout)
        unchanged = self.run(db_url, "load", "--report", str(tmp_path / "r.json"), str(again))
        assert unchanged.returncode == 0
        assert '"unchanged": 20' in (tmp_path / "r.json").read_text()
