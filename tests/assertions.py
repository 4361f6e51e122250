"""Assertions the rule and convention tests share: problem documents and untouched tables."""

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import httpx

from api.db import Database
from tests.conftest import count_rows

PROBLEM_JSON = "application/problem+json"


def assert_problem(
    response: httpx.Response,
    status: int,
    rule: str,
    field: str | None = None,
    *,
    loc: Sequence[str | int] | None = None,
) -> dict[str, Any]:
    """An RFC 9457 body: ``type`` names ``rule``; an ``errors`` entry sits at ``field``/``loc``."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    body: dict[str, Any] = response.json()
    assert body["type"] == f"/problems/{rule}", body
    assert body["status"] == status
    assert body["title"]
    if field is not None or loc is not None:
        where = list(loc) if loc is not None else ["body", field]
        assert where in [e["loc"] for e in body["errors"]], body["errors"]
    return body


@asynccontextmanager
async def unchanged(db: Database, *tables: str) -> AsyncIterator[None]:
    """The block leaves the row count of every table in ``tables`` as it found it."""
    before = {t: await count_rows(db, t) for t in tables}
    yield
    after = {t: await count_rows(db, t) for t in tables}
    assert after == before


def but_request_id(body: dict[str, Any]) -> dict[str, Any]:
    """A problem document without its ``request_id`` (each answer has its own), to compare two
    answers that should otherwise be the same."""
    return {k: v for k, v in body.items() if k != "request_id"}
