"""A load's row events, staged until its commit: a temporary table, then one INSERT ... SELECT.

A load writes an event per row, a batch at a time, but may not number them before its commit
(``api.events.outbox``). Inserting them into ``events`` without positions and numbering them
with an UPDATE at the commit writes every row, and its four index entries, twice; so they are
staged in a temporary table of the connection (no indexes, and on PostgreSQL no WAL), inside the
load's savepoint (a rollback takes them with it), and moved into ``events`` with their positions
by one statement at the commit. ``data`` arrives as JSON text (``orjson``), sent as it is.
"""

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Column, Connection, MetaData, Table, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.schema import CreateTable

from api.models import Event

events = cast(Table, Event.__table__)
NAMES = [c.key for c in events.columns if c.key != "position"]
staged = Table(
    "events_pending",
    MetaData(),
    *(Column(c.key, c.type, nullable=c.nullable) for c in events.columns if c.key != "position"),
    prefixes=["TEMPORARY"],
    postgresql_on_commit="DROP",
)
CREATE = CreateTable(staged, if_not_exists=True)
STAGED = "events_staged"  # session.info: this transaction staged events
EXISTS = {
    True: text("SELECT to_regclass('pg_temp.events_pending')"),
    False: text("SELECT name FROM sqlite_temp_master WHERE name = 'events_pending'"),
}


async def stage(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    """Stage ``rows`` (every column but ``position``; ``data`` as JSON text)."""
    if not rows:
        return
    conn = await session.connection()
    # Every time: a savepoint rolled back (a refused load) takes the table's creation with it.
    await conn.execute(CREATE)
    session.info[STAGED] = True
    if conn.dialect.driver == "asyncpg":
        raw = await conn.get_raw_connection()
        driver: Any = raw.driver_connection
        records = [tuple(r[n] for n in NAMES) for r in rows]
        await driver.copy_records_to_table(staged.name, records=records, columns=NAMES)
        return
    dialect = conn.dialect
    convert = [
        None if n == "data" else staged.c[n].type.dialect_impl(dialect).bind_processor(dialect)
        for n in NAMES
    ]
    marks = ", ".join("?" * len(NAMES))
    sql = f"INSERT INTO {staged.name} ({', '.join(NAMES)}) VALUES ({marks})"
    params = [
        tuple(r[n] if c is None else c(r[n]) for n, c in zip(NAMES, convert, strict=True))
        for r in rows
    ]
    await conn.exec_driver_sql(sql, params)


def move(conn: Connection) -> None:
    """Into ``events``, numbered after the largest position in id order (the caller holds the
    lock), then out of the staging table (on PostgreSQL it is dropped by the commit). Nothing
    when the table is gone: every load that staged rows in this transaction was rolled back."""
    if conn.execute(EXISTS[conn.dialect.name == "postgresql"]).scalar() is None:
        return
    top = select(func.coalesce(func.max(events.c.position), 0)).scalar_subquery()
    numbered = select(
        *(staged.c[n] for n in NAMES),
        (top + func.row_number().over(order_by=staged.c.id)).label("position"),
    )
    conn.execute(insert(events).from_select([*NAMES, "position"], numbered))
    if conn.dialect.name != "postgresql":
        conn.execute(staged.delete())
