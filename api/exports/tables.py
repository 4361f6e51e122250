"""A resource's rows in its file format (``api.imports.resources``), streamed from the database.

References come out as refs, with every qualifier, so an export loads back as all-unchanged.
Rows come in id order (creation order); resources that name their own rows (a programme's
series, a milestone's dependencies) come in dependency order, so a load never meets a ref
before the row it names.
"""

import heapq
from collections.abc import AsyncIterator, Mapping
from typing import Any, cast

from sqlalchemy import Select, Table, func, literal_column, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.elements import ColumnElement

from api.imports.resources import REF_COLUMN, RESOURCES, Resource, ancestors
from api.kit.reads import like_pattern

CHUNK = 1_000


def export_statement(res: Resource) -> tuple[Select[Any], Table]:
    """SELECT of ``res``'s file columns (aliases named after the columns)."""
    base = res.table
    cols: dict[str, ColumnElement[Any]] = {"ref": base.c.ref}
    joins: list[tuple[Any, ColumnElement[bool]]] = []
    # The parent chain gives the parent's and the qualifiers' refs.
    current, table = res, base
    for n, parent in enumerate(ancestors(res)):
        assert current.parent is not None
        alias = parent.table.alias(f"a{n}")
        joins.append((alias, alias.c.id == table.c[current.parent]))
        cols[REF_COLUMN[parent.name]] = alias.c.ref
        current, table = parent, cast(Table, alias)
    for i, (column, reference) in enumerate(res.references.items()):
        if column in cols:
            continue
        target = RESOURCES[reference.target].table.alias(f"r{i}")
        if reference.many:
            link = res.service.collections[reference.field]
            sep: ColumnElement[str] = literal_column("'|'")
            agg = func.aggregate_strings(target.c.ref, sep)  # type: ignore[arg-type]
            sub = (
                select(agg)
                .select_from(link.table.join(target, target.c.id == link.value))
                .where(link.owner == base.c.id)
            )
            cols[column] = sub.scalar_subquery()
        else:
            joins.append((target, target.c.id == base.c[reference.field]))
            cols[column] = target.c.ref
    for name in res.fields:
        cols[name] = base.c[name]
    ordered = [cols[c].label(c) for c in res.columns]
    stmt = select(*ordered).select_from(base)
    for alias, on in joins:
        stmt = stmt.outerjoin(alias, on)
    return stmt, base


def filtered(
    res: Resource,
    stmt: Select[Any],
    filters: Mapping[str, Any] | None = None,
    scope: Mapping[str, str] | None = None,
    q: str | None = None,
    restriction: ColumnElement[bool] | None = None,
) -> Select[Any]:
    """Apply the resource's list filters (the API's own), a parent scope, ``q`` and the
    caller's team scope (``restriction``)."""
    service = res.service
    if restriction is not None:
        stmt = stmt.where(restriction)
    for name, value in (filters or {}).items():
        stmt = stmt.where(service.filters[name](value))
    for name, value in (scope or {}).items():
        stmt = stmt.where(res.table.c[name] == value)
    if q and service.search:
        pattern = like_pattern(q)
        stmt = stmt.where(
            or_(*(res.table.c[c].ilike(pattern, escape="\\") for c in service.search))
        )
    return stmt


async def export_rows(
    conn: AsyncConnection,
    res: Resource,
    filters: Mapping[str, Any] | None = None,
    scope: Mapping[str, str] | None = None,
    q: str | None = None,
    restriction: ColumnElement[bool] | None = None,
) -> AsyncIterator[dict[str, Any]]:
    """Every matching row as ``{column: value}``, lists as lists; a chunk in memory at a time."""
    stmt, base = export_statement(res)
    stmt = filtered(res, stmt, filters, scope, q, restriction)
    many = [c for c, r in res.references.items() if r.many]
    if res.self_references:
        # The same filters and team scope as the rows themselves.
        ids_stmt = filtered(res, select(base.c.id), filters, scope, q, restriction)
        ids = await _dependency_order(conn, res, ids_stmt)
        for i in range(0, len(ids), CHUNK):
            chunk = ids[i : i + CHUNK]
            rows = await conn.execute(stmt.add_columns(base.c.id).where(base.c.id.in_(chunk)))
            by_id = {r.id: r for r in rows.all()}
            for row_id in chunk:
                yield _row(by_id[row_id]._mapping, res, many)
        return
    result = await conn.stream(stmt.order_by(base.c.id).execution_options(yield_per=CHUNK))
    async for row in result:
        yield _row(row._mapping, res, many)


def _row(mapping: Any, res: Resource, many: list[str]) -> dict[str, Any]:
    row = {c: mapping[c] for c in res.columns}
    for column in many:
        row[column] = sorted(row[column].split("|")) if row[column] else []
    return row


async def _dependency_order(
    conn: AsyncConnection, res: Resource, ids_stmt: Select[Any]
) -> list[str]:
    """Ids with every row after the rows it names (ties and the rest in id order)."""
    ids = [r[0] for r in (await conn.execute(ids_stmt)).all()]
    wanted = set(ids)
    edges: list[tuple[str, str]] = []
    for reference in res.self_references:
        if reference.many:
            link = res.service.collections[reference.field]
            pairs = select(link.owner, link.value)
        else:
            column = res.table.c[reference.field]
            pairs = select(res.table.c.id, column).where(column.is_not(None))
        edges += [(a, b) for a, b in (await conn.execute(pairs)).all()]
    needs: dict[str, int] = dict.fromkeys(ids, 0)
    after: dict[str, list[str]] = {}
    for row, named in edges:
        if row in wanted and named in wanted:
            needs[row] += 1
            after.setdefault(named, []).append(row)
    ready = [i for i, n in needs.items() if n == 0]
    heapq.heapify(ready)
    out = []
    while ready:
        node = heapq.heappop(ready)
        out.append(node)
        for nxt in after.get(node, []):
            needs[nxt] -= 1
            if needs[nxt] == 0:
                heapq.heappush(ready, nxt)
    return out
