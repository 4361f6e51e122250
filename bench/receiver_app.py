"""The webhook bench's receiver: a bare ASGI app that answers 204 and remembers what came.

Each delivery is recorded as (path, webhook-id, event occurred_at, wall-clock time received);
``GET /stats`` hands the records over and ``DELETE /stats`` forgets them. No framework and no
signature check: the receiver must never be what limits the measured rate (the tests verify
signatures with the library; the bench measures the sender).
"""

import time
from typing import Any

import orjson

RECORDS: list[tuple[str, str, str, float]] = []


async def _respond(send: Any, status: int, body: bytes = b"") -> None:
    headers = [(b"content-type", b"application/json")] if body else []
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _body(receive: Any) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        while (await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    body = await _body(receive)
    if scope["path"] == "/stats":
        if scope["method"] == "DELETE":
            RECORDS.clear()
            await _respond(send, 204)
        else:
            await _respond(send, 200, orjson.dumps(RECORDS))
        return
    received = time.time()
    headers = dict(scope["headers"])
    event = orjson.loads(body)
    webhook_id = headers.get(b"webhook-id", b"").decode()
    RECORDS.append((scope["path"], webhook_id, event["occurred_at"], received))
    await _respond(send, 204)
