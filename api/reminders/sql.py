"""The one statement both engines spell differently: insert unless the key is taken."""

from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import Insert


def insert_new(session: AsyncSession, table: Table, rows: list[dict[str, Any]]) -> Insert:
    """``INSERT ... ON CONFLICT DO NOTHING``: a row whose unique key another transaction took
    (a second worker, a second run) is skipped instead of failing the transaction."""
    dialect = session.get_bind().dialect.name
    maker = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return maker(table).values(rows).on_conflict_do_nothing()
