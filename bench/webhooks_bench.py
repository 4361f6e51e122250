"""Webhook delivery benchmark: writes through the API delivered by 1 and 2 worker processes.

For each worker count, on a fresh PostgreSQL database (``sp_bench_webhooks``: dropped, created,
migrated, a small demo programme), with a receiver (bench/receiver_app.py, uvicorn) and
``--endpoints`` webhook endpoints on it, each taking ``milestone.created`` (so every write gives
that many deliveries), and the API (``shared-purpose serve``, no worker inside):

0. **bare sender**: a plain httpx loop posts as many event-sized bodies to the receiver, 16 at
   a time (no database, no signing): the ceiling the workers' rate is quoted against;
1. **backlog**: ``--writes`` milestones created through the API by ``--concurrency`` clients
   with no worker running, then N ``shared-purpose worker`` processes started: deliveries/s
   from the first arrival to the last (what the workers can send);
2. **steady**: with the workers running, ``--rate`` writes a second for ``--seconds``:
   write-to-delivery latency (the event's ``occurred_at`` to its arrival) p50/p99/max.

Both count duplicates and losses. Targets (issue 14): at least 500 deliveries/s, p99 under
2 s. Everything shares this machine's cores (API, PostgreSQL, receiver, workers, the writing
client), as the figures do.

Everything binds and connects to 127.0.0.1 only; every process is stopped at the end. Results are
printed as a table and written as JSON to bench/results/webhooks.json. Not a test.

    .venv/bin/python bench/webhooks_bench.py [--writes 2000] [--endpoints 4] [--rate 100]
                                             [--seconds 10] [--workers 1,2]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import orjson
import psycopg
from common import API, DEFAULT_ADMIN_URL, HOST, RESULTS, ROOT, console
from database import bench_url, pick_ids, psycopg_dsn, server_env, setup_database
from rich.table import Table
from servers import Server, free_port, real_server, running, uvicorn_argv


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--writes", type=int, default=2000, help="backlog of milestones (2000)")
    ap.add_argument("--endpoints", type=int, default=4, help="endpoints on the receiver (4)")
    ap.add_argument("--concurrency", type=int, default=16, help="clients writing at once (16)")
    ap.add_argument("--workers", default="1,2", help="worker processes per run (1,2)")
    ap.add_argument("--rate", type=int, default=100, help="writes/s while measuring latency (100)")
    ap.add_argument("--seconds", type=int, default=10, help="seconds of steady writes (10)")
    ap.add_argument("--timeout", type=float, default=180, help="seconds to wait (180)")
    ap.add_argument("--database", default="sp_bench_webhooks", help="database to (re)create")
    ap.add_argument(
        "--admin-url", default=os.environ.get("SP_BENCH_DATABASE_URL", DEFAULT_ADMIN_URL)
    )
    return ap


def env_for(url: str) -> dict[str, str]:
    env = server_env(url)
    env |= {"SP_WORKER_IN_PROCESS": "false", "SP_WEBHOOK_ALLOW_PRIVATE": "true"}
    return env


def register(url: str, receiver: str, endpoints: int) -> None:
    """The endpoints, as ``POST /webhook-endpoints`` makes them (from the feed's top on)."""
    now = datetime.now(UTC)
    with psycopg.connect(psycopg_dsn(url), autocommit=True) as conn:
        top = conn.execute("SELECT coalesce(max(position), 0) FROM events").fetchone()
        for n in range(endpoints):
            endpoint = str(uuid.uuid4())
            conn.execute(
                "INSERT INTO webhook_endpoints (id, url, description, event_types, programme_id,"
                " status, disabled_reason, failures_in_a_row, after_position, created_by,"
                " created_at, updated_at) VALUES (%s, %s, '', %s, NULL, 'active', '', 0, %s,"
                " 'bench', %s, %s)",
                (
                    endpoint,
                    f"{receiver}/hook/{n}",
                    json.dumps(["milestone.created"]),
                    top[0] if top else 0,
                    now,
                    now,
                ),
            )
            secret = "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()
            conn.execute(
                "INSERT INTO webhook_secrets (id, endpoint_id, secret, created_at) "
                "VALUES (%s, %s, %s, %s)",
                (str(uuid.uuid4()), endpoint, secret, now),
            )


def admin_key(url: str) -> str:
    if sys.path[0] != str(ROOT):
        sys.path.insert(0, str(ROOT))
    from api.auth.service import create_key
    from api.config import Settings
    from api.db import Database
    from api.models.enums import Role

    async def make() -> str:
        db = Database(url, Settings(database_url=url))
        try:
            async with db.sessionmaker() as session, session.begin():
                _, key = await create_key(session, name="bench", role=Role.admin, team_ids=[])
            return key
        finally:
            await db.dispose()

    return asyncio.run(make())


@contextmanager
def workers(count: int, url: str) -> Iterator[list[subprocess.Popen[bytes]]]:
    RESULTS.mkdir(parents=True, exist_ok=True)
    procs = []
    try:
        for n in range(count):
            log = (RESULTS / f"worker-{n}.log").open("wb")
            argv = [sys.executable, "-m", "api.cli", "worker"]
            procs.append(
                subprocess.Popen(
                    argv,
                    cwd=ROOT,
                    env=env_for(url),
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
            log.close()
        yield procs
    finally:
        for proc in procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


async def burst(base: str, key: str, ids: Any, writes: int, concurrency: int, rate: float) -> float:
    """Create ``writes`` milestones, ``concurrency`` at a time, at ``rate`` a second (0: as fast
    as they go); the seconds it took."""
    due = (ids.programme_start or datetime(2013, 6, 1).date()) + timedelta(days=30)
    headers = {"Authorization": f"Bearer {key}"}
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(writes):
        queue.put_nowait(n)

    async def client(http: httpx.AsyncClient) -> None:
        while not queue.empty():
            n = queue.get_nowait()
            if rate:
                await asyncio.sleep(max(0.0, started + n / rate - time.perf_counter()))
            body = {
                "programme_id": ids.programme_id,
                "team_id": ids.team_id,
                "kind": "project",
                "title": f"Bench milestone {n}",
                "due_date": due.isoformat(),
            }
            answer = await http.post(f"{API}/milestones", json=body)
            if answer.status_code != 201:
                raise RuntimeError(f"write {n}: {answer.status_code} {answer.text[:300]}")

    limits = httpx.Limits(max_connections=concurrency)
    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits, timeout=30) as http:
        await asyncio.gather(*(client(http) for _ in range(concurrency)))
        return time.perf_counter() - started


def wait_for(receiver: str, expected: int, timeout: float) -> list[list[Any]]:
    deadline = time.monotonic() + timeout
    records: list[list[Any]] = []
    while time.monotonic() < deadline:
        records = httpx.get(f"{receiver}/stats", timeout=30).json()
        if len({(r[0], r[1]) for r in records}) >= expected:
            break
        time.sleep(0.5)
    return records


async def bare_sender(receiver: str, count: int, concurrency: int) -> float:
    """The ceiling: a plain httpx loop posting ``count`` event-sized bodies to the receiver,
    ``concurrency`` at a time, with no database, signing or bookkeeping; its requests/s."""
    body = orjson.dumps({"id": "x", "occurred_at": datetime.now(UTC).isoformat(), "data": {}})
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(count):
        queue.put_nowait(n)

    async def client(http: httpx.AsyncClient) -> None:
        while not queue.empty():
            n = queue.get_nowait()
            await http.post("/hook/bare", content=body, headers={"webhook-id": f"bare-{n}"})

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=receiver, limits=limits, trust_env=False) as http:
        started = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(concurrency)))
        return count / (time.perf_counter() - started)


