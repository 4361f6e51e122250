"""Request bodies bounded: past the limit, 413 (``payload-too-large``).

- A JSON body (or any body of an operation that takes no file) may be ``SP_MAX_BODY_BYTES``. It
  is read here, at most that far, before routing, and handed on whole (``WholeBody``), so a
  declared ``Content-Length`` need not be trusted and the app reads it in one message.
- An upload (an operation that documents file media types: ``POST /imports``) may be
  ``SP_IMPORT_MAX_BYTES``. It is streamed to the app, its bytes counted as they arrive: the read
  past the limit raises, and the app's ``ProblemError`` handler answers (the upload is read
  inside the app), so a missing or lying ``Content-Length`` does not help either.
"""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.config import Settings
from api.errors import PayloadTooLarge
from api.http.answer import refuse
from api.http.content_type import BODY_METHODS, body_length, declared_types, is_upload
from api.http.routes_index import RoutesIndex


class WholeBody:
    """``receive`` after the body was read: the whole body in one message, then the server's."""

    def __init__(self, body: bytes, receive: Receive) -> None:
        self.body = body
        self.receive = receive
        self.replayed = False

    async def __call__(self) -> Message:
        if not self.replayed:
            self.replayed = True
            return {"type": "http.request", "body": self.body, "more_body": False}
        return await self.receive()


def counted(receive: Receive, limit: int) -> Receive:
    """``receive``, refusing (413) the read that takes the body past ``limit`` bytes."""
    seen = 0

    async def receive_counted() -> Message:
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        if seen > limit:
            raise PayloadTooLarge(f"the body is larger than {limit} bytes")
        return message

    return receive_counted


async def read_body(receive: Receive, limit: int) -> bytes | None:
    """The body, or None as soon as it is longer than ``limit``."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break  # the client went away; the app will see the disconnect
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


class BodyLimit:
    def __init__(self, app: ASGIApp, settings: Settings, routes: RoutesIndex) -> None:
        self.app = app
        self.settings = settings  # read per request: tests lower the limits on a running app
        self.routes = routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        has_body, length = body_length(scope)
        if scope["method"] not in BODY_METHODS and not has_body:
            await self.app(scope, receive, send)
            return
        uploads = is_upload(declared_types(self.routes, scope))
        limit = self.settings.import_max_bytes if uploads else self.settings.max_body_bytes
        body = None
        if length is None or not length.isdigit() or int(length) <= limit:
            if uploads:
                await self.app(scope, counted(receive, limit), send)
                return
            body = await read_body(receive, limit)
        if body is None:
            too_large = PayloadTooLarge(f"the body is larger than {limit} bytes")
            await refuse(too_large, scope, receive, send)
            return
        await self.app(scope, WholeBody(body, receive), send)
