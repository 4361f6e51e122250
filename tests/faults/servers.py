"""A real server (``shared-purpose serve``) on 127.0.0.1 that a test may kill outright."""

import os
import subprocess
import sys
from pathlib import Path
from types import TracebackType
from typing import IO, Self

import httpx

from api.config import Settings
from api.db import Database
from api.models.enums import Role
from tests.conftest import api_key
from tests.server import free_port, stop, wait_until_up


async def admin_key(url: str) -> str:
    db = Database(url, Settings(database_url=url))
    try:
        return await api_key(db, Role.admin)
    finally:
        await db.dispose()


def organisations_csv(rows: int) -> bytes:
    lines = ["ref,name,org_identifier,kind,postcode,url"]
    lines += [f"o{i},Organisation {i},GB-LOAD-{i},charity,," for i in range(rows)]
    return ("\r\n".join(lines) + "\r\n").encode()


class Server:
    """``async with Server(...) as server``: started, answering ``/healthz``; ``server.client``
    is an async client with the admin key."""

    def __init__(self, url: str, env: dict[str, str], log: Path, key: str) -> None:
        self.url, self.env, self.log_path, self.key = url, env, log, key
        self.proc: subprocess.Popen[bytes] | None = None
        self.log: IO[bytes] | None = None

    async def __aenter__(self) -> Self:
        port = free_port()
        env = {**os.environ, "SP_DATABASE_URL": self.url, "SP_LOG_LEVEL": "warning", **self.env}
        cmd = [sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--workers", "1"]
        self.log = self.log_path.open("wb")
        self.proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=self.log)
        headers = {"Authorization": f"Bearer {self.key}"}
        self.client = httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", headers=headers)
        try:
            await wait_until_up(self.proc, self.client, 30, self.log_path.read_text)
        except BaseException:
            await self.__aexit__(None, None, None)
            raise
        return self

    def kill(self) -> None:
        """SIGKILL: no shutdown, no clean-up, as a crash or an OOM kill."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.client.aclose()
        if self.proc is not None:
            await stop(self.proc)
        if self.log is not None:
            self.log.close()
