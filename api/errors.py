"""RFC 9457 problem details: the error classes and the one handler that renders them."""

import logging
import re
from collections.abc import Sequence
from typing import Any, ClassVar

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("api.errors")


class FieldError(BaseModel):
    loc: list[str | int] = Field(description="Where the error is.", examples=[["body", "due_date"]])
    msg: str = Field(description="What is wrong.", examples=["must fall inside the window"])
    type: str = Field(description="A stable machine-readable code.", examples=["outside-window"])


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    model_config = ConfigDict(json_schema_extra={"description": "RFC 9457 problem details."})

    type: str = Field(description="URI naming the rule.", examples=["/problems/outside-window"])
    title: str = Field(description="Short summary of the rule.", examples=["Date outside window"])
    status: int = Field(description="The HTTP status code.", examples=[422])
    detail: str = Field("", description="What happened this time.", examples=["due_date ..."])
    errors: list[FieldError] = Field(
        default_factory=list, description="Every field at fault, with its location."
    )


class ProblemError(Exception):
    """A refusal with its HTTP status. Subclasses name one rule each."""

    status: ClassVar[int] = 400
    type: ClassVar[str] = "about:blank"
    title: ClassVar[str] = "Bad request"

    def __init__(
        self,
        detail: str = "",
        *,
        field: str | None = None,
        loc: Sequence[str | int] | None = None,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail
        self.headers = headers or {}
        if errors is not None:
            self.errors = errors
        elif field is not None or loc is not None:
            where = list(loc) if loc is not None else ["body", field]
            self.errors = [{"loc": where, "msg": detail or self.title, "type": self.type}]
        else:
            self.errors = []

    def body(self) -> dict[str, Any]:
        uri = self.type if self.type == "about:blank" else f"/problems/{self.type}"
        return {
            "type": uri,
            "title": self.title,
            "status": self.status,
            "detail": self.detail or self.title,
            "errors": self.errors,
        }


class Unauthenticated(ProblemError):
    """No credentials, or credentials that do not (or no longer) work."""

    status = 401
    type = "unauthenticated"
    title = "Authentication required"

    def __init__(self, detail: str = "", *, error: str | None = None) -> None:
        challenge = f'Bearer realm="api", error="{error}"' if error else 'Bearer realm="api"'
        super().__init__(detail, headers={"WWW-Authenticate": challenge})


class Forbidden(ProblemError):
    status = 403
    type = "forbidden"
    title = "Your role does not allow this"


class NotFound(ProblemError):
    status = 404
    type = "not-found"
    title = "Not found"


class Conflict(ProblemError):
    status = 409
    type = "conflict"
    title = "Conflicts with an existing row"


class InUse(ProblemError):
    status = 409
    type = "in-use"
    title = "Other rows still refer to this one"


class PreconditionFailed(ProblemError):
    status = 412
    type = "precondition-failed"
    title = "The row has changed since you read it (If-Match does not match)"


class RuleBroken(ProblemError):
    """A business rule refused the write: 422 with the rule as ``type``."""

    status = 422
    type = "rule-broken"
    title = "A rule refused this change"


class InvalidReference(RuleBroken):
    type = "invalid-reference"
    title = "A referenced row does not exist"


class InvalidQuery(ProblemError):
    status = 422
    type = "invalid-query"
    title = "Invalid query parameter"


class PayloadTooLarge(ProblemError):
    status = 413
    type = "payload-too-large"
    title = "The request body is too large"


class UnsupportedMediaType(ProblemError):
    status = 415
    type = "unsupported-media-type"
    title = "Send JSON (application/json or application/merge-patch+json)"


class TooManyRequests(ProblemError):
    status = 429
    type = "too-many-requests"
    title = "Too many attempts; wait before trying again"


class ServiceUnavailable(ProblemError):
    status = 503
    type = "unavailable"
    title = "Service unavailable"


def problem_response(problem: dict[str, Any], headers: dict[str, str] | None = None) -> Response:
    return Response(
        orjson.dumps(problem),
        status_code=problem["status"],
        media_type=PROBLEM_JSON,
        headers=headers,
    )


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` for the problem statuses a route can return."""
    described = {
        304: "Not modified (If-None-Match matched).",
        400: "Bad request (malformed body, credentials in the query string, a missing "
        "`Idempotency-Key` where it is required).",
        401: "No valid credentials: send `Authorization: Bearer <API key or session token>`.",
        403: "Your role (or team scope) does not allow this.",
        404: "No such row.",
        409: "Conflicts with existing rows (a unique value, a rule across rows, or rows in use).",
        412: "If-Match no longer matches the row's ETag.",
        413: "The request body is larger than the server accepts.",
        415: "The body is not JSON.",
        422: "Invalid input or a broken rule; `errors` names each field.",
        429: "Too many attempts; `Retry-After` says how many seconds to wait.",
        503: "The database is not reachable.",
    }
    out: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        if status == 304:
            out[status] = {"description": described[status]}
        else:
            out[status] = {
                "description": described.get(status, "Error."),
                "model": Problem,
                "content": {PROBLEM_JSON: {}},
            }
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


def allowed_methods(request: Request) -> list[str]:
    """The methods the OpenAPI document lists for the request's path (a 405's ``Allow``)."""
    app = request.app
    table: list[tuple[re.Pattern[str], list[str]]] | None = getattr(app.state, "allow", None)
    if table is None:
        table = []
        for template, operations in app.openapi().get("paths", {}).items():
            methods = sorted(m.upper() for m in operations if m.upper() in HTTP_METHODS)
            table.append((path_pattern(template), methods))
        app.state.allow = table
    path = request.url.path
    return sorted({m for regex, methods in table if regex.fullmatch(path) for m in methods})


HTTP_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE"})


def path_pattern(template: str) -> re.Pattern[str]:
    """``/teams/{team_id}/partners`` → a regex matching its URLs (with or without a final /)."""
    return re.compile(re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "/?")


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
            headers["Allow"] = ", ".join(allowed_methods(request)) or "GET"
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

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        # Never leak a stack trace, SQL or path to the caller; the server log has the details.
        log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        return problem_response(
            {
                "type": "about:blank",
                "title": "Internal server error",
                "status": 500,
                "detail": "An unexpected error occurred; it has been logged.",
                "errors": [],
            }
        )
