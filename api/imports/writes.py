"""Write a batch's accepted rows: COPY on PostgreSQL, executemany elsewhere.

The rows were checked by the same rules as the API (``check_rows``); these writes skip the ORM
because a per-object flush costs more than the checks. Updates carry the version they read and
are refused as a whole load if another writer got there first.
"""

import asyncio
import inspect
import json
from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, String, Table, any_, bindparam, delete, literal, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from api.errors import PreconditionFailed
from api.kit import versions
from api.kit.reads import Collection


def among(session: AsyncSession, column: Any, values: Any) -> ColumnElement[bool]:
    """``column IN values``; on PostgreSQL one array parameter (``= ANY``) instead of thousands
    of placeholders to compile, send and plan for every batch."""
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        return column == any_(literal(list(values), ARRAY(String)))  # type: ignore[no-any-return]
    return column.in_(values)  # type: ignore[no-any-return]


async def insert_rows(session: AsyncSession, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    if not rows:
        return
    conn = await session.connection()
    versions.note_bulk(session, table.name)  # these writes go round the session's listeners
    if conn.dialect.driver == "asyncpg":
        await _copy(conn, table, [c.key for c in table.columns], rows)
    else:
        await _executemany(conn, table, rows)


async def _copy(
    conn: AsyncConnection, table: Table, names: list[str], rows: Sequence[dict[str, Any]]
) -> None:
    """``COPY`` the rows in (PostgreSQL): a few times quicker than an INSERT per row."""
    json_cols = {c.key for c in table.columns if isinstance(c.type, JSON)}
    if json_cols:
        records = [tuple(json.dumps(r[n]) if n in json_cols else r[n] for n in names) for r in rows]
    else:
        records = list(map(itemgetter(*names), rows))
    raw = await conn.get_raw_connection()
    driver: Any = raw.driver_connection
    await driver.copy_records_to_table(table.name, records=records, columns=names)


async def _executemany(conn: AsyncConnection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert with the driver's executemany, each value converted by its column's type as
    SQLAlchemy would. SQLAlchemy's own per-row parameter handling (for ``insert(table)`` with
    a list of dicts) took about as long as SQLite's work itself: half a load's write time."""
    names, dialect = list(rows[0]), conn.dialect
    convert = [table.c[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names]
    pairs = list(zip(names, convert, strict=True))
    quote = dialect.identifier_preparer.quote
    marks = ", ".join(["?" if dialect.paramstyle == "qmark" else "%s"] * len(names))
    columns = ", ".join(map(quote, names))
    statement = f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({marks})"
    params = [tuple(r[n] if c is None else c(r[n]) for n, c in pairs) for r in rows]
    await conn.exec_driver_sql(statement, params)


async def update_rows(
    session: AsyncSession, table: Table, rows: Sequence[dict[str, Any]], versions: dict[str, int]
) -> None:
    """``rows`` hold every column; ``versions`` the version each was read at (now locked and
    compared, so a concurrent change fails the load instead of being overwritten)."""
    if not rows:
        return
    ids = [r["id"] for r in rows]
    stmt = select(table.c.id, table.c.version).where(table.c.id.in_(ids)).with_for_update()
    current = dict((await session.execute(stmt)).all())
    moved = [i for i in ids if current.get(i) != versions[i]]
    if moved:
        raise PreconditionFailed(
            f"{len(moved)} rows changed while the load ran (first: {moved[0]}); load again"
        )
    names = [c.key for c in table.columns if c.key not in ("id", "created_at")]
    stmt_u = (
        update(table)
        .where(table.c.id == bindparam("w_id"))
        .values({n: bindparam(f"w_{n}") for n in names})
    )
    params = [{f"w_{k}": r[k] for k in ("id", *names)} for r in rows]
    await session.execute(stmt_u, params)


async def replace_links(
    session: AsyncSession,
    link: Collection,
    owners: Sequence[str],
    pairs: Sequence[tuple[str, str]],
) -> None:
    """Set the links of ``owners`` (rows just created or changed) to ``pairs``."""
    if owners:
        await session.execute(delete(link.table).where(link.owner.in_(owners)))
    if pairs:
        conn = await session.connection()
        names = [link.owner.key, link.value.key]
        if conn.dialect.driver == "asyncpg":
            await _copy(conn, link.table, names, [dict(zip(names, p, strict=True)) for p in pairs])
        else:
            await _executemany(conn, link.table, [dict(zip(names, p, strict=True)) for p in pairs])


async def current_links(
    session: AsyncSession, link: Collection, owners: Sequence[str]
) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {o: [] for o in owners}
    if owners:
        stmt = select(link.owner, link.value).where(link.owner.in_(owners))
        for owner, value in (await session.execute(stmt)).all():
            out[owner].append(value)
    return out


class AfterWrite:
    """The session for a batch's diff and rules while the batch before is written: a query
    (any coroutine method) first waits for that write, so it also sees its rows."""

    def __init__(self, session: AsyncSession, writing: asyncio.Task[None]) -> None:
        self._session, self._writing = session, writing

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._session, name)
        if not inspect.iscoroutinefunction(attr):
            return attr

        async def after_write(*args: Any, **kwargs: Any) -> Any:
            await self._writing
            return await attr(*args, **kwargs)

        return after_write
