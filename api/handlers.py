"""The one ``application/problem+json`` handler, and the problem responses OpenAPI documents."""

import logging
import re
import sqlite3
from collections.abc import Iterable
from typing import Any

import asyncpg
import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy.dialects.postgresql.asyncpg import AsyncAdapt_asyncpg_dbapi
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from api.db import unavailable
from api.errors import PROBLEM_JSON, DatabaseBusy, DatabaseUnavailable, Problem, ProblemError
from api.http.request_id import CURRENT as request_id_var

log = logging.getLogger("api.errors")
# Errors that may mean the database is unavailable for now (api.db.unavailable decides).
DATABASE_ERRORS = (
    SQLAlchemyError,
    AsyncAdapt_asyncpg_dbapi.Error,
    asyncpg.PostgresError,
    asyncpg.InterfaceError,
    sqlite3.Error,
    OSError,  # connection refused or reset, timeouts, unknown host
)
RETRY_AFTER = {"busy": "1", "down": "5"}  # seconds


def database_problem(exc: BaseException) -> ProblemError | None:
    """503 with ``Retry-After`` when ``exc`` says the database cannot serve us now."""
    kind = unavailable(exc)
    if kind is None:
        return None
    problem = DatabaseBusy() if kind == "busy" else DatabaseUnavailable()
    problem.headers["Retry-After"] = RETRY_AFTER[kind]
    return problem


def problem_response(problem: dict[str, Any], headers: dict[str, str] | None = None) -> Response:
    """``problem`` as ``application/problem+json``, with the request's id (``X-Request-ID``) as
    the extension member ``request_id`` (RFC 9457, section 3.2)."""
    request_id = request_id_var.get()
    if request_id is not None:
        problem = {**problem, "request_id": request_id}
    return Response(
        orjson.dumps(problem),
        status_code=problem["status"],
        media_type=PROBLEM_JSON,
        headers=headers,
    )


# Problems any route may answer with before (or besides) its own code: the middlewares' refusals,
# request validation and the database being out of reach (``api.kit.problems`` finds the rest).
ANY_ROUTE: dict[int, tuple[str, ...]] = {
    400: ("credentials-in-query",),
    401: ("unauthenticated",),
    413: ("payload-too-large",),
    415: ("unsupported-media-type",),
    422: ("validation-error", "nul-character"),
    429: ("too-many-requests",),
    503: ("database-unavailable", "database-busy"),
}
DESCRIBED = {
    304: "Not modified (If-None-Match matched).",
    400: "Bad request (malformed body, credentials in the query string, a missing "
    "`Idempotency-Key` where it is required, a cursor this API did not issue).",
    401: "No valid credentials: send `Authorization: Bearer <API key or session token>`.",
    403: "Your role (or team scope) does not allow this.",
    404: "No such row.",
    409: "Conflicts with existing rows (a unique value, a rule across rows, or rows in use).",
    412: "If-Match no longer matches the row's ETag.",
    413: "The request body is larger than the server accepts.",
    415: "The body is not JSON.",
    422: "Invalid input or a broken rule; `errors` names each field.",
    429: "Too many attempts; `Retry-After` says how many seconds to wait.",
    503: "The database is unreachable or busy: retry after `Retry-After` seconds.",
}


def problem_uri(kind: str) -> str:
    """A problem type as the ``type`` member of its document says it."""
    return kind if kind == "about:blank" else f"/problems/{kind}"