def figures(records: list[list[Any]], expected: int) -> dict[str, Any]:
    unique = {(r[0], r[1]) for r in records}
    latencies = sorted(r[3] - datetime.fromisoformat(r[2]).timestamp() for r in records)
    arrivals = sorted(r[3] for r in records)
    span = arrivals[-1] - arrivals[0] if len(arrivals) > 1 else 0.0
    p = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {
        "deliveries": len(records),
        "duplicates": len(records) - len(unique),
        "missing": max(0, expected - len(unique)),
        "deliveries_per_s": len(records) / span if span else 0.0,
        "p50_s": p[49],
        "p99_s": p[98],
        "max_s": latencies[-1] if latencies else 0.0,
    }


def one_run(args: argparse.Namespace, count: int) -> dict[str, Any]:
    url = bench_url(args.admin_url, args.database)
    setup_database(args.admin_url, args.database, url, teams=10)
    ids, key = pick_ids(url), admin_key(url)
    port = free_port()
    receiver = Server(
        "receiver", uvicorn_argv("receiver_app:app", port, 1), dict(os.environ), port, "/stats"
    )
    api = real_server(1, url)
    api.env = env_for(url)
    with running(receiver), running(api):
        bare = asyncio.run(bare_sender(receiver.base, args.writes * args.endpoints, 16))
        httpx.delete(f"{receiver.base}/stats")
        register(url, receiver.base, args.endpoints)
        # Throughput: a backlog written first, then drained by the workers alone.
        console.print(f"{count} worker(s): drain {args.writes} writes × {args.endpoints} …")
        write_s = asyncio.run(burst(api.base, key, ids, args.writes, args.concurrency, 0))
        expected = args.writes * args.endpoints
        with workers(count, url):
            drained = figures(wait_for(receiver.base, expected, args.timeout), expected)
            httpx.delete(f"{receiver.base}/stats")
            # Latency: writes at a steady rate while the workers run.
            live = args.rate * args.seconds
            console.print(f"{count} worker(s): {args.rate} writes/s for {args.seconds} s …")
            asyncio.run(burst(api.base, key, ids, live, args.concurrency, args.rate))
            steady = figures(
                wait_for(receiver.base, live * args.endpoints, args.timeout), live * args.endpoints
            )
    return {
        "workers": count,
        "bare_sender_per_s": bare,
        "writes_per_s": args.writes / write_s,
        "drain": drained,
        "live": steady | {"writes_per_s": args.rate, "endpoints": args.endpoints},
    }


