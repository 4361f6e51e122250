"""A list's query string, parsed by hand against its params model, and documented in OpenAPI.

FastAPI can validate a query-parameter model itself, but that costs about a third of a list
request's time; ``parse_query`` gives the same answers (422 with ``["query", name]`` locations)
for less. ``query_parameters`` documents the same model as OpenAPI ``parameters``, and
``api.http.query.StrictRoute`` refuses any other name before the handler runs.
"""

from datetime import date, datetime
from functools import cache
from typing import Any, TypeVar

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError
from starlette.requests import Request

from api.kit.schemas import ListParams

P = TypeVar("P", bound=ListParams)


def parse_query(model: type[P], request: Request) -> P:
    """The request's query string validated against ``model``.

    ``format`` (``?format=csv``, read by ``api.exports.http.wants_csv``) is not the model's.
    Dates and datetimes must be ISO 8601 (see ``is_iso``). A repeated parameter counts once,
    its last value. Raises ``RequestValidationError``, which the app answers with a 422 problem.
    """
    raw = {k: v for k, v in request.query_params.items() if k != "format"}
    not_iso = [
        {
            "loc": ("query", name),
            "msg": f"Input should be an ISO 8601 {kind.__name__}",
            "type": f"{kind.__name__}_parsing",
        }
        for name, kind in temporal_fields(model).items()
        if name in raw and not is_iso(raw[name], kind)
    ]
    if not_iso:
        raise RequestValidationError(not_iso)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        errors = [{**e, "loc": ("query", *e["loc"])} for e in exc.errors(include_url=False)]
        raise RequestValidationError(errors) from exc


@cache
def temporal_fields(model: type[BaseModel]) -> dict[str, type[date]]:
    """The date and datetime parameters of a params model."""
    out: dict[str, type[date]] = {}
    for name, info in model.model_fields.items():
        for kind in (datetime, date):  # datetime first: it is a date too
            if info.annotation in (kind, kind | None):
                out[name] = kind
                break
    return out


def is_iso(value: str, kind: type[date]) -> bool:
    """Pydantic alone would also take a Unix timestamp (``0``) for a date; the API does not."""
    try:
        kind.fromisoformat(value)
    except ValueError:
        return False
    return True


def query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    """OpenAPI ``parameters`` for a params model (``$defs`` inlined: they are small enums)."""
    schema = model.model_json_schema()
    defs = schema.get("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return inline(defs[node["$ref"].rsplit("/", 1)[1]])
            return {k: inline(v) for k, v in node.items()}
        if isinstance(node, list):
            return [inline(v) for v in node]
        return node

    out = []
    for name, prop in schema["properties"].items():
        prop = inline(prop)
        description = prop.pop("description", "")
        examples = prop.pop("examples", None)
        prop.pop("title", None)
        param: dict[str, Any] = {
            "name": name,
            "in": "query",
            "required": False,
            "description": description,
            "schema": prop,
        }
        if examples:
            param["example"] = examples[0]
        out.append(param)
    return out
