"""Start the real server (uvicorn, as `shared-purpose serve` does) on 127.0.0.1 for a test."""

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


async def wait_until_up(
    proc: subprocess.Popen[bytes], http: httpx.AsyncClient, timeout: float, why: Callable[[], str]
) -> None:
    """Poll ``/healthz`` until it answers 200; ``why()`` explains an early exit. Tests await this,
    so the wait yields to their event loop instead of blocking it."""
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}: {why()[-2000:]}")
        try:
            if (await http.get("/healthz", timeout=1)).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("server did not start in time")
        await asyncio.sleep(0.1)


async def stop(proc: subprocess.Popen[bytes], grace: float = 10) -> None:
    """SIGTERM, then SIGKILL if the server has not exited after ``grace`` seconds."""
    if proc.poll() is None:
        proc.terminate()
        deadline = time.monotonic() + grace
        while proc.poll() is None and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
    if proc.poll() is None:
        proc.kill()
    proc.wait()  # at once: it has exited or been killed


@asynccontextmanager
async def running_server(
    database_url: str,
    workers: int = 1,
    timeout: float = 90,  # generous: CI machines are shared, and a slow start is not a failure
    env: dict[str, str] | None = None,
    log: Path | None = None,
) -> AsyncIterator[str]:
    """``env`` adds settings (``SP_…``) for this server; ``log`` takes its stderr (a long run's
    logs would fill a pipe nobody reads)."""
    port = free_port()
    env = {**os.environ, "SP_DATABASE_URL": database_url, "SP_LOG_LEVEL": "warning", **(env or {})}
    cmd = [sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--workers", str(workers)]
    log_file = log.open("wb") if log else None
    stderr = log_file or subprocess.PIPE
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
    base = f"http://127.0.0.1:{port}"

    def why() -> str:
        return proc.stderr.read().decode() if proc.stderr else log.read_text() if log else ""

    try:
        async with httpx.AsyncClient(base_url=base) as http:
            await wait_until_up(proc, http, timeout, why)
        yield base
    finally:
        if proc.stderr:
            proc.stderr.close()
        if log_file:
            log_file.close()
        await stop(proc)
