"""The request id (``X-Request-ID``): the caller's if it is sane, else a new one (a UUIDv7 in 32
hex digits, so the ids a process makes sort by time, as its log lines do).

It ties an answer to the audit trail (``act_as`` records ``request.state.request_id``), to the
request's log line (``api.observe.middleware``) and to its problem document, if any: every problem
(``api.handlers.problem_response``) carries it as the extension member ``request_id``, read from
``CURRENT`` (the request's context). Outermost, so every response carries the header, refusals
and errors included.
"""

import re
from contextvars import ContextVar

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.ids import new_id

# What a caller may choose: short, and nothing a log line or header could be split by.
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
NAME = b"x-request-id"
CURRENT: ContextVar[str | None] = ContextVar("request_id", default=None)


class RequestId:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = ""
        for name, value in scope["headers"]:
            if name == NAME:
                given = value.decode("latin-1")
                break
        request_id = given if REQUEST_ID.fullmatch(given) else new_id().replace("-", "")
        scope.setdefault("state", {})["request_id"] = request_id
        CURRENT.set(request_id)  # this request's task (and what it spawns) only
        header = (NAME, request_id.encode())

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = message.get("headers", ())
                message["headers"] = [(k, v) for k, v in raw if k.lower() != NAME] + [header]
            await send(message)

        await self.app(scope, receive, send_with_id)
