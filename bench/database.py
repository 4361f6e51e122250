"""The bench database: its URLs, its set-up (drop, create, migrate, demo, ``ANALYZE``), the ids
the rows ask for, and the readings taken around each measured run (sessions opened, backend CPU).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import psycopg
from common import ROOT, console
from psycopg import sql
from sqlalchemy.engine import make_url


def psycopg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def bench_url(admin_url: str, database: str) -> str:
    return (
        make_url(admin_url)
        .set(drivername="postgresql+psycopg", database=database)
        .render_as_string(hide_password=False)
    )


def server_env(url: str) -> dict[str, str]:
    env = dict(os.environ)
    env["SP_DATABASE_URL"] = url
    env["SP_LOG_LEVEL"] = "warning"
    env["SP_PUBLIC_READ"] = "true"  # the measured reads are anonymous, as on the demo
    return env


def demo_available() -> bool:
    return (ROOT / "api" / "seed" / "demo.py").is_file()


def setup_database(admin_url: str, database: str, url: str, teams: int) -> dict[str, float]:
    """Drop and create ``database``, migrate it and generate the demo programme."""
    if sys.path[0] != str(ROOT):
        sys.path.insert(0, str(ROOT))
    from api.migrate import upgrade

    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    with psycopg.connect(psycopg_dsn(admin_url), autocommit=True, connect_timeout=5) as conn:
        name = sql.Identifier(database)
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))
    upgrade(url)
    timings["create_and_migrate_s"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    console.print(f"Generating demo data: shared-purpose demo --teams {teams} …")
    subprocess.run(
        [sys.executable, "-m", "api.cli", "demo", "--teams", str(teams)],
        cwd=ROOT,
        env=server_env(url),
        check=True,
        timeout=1800,
    )
    timings["demo_s"] = time.perf_counter() - t0
    with psycopg.connect(psycopg_dsn(url), autocommit=True) as conn:
        conn.execute("ANALYZE")
    return timings


@dataclass
class Ids:
    programme_id: str
    team_id: str
    team_milestones: int
    milestone_id: str
    programme_start: date | None = None
    counts: dict[str, int] = field(default_factory=dict)


def pick_ids(url: str) -> Ids:
    """The demo programme (the one with most teams), its team with most milestones, a milestone."""
    with psycopg.connect(psycopg_dsn(url), autocommit=True) as conn:
        counts: dict[str, int] = {}
        for t in ("programmes", "teams", "milestones"):
            count = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(t)))
            counts[t] = int(count.fetchone()[0])  # type: ignore[index]
        row = conn.execute(
            "SELECT programme_id FROM teams GROUP BY programme_id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        if row is None:
            raise SystemExit("the database holds no teams: run without --skip-setup")
        programme_id = row[0]
        row = conn.execute(
            "SELECT team_id, count(*) FROM milestones WHERE programme_id = %s"
            " AND team_id IS NOT NULL GROUP BY team_id ORDER BY count(*) DESC, team_id LIMIT 1",
            (programme_id,),
        ).fetchone()
        if row is None:
            raise SystemExit("no team of the demo programme has milestones")
        team_id, team_milestones = row
        start = conn.execute(
            "SELECT start_date FROM programmes WHERE id = %s", (programme_id,)
        ).fetchone()
        row = conn.execute(
            "SELECT id FROM milestones WHERE team_id = %s ORDER BY due_date, id LIMIT 1",
            (team_id,),
        ).fetchone()
        assert row is not None
        first = start[0] if start else None
        return Ids(programme_id, team_id, team_milestones, row[0], first, counts)


def session_counter(admin_url: str, database: str) -> Callable[[], int | None]:
    """Sessions ever opened on ``database`` (pg_stat_database), read from the admin database so
    the reading itself is not counted. Connections opened under load mean pool churn."""

    def sessions() -> int | None:
        try:
            with psycopg.connect(psycopg_dsn(admin_url), autocommit=True) as conn:
                row = conn.execute(
                    "SELECT sessions FROM pg_stat_database WHERE datname = %s", (database,)
                ).fetchone()
        except psycopg.Error:
            return None
        return int(row[0]) if row and row[0] is not None else None

    return sessions


def backend_cpu(admin_url: str, database: str) -> Callable[[], dict[int, float] | None]:
    """CPU seconds so far of each PostgreSQL backend connected to ``database``, by pid (from
    /proc). A backend that ends during a run takes its share with it: pools keep theirs open
    (see "new DB conns"), so that is rare under steady load."""
    tick = os.sysconf("SC_CLK_TCK")

    def seconds() -> dict[int, float] | None:
        rows = None
        for _ in range(5):  # the server may be out of connections for a moment
            try:
                with psycopg.connect(psycopg_dsn(admin_url), autocommit=True) as conn:
                    rows = conn.execute(
                        "SELECT pid FROM pg_stat_activity WHERE datname = %s", (database,)
                    ).fetchall()
                break
            except psycopg.Error:
                time.sleep(0.2)
        if rows is None:
            return None
        found: dict[int, float] = {}
        for (pid,) in rows:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue  # ended, or not on this machine
            found[pid] = (int(fields[11]) + int(fields[12])) / tick
        return found

    return seconds


def spent(before: dict[int, float] | None, after: dict[int, float] | None) -> float | None:
    """CPU seconds the backends used between the two readings (new ones count whole)."""
    if before is None or after is None:
        return None
    return sum(max(0.0, cpu - before.get(pid, 0.0)) for pid, cpu in after.items())
