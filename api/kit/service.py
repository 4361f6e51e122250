"""The CRUD service every resource extends: reads as plain rows, writes through the ORM with rules.

Reads select exactly the columns of the resource's Read schema (many-to-many ids aggregated in the
same query), so a page costs one query whatever its size. Writes check references, unique keys and
the resource's own rules (``validate``) before anything is flushed.
"""

import hashlib
from collections.abc import Callable
from functools import cache, cached_property
from typing import Any, ClassVar, Generic, TypeVar, cast

import orjson
from pydantic import BaseModel
from sqlalchemy import Select, Table, UniqueConstraint, bindparam, delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.sql.elements import ColumnElement

from api.errors import Conflict, InUse, InvalidReference, NotFound, PreconditionFailed, RuleBroken
from api.kit.reads import Collection, Filter, ReadPlan, Row, fetch_value
from api.kit.schemas import ListParams
from api.models.base import RowMixin, new_id, utcnow

M = TypeVar("M", bound=RowMixin)


async def flush(session: AsyncSession) -> None:
    """Flush, turning a constraint the pre-checks could not see (a race) into a 409."""
    try:
        await session.flush()
    except IntegrityError as exc:
        raise Conflict("another change conflicts with this one; reload and try again") from exc
    except StaleDataError as exc:
        raise PreconditionFailed("the row changed while this request ran") from exc


def etag(version: int, computed: str = "") -> str:
    """A row's ETag: its version, plus a digest of any computed fields (which can change when
    another row does, e.g. an award's distance from its programme's cap)."""
    return f'"{version}-{computed}"' if computed else f'"{version}"'


def check_if_match(if_match: str | None, version: int) -> None:
    """Writes compare the version part only: the row itself is what must not have changed."""
    if if_match is None:
        return
    versions = {t.strip().removeprefix("W/").strip('"').split("-")[0] for t in if_match.split(",")}
    if "*" not in versions and str(version) not in versions:
        raise PreconditionFailed(
            f"If-Match {if_match} does not match the current ETag {etag(version)}",
            loc=["header", "If-Match"],
        )


