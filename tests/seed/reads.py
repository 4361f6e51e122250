"""Reading the seeded and demo rows back through the API, for tests/seed."""

from typing import Any

import httpx
from sqlalchemy import text

from api.db import Database
from api.models import Base
from tests.factories import API

Row = dict[str, Any]


async def get_all(client: httpx.AsyncClient, path: str, **params: str) -> list[Row]:
    """Every row of a list, following ``next_cursor``."""
    items: list[Row] = []
    query: dict[str, str | int] = {"limit": 500, **params}
    while True:
        response = await client.get(f"{API}{path}", params=query)
        assert response.status_code == 200, response.text
        body = response.json()
        items += body["items"]
        if body["next_cursor"] is None:
            return items
        query["cursor"] = body["next_cursor"]


async def programme(client: httpx.AsyncClient, code: str) -> Row:
    found = [p for p in await get_all(client, "/programmes", q=code) if p["code"] == code]
    assert len(found) == 1, code
    return found[0]


async def snapshot(db: Database) -> dict[str, dict[str, tuple[int, Any]]]:
    """Every resource row's version and updated_at, by table."""
    out = {}
    async with db.read_engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            if "version" in table.c:
                sql = text(f'SELECT id, version, updated_at FROM "{table.name}"')
                out[table.name] = {r[0]: (r[1], r[2]) for r in await conn.execute(sql)}
    return out
