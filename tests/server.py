"""Start the real server (uvicorn, as `shared-purpose serve` does) on 127.0.0.1 for a test."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def running_server(
    database_url: str,
    workers: int = 1,
    timeout: float = 90,  # generous: CI machines are shared, and a slow start is not a failure
    env: dict[str, str] | None = None,
    log: Path | None = None,
) -> Iterator[str]:
    """``env`` adds settings (``SP_…``) for this server; ``log`` takes its stderr (a long run's
    logs would fill a pipe nobody reads)."""
    port = free_port()
    env = {**os.environ, "SP_DATABASE_URL": database_url, "SP_LOG_LEVEL": "warning", **(env or {})}
    cmd = [sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--workers", str(workers)]
    log_file = log.open("wb") if log else None
    stderr = log_file or subprocess.PIPE
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                err = proc.stderr.read().decode() if proc.stderr else log.read_text() if log else ""
                raise RuntimeError(f"server exited with {proc.returncode}: {err[-2000:]}")
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start in time")
            time.sleep(0.1)
        yield base
    finally:
        if proc.stderr:
            proc.stderr.close()
        if log_file:
            log_file.close()
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
