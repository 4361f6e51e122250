"""The read path of a resource: plain-row SELECTs, built once per query shape and reused.

Building a SQLAlchemy statement and its cache key costs more than running it on PostgreSQL, so a
statement is built per *shape* (which filters, which sort, whether a cursor or search is present)
with bind parameters for the values, kept in a small LRU, and executed with the request's values.
A page is one query: many-to-many ids are aggregated in correlated subqueries of the same SELECT.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import orjson
from sqlalchemy import JSON, Column, Select, Table, bindparam, func, literal_column, or_, select
from sqlalchemy.dialects.postgresql.asyncpg import PGDialect_asyncpg
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from api.kit.schemas import ListParams
from api.kit.scope import ScopeLink, TeamScope, visible
from api.pagination import (
    SortKey,
    after,
    decode_cursor,
    encode_cursor,
    parse_sort,
    sort_signature,
)

Row = dict[str, Any]
Filter = Callable[[Any], ColumnElement[bool]]


@dataclass(frozen=True)
class Collection:
    """A many-to-many field exposed as a list of ids (e.g. a support activity's ``team_ids``)."""

    table: Table
    owner: Column[Any]
    value: Column[Any]
    target: Any  # the mapped class the ids point at


def like_pattern(text: str) -> str:
    """``q`` matches literally: % and _ are escaped."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


PG_DIALECT = PGDialect_asyncpg()  # type: ignore[no-untyped-call]


@lru_cache(maxsize=1024)
def compile_native(stmt: Select[Any]) -> tuple[str, tuple[str, ...], dict[str, Any]]:
    """SQL text, bind names in position order and bind defaults, for asyncpg (cached per
    statement object: the read plans reuse theirs)."""
    compiled = stmt.compile(dialect=PG_DIALECT)
    names = tuple(compiled.positiontup or ())
    return str(compiled), names, {n: compiled.binds[n].value for n in names}


async def fetch_native(conn: Any, stmt: Select[Any], values: dict[str, Any]) -> list[Any]:
    sql, names, defaults = compile_native(stmt)
    return list(await conn.fetch(sql, *[values[n] if n in values else defaults[n] for n in names]))


async def fetch_value(conn: Any, stmt: Select[Any], values: dict[str, Any]) -> Any:
    """The first column of the first row (or None), on either kind of read connection."""
    if isinstance(conn, AsyncConnection | AsyncSession):
        return (await conn.execute(stmt, values)).scalar()
    rows = await fetch_native(conn, stmt, values)
    return rows[0][0] if rows else None


class ReadPlan:
    def __init__(
        self,
        table: Table,
        fields: list[str],
        *,
        collections: Mapping[str, Collection],
        computed: Mapping[str, Callable[[], ColumnElement[Any]]],
        filters: Mapping[str, Filter],
        sortable: tuple[str, ...],
        default_sort: str,
        search: tuple[str, ...],
    ) -> None:
        self.table = table
        self.fields = fields
        self.collections = collections
        self.filters = filters
        self.search = search
        self.default_sort = default_sort
        self.team_scoped = visible(table, select(table.c.id)) is not None
        self.sortable: dict[str, ColumnElement[Any]] = {n: table.c[n] for n in (*sortable, "id")}
        cols: list[ColumnElement[Any]] = []
        for name in fields:
            if name in computed:
                cols.append(computed[name]().label(name))
            elif name in collections:
                c = collections[name]
                # The separator as a literal, not a bind: the compiled SQL then runs as is.
                comma: ColumnElement[str] = literal_column("','")
                agg = select(func.aggregate_strings(c.value, comma)).where(  # type: ignore[arg-type]
                    c.owner == table.c.id
                )
                cols.append(agg.scalar_subquery().label(name))
            else:
                cols.append(table.c[name])
        self.base: Select[Any] = select(*cols)
        self.json_fields = [n for n in fields if n in table.c and isinstance(table.c[n].type, JSON)]
        self.page_statement = lru_cache(maxsize=256)(self._page_statement)
        self.row_statement = lru_cache(maxsize=8)(self._row_statement)

    async def fetch(self, conn: Any, stmt: Select[Any], values: dict[str, Any]) -> list[Row]:
        """Run ``stmt`` on a SQLAlchemy connection/session or a raw asyncpg connection.

        On asyncpg the statement is compiled once and its SQL sent as is: the rows come out as
        SQLAlchemy would give them, except JSON columns, which arrive as text and are embedded
        into the response unchanged.
        """
        if isinstance(conn, AsyncConnection | AsyncSession):
            return self.rows(await conn.execute(stmt, values))
        rows = self.rows(await fetch_native(conn, stmt, values))
        for row in rows:
            for name in self.json_fields:
                if isinstance(row[name], str):
                    row[name] = orjson.Fragment(row[name])
        return rows

    def rows(self, result: Any) -> list[Row]:
        names = self.fields
        rows = [dict(zip(names, r, strict=True)) for r in result]
        for name in self.collections:
            for row in rows:
                raw = row[name]
                row[name] = sorted(raw.split(",")) if raw else []
        return rows

    def _scoped(
        self, stmt: Select[Any], scope: tuple[str, ...], within: ScopeLink | None
    ) -> Select[Any]:
        for name in scope:
            stmt = stmt.where(self.table.c[name] == bindparam(f"s_{name}"))
        if within is not None:
            # A team-scoped principal: only its teams' rows, in the same statement.
            teams = select(within.team).where(within.owner == bindparam("scope_owner"))
            condition = visible(self.table, teams)
            if condition is not None:
                stmt = stmt.where(condition)
        return stmt

    def restriction(self, within: TeamScope | None) -> tuple[ScopeLink | None, dict[str, Any]]:
        """The statement-shape key and bind values of a team scope (none if not scoped here)."""
        if within is None or not self.team_scoped:
            return None, {}
        return within.link, within.binds()

    def _row_statement(self, scope: tuple[str, ...], within: ScopeLink | None) -> Select[Any]:
        return self._scoped(self.base, scope, within).where(self.table.c.id == bindparam("row_id"))

    def _page_statement(
        self,
        scope: tuple[str, ...],
        within: ScopeLink | None,
        filters: tuple[str, ...],
        sort: str,
        search: bool,
        cursor: bool,
    ) -> Select[Any]:
        keys = parse_sort(sort, self.sortable, self.default_sort)
        stmt = self._scoped(self.base, scope, within)
        for name in filters:
            stmt = stmt.where(self.filters[name](bindparam(f"f_{name}")))
        if search:
            stmt = stmt.where(
                or_(*(self.table.c[c].ilike(bindparam("q"), escape="\\") for c in self.search))
            )
        if cursor:
            marks = [bindparam(f"k{i}", type_=k.column.type) for i, k in enumerate(keys)]
            stmt = stmt.where(after(keys, marks))
        order = [k.column.desc() if k.descending else k.column.asc() for k in keys]
        return stmt.order_by(*order).limit(bindparam("limit"))

    def page(
        self,
        params: ListParams,
        scope: Mapping[str, str] | None,
        within: TeamScope | None = None,
    ) -> tuple[Select[Any], dict[str, Any], list[SortKey]]:
        """The statement and bind values for one page (one row more than asked, to see if
        there is a next page)."""
        link, scope_values = self.restriction(within)
        values: dict[str, Any] = {"limit": params.limit + 1, **scope_values}
        for name, value in (scope or {}).items():
            values[f"s_{name}"] = value
        given = params.model_dump(exclude_none=True)
        filters = tuple(sorted(n for n in given if n in self.filters))
        for name in filters:
            values[f"f_{name}"] = given[name]
        q = getattr(params, "q", None)  # only SearchParams have it
        search = bool(q and self.search)
        if search:
            values["q"] = like_pattern(q or "")
        keys = parse_sort(params.sort, self.sortable, self.default_sort)
        if params.cursor:
            for i, value in enumerate(decode_cursor(params.cursor, keys)):
                values[f"k{i}"] = value
        stmt = self.page_statement(
            tuple(sorted(scope or {})),
            link,
            filters,
            sort_signature(keys),
            search,
            bool(params.cursor),
        )
        return stmt, values, keys

    def next_cursor(self, rows: list[Row], limit: int, keys: list[SortKey]) -> str | None:
        if len(rows) <= limit:
            return None
        del rows[limit:]
        return encode_cursor(keys, rows[-1])
