"""Methods a documented path does not list refused (405 with ``Allow``), and ``HEAD`` answered
wherever ``GET`` is (the GET's status and headers, without its body).

Decided before routing, from the OpenAPI document (``api.http.routes_index``): the dashboard
mounted at ``/`` would otherwise answer 404 for any method. A CORS preflight is let through, for
the CORS middleware inside to answer.
"""

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import ProblemError
from api.http.answer import refuse, without_body
from api.http.routes_index import RoutesIndex


class MethodNotAllowed(ProblemError):
    status = 405
    type = "method-not-allowed"
    title = "Method not allowed"


def preflight(headers: Headers) -> bool:
    """A CORS preflight, for the CORS middleware inside this one to answer."""
    return "origin" in headers and "access-control-request-method" in headers


class Methods:
    def __init__(self, app: ASGIApp, routes: RoutesIndex) -> None:
        self.app = app
        self.routes = routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        documented = self.routes.operations(scope["path"]) if scope["type"] == "http" else None
        if documented is None:  # not HTTP, or a path the API does not document
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        if method == "HEAD" and "GET" in documented:
            await self.app({**scope, "method": "GET"}, receive, without_body(send))
        elif method not in documented and not preflight(Headers(scope=scope)):
            allow = ", ".join(sorted({*documented, *(["HEAD"] if "GET" in documented else [])}))
            problem = MethodNotAllowed(f"{method} is not one of {allow}", headers={"Allow": allow})
            await refuse(problem, scope, receive, send)
        else:
            await self.app(scope, receive, send)
