"""The contract test: schemathesis against the app's own OpenAPI document, with an admin's key.

Every operation, every check (plus ``problem_details``), a fixed seed, and all four phases:
examples, coverage (edge and invalid values of every parameter, unexpected methods), fuzzing, and
stateful (sequences following the links between operations: create, then read, update, delete).
It drives a real server process, as an integration would, on each engine; a run takes a minute
or two per engine.
"""

import asyncio
import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from api.config import Settings
from tests.server import running_server

pytestmark = pytest.mark.anyio
HERE = Path(__file__).parent
ROOT = HERE.parent.parent
SUMMARY = re.compile(r"^=+ (.*(passed|failed|error|issues).*) =+$", re.M)


@pytest.mark.timeout(900)
async def test_schemathesis_finds_nothing(
    client: httpx.AsyncClient, settings: Settings, tmp_path: Path
) -> None:
    key = client.headers["authorization"].removeprefix("Bearer ")
    env = {"SP_PUBLIC_READ": "false", "SP_LOGIN_ATTEMPTS": "20"}
    async with running_server(settings.database_url, env=env, log=tmp_path / "server.log") as base:
        # In a thread: the run takes minutes, and the test's event loop must not stall meanwhile.
        result = await asyncio.to_thread(
            subprocess.run,
            [
                str(Path(sys.executable).with_name("st")),
                "--no-color",
                "--config-file",
                str(HERE / "schemathesis.toml"),
                "run",
                f"{base}/api/v1/openapi.json",
                "--header",
                f"Authorization: Bearer {key}",
                "--phases",
                "examples,coverage,fuzzing,stateful",
                "--checks",
                "all",
                "--workers",
                "1",
            ],
            capture_output=True,
            text=True,
            timeout=840,
            env={
                **os.environ,
                "SCHEMATHESIS_HOOKS": "tests.contract.problem_check",
                "PYTHONPATH": str(ROOT),
            },
            cwd=tmp_path,  # its caches (.schemathesis, .hypothesis) stay out of the tree
            check=False,
        )
    output = result.stdout + result.stderr
    summary = SUMMARY.findall(output)
    print(output[-6000:])
    assert result.returncode == 0, output[-20000:]
    assert summary, output[-2000:]
