"""What bench/api_bench.py prints and keeps: the table, the lines on rows that failed or were
skipped and on the concurrency check, and the JSON report in bench/results/."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from common import RESULTS, ROOT, console
from rich.table import Table
from rows import Measured


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


def summarise(rows: list[Measured], burst: dict[str, Any] | None) -> bool:
    """Name each row that failed or was skipped and give the concurrency check's outcome; True
    when every request was answered as it should be."""
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
    return ok


def write(report: dict[str, Any], workers: int, connections: int) -> Path:
    """bench/results/api_bench_<time>_w<workers>_c<connections>.json (git-ignored)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS / f"api_bench_{stamp}_w{workers}_c{connections}.json"
    out.write_text(json.dumps(report, indent=2, default=str) + "\n")
    console.print(f"Results written to {out.relative_to(ROOT)}")
    return out
