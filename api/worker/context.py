"""What a worker task is given: the database, the settings, a clock, a name and an HTTP client.

The clock is injectable so that tests move time (retries a day apart, the next day's digests)
without sleeping.
"""

import os
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

import httpx

from api.config import Settings
from api.db import Database
from api.models.base import utcnow


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return utcnow()


@dataclass
class FixedClock:
    """A clock that moves only when told (tests)."""

    at: datetime

    def now(self) -> datetime:
        return self.at

    def advance(self, by: timedelta) -> None:
        self.at += by


def worker_name(n: int = 0) -> str:
    """``host/pid/n``: who holds a lease (also what an attempt row records)."""
    return f"{socket.gethostname()[:60]}/{os.getpid()}/{n}"


@dataclass
class WorkerContext:
    db: Database
    settings: Settings
    http: httpx.AsyncClient
    clock: Clock = field(default_factory=SystemClock)
    name: str = field(default_factory=worker_name)
    # What a task keeps between its calls (work still in flight), and what must run when the
    # context stops (finish that work): the loop awaits each of ``closing`` on its way out.
    state: dict[str, Any] = field(default_factory=dict)
    closing: list[Callable[[], Awaitable[None]]] = field(default_factory=list)


Task = Callable[[WorkerContext], Awaitable[int]]
