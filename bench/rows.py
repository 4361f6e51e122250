"""One measured row: what it asks for (``Target``), what was measured (``Measured``), and how
(a probe, a warm-up, wrk with the server's and the database's CPU read around it, then a wait
until all is idle again); and the concurrency check, many requests at once.
"""

from __future__ import annotations

import asyncio
import subprocess
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx
from common import BROWSER_ENCODINGS, console
from database import spent
from servers import Server
from wrk import AS_OF_DAYS, WrkResult, as_of_script, wrk, wrk_threads


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
