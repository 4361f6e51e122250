"""RFC 9457 problem details: the error classes services raise, and the document they render to.

No web framework here: services, the load engine and the CLI raise these without importing
FastAPI (which the command line would otherwise pay for at every start). ``api.handlers``
renders them as HTTP responses.
"""

from collections.abc import Sequence
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

PROBLEM_JSON = "application/problem+json"


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
    request_id: str | None = Field(
        None,
        description="This request's id, as in its X-Request-ID header and the server's log "
        "line (an RFC 9457 extension member): quote it when reporting a problem.",
        examples=["01a2433770fe70008d6da041581cf3d3"],
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


class DatabaseUnavailable(ServiceUnavailable):
    """No connection to the database (down, restarting, unreachable): 503 with ``Retry-After``."""

    type = "database-unavailable"
    title = "The database is not reachable; try again shortly"


class DatabaseBusy(ServiceUnavailable):
    """The database could not take this request in time (SQLite's writer lock held by another
    write or a load, or every pooled connection in use): 503 with ``Retry-After``."""

    type = "database-busy"
    title = "The database is busy; try again shortly"
