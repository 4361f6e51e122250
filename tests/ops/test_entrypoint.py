"""The image's entrypoint (``deploy/docker-entrypoint.sh``), run outside Docker: no engine runs
on these machines, so the tests run the script itself with the environment an image gives it."""

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, inspect

from api.db import sync_url
from tests.server import free_port, stop, wait_until_up

ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = ROOT / "deploy" / "docker-entrypoint.sh"
BIN = str(Path(sys.executable).parent)  # where `shared-purpose` is, as /opt/venv/bin in the image


def env(**extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("SP_")}
    return {**base, "PATH": f"{BIN}:{os.environ['PATH']}", "SP_LOG_LEVEL": "warning", **extra}


def tables(url: str) -> set[str]:
    engine = create_engine(sync_url(url))
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_arguments_run_instead_of_the_server() -> None:
    done = subprocess.run(
        [str(ENTRYPOINT), "shared-purpose", "--help"], env=env(), capture_output=True, timeout=60
    )
    assert done.returncode == 0
    assert b"migrate" in done.stdout


def test_without_a_database_url_it_stops_and_says_why() -> None:
    done = subprocess.run([str(ENTRYPOINT)], env=env(), capture_output=True, timeout=60)
    assert done.returncode != 0
    assert b"set SP_DATABASE_URL" in done.stderr


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    """A built dashboard's shape: the image copies frontend/dist beside the code."""
    folder = tmp_path / "dist"
    folder.mkdir()
    (folder / "index.html").write_text("<!doctype html><title>Shared Purpose dashboard</title>")
    return folder


@pytest.fixture
def serving(
    empty_db_url: str, dist: Path, request: pytest.FixtureRequest
) -> Iterator[dict[str, str]]:
    """The entrypoint's environment for a server on 127.0.0.1 (the image binds 0.0.0.0)."""
    yield env(
        SP_DATABASE_URL=empty_db_url,
        SP_FRONTEND_DIST=str(dist),
        HOST="127.0.0.1",
        PORT=str(free_port()),
        WORKERS="1",
    )


async def start(environ: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    proc = subprocess.Popen(
        [str(ENTRYPOINT)], env=environ, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    base = f"http://127.0.0.1:{environ['PORT']}"
    async with httpx.AsyncClient(base_url=base) as http:
        await wait_until_up(
            proc, http, 90, lambda: proc.stderr.read().decode() if proc.stderr else ""
        )
    return proc, base


@pytest.mark.anyio
async def test_with_no_arguments_it_migrates_then_serves_api_and_dashboard(
    serving: dict[str, str],
) -> None:
    proc, base = await start(serving)
    try:
        assert "alembic_version" in tables(serving["SP_DATABASE_URL"])
        async with httpx.AsyncClient(base_url=base) as http:
            page = await http.get("/")
            ready = await http.get("/readyz")
            programmes = await http.get("/api/v1/programmes")
        assert page.status_code == 200 and "Shared Purpose dashboard" in page.text
        assert ready.status_code == 200
        assert programmes.status_code in (200, 401)  # the API answers (reads may need a key)
        # `exec`: the entrypoint's process is now the server, so SIGTERM (docker stop) reaches
        # it, and it shuts down (uvicorn re-raises the signal once it has finished).
        cmdline = Path(f"/proc/{proc.pid}/cmdline").read_bytes().split(b"\0")
        assert any(part.endswith(b"shared-purpose") for part in cmdline), cmdline
        assert b"serve" in cmdline
        proc.send_signal(signal.SIGTERM)
        for _ in range(200):
            if proc.poll() is not None:
                break
            await asyncio.sleep(0.05)
        assert proc.returncode in (0, -signal.SIGTERM)
    finally:
        if proc.stderr:
            proc.stderr.close()
        await stop(proc)


@pytest.mark.anyio
async def test_migrate_0_leaves_migrating_to_a_release_job(serving: dict[str, str]) -> None:
    proc, _ = await start({**serving, "MIGRATE": "0"})
    try:
        assert "alembic_version" not in tables(serving["SP_DATABASE_URL"])
    finally:
        if proc.stderr:
            proc.stderr.close()
        await stop(proc)
