"""Load the real service on PostgreSQL with wrk and compare it with a bare FastAPI app.

Steps (see bench/README.md):

1. a fresh PostgreSQL database (``sp_bench``: dropped, created, migrated, filled by
   ``shared-purpose demo --teams N``), unless ``--skip-setup``;
2. the bare app (bench/bare_app.py) under uvicorn, in the same process layout as the service
   (same worker count, uvloop + httptools, access log off), loaded with wrk as the baseline;
3. the real service (``python -m api.cli serve --workers W``), loaded with wrk on its health check,
   one team's milestone page, one programme and one milestone;
4. 64 concurrent requests (httpx) at the milestone list, which must all be answered 200.

Everything binds and connects to 127.0.0.1 only; servers are always stopped at the end. Results
are printed as a table and written as JSON to bench/results/.

    .venv/bin/python bench/api_bench.py [--teams 1000] [--workers 2] [--connections 32]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import psycopg
from psycopg import sql
from rich.console import Console
from rich.table import Table
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
HOST = "127.0.0.1"  # never anything else: this tool only loads the local machine
DEFAULT_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
API = "/api/v1"

console = Console(width=None if sys.stdout.isatty() else 120)


# ---- database -----------------------------------------------------------------------------------
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
        row = conn.execute(
            "SELECT id FROM milestones WHERE team_id = %s ORDER BY due_date, id LIMIT 1",
            (team_id,),
        ).fetchone()
        assert row is not None
        return Ids(programme_id, team_id, team_milestones, row[0], counts)


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


# ---- servers ------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


class Server:
    """A uvicorn process group we start, wait for and always stop (by its own process group)."""

    def __init__(
        self, name: str, argv: list[str], env: dict[str, str], port: int, ready_path: str
    ) -> None:
        self.name = name
        self.argv = argv
        self.env = env
        self.port = port
        self.base = f"http://{HOST}:{port}"
        self.ready_path = ready_path
        RESULTS.mkdir(parents=True, exist_ok=True)
        self.log_path = RESULTS / f"{name}.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60.0) -> None:
        log = self.log_path.open("wb")
        self.proc = subprocess.Popen(
            self.argv,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the workers are stopped with it
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited early:\n{self.log_tail()}")
            try:
                if httpx.get(self.base + self.ready_path, timeout=1.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} not ready after {timeout:.0f}s:\n{self.log_tail()}")

    def cpu_seconds(self) -> float | None:
        """CPU time (user + system) used so far by the server's processes (Linux /proc only).

        Per request, this is robust to other work on the machine, unlike requests/s.
        """
        if self.proc is None or not Path("/proc/self/stat").exists():
            return None
        pgid = self.proc.pid
        ticks = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rpartition(")")[2].split()
            except OSError:
                continue  # the process ended meanwhile
            # After the command: state, ppid, pgrp, ..., utime (12th), stime (13th).
            if int(fields[2]) == pgid:
                ticks += int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        proc = self.proc
        if proc is None:
            return
        pgid = proc.pid  # start_new_session: the group id is the leader's pid
        if proc.poll() is None:
            _signal_group(pgid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                _signal_group(pgid, signal.SIGKILL)
                proc.wait(timeout=5)
        # Workers that outlived the supervisor (they share its group).
        deadline = time.monotonic() + 5
        while _group_alive(pgid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if _group_alive(pgid):
            _signal_group(pgid, signal.SIGKILL)
        self.proc = None

    def __enter__(self) -> Server:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    try:
        os.killpg(pgid, sig)
    except ProcessLookupError:
        pass


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def bare_server(workers: int) -> Server:
    port = free_port()
    argv = [
        sys.executable,
        "-m",
        "uvicorn",
        "bare_app:app",
        "--app-dir",
        str(BENCH),
        "--host",
        HOST,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--loop",
        "uvloop",
        "--http",
        "httptools",
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    return Server("bare", argv, dict(os.environ), port, "/bare")


def orm_server(workers: int, url: str) -> Server:
    """bench/orm_app.py: the straightforward ORM + Pydantic list route, same process layout."""
    port = free_port()
    argv = [
        sys.executable,
        "-m",
        "uvicorn",
        "orm_app:app",
        "--app-dir",
        str(BENCH),
        "--host",
        HOST,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--loop",
        "uvloop",
        "--http",
        "httptools",
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    env = {**server_env(url), "PYTHONPATH": str(BENCH.parent)}
    return Server("orm", argv, env, port, "/healthz")


def real_server(workers: int, url: str) -> Server:
    port = free_port()
    argv = [
        sys.executable,
        "-m",
        "api.cli",
        "serve",
        "--host",
        HOST,
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    return Server("api", argv, server_env(url), port, "/healthz")


@contextmanager
def running(server: Server) -> Iterator[Server]:
    console.print(f"Starting {server.name} on {server.base} …")
    with server:
        yield server


# ---- wrk ----------------------------------------------------------------------------------------
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
DURATION = r"([\d.]+)(us|ms|s|m|h)"


def to_ms(value: str, unit: str) -> float:
    return float(value) * UNITS_MS[unit]


@dataclass
class WrkResult:
    requests: int
    seconds: float
    rps: float
    avg_ms: float
    max_ms: float
    p50_ms: float
    p75_ms: float
    p90_ms: float
    p99_ms: float
    non_2xx_3xx: int
    socket_errors: dict[str, int]
    raw: str

    @property
    def errors(self) -> int:
        return self.non_2xx_3xx + sum(self.socket_errors.values())


def parse_wrk(out: str) -> WrkResult:
    def need(pattern: str) -> re.Match[str]:
        m = re.search(pattern, out, re.MULTILINE)
        if m is None:
            raise ValueError(f"wrk output lacks {pattern!r}:\n{out}")
        return m

    pct = {
        p: to_ms(*need(rf"^\s+{p}%\s+{DURATION}\s*$").groups()) for p in ("50", "75", "90", "99")
    }
    lat = need(rf"^\s+Latency\s+{DURATION}\s+{DURATION}\s+{DURATION}")
    total = need(r"(\d+) requests in " + DURATION)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    socket_errors = (
        dict(zip(("connect", "read", "write", "timeout"), map(int, sock.groups()), strict=True))
        if sock
        else {}
    )
    return WrkResult(
        requests=int(total.group(1)),
        seconds=to_ms(total.group(2), total.group(3)) / 1000.0,
        rps=float(need(r"Requests/sec:\s+([\d.]+)").group(1)),
        avg_ms=to_ms(lat.group(1), lat.group(2)),
        max_ms=to_ms(lat.group(5), lat.group(6)),
        p50_ms=pct["50"],
        p75_ms=pct["75"],
        p90_ms=pct["90"],
        p99_ms=pct["99"],
        non_2xx_3xx=int(non2xx.group(1)) if non2xx else 0,
        socket_errors=socket_errors,
        raw=out,
    )


def wrk(url: str, connections: int, duration: int) -> WrkResult:
    assert url.startswith(f"http://{HOST}:"), url
    threads = max(1, min(2, connections))
    argv = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "5s",
        "--latency",
        url,
    ]
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=duration + 60, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"wrk failed ({proc.returncode}): {proc.stderr or proc.stdout}")
    return parse_wrk(proc.stdout)


# ---- one endpoint -------------------------------------------------------------------------------
@dataclass
class Target:
    name: str
    path: str


@dataclass
class Measured:
    name: str
    path: str
    response_bytes: int = 0
    items: int | None = None
    wrk: WrkResult | None = None
    error: str | None = None  # the endpoint could not be measured (e.g. it answered 500)
    cpu_us_per_request: float | None = None  # server processes only (not PostgreSQL, not wrk)
    db_connections_opened: int | None = None  # new PostgreSQL sessions during the measured run

    @property
    def failed(self) -> bool:
        return self.wrk is None or self.wrk.errors > 0


def probe(base: str, target: Target) -> tuple[int, int | None]:
    """One request first: the endpoint must answer 200 (so wrk measures success, not errors)."""
    r = httpx.get(base + target.path, timeout=10.0)
    if r.status_code != 200:
        raise RuntimeError(f"{target.name}: GET {target.path} -> {r.status_code} {r.text[:500]}")
    body = r.json()
    items = len(body["items"]) if isinstance(body, dict) and "items" in body else None
    return len(r.content), items


def measure(
    server: Server,
    target: Target,
    connections: int,
    duration: int,
    warmup: int,
    sessions: Callable[[], int | None] = lambda: None,
) -> Measured:
    """Probe, warm up, measure; a failure is recorded (and the next endpoint still runs)."""
    try:
        size, items = probe(server.base, target)
        url = server.base + target.path
        if warmup > 0:
            wrk(url, connections, warmup)
        console.print(f"  wrk {target.name}: {duration}s, {connections} connections …")
        cpu_before, sessions_before = server.cpu_seconds(), sessions()
        result = wrk(url, connections, duration)
        cpu_after, sessions_after = server.cpu_seconds(), sessions()
    except (RuntimeError, ValueError, httpx.HTTPError, subprocess.SubprocessError) as exc:
        console.print(f"[red]  {target.name}: {exc}")
        return Measured(target.name, target.path, error=str(exc))
    cpu_us = None
    if cpu_before is not None and cpu_after is not None and result.requests:
        cpu_us = (cpu_after - cpu_before) / result.requests * 1e6
    opened = None
    if sessions_before is not None and sessions_after is not None:
        opened = sessions_after - sessions_before
    return Measured(
        target.name,
        target.path,
        size,
        items,
        result,
        cpu_us_per_request=cpu_us,
        db_connections_opened=opened,
    )


# ---- concurrency check --------------------------------------------------------------------------
async def concurrent_burst(url: str, n: int) -> dict[str, Any]:
    """``n`` requests on ``n`` connections at once; every one must be answered 200."""
    limits = httpx.Limits(max_connections=n, max_keepalive_connections=n)
    async with httpx.AsyncClient(limits=limits, timeout=30.0) as client:
        start = asyncio.Event()

        async def one() -> tuple[int | str, float]:
            await start.wait()
            t0 = time.perf_counter()
            try:
                r = await client.get(url)
                return r.status_code, time.perf_counter() - t0
            except httpx.HTTPError as exc:
                return type(exc).__name__, time.perf_counter() - t0

        tasks = [asyncio.create_task(one()) for _ in range(n)]
        await asyncio.sleep(0)
        t0 = time.perf_counter()
        start.set()
        results = await asyncio.gather(*tasks)
        wall = time.perf_counter() - t0
    statuses = Counter(str(s) for s, _ in results)
    latencies = sorted(d for _, d in results)
    return {
        "requests": n,
        "statuses": dict(statuses),
        "all_200": statuses.get("200", 0) == n,
        "wall_ms": wall * 1000,
        "max_ms": latencies[-1] * 1000,
        "median_ms": latencies[len(latencies) // 2] * 1000,
    }


# ---- report -------------------------------------------------------------------------------------
def table(rows: list[Measured], title: str) -> Table:
    base = next((m.wrk for m in rows if m.name == "bare" and m.wrk), None)
    t = Table(title=title)
    columns = ["endpoint", "req/s", "p50 ms", "p99 ms", "p99/p50", "vs bare"]
    columns += ["CPU µs/req", "new DB conns", "errors"]
    for col in columns:
        t.add_column(col, justify="left" if col == "endpoint" else "right")
    for m in rows:
        w = m.wrk
        if w is None:
            t.add_row(m.name, "–", "–", "–", "–", "–", "–", "–", "[red]failed")
            continue
        ratio = f"{100 * w.rps / base.rps:.1f}%" if base and base.rps else "–"
        t.add_row(
            m.name,
            f"{w.rps:,.0f}",
            f"{w.p50_ms:.2f}",
            f"{w.p99_ms:.2f}",
            f"{w.p99_ms / w.p50_ms:.1f}" if w.p50_ms else "–",
            ratio,
            f"{m.cpu_us_per_request:.0f}" if m.cpu_us_per_request is not None else "–",
            str(m.db_connections_opened) if m.db_connections_opened is not None else "–",
            str(w.errors) if w.errors else "0",
        )
    return t


def environment() -> dict[str, Any]:
    def run(*argv: str) -> str:
        try:
            p = subprocess.run(argv, capture_output=True, text=True, timeout=10, cwd=ROOT)
            return (p.stdout or p.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.SubprocessError):
            return ""

    return {
        "cpus": os.cpu_count(),
        "loadavg_before": os.getloadavg(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "wrk": run("wrk", "-v"),
        "git": run("git", "rev-parse", "--short", "HEAD"),
        "git_dirty": bool(run("git", "status", "--porcelain", "--untracked-files=no", "api")),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--teams", type=int, default=1000, help="demo teams to generate (1000)")
    ap.add_argument("--workers", type=int, default=2, help="uvicorn worker processes (2)")
    ap.add_argument("--connections", type=int, default=32, help="wrk connections (32)")
    ap.add_argument("--duration", type=int, default=10, help="seconds per measured run (10)")
    ap.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per endpoint (2)")
    ap.add_argument("--skip-setup", action="store_true", help="reuse the existing database")
    ap.add_argument("--database", default="sp_bench", help="database to (re)create (sp_bench)")
    ap.add_argument(
        "--concurrency-check",
        type=int,
        default=64,
        metavar="N",
        help="N simultaneous requests at the list endpoint, all must be 200 (64; 0 skips)",
    )
    args = ap.parse_args(argv)
    if "bench" not in args.database:
        ap.error("--database must contain 'bench' (it is dropped and re-created)")
    if args.workers < 1 or args.connections < 1 or args.duration < 1:
        ap.error("--workers, --connections and --duration must be positive")

    admin_url = os.environ.get("SP_BENCH_ADMIN_URL", DEFAULT_ADMIN_URL)
    url = bench_url(admin_url, args.database)
    if make_url(url).host not in (HOST, "localhost", None):
        ap.error(f"the benchmark database must be local, not {make_url(url).host}")
    report: dict[str, Any] = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "config": dict(vars(args)),
        "database": make_url(url).render_as_string(hide_password=True),
        "environment": environment(),
    }

    load = os.getloadavg()[0]
    if load > 0.5 * (os.cpu_count() or 1):
        console.print(
            f"[yellow]Load average is {load:.1f} on {os.cpu_count()} CPUs before starting: "
            "other work on this machine will skew the numbers."
        )

    if not args.skip_setup:
        if not demo_available():
            console.print("[red]api/seed/demo.py does not exist yet: cannot generate demo data.")
            return 2
        report["setup"] = setup_database(admin_url, args.database, url, args.teams)
    try:
        ids = pick_ids(url)
    except psycopg.OperationalError as exc:
        console.print(f"[red]Cannot read {report['database']}: {exc} (run without --skip-setup?)")
        return 2
    report["ids"] = asdict(ids)
    console.print(
        f"Rows: {ids.counts}; team {ids.team_id} has {ids.team_milestones} milestones; "
        f"programme {ids.programme_id}; milestone {ids.milestone_id}"
    )

    list_path = f"{API}/milestones?team_id={ids.team_id}&limit=50"
    real_targets = [
        Target("healthz (no DB)", "/healthz"),
        Target("milestones list (team, 50)", list_path),
        Target("programme by id", f"{API}/programmes/{ids.programme_id}"),
        Target("milestone by id", f"{API}/milestones/{ids.milestone_id}"),
    ]
    sessions = session_counter(admin_url, args.database)
    rows: list[Measured] = []
    burst: dict[str, Any] | None = None
    run = (args.connections, args.duration, args.warmup)
    with running(bare_server(args.workers)) as bare:
        rows.append(measure(bare, Target("bare", "/bare"), *run))
    with running(orm_server(args.workers, url)) as orm:
        orm_list = Target("ORM + Pydantic list (team, 50)", f"/milestones?team_id={ids.team_id}")
        rows.append(measure(orm, orm_list, *run, sessions=sessions))
    with running(real_server(args.workers, url)) as api:
        for target in real_targets:
            rows.append(measure(api, target, *run, sessions=sessions))
        if args.concurrency_check > 0:
            burst = asyncio.run(concurrent_burst(api.base + list_path, args.concurrency_check))

    title = (
        f"{args.workers} worker(s), {args.connections} connections, {args.duration}s, "
        f"{ids.counts.get('teams', 0)} teams, {os.cpu_count()} CPUs"
    )
    console.print(table(rows, title))
    ok = not any(m.failed for m in rows)
    for m in rows:
        if m.wrk is None:
            console.print(f"[red]{m.name}: not measured: {m.error}")
        elif m.wrk.errors:
            console.print(
                f"[red]{m.name}: {m.wrk.non_2xx_3xx} non-2xx/3xx, sockets {m.wrk.socket_errors}"
            )
    if burst is not None:
        colour = "green" if burst["all_200"] else "red"
        console.print(
            f"[{colour}]Concurrency check: {burst['statuses'].get('200', 0)}/{burst['requests']} "
            f"answered 200 (statuses {burst['statuses']}), wall {burst['wall_ms']:.0f} ms, "
            f"median {burst['median_ms']:.0f} ms, max {burst['max_ms']:.0f} ms"
        )
        ok = ok and burst["all_200"]

    report["results"] = [asdict(m) for m in rows]
    report["concurrency_check"] = burst
    report["loadavg_after"] = os.getloadavg()
    report["ok"] = ok
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS / f"api_bench_{stamp}_w{args.workers}_c{args.connections}.json"
    out.write_text(json.dumps(report, indent=2, default=str) + "\n")
    console.print(f"Results written to {out.relative_to(ROOT)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
