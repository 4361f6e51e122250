"""``Observe``: each request counted and timed (``api.observe.metrics``) and logged in one line.

In ``api.http.stack`` it sits just inside ``RequestId`` and outside everything else, so it sees
the request id, times every answer (the middlewares' refusals and the fallback's 500 too) and
reads the status that went out. The route is the OpenAPI template the path matches (so a 405
refused before routing still counts under its route), else the route that answered, else
``unmatched``: a bounded set of labels, whatever paths callers send.

The line (logger ``api.access``, level INFO) holds the request id (as in ``X-Request-ID`` and
any problem document), the route template, method, status, duration in milliseconds and the
caller's id and kind; never the raw path, the query string, a header, a key or a token.
"""

import logging
import time
from typing import Any

from starlette.routing import Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.http.routes_index import RoutesIndex
from api.observe.metrics import LATENCY, REQUESTS, UNMATCHED

log = logging.getLogger("api.access")
# Methods a label may name; any other (WebDAV's, made-up ones: refused with 405 further in) is
# counted as OTHER, so callers cannot grow the series without bound.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def route_template(scope: Scope, routes: RoutesIndex) -> str:
    """The OpenAPI template the path matches, else the template of the route that answered
    (``/metrics``, the dashboard's files), else ``unmatched``."""
    template = routes.template(scope["path"])
    if template is not None:
        return template
    route: Any = scope.get("route")
    if isinstance(route, Mount):  # the dashboard's files
        return f"{route.path}/{{path}}"
    path = getattr(route, "path", None)
    return path if isinstance(path, str) and path.startswith("/") else UNMATCHED


def principal_of(scope: Scope) -> tuple[str | None, str]:
    principal = scope.get("state", {}).get("principal")
    if principal is None:
        return None, "anonymous"
    return principal.id, principal.kind


class Observe:
    def __init__(self, app: ASGIApp, routes: RoutesIndex) -> None:
        self.app = app
        self.routes = routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500  # unless an answer starts

        async def send_observed(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_observed)
        finally:
            self.record(scope, status, time.perf_counter() - start)

    def record(self, scope: Scope, status: int, seconds: float) -> None:
        route = route_template(scope, self.routes)
        method = scope["method"] if scope["method"] in METHODS else "OTHER"
        REQUESTS.labels(route, method, str(status)).inc()
        LATENCY.labels(route, method).observe(seconds)
        if not log.isEnabledFor(logging.INFO):
            return
        principal_id, kind = principal_of(scope)
        duration_ms = round(seconds * 1000, 2)
        log.info(
            "%s %s %s %.1f ms",
            method,
            route,
            status,
            duration_ms,
            extra={
                "request_id": scope.get("state", {}).get("request_id"),
                "route": route,
                "method": method,
                "status": status,
                "duration_ms": duration_ms,
                "principal_id": principal_id,
                "principal_kind": kind,
            },
        )
