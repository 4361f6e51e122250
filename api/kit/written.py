"""A row just written, as a read of it would give it, without reading it again.

``CrudService.create`` and ``update`` answer with it (and the audit trail keeps it as the row
after): its columns come from the flushed ORM object, converted as the database would return
them (timestamps in UTC, floats as floats), its link lists as written, sorted as reads sort them.
Only computed fields need the database (a team's latest check-in, an award's distance from its
programme's cap): one query of those fields alone, for the resources that have any.
"""

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Float, Select, Table, bindparam, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from api.kit.reads import Row
from api.models.base import RowMixin, UTCDateTime


def as_utc(value: datetime | None) -> datetime | None:
    return value.astimezone(UTC) if value is not None else None


def as_float(value: float | None) -> float | None:
    return float(value) if value is not None else None  # an int given for a Float column


def same(value: Any) -> Any:
    return value


class WrittenRow:
    """Built once per service, over the fields of its Read schema."""

    def __init__(
        self,
        table: Table,
        fields: list[str],
        collections: Mapping[str, object],
        computed: Mapping[str, Callable[[], ColumnElement[Any]]],
    ) -> None:
        self.fields = fields
        self.collections = collections
        self.computed = list(computed)
        self.plain: dict[str, Callable[[Any], Any]] = {}
        for name in fields:
            if name in collections or name in computed:
                continue
            kind = table.c[name].type
            self.plain[name] = (
                as_utc
                if isinstance(kind, UTCDateTime)
                else as_float
                if isinstance(kind, Float)
                else same
            )
        self.query: Select[Any] | None = None
        if computed:
            cols = [make().label(name) for name, make in computed.items()]
            self.query = select(*cols).where(table.c.id == bindparam("row_id"))

    async def row(
        self, session: AsyncSession, obj: RowMixin, links: Mapping[str, list[str]]
    ) -> Row:
        """``obj`` (flushed) with its ``links`` (every collection's ids, as now stored)."""
        unloaded = inspect(obj).unloaded & set(self.plain)
        if unloaded:  # a column the write did not set, filled in by the database
            await session.refresh(obj, sorted(unloaded))
        row: Row = {}
        for name in self.fields:
            if name in self.collections:
                row[name] = sorted(links[name])
            elif name in self.plain:
                row[name] = self.plain[name](getattr(obj, name))
            else:
                row[name] = None  # computed, below: the fields stay in ``read``'s order
        if self.query is not None:
            values = (await session.execute(self.query, {"row_id": obj.id})).one()
            row.update(zip(self.computed, values, strict=True))
        return row
