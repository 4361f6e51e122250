"""wrk: running it on one URL (optionally with a Lua script), and reading its ``--latency`` output.
Also the Lua script of the cold rows, which asks for a new ``as_of`` on every request."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime

from common import HOST, RESULTS

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
    argv = [
        "wrk",
        f"-t{wrk_threads(connections)}",
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


def as_of_script(path: str, first: date, offset: int, threads: int) -> list[str]:
    script = RESULTS / "as_of.lua"
    script.write_text(AS_OF_LUA)
    epoch = int(datetime(first.year, first.month, first.day, tzinfo=UTC).timestamp())
    sep = "&" if "?" in path else "?"
    args = (epoch, offset, AS_OF_DAYS, threads)
    return [str(script), f"{path}{sep}as_of=", *map(str, args)]
