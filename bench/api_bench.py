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
import os
import sys
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

import psycopg
from common import DEFAULT_ADMIN_URL, HOST, console
from database import (
    Ids,
    backend_cpu,
    bench_url,
    demo_available,
    pick_ids,
    session_counter,
    setup_database,
)
from report import environment, summarise, table, write
from rows import Measured, Target, concurrent_burst, measure
from servers import Server, bare_server, orm_server, postgrest_server, real_server, running
from sqlalchemy.engine import make_url
from targets import chooser, list_path, orm_target, postgrest_targets, service_rows, service_targets


def parser() -> argparse.ArgumentParser:
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
    return ap


def parse_args(argv: list[str] | None) -> tuple[argparse.Namespace, str, str]:
    """The options, checked; the admin database's URL and the bench database's."""
    ap = parser()
    args = ap.parse_args(argv)
    if "bench" not in args.database:
        ap.error("--database must contain 'bench' (it is dropped and re-created)")
    if args.workers < 1 or args.connections < 1 or args.duration < 1:
        ap.error("--workers, --connections and --duration must be positive")
    admin_url = os.environ.get("SP_BENCH_ADMIN_URL", DEFAULT_ADMIN_URL)
    url = bench_url(admin_url, args.database)
    if make_url(url).host not in (HOST, "localhost", None):
        ap.error(f"the benchmark database must be local, not {make_url(url).host}")
    return args, admin_url, url


def warn_if_busy() -> None:
    load = os.getloadavg()[0]
    if load > 0.5 * (os.cpu_count() or 1):
        console.print(
            f"[yellow]Load average is {load:.1f} on {os.cpu_count()} CPUs before starting: "
            "other work on this machine will skew the numbers."
        )


def measure_rows(
    args: argparse.Namespace, admin_url: str, url: str, ids: Ids
) -> tuple[list[Measured], dict[str, Any] | None]:
    """Steps 2 to 5: the bare app, the two baselines, the service's rows, the concurrency check."""
    chosen = chooser(args.only)
    postgrest = postgrest_targets(ids, args.read_model_connections)
    sessions = session_counter(admin_url, args.database)
    db_cpu = backend_cpu(admin_url, args.database)
    headers = {"Accept-Encoding": args.accept_encoding} if args.accept_encoding else {}
    run = (args.connections, args.duration, args.warmup)

    def load(server: Server, target: Target) -> Measured:
        return measure(server, target, *run, sessions, headers, db_cpu)

    rows: list[Measured] = []
    burst: dict[str, Any] | None = None
    with running(bare_server(args.workers)) as bare:
        rows.append(measure(bare, Target("bare", "/bare"), *run, headers=headers))
    orm_list = orm_target(ids)
    if chosen(orm_list):
        with running(orm_server(args.workers, url)) as orm:
            rows.append(load(orm, orm_list))
    if any(map(chosen, postgrest)):
        with running(postgrest_server(args.workers, url)) as pgrest:
            rows += [load(pgrest, target) for target in filter(chosen, postgrest)]
    with running(real_server(args.workers, url)) as api:
        real = list(filter(chosen, service_targets(ids, args.read_model_connections)))
        rows += service_rows(api, real, ids.programme_id, load)
        if args.concurrency_check > 0:
            check = api.base + list_path(ids)
            burst = asyncio.run(concurrent_burst(check, args.concurrency_check))
    return rows, burst


def main(argv: list[str] | None = None) -> int:
    args, admin_url, url = parse_args(argv)
    report: dict[str, Any] = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "config": dict(vars(args)),
        "database": make_url(url).render_as_string(hide_password=True),
        "environment": environment(),
    }
    warn_if_busy()
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
    rows, burst = measure_rows(args, admin_url, url, ids)
    title = (
        f"{args.workers} worker(s), {args.connections} connections "
        f"({args.read_model_connections} for read models), {args.duration}s, "
        f"{ids.counts.get('teams', 0)} teams, {os.cpu_count()} CPUs"
    )
    console.print(table(rows, title))
    ok = summarise(rows, burst)
    report["results"] = [asdict(m) for m in rows]
    report["concurrency_check"] = burst
    report["loadavg_after"] = os.getloadavg()
    report["ok"] = ok
    write(report, args.workers, args.connections)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
