"""The fast GET routes of the kit (a page, a row): answered without FastAPI's dependency solving.

The route is declared like the others, so OpenAPI documents it as before; at run time its handler
refuses unknown query parameters, resolves the caller (``Require``), takes a read connection, reads
the one header itself and calls the endpoint with the same typed arguments FastAPI would give.
Solving those dependencies cost about as much CPU as the rest of a by-id read (cProfile of the
service under load). A path id too long for the route goes to FastAPI's own handler, whose
validation answers the 422.
"""

from collections.abc import Callable, Coroutine, Mapping
from contextlib import asynccontextmanager
from typing import Any

from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response

from api.auth.deps import Require, current_principal
from api.deps import get_reader
from api.http.query import StrictRoute, refuse_unknown
from api.kit.paths import MAX_ID_LENGTH

reading = asynccontextmanager(get_reader)
Locate = Callable[[Mapping[str, str]], Any]  # path parameters -> the endpoint's ``at``


class ReadRoute(StrictRoute):
    """Its endpoint takes ``at`` (from ``locate``), ``request``, ``principal``, ``conn`` and
    ``if_none_match``: see ``api.kit.router``."""

    permission: Require  # set per route (see ``read_route``)
    locate: Locate

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        standard = super().get_route_handler()
        endpoint = self.endpoint
        permission = type(self).permission
        locate = type(self).locate
        known = self.query_names()

        async def handler(request: Request) -> Response:
            refuse_unknown(request, known)
            params = request.path_params
            if any(len(value) > MAX_ID_LENGTH for value in params.values()):
                return await standard(request)
            principal = await permission(request, await current_principal(request, None))
            async with reading(request) as conn:
                return await endpoint(  # type: ignore[no-any-return]
                    at=locate(params),
                    request=request,
                    principal=principal,
                    conn=conn,
                    if_none_match=request.headers.get("if-none-match"),
                )

        return handler


def read_route(permission: Require, locate: Locate) -> type[APIRoute]:
    # staticmethod: a plain function stored on a class would otherwise bind as a method.
    attrs = {"permission": permission, "locate": staticmethod(locate)}
    return type("ReadRoute", (ReadRoute,), attrs)
