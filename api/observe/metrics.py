"""Prometheus metrics (``prometheus_client``): what a scrape of ``/metrics`` reads.

- ``sp_http_requests_total{route, method, status}`` and ``sp_http_request_duration_seconds``
  (a histogram by route and method), counted by ``api.observe.middleware.Observe``. ``route`` is
  the matched route's template (``/api/v1/teams/{team_id}``), never the raw path, so the number
  of series stays bounded; a request no route matched, or one refused before routing (a 405, a
  415 …), counts under ``unmatched``.
- ``sp_db_connections_in_use{pool}``, ``sp_db_connections_overflow{pool}`` and
  ``sp_db_connections_waiting{pool}``: sampled every few seconds and at each scrape. PostgreSQL:
  ``write`` is SQLAlchemy's pool (checked out; overflow = connections opened past
  ``SP_DB_POOL_SIZE``), ``read`` the asyncpg read pool (in use; waiting = requests queued for one
  in ``Database.read_gate``). SQLite: each engine's pool (checked out); nothing waits in a pool
  there, a writer waits for SQLite's lock instead (``SP_SQLITE_BUSY_TIMEOUT_MS``).
- ``sp_read_cache_total{result="hit"|"miss"}``: the read models' body cache
  (``api.dashboard.versioned``).
- ``sp_import_jobs{status}``: background imports by state, counted by one ``GROUP BY`` at scrape
  time (a job stuck in ``running`` shows here).

Several uvicorn workers: ``serve`` points ``PROMETHEUS_MULTIPROC_DIR`` at a fresh folder, each
worker writes its values there, and a scrape answered by any worker adds them all up (gauges of
live processes only).
"""

import asyncio
import os
from collections.abc import Iterable, Iterator
from typing import Any

from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from api.db import Database
from api.models import ImportJob, ImportStatus

MULTIPROC_DIR = "PROMETHEUS_MULTIPROC_DIR"
SAMPLE_EVERY = 5.0  # seconds between samples of the pools
UNMATCHED = "unmatched"

REQUESTS = Counter("sp_http_requests", "HTTP requests answered.", ["route", "method", "status"])
LATENCY = Histogram(
    "sp_http_request_duration_seconds",
    "Time from a request's arrival to the end of its answer.",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
IN_USE = Gauge(
    "sp_db_connections_in_use", "Connections checked out.", ["pool"], multiprocess_mode="livesum"
)
OVERFLOW = Gauge(
    "sp_db_connections_overflow",
    "Connections open beyond the pool size.",
    ["pool"],
    multiprocess_mode="livesum",
)
WAITING = Gauge(
    "sp_db_connections_waiting",
    "Requests waiting for a connection.",
    ["pool"],
    multiprocess_mode="livesum",
)
READ_CACHE = Counter("sp_read_cache", "Read-model body cache lookups.", ["result"])
CACHE_HIT = READ_CACHE.labels("hit")
CACHE_MISS = READ_CACHE.labels("miss")


def multiprocess_mode() -> bool:
    return bool(os.environ.get(MULTIPROC_DIR))


def _count(pool: Any, name: str) -> int:
    """A queue pool's count (``checkedout``, ``overflow``); 0 for pools that keep none (an
    in-memory SQLite database's ``StaticPool``)."""
    method = getattr(pool, name, None)
    return max(0, int(method())) if callable(method) else 0


def sample_pools(db: Database) -> None:
    """Set the pool gauges from ``db`` (this process's engines)."""
    IN_USE.labels("write").set(_count(db.write_engine.pool, "checkedout"))
    OVERFLOW.labels("write").set(_count(db.write_engine.pool, "overflow"))
    if db.is_sqlite:
        IN_USE.labels("read").set(_count(db.engine.pool, "checkedout"))
        return
    pool = db.read_pool
    in_use = pool.get_size() - pool.get_idle_size() if pool is not None else 0
    IN_USE.labels("read").set(in_use)
    waiters = getattr(db.read_gate, "_waiters", None) or ()  # asyncio keeps no public count
    WAITING.labels("read").set(sum(1 for w in waiters if not w.done()))


async def sample_forever(db: Database) -> None:
    """Keep the pool gauges current, so a scrape answered elsewhere sees this process's."""
    while True:
        sample_pools(db)
        await asyncio.sleep(SAMPLE_EVERY)


def forget_process() -> None:
    """At shutdown: this worker's gauges no longer count (multiprocess mode)."""
    if multiprocess_mode():
        multiprocess.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]


def import_jobs_query() -> Any:
    return select(ImportJob.status, func.count()).group_by(ImportJob.status)


class ImportJobs(Collector):
    """``sp_import_jobs{status}`` from counts read at scrape time (every state, 0 if none)."""

    def __init__(self, counts: Iterable[tuple[Any, int]]) -> None:
        self.counts = {str(getattr(s, "value", s)): n for s, n in counts}

    def collect(self) -> Iterator[Metric]:
        family = GaugeMetricFamily("sp_import_jobs", "Import jobs by state.", labels=["status"])
        for status in ImportStatus:
            family.add_metric([status.value], self.counts.get(status.value, 0))
        yield family


async def import_job_counts(db: Database) -> list[tuple[Any, int]]:
    async with db.read_engine.connect() as conn:
        return [(s, n) for s, n in (await conn.execute(import_jobs_query())).all()]


def registry() -> CollectorRegistry:
    """Every process's values in multiprocess mode, else this process's (with its CPU, memory
    and garbage-collector metrics)."""
    if not multiprocess_mode():
        return REGISTRY
    merged = CollectorRegistry()
    multiprocess.MultiProcessCollector(merged)  # type: ignore[no-untyped-call]
    return merged


def render(extra: Collector | None = None) -> bytes:
    """The text exposition: the registry, then ``extra`` (collected at this scrape)."""
    text = generate_latest(registry())
    if extra is not None:
        once = CollectorRegistry(auto_describe=False)
        once.register(extra)
        text += generate_latest(once)
    return text
