"""Load benchmark: payments from CSV into PostgreSQL through the CLI vs a raw psycopg COPY.

    .venv/bin/python bench/load_bench.py [--rows 100000] [--big 1000000]

Makes a throw-away database beside ``SP_BENCH_DATABASE_URL`` (default: the local server), loads a
programme of 1,000 teams with an award each, then times, each in a child process of its own
(interpreter start-up included on both sides, peak memory from the child's ``getrusage``):

1. ``shared-purpose load payments.csv``: validation, refs, rules and upserts included;
2. a raw psycopg ``COPY`` of the same rows (the same CSV read with ``csv``, award refs mapped to
   ids in one query, rows written with ``write_row``), the floor a load can approach;
3. the CLI again on ``--big`` rows, for its peak memory (it streams: memory stays flat).

Children start as an installed package does, from cached bytecode: ``PYTHONDONTWRITEBYTECODE``
is dropped and the cache kept in the temporary folder, warmed by the untimed set-up runs.
``--repeat N`` times the CLI/COPY pair N times and gives the median share.

Targets (issue 5): the CLI at ≥ 40 % of COPY's rows/s, under 300 MB for a million rows.
Not a test: it prints a table.
"""

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
ADMIN = os.environ.get(
    "SP_BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
TEAMS = 1_000
COLUMNS = ["ref", "programme_ref", "team_ref", "award_ref", "instalment", "scheduled_date",
           "paid_date", "amount_pence", "currency", "status", "milestone_ref"]  # fmt: skip

COPY_SCRIPT = r"""
import csv, sys, uuid, datetime as dt, psycopg
dsn, path = sys.argv[1], sys.argv[2]
with psycopg.connect(dsn) as conn:
    awards = dict(conn.execute(
        "SELECT t.ref, a.id FROM awards a JOIN teams t ON t.id = a.team_id").fetchall())
    now = dt.datetime.now(dt.UTC)
    cols = ("id, ref, award_id, instalment, scheduled_date, paid_date, amount_pence, currency, "
            "status, milestone_id, created_at, updated_at, version")
    with conn.cursor() as cur, open(path, newline="") as f:
        rows = csv.reader(f)
        next(rows)
        with cur.copy(f"COPY payments ({cols}) FROM STDIN") as copy:
            for ref, _p, team, _a, inst, sched, paid, amount, cur_, status, ms in rows:
                copy.write_row((str(uuid.uuid4()), ref, awards[team], inst, sched,
                                paid or None, int(amount), cur_, status, ms or None, now, now, 1))
"""


def dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def write_programme(folder: Path) -> list[Path]:
    files: dict[str, Sequence[Sequence[object]]] = {
        "organisations.csv": [["ref", "name", "org_identifier", "kind"],
                              ["bench-funder", "Bench Funder (synthetic)", "XI-BENCH-FUNDER",
                               "funder"],
                              ["bench-lead", "Bench Trust (synthetic)", "XI-BENCH-LEAD",
                               "nhs_trust"]],
        "programmes.csv": [["ref", "code", "title", "funder_ref", "start_date", "end_date"],
                           ["bench", "BENCH", "Load benchmark (synthetic)", "bench-funder",
                            "2012-06-01", "2015-12-31"]],
        "teams.csv": [["ref", "programme_ref", "lead_organisation_ref", "name", "project_title",
                       "provenance"]]
        + [[f"t{i:04d}", "bench", "bench-lead", f"Team {i}", "Synthetic", "synthetic"]
           for i in range(TEAMS)],
        "awards.csv": [["ref", "programme_ref", "team_ref", "identifier", "amount_pence",
                        "award_date", "planned_start_date", "planned_end_date"]]
        + [["award", "bench", f"t{i:04d}", f"360G-BENCH-{i:04d}", 42_000_000, "2012-06-01",
            "2012-06-01", "2015-12-31"] for i in range(TEAMS)],
    }  # fmt: skip
    paths = []
    for name, rows in files.items():
        path = folder / name
        with path.open("w", newline="") as f:
            csv.writer(f).writerows(rows)
        paths.append(path)
    return paths


def write_payments(path: Path, n: int) -> None:
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        for k in range(n):
            paid = k % 3 == 0
            w.writerow([f"p{k // TEAMS:06d}", "bench", f"t{k % TEAMS:04d}", "award", "interim",
                        "2013-07-01", "2013-07-02" if paid else "", 1000, "GBP",
                        "paid" if paid else "scheduled", ""])  # fmt: skip


def child(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float, int]:
    """Run ``cmd``; (wall seconds, CPU seconds and peak MB of the child, exit code)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        print(err.decode()[-3000:], file=sys.stderr)
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode


Result = tuple[str, int, float, float, float, int]  # run, rows, wall s, CPU s, peak MB, exit


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--big", type=int, default=1_000_000, help="0 to skip")
    parser.add_argument("--repeat", type=int, default=1, help="CLI/COPY pairs timed")
    return parser.parse_args()


def prepare(folder: Path, env: dict[str, str], cli: list[str], rows: int) -> Path:
    """Untimed: warm the bytecode cache, migrate, load the programme, write the payments CSV."""
    env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    warm = "import csv, datetime, uuid, psycopg"
    subprocess.run([sys.executable, "-c", warm], env=env, check=True)
    subprocess.run([*cli, "migrate"], env=env, check=True, capture_output=True)
    programme = write_programme(folder)
    subprocess.run([*cli, "load", *map(str, programme)], env=env, check=True,
                   capture_output=True)  # fmt: skip
    payments = folder / "payments.csv"
    write_payments(payments, rows)
    return payments


def timed_runs(
    args: argparse.Namespace, url: str, env: dict[str, str], folder: Path
) -> tuple[list[Result], list[float]]:
    """The table's rows, and the CLI's rows/s as a share of COPY's for each pair."""
    cli = [str(ROOT / ".venv/bin/shared-purpose")]
    payments = prepare(folder, env, cli, args.rows)
    load = [*cli, "load", str(payments)]
    results: list[Result] = []
    shares = []

    def truncate() -> None:
        with psycopg.connect(dsn(url), autocommit=True) as conn:
            conn.execute("TRUNCATE payments")
            conn.execute("VACUUM ANALYZE")

    for _ in range(args.repeat):
        truncate()
        results.append(("CLI load (validated)", args.rows, *child(load, env)))
        truncate()
        copy = [sys.executable, "-c", COPY_SCRIPT, dsn(url), str(payments)]
        results.append(("raw psycopg COPY", args.rows, *child(copy, env)))
        shares.append(results[-1][2] / results[-2][2] * 100)
    truncate()
    child(load, env)  # fills the table again, so the next load finds every row unchanged
    results.append(("CLI load, all unchanged", args.rows, *child(load, env)))
    if args.big:
        truncate()
        write_payments(payments, args.big)
        results.append(("CLI load (validated)", args.big, *child(load, env)))
    return results, shares


def print_table(results: list[Result], shares: list[float], big: int) -> None:
    print(f"\nPayments from CSV into PostgreSQL ({TEAMS:,} awards), each run a child process:\n")
    print(
        f"{'run':<26}{'rows':>11}{'seconds':>9}{'CPU s':>7}{'rows/s':>9}{'peak MB':>9}{'exit':>5}"
    )
    for label, rows, seconds, cpu, peak, code in results:
        print(
            f"{label:<26}{rows:>11,}{seconds:>9.2f}{cpu:>7.2f}{rows / seconds:>9,.0f}"
            f"{peak:>9.0f}{code:>5}"
        )
    each = ", ".join(f"{s:.0f} %" for s in shares)
    median = statistics.median(shares)
    print(f"\nCLI rows/s as a share of COPY's: {median:.0f} % (target ≥ 40 %; each pair: {each})")
    if big:
        print(f"CLI peak memory for {big:,} rows: {results[-1][4]:.0f} MB (target < 300 MB)")


def main() -> None:
    args = parse_args()
    load = os.getloadavg()[0]
    if load > 0.5 * (os.cpu_count() or 1):
        print(f"Load average is {load:.1f} on {os.cpu_count()} CPUs before starting: other work "
              "on this machine will skew the numbers.", file=sys.stderr)  # fmt: skip
    name = f"sp_load_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dsn(ADMIN), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(ADMIN).set(database=name).render_as_string(hide_password=False)
    env = {**os.environ, "SP_DATABASE_URL": url}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            results, shares = timed_runs(args, url, env, Path(tmp))
    finally:
        with psycopg.connect(dsn(ADMIN), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print_table(results, shares, args.big)


if __name__ == "__main__":
    main()
