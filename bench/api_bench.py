"""Load the real service on PostgreSQL with wrk and compare it with a bare FastAPI app.

Steps (see bench/README.md):

1. a fresh PostgreSQL database (``sp_bench``: dropped, created, migrated, filled by
   ``shared-purpose demo --teams N``), unless ``--skip-setup``;
2. the bare app (bench/bare_app.py) under uvicorn, in the same process layout as the service
   (same worker count, uvloop + httptools, access log off), loaded with wrk as the baseline;
3. a PostgREST-style stand-in (bench/postgrest_app.py: the JSON built by PostgreSQL) on the same
   milestone page and on the programme summary's figures;
4. the real service (``python -m api.cli serve --workers W``), loaded with wrk on its health check,
   one team's milestone page, one programme and one milestone, then the read models: the
   programme summary cold (a new ``as_of`` every request), warm (one URL) and revalidated (304),
   a page of per-team figures (by name and by most late) and a page of the timeline;
5. 64 concurrent requests (httpx) at the milestone list, which must all be answered 200.

Everything binds and connects to 127.0.0.1 only; servers are always stopped at the end. Results
are printed as a table and written as JSON to bench/results/.

    .venv/bin/python bench/api_bench.py [--teams 1000] [--workers 2] [--connections 32]
                                        [--accept-encoding "br, gzip"]
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
from datetime import UTC, date, datetime, timedelta
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
BROWSER_ENCODINGS = "br, gzip"  # what a browser's fetch sends (over plain HTTP)

console = Console(width=None if sys.stdout.isatty() else 180)


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


def postgrest_server(workers: int, url: str) -> Server:
    """bench/postgrest_app.py: the JSON built in SQL and passed on, same process layout."""
    port = free_port()
    argv = [
        sys.executable,
        "-m",
        "uvicorn",
        "postgrest_app:app",
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
    return Server("postgrest", argv, server_env(url), port, "/healthz")


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


def wrk(
    url: str,
    connections: int,
    duration: int,
    headers: dict[str, str] | None = None,
    script: list[str] | None = None,
) -> WrkResult:
    """``script``: a Lua file and the arguments wrk passes to its ``init``."""
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
    ]
    for name, value in (headers or {}).items():
        argv += ["-H", f"{name}: {value}"]
    if script:
        argv += ["-s", script[0], url, "--", *script[1:]]
    else:
        argv.append(url)
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=duration + 60, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"wrk failed ({proc.returncode}): {proc.stderr or proc.stdout}")
    return parse_wrk(proc.stdout)


def wrk_threads(connections: int) -> int:
    return max(1, min(2, connections))


# A new as_of on every request, so no cache can answer: thread ``id`` of ``n`` asks for day
# ``offset + id``, then ``+ n``, ... after ``first`` (Unix seconds), ``count`` days before
# wrapping round; the warm-up uses days far from the measured run's, so it warms no cache.
AS_OF_LUA = """
local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end
local counter = 0
function init(args)
  path = args[1]
  first, offset = tonumber(args[2]), tonumber(args[3])
  count, n = tonumber(args[4]), tonumber(args[5])
end
function request()
  local day = offset + (counter * n + id) % count
  counter = counter + 1
  return wrk.format(nil, path .. os.date("!%Y-%m-%d", first + day * 86400))
