"""The NUL character (U+0000) refused (422, ``nul-character``) in the path, the query and JSON
bodies: PostgreSQL cannot store it (so an SQLite database holding one would not restore into
PostgreSQL), and no caller means it.

Two middlewares, to keep the order of the refusals: the URL is checked before the body's media
type and size, the body once ``BodyLimit`` has read it whole.
"""

import re

from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import RuleBroken
from api.http.answer import refuse
from api.http.body_limit import WholeBody

# A JSON ``\u0000`` escape (after an even run of backslashes, so not an escaped backslash).
JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


class NulCharacter(RuleBroken):
    type = "nul-character"
    title = "Text may not contain the NUL character (U+0000)"


class RefuseNulInUrl:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            in_path = "\x00" in scope["path"]
            if in_path or b"%00" in scope.get("query_string", b""):
                problem = NulCharacter(
                    "no database keeps it; remove it", loc=["path" if in_path else "query"]
                )
                await refuse(problem, scope, receive, send)
                return
        await self.app(scope, receive, send)


class RefuseNulInBody:
    """Inside ``BodyLimit``: the bodies it read whole are checked; uploads are the load
    engine's to check, row by row."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if isinstance(receive, WholeBody):
            body = receive.body
            if b"\x00" in body or JSON_NUL.search(body):
                problem = NulCharacter("no database keeps it; remove it", loc=["body"])
                await refuse(problem, scope, receive, send)
                return
        await self.app(scope, receive, send)
