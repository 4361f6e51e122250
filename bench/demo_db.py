"""A PostgreSQL database holding ``shared-purpose demo --teams N``, for the benchmarks.

Drops and re-creates the database (its name must contain ``bench``) on the server of
``SP_BENCH_ADMIN_URL`` (default the local one), migrates it, generates the demo and runs
``ANALYZE``, as bench/api_bench.py does; then prints the database URL on the last line of stdout.
The dashboard bench (frontend/scripts/bench-dashboard.mjs) calls it.

    .venv/bin/python bench/demo_db.py --database sp_bench_dashboard --teams 1000
"""

import argparse
import os
import sys

from common import DEFAULT_ADMIN_URL, HOST
from database import bench_url, setup_database
from sqlalchemy.engine import make_url


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--database", default="sp_bench_dashboard", help="(sp_bench_dashboard)")
    ap.add_argument("--teams", type=int, default=1000, help="demo teams (1000)")
    args = ap.parse_args(argv)
    if "bench" not in args.database:
        ap.error("--database must contain 'bench' (it is dropped and re-created)")
    admin_url = os.environ.get("SP_BENCH_ADMIN_URL", DEFAULT_ADMIN_URL)
    url = bench_url(admin_url, args.database)
    if make_url(url).host not in (HOST, "localhost", None):
        ap.error(f"the benchmark database must be local, not {make_url(url).host}")
    timings = setup_database(admin_url, args.database, url, args.teams)
    print(f"set up in {sum(timings.values()):.1f}s: {timings}", file=sys.stderr)
    print(url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
