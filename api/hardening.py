"""One ASGI middleware for what every response and request must respect (outermost, so its
headers are on every response, errors included):

- a request id (``X-Request-ID``: the caller's if it is sane, else a new one), for the audit trail;
- security headers on every response, and ``Cache-Control: no-store`` on API responses;
- methods a documented path does not list refused (405 with ``Allow``);
- credentials in the query string refused (400) before anything could log or cache the URL;
- request bodies over ``SP_MAX_BODY_BYTES`` refused (413), read at most that far; uploads (to
  operations that take files) over ``SP_IMPORT_MAX_BYTES``, counted as they stream;
- bodies of a media type the operation does not document refused (415); text with NUL
  characters refused (422: PostgreSQL cannot store them, and no caller means them);
- an unexpected error answered with a bare problem document (no trace, SQL or path) and logged
  (``api.handlers.unexpected``, the app's fallback handler too).
"""

import re
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl

from starlette.datastructures import Headers

from api.auth.tokens import looks_like_credential
from api.config import Settings
from api.errors import PayloadTooLarge, ProblemError, RuleBroken, UnsupportedMediaType
from api.handlers import problem_response, unexpected
from api.http.routes_index import RoutesIndex

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
CREDENTIAL_PARAMS = frozenset(
    {"access_token", "api_key", "apikey", "key", "token", "auth", "authorization", "bearer"}
)
JSON_TYPES = frozenset({"application/json", "application/merge-patch+json"})
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class NulCharacter(RuleBroken):
    type = "nul-character"
    title = "Text may not contain the NUL character (U+0000)"


# A JSON ``\u0000`` escape (after an even run of backslashes, so not an escaped backslash).
JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


def counted(receive: Receive, limit: int) -> Receive:
    """``receive``, refusing (413) the read that takes the body past ``limit`` bytes: the upload
    is read inside the app, so the app's ``ProblemError`` handler answers."""
    seen = 0

    async def receive_counted() -> Message:
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        if seen > limit:
            raise PayloadTooLarge(f"the body is larger than {limit} bytes")
        return message

    return receive_counted


class MethodNotAllowed(ProblemError):
    status = 405
    type = "method-not-allowed"
    title = "Method not allowed"


def preflight(headers: Headers) -> bool:
    """A CORS preflight, for the CORS middleware inside this one to answer."""
    return "origin" in headers and "access-control-request-method" in headers


class CredentialsInQuery(ProblemError):
    status = 400
    type = "credentials-in-query"
    title = "Credentials belong in the Authorization header, never in the URL"


def security_headers(settings: Settings, api: bool) -> list[tuple[bytes, bytes]]:
    headers = [
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"no-referrer"),
        (b"cross-origin-opener-policy", b"same-origin"),
    ]
    if api:
        headers += [
            (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
            (b"cache-control", b"no-store"),
        ]
    else:  # the docs and the dashboard load their own scripts and styles
        headers.append((b"content-security-policy", b"frame-ancestors 'none'"))
    if settings.env == "production":
        headers.append((b"strict-transport-security", b"max-age=63072000; includeSubDomains"))
    return headers


class Hardening:
    def __init__(self, app: ASGIApp, settings: Settings, routes: RoutesIndex) -> None:
        self.app = app
        self.settings = settings
        self.routes = routes
        self.api_headers = security_headers(settings, api=True)
        self.other_headers = security_headers(settings, api=False)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_headers = Headers(scope=scope)
        given = request_headers.get("x-request-id", "")
        request_id = given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        api = scope["path"].startswith(self.settings.api_prefix)
        extra = [*(self.api_headers if api else self.other_headers)]
        extra.append((b"x-request-id", request_id.encode()))
        replaced = {name for name, _ in extra}
        started = head = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                # As MutableHeaders would set each (replacing the app's), in one pass.
                raw = [(k, v) for k, v in message.get("headers", ()) if k.lower() not in replaced]
                message["headers"] = raw + extra
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        async def refuse(problem: ProblemError) -> None:
            response = problem_response(problem.body(), problem.headers)
            await response(scope, receive, send_with_headers)

        try:
            if self._credentials_in_query(scope):
                await refuse(
                    CredentialsInQuery(
                        "send the key or token as `Authorization: Bearer …`; URLs end up in "
                        "logs and browser history",
                        loc=["query"],
                    )
                )
                return
            documented = self.routes.operations(scope["path"])
            if scope["method"] == "HEAD" and documented and "GET" in documented:
                # HEAD wherever GET: the GET's status and headers, without its body.
                scope = {**scope, "method": "GET"}
                head = True
            if documented and scope["method"] not in documented and not preflight(request_headers):
                # Before routing: the dashboard mounted at / would answer 404 for any method.
                allow = ", ".join(sorted({*documented, *(["HEAD"] if "GET" in documented else [])}))
                await refuse(
                    MethodNotAllowed(
                        f"{scope['method']} is not one of {allow}", headers={"Allow": allow}
                    )
                )
                return
            if "\x00" in scope["path"] or b"%00" in scope.get("query_string", b""):
                where = "path" if "\x00" in scope["path"] else "query"
                await refuse(NulCharacter("no database keeps it; remove it", loc=[where]))
                return
            refusal, receive = await self._body(scope, receive, request_headers)
            if refusal is not None:
                await refuse(refusal)
                return
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:
            if started:
                raise
            response = unexpected(exc, scope["method"], scope["path"], request_id)
            await response(scope, receive, send_with_headers)

    @staticmethod
    def _credentials_in_query(scope: Scope) -> bool:
        query = scope.get("query_string", b"").decode("latin-1")
        if not query:
            return False
        for name, value in parse_qsl(query, keep_blank_values=True):
            if name.lower() in CREDENTIAL_PARAMS or looks_like_credential(value.strip()):
                return True
        return False

    async def _body(
        self, scope: Scope, receive: Receive, headers: Headers
    ) -> tuple[ProblemError | None, Receive]:
        """Check the body against what the operation documents, and its size.

        JSON bodies are read here (at most ``SP_MAX_BODY_BYTES``) and handed on whole. An
        operation that documents file uploads (``POST /imports``) gets its body streamed, its
        bytes counted as they arrive: past ``SP_IMPORT_MAX_BYTES`` the next read raises 413, so
        a missing or lying Content-Length does not help.
        """
        method = scope["method"]
        length = headers.get("content-length")
        chunked = "chunked" in headers.get("transfer-encoding", "").lower()
        has_body = chunked or (length is not None and length != "0")
        if method not in BODY_METHODS and not has_body:
            return None, receive
        declared = (self.routes.operations(scope["path"]) or {}).get(method) or None
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        uploads = declared is not None and not declared <= JSON_TYPES
        if has_body and declared is not None:
            accepted = declared | JSON_TYPES if declared <= JSON_TYPES else declared
            if content_type not in accepted:
                return UnsupportedMediaType(
                    f"the body's Content-Type is {content_type or 'missing'}; this operation "
                    f"takes {', '.join(sorted(accepted))}",
                    loc=["header", "Content-Type"],
                ), receive
        limit = self.settings.import_max_bytes if uploads else self.settings.max_body_bytes
        too_large = PayloadTooLarge(f"the body is larger than {limit} bytes")
        if length is not None and length.isdigit() and int(length) > limit:
            return too_large, receive
        if uploads:
            return None, counted(receive, limit)
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break  # the client went away; the app will see the disconnect
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                return too_large, receive
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if b"\x00" in body or JSON_NUL.search(body):
            return NulCharacter("no database keeps it; remove it", loc=["body"]), receive
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return None, replay
