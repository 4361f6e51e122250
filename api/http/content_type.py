"""Bodies of a media type the operation does not document refused (415), before routing.

What an operation takes comes from the OpenAPI document (``api.http.routes_index``): a JSON
operation takes ``application/json`` and ``application/merge-patch+json`` (any charset), an
upload (``POST /imports``) the file types it lists. A request without a body is not checked
here: the operation's own validation says what is missing.
"""

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import UnsupportedMediaType
from api.http.answer import refuse
from api.http.routes_index import RoutesIndex

JSON_TYPES = frozenset({"application/json", "application/merge-patch+json"})
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def body_length(scope: Scope) -> tuple[bool, str | None]:
    """Whether the request says it has a body (chunked, or a ``Content-Length`` other than 0),
    and its ``Content-Length``: one pass over the headers, no ``Headers`` to build."""
    length = encoding = None
    for name, value in scope["headers"]:
        if name == b"content-length" and length is None:
            length = value.decode("latin-1")
        elif name == b"transfer-encoding" and encoding is None:
            encoding = value
    chunked = encoding is not None and b"chunked" in encoding.lower()
    return chunked or (length is not None and length != "0"), length


def declared_types(routes: RoutesIndex, scope: Scope) -> frozenset[str] | None:
    """The media types the operation documents for its body; None when it takes none (or the
    path is not documented)."""
    return (routes.operations(scope["path"]) or {}).get(scope["method"]) or None


def is_upload(declared: frozenset[str] | None) -> bool:
    """An operation that takes files, not (only) JSON."""
    return declared is not None and not declared <= JSON_TYPES


class ContentType:
    def __init__(self, app: ASGIApp, routes: RoutesIndex) -> None:
        self.app = app
        self.routes = routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and body_length(scope)[0]:
            declared = declared_types(self.routes, scope)
            if declared is not None:
                accepted = declared if is_upload(declared) else declared | JSON_TYPES
                given = Headers(scope=scope).get("content-type", "")
                content_type = given.split(";")[0].strip().lower()
                if content_type not in accepted:
                    problem = UnsupportedMediaType(
                        f"the body's Content-Type is {content_type or 'missing'}; this "
                        f"operation takes {', '.join(sorted(accepted))}",
                        loc=["header", "Content-Type"],
                    )
                    await refuse(problem, scope, receive, send)
                    return
        await self.app(scope, receive, send)
