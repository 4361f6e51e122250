"""Where the worker runs: inside the API's process (its lifespan starts and stops the loop) or as
``shared-purpose worker``, a process of its own that stops gracefully on SIGTERM."""

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi import FastAPI

from api.config import Settings
from api.main import create_app
from api.migrate import upgrade
from api.worker.loop import Worker

pytestmark = pytest.mark.anyio
WAIT = 10.0


async def rounds_run(worker: Worker, at_least: int) -> None:
    async with asyncio.timeout(WAIT):
        while worker.rounds < at_least:
            await asyncio.sleep(0.01)


class TestInTheApi:
    async def test_the_lifespan_starts_the_loop_and_stops_it_before_the_pools(
        self, settings: Settings
    ) -> None:
        app: FastAPI = create_app(settings.model_copy(update={"worker_in_process": True}))
        async with app.router.lifespan_context(app):
            worker: Worker = app.state.worker
            await rounds_run(worker, 2)  # the real tasks, against the test database
            assert not app.state.worker_task.done()
            assert not worker.stopping.is_set()
        assert worker.stopping.is_set()
        assert app.state.worker_task.done() and app.state.worker_task.exception() is None

    async def test_by_default_only_on_sqlite(self, settings: Settings) -> None:
        app: FastAPI = create_app(settings.model_copy(update={"worker_in_process": None}))
        async with app.router.lifespan_context(app):
            assert (app.state.worker is not None) == app.state.db.is_sqlite

    async def test_none_when_told_not_to(self, app: FastAPI) -> None:
        assert app.state.worker is None  # the tests' app (worker_in_process=False)


def test_the_command_runs_until_sigterm(tmp_path: Path) -> None:
    """``shared-purpose worker --concurrency 2`` against a migrated SQLite file: it starts,
    logs, and on SIGTERM finishes its batches and exits 0."""
    url = f"sqlite:///{tmp_path / 'worker.db'}"
    upgrade(url)
    env = {**os.environ, "SP_DATABASE_URL": url, "SP_LOG_FORMAT": "json"}
    command = [sys.executable, "-m", "api.cli", "worker", "--concurrency", "2"]
    with subprocess.Popen(
        command, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    ) as proc:
        try:
            assert proc.stderr is not None
            deadline = time.monotonic() + 30
            lines: list[str] = []
            while time.monotonic() < deadline:
                line = proc.stderr.readline()
                lines.append(line)
                if "worker started" in line or not line:
                    break
            assert "worker started: 2 x" in lines[-1], lines
            assert '"logger": "api.worker"' in lines[-1]  # logged as `serve` logs
            proc.send_signal(signal.SIGTERM)
            _, rest = proc.communicate(timeout=15)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode == 0, rest
    assert "worker stopping (SIGTERM)" in rest
    assert "worker stopped" in rest
