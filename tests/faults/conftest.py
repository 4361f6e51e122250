"""The fault suite's tally and its app: every fault injected and every 5xx answer is counted, and
the totals are printed at the end of the run. The only 5xx a fault may cause is 503."""

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from api.config import Settings
from api.main import create_app
from api.migrate import upgrade
from api.models.enums import Role
from tests.conftest import api_key, fresh_database


@dataclass
class Tally:
    faults: dict[str, int] = field(default_factory=dict)
    unavailable: int = 0  # 503s
    other_5xx: list[str] = field(default_factory=list)

    def fault(self, kind: str, count: int = 1) -> None:
        self.faults[kind] = self.faults.get(kind, 0) + count

    async def seen(self, response: httpx.Response) -> None:
        if response.status_code == 503:
            self.unavailable += 1
        elif response.status_code >= 500:
            request = response.request
            self.other_5xx.append(f"{request.method} {request.url.path} {response.status_code}")


TALLY = Tally()


@pytest.fixture
def tally() -> Iterator[Tally]:
    """The run's tally; a test fails if any answer during it was a 5xx other than 503."""
    before = len(TALLY.other_5xx)
    yield TALLY
    assert TALLY.other_5xx[before:] == []


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not TALLY.faults and not TALLY.unavailable and not TALLY.other_5xx:
        return
    faults = ", ".join(f"{kind} {n}" for kind, n in sorted(TALLY.faults.items()))
    terminalreporter.write_line(
        f"faults injected: {sum(TALLY.faults.values())} ({faults}); 503 answers: "
        f"{TALLY.unavailable}; 5xx other than 503: {len(TALLY.other_5xx)} {TALLY.other_5xx}"
    )


@pytest.fixture(scope="module")
def pg_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated PostgreSQL database shared by a module's tests (``postgres_url``'s kind)."""
    with fresh_database("postgresql", tmp_path_factory.mktemp("pg")) as url:
        upgrade(url)
        yield url


@asynccontextmanager
async def serving(url: str, **settings: Any) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    """The app on ``url`` and an admin's client of it, every answer counted in the tally."""
    # No worker unless asked for (as tests/conftest.py): its tasks would take SQLite's lock too.
    options = {
        "frontend_dist": "/nonexistent",
        "auth_cache_seconds": 600,
        "worker_in_process": False,
        **settings,
    }
    app = create_app(Settings(database_url=url, **options))
    async with app.router.lifespan_context(app):
        key = await api_key(app.state.db, Role.admin)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://testserver",
            headers={"Authorization": f"Bearer {key}"},
            event_hooks={"response": [TALLY.seen]},
        ) as client:
            yield app, client