class CrudService(Generic[M]):
    model: type[M]
    label: ClassVar[str]
    read_schema: ClassVar[type[BaseModel]]
    collections: ClassVar[dict[str, Collection]] = {}
    # Read-only fields computed in the same SELECT (e.g. an award's distance from the cap).
    computed: ClassVar[dict[str, Callable[[], ColumnElement[Any]]]] = {}
    filters: ClassVar[dict[str, Filter]] = {}
    sortable: ClassVar[tuple[str, ...]] = ()
    default_sort: ClassVar[str] = "id"
    search: ClassVar[tuple[str, ...]] = ()

    @property
    def table(self) -> Table:
        return cast(Table, self.model.__table__)

    # ---- reads -------------------------------------------------------------------------------
    @cached_property
    def reads(self) -> ReadPlan:
        return ReadPlan(
            self.table,
            list(self.read_schema.model_fields),
            collections=self.collections,
            computed=self.computed,
            filters=self.filters,
            sortable=self.sortable,
            default_sort=self.default_sort,
            search=self.search,
        )

    async def list_page(
        self, conn: AsyncConnection, params: ListParams, scope: dict[str, str] | None = None
    ) -> tuple[list[Row], str | None]:
        stmt, values, keys = self.reads.page(params, scope)
        rows = await self.reads.fetch(conn, stmt, values)
        return rows, self.reads.next_cursor(rows, params.limit, keys)

    async def check_parent(self, conn: Any, scope: dict[str, str]) -> None:
        for name, value in scope.items():
            stmt, what = self._parent_lookup(name)
            if await fetch_value(conn, stmt, {"parent_id": value}) is None:
                raise NotFound(f"no {what} with id {value}", loc=["path", name])

    @cache  # noqa: B019 - one per service (services live as long as the process)
    def _parent_lookup(self, name: str) -> tuple[Select[Any], str]:
        target = next(iter(self.table.c[name].foreign_keys)).column.table
        stmt = select(target.c.id).where(target.c.id == bindparam("parent_id"))
        return stmt, target.name.rstrip("s").replace("_", " ")

    async def read(
        self, conn: AsyncConnection | AsyncSession, row_id: str, scope: dict[str, str] | None = None
    ) -> Row:
        stmt = self.reads.row_statement(tuple(sorted(scope or {})))
        values = {"row_id": row_id, **{f"s_{k}": v for k, v in (scope or {}).items()}}
        rows = await self.reads.fetch(conn, stmt, values)
        if not rows:
            raise NotFound(f"no {self.label} with id {row_id}", loc=["path", self.id_param])
        return rows[0]

    def row_etag(self, row: Row) -> str:
        if not self.computed:
            return etag(row["version"])
        values = orjson.dumps([row[name] for name in self.computed])
        return etag(row["version"], hashlib.blake2b(values, digest_size=6).hexdigest())

    @property
    def id_param(self) -> str:
        return f"{self.label.replace(' ', '_')}_id"

    # ---- writes ------------------------------------------------------------------------------
    async def get(
        self,
        session: AsyncSession,
        row_id: str,
        *,
        lock: bool = False,
        scope: dict[str, str] | None = None,
    ) -> M:
        stmt = select(self.model).where(self.model.id == row_id)
        for name, value in (scope or {}).items():  # nested routes: only the parent's rows
            stmt = stmt.where(self.table.c[name] == value)
        if lock:
            stmt = stmt.with_for_update()
        obj: M | None = (await session.execute(stmt)).scalar_one_or_none()
        if obj is None:
            raise NotFound(f"no {self.label} with id {row_id}", loc=["path", self.id_param])
        return obj

    async def create(
        self, session: AsyncSession, data: BaseModel, scope: dict[str, str] | None = None
    ) -> M:
        values = {**data.model_dump(), **(scope or {})}
        links = {name: values.pop(name) for name in self.collections if name in values}
        obj = self.model(**values)
        obj.id = new_id()
        obj.ref = obj.ref or obj.id
        await self._check_references(session, values)
        await self._check_links(session, links)
        await self._check_unique(session, obj)
        await self.validate(session, obj, {n: links.get(n) or [] for n in self.collections}, None)
        session.add(obj)
        await flush(session)
        await self._write_links(session, obj.id, links)
        return obj

    async def update(
        self,
        session: AsyncSession,
        row_id: str,
        patch: BaseModel,
        if_match: str | None,
        scope: dict[str, str] | None = None,
    ) -> M:
        obj = await self.get(session, row_id, scope=scope)
        check_if_match(if_match, obj.version)
        changes = patch.model_dump(exclude_unset=True)
        table = self.table
        for name, value in changes.items():
            if value is None and name not in self.collections and not table.c[name].nullable:
                raise RuleBroken(f"{name} cannot be removed", field=name)
        links = {name: changes.pop(name) or [] for name in self.collections if name in changes}
        before = {c.key: getattr(obj, c.key) for c in table.columns}
        for name, value in changes.items():
            setattr(obj, name, value)
        # The checks query the database: the changed row must not be flushed before they pass.
        with session.no_autoflush:
            await self._check_references(session, changes)
            await self._check_links(session, links)
            await self._check_unique(session, obj)
            current = {
                n: links[n] if n in links else await self._links(session, obj.id, n)
                for n in self.collections
            }
            await self.validate(session, obj, current, before)
        if links:
            await self._write_links(session, obj.id, links, replace=True)
            obj.updated_at = utcnow()  # a link change is a change of the row: bump its version
        await flush(session)
        return obj

    async def delete(
        self,
        session: AsyncSession,
        row_id: str,
        if_match: str | None,
        scope: dict[str, str] | None = None,
    ) -> None:
        obj = await self.get(session, row_id, scope=scope)
        check_if_match(if_match, obj.version)
        await self.before_delete(session, obj)
        await session.delete(obj)
        try:
            await session.flush()
        except IntegrityError as exc:
            raise InUse(f"this {self.label} is still referred to by other rows") from exc

    # ---- hooks for resources -------------------------------------------------------------------
    async def validate(
        self,
        session: AsyncSession,
        obj: M,
        links: dict[str, list[str]],
        before: dict[str, Any] | None,
    ) -> None:
        """The resource's own rules (``before`` is None on create); raise a ProblemError."""

    async def before_delete(self, session: AsyncSession, obj: M) -> None:
        """Refuse a delete the rules forbid."""

    # ---- generic checks ------------------------------------------------------------------------
    async def _check_references(self, session: AsyncSession, values: dict[str, Any]) -> None:
        table = self.table
        for fk in table.foreign_keys:
            name = fk.parent.name
            value = values.get(name)
            if value is None:
                continue
            target = fk.column.table
            found = await session.scalar(select(target.c.id).where(target.c.id == value))
            if found is None:
                what = target.name.rstrip("s").replace("_", " ")
                raise InvalidReference(f"no {what} with id {value}", field=name)

    async def _check_links(self, session: AsyncSession, links: dict[str, list[str]]) -> None:
        for name, ids in links.items():
            if not ids:
                continue
            target = self.collections[name].target
            if len(set(ids)) != len(ids):
                raise RuleBroken(f"{name} lists an id twice", field=name)
            found = set((await session.scalars(select(target.id).where(target.id.in_(ids)))).all())
            missing = [i for i in ids if i not in found]
            if missing:
                raise InvalidReference(f"no such id in {name}: {', '.join(missing)}", field=name)

    async def _check_unique(self, session: AsyncSession, obj: M) -> None:
        table = self.table
        for constraint in table.constraints:
            if not isinstance(constraint, UniqueConstraint):
                continue
            cols = list(constraint.columns)
            values = [getattr(obj, c.key) for c in cols]
            if any(v is None for v in values):
                continue
            stmt = select(table.c.id).where(
                *(c == v for c, v in zip(cols, values, strict=True)),
                table.c.id != obj.id,
            )
            if await session.scalar(stmt.limit(1)) is not None:
                field = cols[-1].key
                scope = f" within this {cols[0].key.removesuffix('_id')}" if len(cols) > 1 else ""
                raise Conflict(
                    f"another {self.label} already has {field} {values[-1]!r}{scope}", field=field
                )

    async def _links(self, session: AsyncSession, row_id: str, name: str) -> list[str]:
        c = self.collections[name]
        return list((await session.scalars(select(c.value).where(c.owner == row_id))).all())

    async def _write_links(
        self,
        session: AsyncSession,
        row_id: str,
        links: dict[str, list[str]],
        replace: bool = False,
    ) -> None:
        for name, ids in links.items():
            c = self.collections[name]
            if replace:
                await session.execute(delete(c.table).where(c.owner == row_id))
            if ids:
                await session.execute(
                    insert(c.table), [{c.owner.key: row_id, c.value.key: i} for i in ids]
                )


def require(ok: bool, error: type[RuleBroken], detail: str, field: str) -> None:
    """Raise ``error`` naming ``field`` unless ``ok``."""
    if not ok:
        raise error(detail, field=field)
