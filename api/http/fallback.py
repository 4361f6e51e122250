"""The answer to an error that escapes the app and every middleware inside this one:
``api.handlers.unexpected`` (a bare 500 whose detail quotes the request id, or a 503 when the
database is out of reach), with the details logged.

It sits inside the request id and security headers, so that answer carries them as every other
does; the app's own ``Exception`` handler (the same function) answers what escapes this.
"""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.handlers import unexpected
from api.http.answer import without_body


class Fallback:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_tracked(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, send_tracked)
        except Exception as exc:
            if started:  # part of an answer is out: nothing to do but end the connection
                raise
            request_id = scope.get("state", {}).get("request_id")
            response = unexpected(exc, scope["method"], scope["path"], request_id)
            head = scope["method"] == "HEAD"  # its headers only, as HEAD asks
            await response(scope, receive, without_body(send) if head else send)
