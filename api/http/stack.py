"""The HTTP middlewares, in one list: the order they see a request in.

Each is a pure ASGI middleware in its own module. The order matters:

1. ``RequestId`` outermost, then ``Observe`` (``api.observe.middleware``: the request counted,
   timed and logged with that id, whoever answers it), then ``SecurityHeaders``, so every answer
   carries the id and the headers: the app's, the refusals below and the fallback's 500;
2. ``Fallback`` next, so whatever escapes the layers inside is answered with those headers, then
   ``Drain`` (``api.observe.shutdown``: 503 ``shutting-down`` once SIGTERM has come);
3. the refusals that need no body: credentials in the query first (400: a URL holding a key
   goes no further), then an undocumented method (405; ``HEAD`` becomes a ``GET`` without its
   body here), a NUL in the URL (422), a body's media type (415);
4. ``BodyLimit`` (413), which reads a JSON body whole, then ``RefuseNulInBody`` (422), which
   checks what it read;
5. ``Compression`` inside all of these, so a HEAD keeps the compressed GET's headers and the
   refusals above (small problem documents) go out uncompressed; CORS (when origins are set)
   innermost but for the app, after the 405 check has let its preflights through.

Starlette's own ``ServerErrorMiddleware`` stays outside them all, with the app's ``Exception``
handler (``api.handlers.unexpected`` too) for what escapes ``RequestId`` or ``SecurityHeaders``.
"""

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.middleware import Middleware

from api.compression import Compression
from api.config import Settings
from api.http.body_limit import BodyLimit
from api.http.content_type import ContentType
from api.http.credentials import RefuseCredentialsInQuery
from api.http.fallback import Fallback
from api.http.methods import Methods
from api.http.nul import RefuseNulInBody, RefuseNulInUrl
from api.http.request_id import RequestId
from api.http.routes_index import RoutesIndex
from api.http.security_headers import SecurityHeaders
from api.observe.middleware import Observe
from api.observe.shutdown import Drain, Draining


def middlewares(settings: Settings, routes: RoutesIndex, draining: Draining) -> list[Middleware]:
    """The middlewares, outermost first."""
    layers = [
        Middleware(RequestId),
        Middleware(Observe, routes=routes),
        Middleware(SecurityHeaders, settings=settings),
        Middleware(Fallback),
        Middleware(Drain, draining=draining),
        Middleware(RefuseCredentialsInQuery),
        Middleware(Methods, routes=routes),
        Middleware(RefuseNulInUrl),
        Middleware(ContentType, routes=routes),
        Middleware(BodyLimit, settings=settings, routes=routes),
        Middleware(RefuseNulInBody),
        Middleware(Compression),
    ]
    if settings.cors_origins:
        layers.append(
            Middleware(
                CORSMiddleware,
                allow_origins=settings.cors_origins,  # exact origins, never a wildcard
                allow_methods=["GET", "POST", "PATCH", "DELETE"],
                allow_headers=["Authorization", "Content-Type", "If-Match", "If-None-Match"]
                + ["Idempotency-Key", "X-Request-ID"],
                expose_headers=["ETag", "Location", "Link", "Retry-After", "X-Request-ID"]
                + ["Idempotent-Replayed"],
                max_age=600,
            )
        )
    return layers


def install(app: FastAPI, settings: Settings, routes: RoutesIndex, draining: Draining) -> None:
    """Add the middlewares to ``app`` in the order above."""
    for layer in reversed(middlewares(settings, routes, draining)):  # each wraps those added
        app.add_middleware(layer.cls, *layer.args, **layer.kwargs)
