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
                headers = MutableHeaders(scope=message)
                vary = headers.get("vary", "")
                if "accept-encoding" not in vary.lower():
                    headers["Vary"] = f"{vary}, Accept-Encoding" if vary else "Accept-Encoding"
                etag = headers.get("etag")
                if (
                    etag is not None
                    and not etag.startswith("W/")
                    and "content-encoding" in headers
                    and "accept-ranges" in headers
                ):
                    headers["ETag"] = f"W/{etag}"
            await send(message)

        await self.compress(scope, receive, send_checked)
