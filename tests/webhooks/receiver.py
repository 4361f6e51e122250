"""A webhook receiver on 127.0.0.1 for the tests: a tiny ASGI app served by uvicorn in the
test's own event loop.

It checks every request as a real receiver would, with the Standard Webhooks library
(``Webhook(secret).verify(body, headers)``) against each secret it knows, and keeps what it got.
It can be told to answer a status (one per request from ``plan``, then ``status``) or to hang
until released (a receiver that never answers, to kill a worker mid-delivery).
"""

import asyncio
import socket
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

import orjson
import uvicorn
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

Scope = dict[str, Any]


@dataclass(frozen=True)
class Received:
    webhook_id: str
    headers: dict[str, str]
    body: bytes
    verified_by: tuple[str, ...]  # the secrets whose signature checked out

    @property
    def event(self) -> Any:
        return orjson.loads(self.body)


@dataclass
class Receiver:
    secrets: list[str] = field(default_factory=list)
    status: int = 200
    plan: deque[int] = field(default_factory=deque)
    hang: bool = False
    received: list[Received] = field(default_factory=list)
    port: int = 0

    def __post_init__(self) -> None:
        self.arrived = asyncio.Event()
        self.released = asyncio.Event()
        self._server: uvicorn.Server | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks?source=tests"

    def answer(self, *statuses: int) -> None:
        """The next requests' statuses, in order (then ``status``)."""
        self.plan.extend(statuses)

    def ids(self) -> Counter[str]:
        return Counter(r.webhook_id for r in self.received)

    def unverified(self) -> list[Received]:
        return [r for r in self.received if not r.verified_by]

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        self.received.append(
            Received(headers.get("webhook-id", ""), headers, body, self._verify(body, headers))
        )
        self.arrived.set()
        if self.hang:
            await self.released.wait()
        status = self.plan.popleft() if self.plan else self.status
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    def _verify(self, body: bytes, headers: dict[str, str]) -> tuple[str, ...]:
        good = []
        for secret in self.secrets:
            try:
                Webhook(secret).verify(body, headers)
            except WebhookVerificationError:
                continue
            good.append(secret)
        return tuple(good)

    async def __aenter__(self) -> "Receiver":
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            self, lifespan="off", log_level="warning", timeout_graceful_shutdown=1
        )
        self._server = uvicorn.Server(config)
        self._task = asyncio.create_task(self._server.serve(sockets=[sock]))
        while not self._server.started:
            await asyncio.sleep(0.01)
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.released.set()
        assert self._server is not None and self._task is not None
        self._server.should_exit = True
        await asyncio.wait_for(self._task, 10)


def first_ids(received: Iterable[Received]) -> list[str]:
    return [r.webhook_id for r in received]
