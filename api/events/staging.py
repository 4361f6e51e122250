"""A load's row events, written a batch at a time (one statement each) in the load's savepoint.

On PostgreSQL a load may not number them before its commit (``api.events.outbox``): other
writers commit meanwhile. Inserting them into ``events`` without positions and numbering them
with an UPDATE at the commit writes every row, and its four index entries, twice; so they are
staged in a temporary table of the connection (no indexes, no WAL; a savepoint rolled back takes
them with it) and moved into ``events`` with their positions by one INSERT ... SELECT at the
commit. On SQLite, where the load holds the only write lock throughout, they are numbered as
they are inserted. ``data`` arrives as JSON text (``orjson``), sent as it is.
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
EXISTS = text("SELECT to_regclass('pg_temp.events_pending')")


async def stage(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    """Stage ``rows`` (every column but ``position``; ``data`` as JSON text). On SQLite they go
    straight into ``events``, numbered: the load's transaction holds the one write lock from
    its first statement to its commit, so no other writer can commit a position in between."""
    if not rows:
        return
    conn = await session.connection()
    if conn.dialect.driver == "asyncpg":
        # Every time: a savepoint rolled back (a refused load) takes the creation with it.
        await conn.execute(CREATE)
        session.info[STAGED] = True
        raw = await conn.get_raw_connection()
        driver: Any = raw.driver_connection
        records = [tuple(r[n] for n in NAMES) for r in rows]
        await driver.copy_records_to_table(staged.name, records=records, columns=NAMES)
        return
    dialect = conn.dialect
    convert = [
        None if n == "data" else events.c[n].type.dialect_impl(dialect).bind_processor(dialect)
        for n in NAMES
    ]
    top = (await conn.execute(select(func.coalesce(func.max(events.c.position), 0)))).scalar_one()
    marks = ", ".join("?" * (len(NAMES) + 1))
    sql = f"INSERT INTO events ({', '.join(NAMES)}, position) VALUES ({marks})"
    params = [
        (*(r[n] if c is None else c(r[n]) for n, c in zip(NAMES, convert, strict=True)), top + i)
        for i, r in enumerate(rows, start=1)
    ]
    await conn.exec_driver_sql(sql, params)


def move(conn: Connection) -> None:
    """Into ``events``, numbered after the largest position in id order (the caller holds the
    lock); the commit drops the table. Nothing when the table is gone: every load that staged
    rows in this transaction was rolled back."""
    if conn.execute(EXISTS).scalar() is None:
        return
    top = select(func.coalesce(func.max(events.c.position), 0)).scalar_subquery()
    numbered = select(
        *(staged.c[n] for n in NAMES),
        (top + func.row_number().over(order_by=staged.c.id)).label("position"),
    )
    conn.execute(insert(events).from_select([*NAMES, "position"], numbered))
