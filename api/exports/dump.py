"""``dump FILE`` / ``restore FILE``: the whole database as one JSON document, exactly.

Every table of the models, parents first, every column (ids, timestamps and versions
included), rows in primary-key order, one row per line:
``{"format": "shared-purpose-dump", "version": 1, "revision": "<alembic revision>",
"<table>": [{...}, ...], ...}``. Both directions stream (a chunk of rows in memory at a time),
and restoring into an empty database then dumping again gives the same bytes.
"""

import base64
from datetime import date, datetime
from enum import Enum
from typing import IO, Any

import orjson
from sqlalchemy import Date, DateTime, LargeBinary, String, Table, func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from api.imports.jsonstream import iter_json
from api.imports.writes import insert_rows
from api.models import Base
from api.models.base import UTCDateTime

FORMAT = "shared-purpose-dump"
VERSION = 1
CHUNK = 2_000


class DumpError(ValueError):
    """The file is not a dump this database can take (the message says why)."""


# Secrets of this installation never leave it: a restored copy makes its own signing key.
NOT_DUMPED = frozenset({"signing_keys", "programme_versions"})  # secrets; cache keys, not data


def tables() -> list[Table]:
    return [t for t in Base.metadata.sorted_tables if t.name not in NOT_DUMPED]


async def revision(conn: AsyncConnection | AsyncSession) -> str:
    return str(await conn.scalar(text("SELECT version_num FROM alembic_version")) or "")


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


async def dump(conn: AsyncConnection, out: IO[bytes]) -> dict[str, int]:
    """Write the dump; returns the row count of each table."""
    counts: dict[str, int] = {}
    head = {"format": FORMAT, "version": VERSION, "revision": await revision(conn)}
    out.write(orjson.dumps(head)[:-1])
    postgres = conn.dialect.name == "postgresql"
    for table in tables():
        out.write(b",\n" + orjson.dumps(table.name) + b": [")
        order = [
            c.collate("C") if postgres and isinstance(c.type, String) else c
            for c in table.primary_key.columns
        ]
        stmt = select(table).order_by(*order).execution_options(yield_per=CHUNK)
        names = [str(c.key) for c in table.columns]
        n = 0
        async for row in await conn.stream(stmt):
            item = {k: _plain(v) for k, v in zip(names, row, strict=True)}
            out.write((b"\n" if n == 0 else b",\n") + orjson.dumps(item))
            n += 1
        out.write(b"\n]" if n else b"]")
        counts[table.name] = n
    out.write(b"\n}\n")
    return counts


def _reader(column: Any) -> Any:
    kind = column.type
    if isinstance(kind, UTCDateTime | DateTime):
        return lambda v: None if v is None else datetime.fromisoformat(v)
    if isinstance(kind, Date):
        return lambda v: None if v is None else date.fromisoformat(v)
    if isinstance(kind, LargeBinary):
        return lambda v: None if v is None else base64.b64decode(v)
    return None


async def restore(session: AsyncSession, fp: IO[str]) -> dict[str, int]:
    """Load a dump into an empty database (same schema revision) in the caller's transaction."""
    by_name = {t.name: t for t in tables()}
    for each in by_name.values():
        if await session.scalar(select(func.count()).select_from(each)):
            raise DumpError(
                f"the database is not empty ({each.name} has rows); restore needs an empty, "
                "migrated database"
            )
    counts = dict.fromkeys(by_name, 0)
    head: dict[str, Any] = {}
    pending: dict[str, list[dict[str, Any]]] = {}
    readers = {
        name: {c.key: r for c in t.columns if (r := _reader(c)) is not None}
        for name, t in by_name.items()
    }
    for key, line, item in iter_json(fp):
        if key in ("format", "version", "revision"):
            head[str(key)] = item
            if key == "revision":
                _check_head(head, await revision(session))
            continue
        table = by_name.get(key or "")
        if table is None or not isinstance(item, dict):
            raise DumpError(f"line {line}: {key!r} is not a table of this database")
        if "revision" not in head:
            raise DumpError("the dump does not start with its format, version and revision")
        read = readers[table.name]
        row = {k: (read[k](v) if k in read else v) for k, v in item.items()}
        if set(row) != set(table.columns.keys()):
            raise DumpError(f"line {line}: the {table.name} row's columns differ from the table's")
        rows = pending.setdefault(table.name, [])
        rows.append(row)
        counts[table.name] += 1
        if len(rows) >= CHUNK and not _self_referencing(table):
            await insert_rows(session, table, rows)
            rows.clear()
    for name, rows in pending.items():
        await insert_rows(session, by_name[name], _parents_first(by_name[name], rows))
    return counts


def _check_head(head: dict[str, Any], current: str) -> None:
    if head.get("format") != FORMAT or head.get("version") != VERSION:
        raise DumpError(f"not a {FORMAT} version {VERSION} file")
    if head.get("revision") != current:
        raise DumpError(
            f"the dump is of schema revision {head.get('revision')!r}, this database is at "
            f"{current!r}: migrate one to match the other"
        )


def _self_referencing(table: Table) -> bool:
    return any(fk.column.table is table for fk in table.foreign_keys)


def _parents_first(table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A table that refers to itself (a programme's series) gets its parents inserted first."""
    fks = [fk.parent.key for fk in table.foreign_keys if fk.column.table is table]
    if not fks:
        return rows
    placed: set[Any] = set()
    ids = {r["id"] for r in rows}
    out: list[dict[str, Any]] = []
    remaining = rows
    while remaining:
        ready = [
            r
            for r in remaining
            if all(r[f] is None or r[f] in placed or r[f] not in ids for f in fks)
        ]
        if not ready:
            raise DumpError(f"{table.name} rows refer to each other in a cycle")
        out += ready
        placed |= {r["id"] for r in ready}
        remaining = [r for r in remaining if r["id"] not in placed]
    return out
