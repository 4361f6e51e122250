"""Response compression: zstd, brotli or gzip, as the caller's ``Accept-Encoding`` allows.

The codecs and the negotiation are starlette-compress's (``CompressMiddleware``); this module
only decides what it applies to and keeps the HTTP around it right:

- JSON, CSV, the dashboard's scripts, styles and pages; bodies under ``MINIMUM_SIZE`` bytes,
  304s and responses already encoded go out as they are;
- CSV exports stay streamed: each chunk the export yields is compressed and flushed at once;
- ``Vary: Accept-Encoding`` on every response, compressed or not, so a shared cache never hands
  a compressed body to a caller that did not ask for one (nor a 304 without it);
- ETags keep their value: they name the resource's state (a row's version, a page's or a read
  model's data), and every comparison here is weak (``If-None-Match``, ``If-Match`` by version),
  so the tag of a compressed response validates as the plain one does. The one exception is a
  compressed *file* (the dashboard's assets, which also answer ``Range``): its ETag is marked weak,
  as nginx does, so ``If-Range`` never mixes byte ranges of two different encodings.
"""

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from starlette_compress import CompressMiddleware, add_compress_type

# Below this a response is sent as it is: the encoding's framing would eat most of the gain.
MINIMUM_SIZE = 500
# Fast levels: responses are built per request, so compression time is paid per request.
LEVEL = 4

add_compress_type("text/csv", streaming=True)  # exports: compressed chunk by chunk, flushed


class Compression:
    """``CompressMiddleware`` plus the ``Vary`` and file-ETag rules above."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.compress = CompressMiddleware(
            app,
            minimum_size=MINIMUM_SIZE,
            zstd_level=LEVEL,
            brotli_quality=LEVEL,
            gzip_level=LEVEL,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.compress(scope, receive, send)
            return

        async def send_checked(message: Message) -> None:
            if message["type"] == "http.response.start":
                checked(message)
            await send(message)

        if any(name == b"accept-encoding" for name, _ in scope["headers"]):
            await self.compress(scope, receive, send_checked)
        else:  # nothing to negotiate (scripts, probes, load tests): the plain body, at no cost
            await self.app(scope, receive, send_checked)


def checked(message: Message) -> None:
    """Add ``Vary: Accept-Encoding`` and weaken a compressed file's ETag, in place."""
    raw: list[tuple[bytes, bytes]] = message.setdefault("headers", [])
    names = {name.lower() for name, _ in raw}
    if b"vary" not in names:
        raw.append((b"vary", b"Accept-Encoding"))
    else:
        headers = MutableHeaders(raw=raw)
        vary = headers["vary"]
        if "accept-encoding" not in vary.lower():
            headers["vary"] = f"{vary}, Accept-Encoding"
    if b"etag" in names and b"content-encoding" in names and b"accept-ranges" in names:
        headers = MutableHeaders(raw=raw)
        if not headers["etag"].startswith("W/"):
            headers["etag"] = f"W/{headers['etag']}"
