"""Keyset pagination: sort parsing, opaque cursors, the next-page condition and the Link header.

A cursor holds the sort keys of the last row of a page, so the next page starts strictly after it
whatever was inserted meanwhile (no skipped or repeated rows, unlike OFFSET).
"""

import base64
import binascii
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import orjson
from sqlalchemy import and_, or_
from sqlalchemy.sql.elements import ColumnElement

from api.errors import InvalidQuery, ProblemError

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


@dataclass(frozen=True)
class SortKey:
    name: str
    column: ColumnElement[Any]
    descending: bool


def parse_sort(
    sort: str | None, sortable: Mapping[str, ColumnElement[Any]], default: str
) -> list[SortKey]:
    """``due_date,-id`` → sort keys; ``id`` is always last so the order is total."""
    keys: list[SortKey] = []
    for raw in (sort or default).split(","):
        part = raw.strip()
        if not part:
            continue
        descending = part.startswith("-")
        name = part.lstrip("-+")
        if name not in sortable:
            allowed = ", ".join(sorted(sortable))
            raise InvalidQuery(
                f"cannot sort by {name!r}; sortable fields: {allowed}", loc=["query", "sort"]
            )
        if any(k.name == name for k in keys):
            raise InvalidQuery(f"{name!r} appears twice in sort", loc=["query", "sort"])
        keys.append(SortKey(name, sortable[name], descending))
    if not any(k.name == "id" for k in keys):
        keys.append(SortKey("id", sortable["id"], False))
    return keys


def sort_signature(keys: list[SortKey]) -> str:
    return ",".join(("-" if k.descending else "") + k.name for k in keys)


def encode_cursor(keys: list[SortKey], row: dict[str, Any]) -> str:
    payload = {"s": sort_signature(keys), "v": [row[k.name] for k in keys]}
    return base64.urlsafe_b64encode(orjson.dumps(payload)).decode().rstrip("=")


class InvalidCursor(ProblemError):
    """A malformed or tampered cursor is the caller's request gone wrong: 400, as a bad header."""

    status = 400
    type = "invalid-cursor"
    title = "The cursor is not one this API issued for this list"


def decode_cursor(cursor: str, keys: list[SortKey]) -> list[Any]:
    def bad(why: str) -> InvalidCursor:
        return InvalidCursor(why, loc=["query", "cursor"])

    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        payload = orjson.loads(base64.urlsafe_b64decode(padded))
    except (binascii.Error, ValueError) as exc:
        raise bad("cursor is not one this API issued") from exc
    if not isinstance(payload, dict) or payload.get("s") != sort_signature(keys):
        raise bad("cursor belongs to another sort order; start again without it")
    values = payload.get("v")
    if not isinstance(values, list) or len(values) != len(keys):
        raise bad("cursor is not one this API issued")
    try:
        return [
            _typed(value, key.column.type.python_type)
            for key, value in zip(keys, values, strict=True)
        ]
    except (ValueError, TypeError, NotImplementedError) as exc:
        raise bad("cursor is not one this API issued") from exc


INT64 = 2**63


def _typed(value: Any, kind: type) -> Any:
    """A cursor value of exactly its column's type: a tampered one is refused here, before the
    database sees a string for a number, a NUL or a 100-digit integer."""
    if value is None:
        return None
    if kind is datetime or kind is date:
        if not isinstance(value, str):
            raise TypeError("not an ISO 8601 string")
        parsed = kind.fromisoformat(value)
        if isinstance(parsed, datetime) and parsed.tzinfo is None:
            raise ValueError("a timestamp without its offset")
        return parsed
    if issubclass(kind, bool):
        ok = isinstance(value, bool)
    elif issubclass(kind, int):
        ok = isinstance(value, int) and not isinstance(value, bool) and -INT64 <= value < INT64
    elif issubclass(kind, float):
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        ok = ok and math.isfinite(value)
    else:  # text and text enums
        ok = isinstance(value, str) and len(value) <= 1000 and "\x00" not in value
    if not ok:
        raise TypeError(f"not a {kind.__name__}")
    return value


def after(keys: list[SortKey], values: list[Any]) -> ColumnElement[bool]:
    """Rows strictly after ``values`` in ``keys`` order (mixed directions allowed)."""
    clauses = []
    for i, key in enumerate(keys):
        equal = [keys[j].column == values[j] for j in range(i)]
        step = key.column < values[i] if key.descending else key.column > values[i]
        clauses.append(and_(*equal, step))
    return or_(*clauses)


def link_header(url: str, query: dict[str, str], next_cursor: str | None) -> str | None:
    """RFC 8288 ``Link: <…>; rel="next"`` built from the request's own query."""
    if next_cursor is None:
        return None
    from urllib.parse import urlencode

    params = {k: v for k, v in query.items() if k != "cursor"}
    params["cursor"] = next_cursor
    return f'<{url}?{urlencode(params)}>; rel="next"'