def responses(
    *statuses: int, problems: Iterable[type[ProblemError]] = ()
) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` for the problem statuses a route can return (and 503: every route
    that calls this needs the database), each with the problem ``type`` values it may carry.

    ``problems`` are the route's own (``api.kit.problems`` finds them in its code): their
    statuses are documented too. Each problem status lists its types in its description and as
    ``x-problem-types`` (the exact ``type`` URIs), so a client can tell its refusals apart."""
    kinds: dict[int, set[str]] = {}
    for problem in problems:
        kinds.setdefault(problem.status, set()).add(problem_uri(problem.type))
    out: dict[int | str, dict[str, Any]] = {}
    for status in sorted({*statuses, *kinds, 503}):
        if status == 304:
            out[status] = {"description": DESCRIBED[status]}
            continue
        types = sorted(
            kinds.get(status, set()) | {problem_uri(k) for k in ANY_ROUTE.get(status, ())}
        )
        listed = ", ".join(f"`{t}`" for t in types)
        out[status] = {
            "description": DESCRIBED.get(status, "Error.")
            + (f" Problem types: {listed}." if types else ""),
            "model": Problem,
            "content": {PROBLEM_JSON: {}},
        }
        if types:
            out[status]["x-problem-types"] = types
    return out


def problem_content_only(openapi: dict[str, Any]) -> dict[str, Any]:
    """Problem responses are documented as ``application/problem+json`` alone (FastAPI would
    also list the model under the route's own media type)."""
    schema = {"$ref": "#/components/schemas/Problem"}
    for path in openapi.get("paths", {}).values():
        for operation in path.values():
            for status, response in operation.get("responses", {}).items():
                if status[:1] in ("4", "5") and "content" in response:
                    response["content"] = {PROBLEM_JSON: {"schema": schema}}
    return openapi


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [
        {
            "loc": [str(p) if not isinstance(p, int) else p for p in e["loc"]],
            "msg": e["msg"],
            "type": e["type"],
        }
        for e in exc.errors()
    ]


# A calendar feed's URL holds its token (its only credential): logs get the path without it.
FEED_TOKEN = re.compile(r"(/calendar/)[^/]+(\.ics)$")


def loggable_path(path: str) -> str:
    """``path`` as it may be written to a log: a calendar feed's token replaced by ``***``."""
    return FEED_TOKEN.sub(r"\1***\2", path)


def unexpected(exc: BaseException, method: str, path: str, request_id: str | None) -> Response:
    """The answer to an error nothing else handled: 503 if it says the database is out of
    reach, else a bare 500 (never a trace, SQL or path for the caller) with the details logged.

    Both places an error can escape to use it: ``api.http.fallback`` (whatever escapes the app,
    so the answer still carries the request id and security headers) and the app's
    ``Exception`` handler (whatever escapes the middlewares)."""
    problem = database_problem(exc)
    if problem is not None:  # raised past the database handlers (e.g. wrapped in a group)
        return problem_response(problem.body(), problem.headers)
    log.error("unhandled error on %s %s", method, loggable_path(path), exc_info=exc)
    request = f" (request {request_id})" if request_id else ""
    return problem_response(
        {
            "type": "about:blank",
            "title": "Internal server error",
            "status": 500,
            "detail": f"An unexpected error occurred{request}; it has been logged.",
            "errors": [],
        }
    )


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(ProblemError)
    async def _problem(_request: Request, exc: ProblemError) -> Response:
        return problem_response(exc.body(), exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> Response:
        errors = _validation_errors(exc)
        fields = ", ".join(".".join(str(p) for p in e["loc"]) for e in errors)
        return problem_response(
            {
                "type": "/problems/validation-error",
                "title": "The request is not valid",
                "status": 422,
                "detail": f"Invalid: {fields}",
                "errors": errors,
            }
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        title = {404: "Not found", 405: "Method not allowed"}.get(exc.status_code, "Error")
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            # Starlette names only the first route matching the path; list every method it has.
            methods = request.app.state.routes.methods(request.url.path)
            headers["Allow"] = ", ".join(methods) or "GET"
        return problem_response(
            {
                "type": "about:blank",
                "title": title,
                "status": exc.status_code,
                "detail": str(exc.detail),
                "errors": [],
            },
            headers,
        )

    async def _database(request: Request, exc: Exception) -> Response:
        problem = database_problem(exc)
        if problem is None:
            raise exc  # a bug, not an outage: the 500 handler below
        # The class only: a driver's message may quote the statement and its values.
        log.warning(
            "%s %s: %s (%s)",
            request.method,
            loggable_path(request.url.path),
            problem.title,
            type(exc),
        )
        return problem_response(problem.body(), problem.headers)

    for kind in DATABASE_ERRORS:
        app.add_exception_handler(kind, _database)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        request_id = getattr(request.state, "request_id", None)
        return unexpected(exc, request.method, request.url.path, request_id)
