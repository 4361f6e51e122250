"""The servers the bench loads: the bare app, the ORM baseline, the PostgREST-style stand-in and
the service itself, each a process group of its own that is always stopped at the end."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from common import BENCH, HOST, RESULTS, ROOT, console
from database import server_env


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


def uvicorn_argv(app: str, port: int, workers: int) -> list[str]:
    """A bench/ app under uvicorn in the service's process layout (uvloop + httptools, quiet)."""
    return [
        *(sys.executable, "-m", "uvicorn", app, "--app-dir", str(BENCH)),
        *("--host", HOST, "--port", str(port), "--workers", str(workers)),
        *("--loop", "uvloop", "--http", "httptools", "--no-access-log", "--log-level", "warning"),
    ]


def bare_server(workers: int) -> Server:
    port = free_port()
    argv = uvicorn_argv("bare_app:app", port, workers)
    return Server("bare", argv, dict(os.environ), port, "/bare")


def orm_server(workers: int, url: str) -> Server:
    """bench/orm_app.py: the straightforward ORM + Pydantic list route, same process layout."""
    port = free_port()
    env = {**server_env(url), "PYTHONPATH": str(BENCH.parent)}
    return Server("orm", uvicorn_argv("orm_app:app", port, workers), env, port, "/healthz")


def postgrest_server(workers: int, url: str) -> Server:
    """bench/postgrest_app.py: the JSON built in SQL and passed on, same process layout."""
    port = free_port()
    argv = uvicorn_argv("postgrest_app:app", port, workers)
    return Server("postgrest", argv, server_env(url), port, "/healthz")


def real_server(workers: int, url: str) -> Server:
    port = free_port()
    argv = [sys.executable, "-m", "api.cli", "serve", "--host", HOST, "--port", str(port)]
    return Server("api", [*argv, "--workers", str(workers)], server_env(url), port, "/healthz")


@contextmanager
def running(server: Server) -> Iterator[Server]:
    console.print(f"Starting {server.name} on {server.base} …")
    with server:
        yield server
