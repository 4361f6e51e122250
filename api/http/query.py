"""Unknown query parameters are refused (422 naming ``["query", name]``), on every route.

``StrictRoute`` knows the names a route takes (the query parameters it declares, and those its
OpenAPI ``parameters`` document for the lists that parse their own query) and refuses any other
before the handler runs. It solves no dependencies, so the fast read routes
(``api.kit.read_route.ReadRoute``, ``api.dashboard.route.ReadModelRoute``) build on it too.
"""

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response

Handler = Callable[[Request], Coroutine[Any, Any, Response]]


def declared(dependant: Dependant) -> set[str]:
    """The query parameters of a route's handler and of its dependencies."""
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= declared(sub)
    return names


def refuse_unknown(request: Request, known: frozenset[str]) -> None:
    if not request.scope.get("query_string"):
        return  # the usual case, decided without parsing
    unknown = [name for name in request.query_params if name not in known]
    if unknown:
        raise RequestValidationError(
            [
                {
                    "loc": ("query", name),
                    "msg": "Extra inputs are not permitted",
                    "type": "extra_forbidden",
                }
                for name in unknown
            ]
        )


class StrictRoute(APIRoute):
    """An ``APIRoute`` whose handler first refuses query parameters the route does not take."""

    def query_names(self) -> frozenset[str]:
        documented = (self.openapi_extra or {}).get("parameters", [])
        extra = {p["name"] for p in documented if p.get("in") == "query"}
        return frozenset(declared(self.dependant) | extra)

    def get_route_handler(self) -> Handler:
        standard = super().get_route_handler()
        known = self.query_names()

        async def handler(request: Request) -> Response:
            refuse_unknown(request, known)
            return await standard(request)

        return handler