end
"""
AS_OF_DAYS = 30_000  # days the measured run may use before one repeats (about 82 years)


# ---- one endpoint -------------------------------------------------------------------------------
@dataclass
class Target:
    name: str
    path: str
    status: int = 200  # what every request must get (304 for a revalidation)
    headers: dict[str, str] = field(default_factory=dict)
    as_of_from: date | None = None  # a new ?as_of= per request, from this day (AS_OF_LUA)
    read_model: bool = False  # a read model's stand-in; with ``needs``: --read-model-connections
    connections: int | None = None  # set from the options
    needs: str | None = None  # the OpenAPI path it needs; without it the row is skipped


@dataclass
class Measured:
    name: str
    path: str
    response_bytes: int = 0  # the body as sent without compression
    compressed_bytes: int | None = None  # as sent to ``Accept-Encoding: br, gzip``
    encoding: str | None = None  # the Content-Encoding chosen for that (None: not compressed)
    items: int | None = None
    wrk: WrkResult | None = None
    error: str | None = None  # the endpoint could not be measured (e.g. it answered 500)
    skipped: str | None = None  # the endpoint is not there (yet): not a failure
    cpu_us_per_request: float | None = None  # server processes only (not PostgreSQL, not wrk)
    db_cpu_us_per_request: float | None = None  # the PostgreSQL backends of the bench database
    db_connections_opened: int | None = None  # new PostgreSQL sessions during the measured run
    distinct_as_of: int | None = None  # different as_of days asked for (cold rows)

    @property
    def failed(self) -> bool:
        return self.skipped is None and (self.wrk is None or self.wrk.errors > 0)


def raw_size(base: str, target: Target, encodings: str) -> tuple[int, str | None, httpx.Response]:
    """Bytes on the wire for ``Accept-Encoding: encodings`` (not decoded), and the encoding."""
    headers = {**target.headers, "Accept-Encoding": encodings}
    with httpx.stream("GET", base + target.path, headers=headers, timeout=30.0) as r:
        body = b"".join(r.iter_raw())
    return len(body), r.headers.get("content-encoding"), r


def probe(base: str, target: Target) -> tuple[int, int | None, str | None, int | None]:
    """One request first: the endpoint must answer as expected (so wrk measures success, not
    errors). Returns the plain size, the compressed size and encoding, the items on the page."""
    plain, _, r = raw_size(base, target, "identity")
    if r.status_code != target.status:
        raise RuntimeError(
            f"{target.name}: GET {target.path} -> {r.status_code} (expected {target.status})"
        )
    if target.status != 200:
        return plain, None, None, None
    compressed, encoding, _ = raw_size(base, target, BROWSER_ENCODINGS)
    body = httpx.get(base + target.path, headers=target.headers, timeout=30.0).json()
    items = None
    if isinstance(body, dict):
        page = body.get("items", body.get("teams"))
        items = len(page) if isinstance(page, list) else None
    return plain, compressed, encoding, items


def as_of_script(path: str, first: date, offset: int, threads: int) -> list[str]:
    script = RESULTS / "as_of.lua"
    script.write_text(AS_OF_LUA)
    epoch = int(datetime(first.year, first.month, first.day, tzinfo=UTC).timestamp())
    sep = "&" if "?" in path else "?"
    args = (epoch, offset, AS_OF_DAYS, threads)
    return [str(script), f"{path}{sep}as_of=", *map(str, args)]


def measure(
    server: Server,
    target: Target,
    connections: int,
    duration: int,
    warmup: int,
    sessions: Callable[[], int | None] = lambda: None,
    headers: dict[str, str] | None = None,
    db_cpu: Callable[[], dict[int, float] | None] = lambda: None,
) -> Measured:
    """Probe, warm up, measure; a failure is recorded (and the next endpoint still runs).
    ``headers`` go with every request wrk sends (the target's own are added)."""
    sent = {**(headers or {}), **target.headers}
    connections = target.connections or connections
    threads = wrk_threads(connections)
    script = measured_script = None
    if target.as_of_from is not None:
        script = as_of_script(target.path, target.as_of_from, AS_OF_DAYS, threads)
        measured_script = as_of_script(target.path, target.as_of_from, 0, threads)
    try:
        size, compressed, encoding, items = probe(server.base, target)
        url = server.base + target.path
        if warmup > 0:
            wrk(url, connections, warmup, sent, script)
        console.print(f"  wrk {target.name}: {duration}s, {connections} connections …")
        cpu_before, sessions_before, db_before = server.cpu_seconds(), sessions(), db_cpu()
        result = wrk(url, connections, duration, sent, measured_script)
        cpu_after, sessions_after, db_after = server.cpu_seconds(), sessions(), db_cpu()
        settle(server, db_cpu)
    except (RuntimeError, ValueError, httpx.HTTPError, subprocess.SubprocessError) as exc:
        console.print(f"[red]  {target.name}: {exc}")
        return Measured(target.name, target.path, error=str(exc))

    def per_request(before: float | None, after: float | None) -> float | None:
        if before is None or after is None or not result.requests:
            return None
        return (after - before) / result.requests * 1e6

    opened = None
    if sessions_before is not None and sessions_after is not None:
        opened = sessions_after - sessions_before
    return Measured(
        target.name,
        target.path,
        size,
        compressed,
        encoding,
        items,
        result,
        cpu_us_per_request=per_request(cpu_before, cpu_after),
        db_cpu_us_per_request=per_request(0.0, spent(db_before, db_after)),
        db_connections_opened=opened,
        distinct_as_of=min(result.requests, AS_OF_DAYS) if measured_script else None,
    )


def settle(
    server: Server, db_cpu: Callable[[], dict[int, float] | None], limit: float = 120.0
) -> None:
    """Wait until the server and its database backends are idle: requests wrk gave up on (a
    timeout) are still being answered, and would be measured with the next row."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        cpu, db = server.cpu_seconds(), db_cpu()
        time.sleep(0.5)
        busy = (server.cpu_seconds() or 0.0) - (cpu or 0.0)
        busy += spent(db, db_cpu()) or 0.0
        if busy < 0.05:  # a tenth of a CPU
            break
    waited = time.monotonic() - started
    if waited > 2:
        console.print(f"    (waited {waited:.0f}s for the server to go idle)")


def skipped(target: Target, why: str) -> Measured:
    console.print(f"[yellow]  {target.name}: {why}: skipped")
    return Measured(target.name, target.path, skipped=why)


def api_paths(base: str) -> set[str]:
    """The paths the service's OpenAPI document declares (under the API prefix)."""
    doc = httpx.get(f"{base}{API}/openapi.json", timeout=30.0).json()
    return {API + p if not p.startswith(API) else p for p in doc.get("paths", {})}


def etag_of(base: str, path: str) -> str | None:
    tag: str | None = httpx.get(base + path, timeout=30.0).headers.get("etag")
    return tag


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
def kb(n: int | None) -> str:
    return "–" if n is None else f"{n / 1024:,.1f}"


def table(rows: list[Measured], title: str) -> Table:
    base = next((m.wrk for m in rows if m.name == "bare" and m.wrk), None)
    bare_cpu = next((m.cpu_us_per_request for m in rows if m.name == "bare"), None)
    t = Table(title=title)
    columns = ["endpoint", "req/s", "vs bare", "CPU vs bare", "p50 ms", "p99 ms", "p99/p50"]
    columns += ["KB br/gz", "KB plain", "CPU µs/req", "DB µs/req", "new conns", "errors"]
    for col in columns:
        t.add_column(col, justify="left" if col == "endpoint" else "right", no_wrap=True)
    for m in rows:
        w = m.wrk
        if w is None:
            why = "[yellow]skipped" if m.skipped else "[red]failed"
            t.add_row(m.name, *["–"] * (len(columns) - 2), why)
            continue
        ratio = f"{100 * w.rps / base.rps:.1f}%" if base and base.rps else "–"
        # bare's CPU per request over this row's, its database's included: the share of bare
        # a machine with no other work would give, however busy this one was meanwhile
        spent_us = (m.cpu_us_per_request or 0.0) + (m.db_cpu_us_per_request or 0.0)
        cpu_ratio = f"{100 * bare_cpu / spent_us:.1f}%" if bare_cpu and spent_us else "–"
        if m.compressed_bytes is not None and m.encoding is None:
            compressed = f"{kb(m.compressed_bytes)} (none)"
        else:
            compressed = kb(m.compressed_bytes)
        t.add_row(
            m.name,
            f"{w.rps:,.0f}",
            ratio,
            cpu_ratio,
            f"{w.p50_ms:.2f}" if w.p50_ms else "–",
            f"{w.p99_ms:.2f}" if w.p99_ms else "–",
            f"{w.p99_ms / w.p50_ms:.1f}" if w.p50_ms else "–",
            compressed,
            kb(m.response_bytes) if m.response_bytes else "–",
            f"{m.cpu_us_per_request:.0f}" if m.cpu_us_per_request is not None else "–",
            f"{m.db_cpu_us_per_request:.0f}" if m.db_cpu_us_per_request is not None else "–",
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
    ap.add_argument(
        "--read-model-connections",
        type=int,
        default=16,
        metavar="N",
        help="wrk connections for the read-model rows and the PostgREST summary (16)",
    )
    ap.add_argument(
        "--accept-encoding",
        default="",
        metavar="VALUE",
        help='Accept-Encoding header wrk sends with every request (none; "br, gzip" as a browser)',
    )
    ap.add_argument(
        "--only",
        default="",
        metavar="WORDS",
        help="measure only the rows whose name contains one of these comma-separated words "
        "(bare always runs)",
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
    prog = f"{API}/programmes/{ids.programme_id}"
    summary = f"{prog}/summary"
    today = date.today().isoformat()
    first_day = ids.programme_start or date.today() - timedelta(days=730)
    real_targets = [
        Target("healthz (no DB)", "/healthz"),
        Target("milestones list (team, 50)", list_path),
        Target("programme by id", prog),
        Target("milestone by id", f"{API}/milestones/{ids.milestone_id}"),
        Target("summary cold (new as_of each)", summary, as_of_from=first_day, needs=summary),
        Target("summary warm (one URL)", f"{summary}?as_of={today}", needs=summary),
        # the If-None-Match header is filled in once the server is up (its current ETag)
        Target("summary 304 (If-None-Match)", f"{summary}?as_of={today}", 304, needs=summary),
        Target(
            "team figures (50)",
            f"{prog}/team-figures?limit=50",
            needs=f"{prog}/team-figures",
        ),
        Target(
            "team figures (50, -late)",
            f"{prog}/team-figures?limit=50&sort=-late",
            needs=f"{prog}/team-figures",
        ),
        Target(
            "timeline (25 teams)",
            f"{prog}/timeline?limit=25",
            needs=f"{prog}/timeline",
        ),
        Target(
            "exceptions (50, red first)",
            f"{prog}/exceptions?limit=50",
            needs=f"{prog}/exceptions",
        ),
        Target("due (next 30 days, 50)", f"{prog}/due?limit=50", needs=f"{prog}/due"),
        Target(
            "changes (two days)",
            f"{prog}/changes?from={first_day.isoformat()}&to={today}",
            needs=f"{prog}/changes",
        ),
        Target(
            "exceptions cold (50, new as_of each)",
            f"{prog}/exceptions?limit=50",
            as_of_from=first_day,
            needs=f"{prog}/exceptions",
        ),
        # the same pages with a new as_of every request: what a page costs when no cache has it
        Target(
            "team figures cold (50, new as_of each)",
            f"{prog}/team-figures?limit=50",
            as_of_from=first_day,
            needs=f"{prog}/team-figures",
        ),
        Target(
            "timeline cold (25, new as_of each)",
            f"{prog}/timeline?limit=25",
            as_of_from=first_day,
            needs=f"{prog}/timeline",
        ),
    ]
    postgrest_targets = [
        Target("PostgREST-style list (team, 50)", f"/milestones?team_id={ids.team_id}&limit=50"),
        Target(
            "PostgREST-style summary figures",
            f"/programmes/{ids.programme_id}/summary?as_of={today}",
            read_model=True,
        ),
    ]
    for target in (*real_targets, *postgrest_targets):
        if target.read_model or target.needs:
            target.connections = args.read_model_connections
    wanted = [w.strip().lower() for w in args.only.split(",") if w.strip()]

    def chosen(target: Target) -> bool:
        return not wanted or any(w in target.name.lower() for w in wanted)

    sessions = session_counter(admin_url, args.database)
    db_cpu = backend_cpu(admin_url, args.database)
    headers = {"Accept-Encoding": args.accept_encoding} if args.accept_encoding else {}
    rows: list[Measured] = []
    burst: dict[str, Any] | None = None
    run = (args.connections, args.duration, args.warmup)
    with running(bare_server(args.workers)) as bare:
        rows.append(measure(bare, Target("bare", "/bare"), *run, headers=headers))
    orm_list = Target("ORM + Pydantic list (team, 50)", f"/milestones?team_id={ids.team_id}")
    if chosen(orm_list):
        with running(orm_server(args.workers, url)) as orm:
            rows.append(measure(orm, orm_list, *run, sessions, headers, db_cpu))
    if any(map(chosen, postgrest_targets)):
        with running(postgrest_server(args.workers, url)) as pgrest:
            for target in filter(chosen, postgrest_targets):
                rows.append(measure(pgrest, target, *run, sessions, headers, db_cpu))
    with running(real_server(args.workers, url)) as api:
        paths = api_paths(api.base)
        declared = {re.sub(r"\{[^}]+\}", "{}", p) for p in paths}
        for target in filter(chosen, real_targets):
            if target.needs and re.sub(ids.programme_id, "{}", target.needs) not in declared:
                rows.append(skipped(target, f"endpoint missing ({target.needs.split('/')[-1]})"))
                continue
            if target.status == 304:
                tag = etag_of(api.base, target.path)
                if tag is None:
                    rows.append(skipped(target, "no ETag on the 200"))
                    continue
                target.headers["If-None-Match"] = tag
            rows.append(measure(api, target, *run, sessions, headers, db_cpu))
        if args.concurrency_check > 0:
            burst = asyncio.run(concurrent_burst(api.base + list_path, args.concurrency_check))

    title = (
        f"{args.workers} worker(s), {args.connections} connections "
        f"({args.read_model_connections} for read models), {args.duration}s, "
        f"{ids.counts.get('teams', 0)} teams, {os.cpu_count()} CPUs"
    )
    console.print(table(rows, title))
    ok = not any(m.failed for m in rows)
    for m in rows:
        if m.skipped:
            console.print(f"[yellow]{m.name}: {m.skipped}: skipped")
        elif m.wrk is None:
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