def report(runs: list[dict[str, Any]]) -> Table:
    t = Table(title="Webhook deliveries to a local receiver (PostgreSQL, 127.0.0.1)")
    columns = ["workers", "backlog: deliveries/s", "vs bare sender", "steady: offered/s"]
    columns += ["p50 s", "p99 s"]
    columns += ["max s", "duplicates", "missing", "target"]
    for col in columns:
        t.add_column(col, justify="right")
    for r in runs:
        drain, live = r["drain"], r["live"]
        lost = drain["missing"] + live["missing"]
        met = drain["deliveries_per_s"] >= 500 and live["p99_s"] < 2 and lost == 0
        t.add_row(
            str(r["workers"]),
            f"{drain['deliveries_per_s']:.0f}",
            f"{100 * drain['deliveries_per_s'] / r['bare_sender_per_s']:.0f}%",
            f"{live['writes_per_s'] * live['endpoints']}",
            f"{live['p50_s']:.2f}",
            f"{live['p99_s']:.2f}",
            f"{live['max_s']:.2f}",
            str(drain["duplicates"] + live["duplicates"]),
            str(lost),
            "[green]met" if met else "[red]missed",
        )
    return t


def main() -> None:
    args = parser().parse_args()
    runs = [one_run(args, int(n)) for n in args.workers.split(",")]
    console.print(report(runs))
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "webhooks.json"
    out.write_text(json.dumps({"host": HOST, "args": vars(args), "runs": runs}, indent=2))
    console.print(f"Written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
