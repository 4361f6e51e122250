"""The CRUD service every resource extends: reads as plain rows, writes through the ORM with rules.

Reads select exactly the columns of the resource's Read schema (many-to-many ids aggregated in the
same query), so a page costs one query whatever its size. Writes check references, links and unique
keys (``api.kit.integrity``) and the resource's own rules (``validate``) before anything is flushed.
"""

import hashlib
from collections.abc import Callable, Sequence
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, cast

import orjson
from pydantic import BaseModel
from sqlalchemy import Select, Table, bindparam, delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.sql.elements import ColumnElement

from api.audit.service import record
from api.errors import (
    Conflict,
    InUse,
    NotFound,
    PreconditionFailed,
    RuleBroken,
)
from api.kit.changes import Change, Memo, Verdicts
from api.kit.integrity import check_links, check_references, unique_conflicts
from api.kit.reads import Collection, Filter, ReadPlan, Row, fetch_value
from api.kit.schemas import ListParams
from api.kit.scope import TeamScope, check_writable, teams_of, visible
from api.kit.written import WrittenRow
from api.models.base import RowMixin, new_id, utcnow

if TYPE_CHECKING:
    from api.kit.resource import Resource

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
        self,
        conn: AsyncConnection,
        params: ListParams,
        scope: dict[str, str] | None = None,
        within: TeamScope | None = None,
    ) -> tuple[list[Row], str | None]:
        stmt, values, keys = self.reads.page(params, scope, within)
        rows = await self.reads.fetch(conn, stmt, values)
        return rows, self.reads.next_cursor(rows, params.limit, keys)

    async def check_parent(
        self, conn: Any, scope: dict[str, str], within: TeamScope | None = None
    ) -> None:
        """404 for a missing parent, or one outside the caller's team scope (the same answer)."""
        for name, value in scope.items():
            stmt, what = self._parent_lookup(name, within.link if within else None)
            binds = within.binds() if within else {}
            if await fetch_value(conn, stmt, {"parent_id": value, **binds}) is None:
                raise NotFound(f"no {what} with id {value}", loc=["path", name])

    @cache  # noqa: B019 - one per service (services live as long as the process)
    def _parent_lookup(self, name: str, link: Any = None) -> tuple[Select[Any], str]:
        target = next(iter(self.table.c[name].foreign_keys)).column.table
        stmt = select(target.c.id).where(target.c.id == bindparam("parent_id"))
        if link is not None:
            teams = select(link.team).where(link.owner == bindparam("scope_owner"))
            condition = visible(target, teams)
            if condition is not None:
                stmt = stmt.where(condition)
        return stmt, target.name.rstrip("s").replace("_", " ")

    async def read(
        self,
        conn: AsyncConnection | AsyncSession,
        row_id: str,
        scope: dict[str, str] | None = None,
        within: TeamScope | None = None,
    ) -> Row:
        link, binds = self.reads.restriction(within)
        stmt = self.reads.row_statement(tuple(sorted(scope or {})), link)
        values = {"row_id": row_id, **binds, **{f"s_{k}": v for k, v in (scope or {}).items()}}
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
    def described(self) -> "Resource":
        """The resource's descriptor (``api/<pkg>/resource.py``), where its name, label and id
        parameter are spelled once. Looked up on use: the descriptors import the services."""
        from api.resources import BY_TABLE

        return BY_TABLE[self.table.name]

    @property
    def label(self) -> str:
        """The row's name in messages (``support activity``)."""
        return self.described.label

    @property
    def id_param(self) -> str:
        return self.described.id_param

    @property
    def resource(self) -> str:
        """The resource's name in URLs and the audit trail (``support-activities``)."""
        return self.described.name

    # ---- writes ------------------------------------------------------------------------------
    async def get(
        self,
        session: AsyncSession,
        row_id: str,
        *,
        lock: bool = False,
        scope: dict[str, str] | None = None,
        within: TeamScope | None = None,
    ) -> M:
        stmt = select(self.model).where(self.model.id == row_id)
        for name, value in (scope or {}).items():  # nested routes: only the parent's rows
            stmt = stmt.where(self.table.c[name] == value)
        if within is not None and (seen := visible(self.table, within.teams())) is not None:
            stmt = stmt.where(seen)  # another team's row is missing, not forbidden
        if lock:
            stmt = stmt.with_for_update()
        obj: M | None = (await session.execute(stmt)).scalar_one_or_none()
        if obj is None:
            raise NotFound(f"no {self.label} with id {row_id}", loc=["path", self.id_param])
        return obj

    async def create(
        self,
        session: AsyncSession,
        data: BaseModel,
        scope: dict[str, str] | None = None,
        within: TeamScope | None = None,
    ) -> Row:
        """Insert a row (with its links) and return it as ``read`` would."""
        values = {**data.model_dump(), **(scope or {})}
        links = {name: values.pop(name) for name in self.collections if name in values}
        obj = self.model(**values)
        obj.id = new_id()
        obj.ref = obj.ref or obj.id
        await check_references(session, self.table, values, within)
        await check_links(session, self.collections, links, within)
        given = {n: links.get(n) or [] for n in self.collections}
        teams = await self._teams(session, obj, given)
        check_writable(within, self.table, teams)
        await self._check_unique(session, obj)
        await self.validate(session, obj, given, None)
        session.add(obj)
        await flush(session)
        await self._write_links(session, obj.id, links)
        row = await self.written.row(session, obj, given)
        await self._audit(session, "create", obj.id, None, row, teams)
        return row

    async def update(
        self,
        session: AsyncSession,
        row_id: str,
        patch: BaseModel,
        if_match: str | None,
        scope: dict[str, str] | None = None,
        within: TeamScope | None = None,
    ) -> Row:
        """Apply a merge patch and return the row as ``read`` would."""
        obj = await self.get(session, row_id, scope=scope, within=within)
        check_if_match(if_match, obj.version)
        shown = await self.read(session, obj.id)
        check_writable(within, self.table, await self._teams(session, obj))
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
            await check_references(session, self.table, changes, within)
            await check_links(session, self.collections, links, within)
            current = {
                n: links[n] if n in links else await self._links(session, obj.id, n)
                for n in self.collections
            }
            teams = await self._teams(session, obj, current)
            check_writable(within, self.table, teams)  # nor move it to another team
            await self._check_unique(session, obj)
            await self.validate(session, obj, current, before)
        if links:
            obj.updated_at = utcnow()  # a link change is a change of the row: bump its version
        await flush(session)  # one UPDATE, so one new version, whatever changed
        if links:
            await self._write_links(session, obj.id, links, replace=True)
        row = await self.written.row(session, obj, current)
        await self._audit(session, "update", obj.id, shown, row, teams)
        return row

    async def delete(
        self,
        session: AsyncSession,
        row_id: str,
        if_match: str | None,
        scope: dict[str, str] | None = None,
        within: TeamScope | None = None,
    ) -> None:
        obj = await self.get(session, row_id, scope=scope, within=within)
        check_if_match(if_match, obj.version)
        teams = await self._teams(session, obj)
        check_writable(within, self.table, teams)
        await self.before_delete(session, obj)
        shown = await self.read(session, obj.id)
        await session.delete(obj)
        try:
            await session.flush()
        except IntegrityError as exc:
            raise InUse(f"this {self.label} is still referred to by other rows") from exc
        await self._audit(session, "delete", row_id, shown, None, teams)

    @cached_property
    def written(self) -> WrittenRow:
        """Builds the row a write answers with (``api.kit.written``)."""
        return WrittenRow(self.table, self.reads.fields, self.collections, self.computed)

    # ---- team scope and audit trail ------------------------------------------------------------
    async def _teams(
        self, session: AsyncSession, obj: M, links: dict[str, list[str]] | None = None
    ) -> set[str]:
        """The teams the row belongs to (its links as given, else as stored)."""
        values = {c.key: getattr(obj, c.key) for c in self.table.columns}
        linked: dict[Table, list[str]] = {}
        for name, c in self.collections.items():
            ids = links.get(name) if links is not None else None
            linked[c.table] = ids if ids is not None else await self._links(session, obj.id, name)
        return await teams_of(session, self.table, values, linked)

    async def _audit(
        self,
        session: AsyncSession,
        action: str,
        row_id: str,
        before: Row | None,
        after: Row | None,
        teams: set[str],
    ) -> None:
        team_id = next(iter(teams)) if len(teams) == 1 else None
        await record(
            session,
            resource=self.resource,
            resource_id=row_id,
            action=action,
            before=before,
            after=after,
            team_id=team_id,
        )

    # ---- hooks for resources -------------------------------------------------------------------
    async def validate(
        self,
        session: AsyncSession,
        obj: M,
        links: dict[str, list[str]],
        before: dict[str, Any] | None,
    ) -> None:
        """The resource's own rules for one write (``before`` is None on create)."""
        row = {c.key: getattr(obj, c.key) for c in self.table.columns}
        verdict = (await self.check_rows(session, [Change(row, links, before)]))[0]
        if verdict is not None:
            raise verdict

    async def check_rows(
        self, session: AsyncSession, changes: Sequence[Change], memo: Memo | None = None
    ) -> Verdicts:
        """The resource's own rules over a batch of changes, in order.

        Returns, for each change, the first rule it breaks (None when it passes). Each change
        is checked as if the earlier accepted ones were already written, so a batch of payments
        cannot overdraw an award between them. The HTTP API checks a batch of one; bulk loads
        (``api.imports``) check thousands per call with the same code, so rules live here once.
        Rules that span rows lock what they sum or count, as the single-row checks always did.

        ``memo``: a bulk load passes the same dict with every batch of one transaction, whose
        accepted changes are all written before the next batch; a rule may keep the facts it
        locked and the totals it kept current there instead of reading them again.
        """
        return [None] * len(changes)

    async def before_delete(self, session: AsyncSession, obj: M) -> None:
        """Refuse a delete the rules forbid."""

    async def _check_unique(self, session: AsyncSession, obj: M) -> None:
        row = {c.key: getattr(obj, c.key) for c in self.table.columns}
        verdict = (await unique_conflicts(session, self.table, self.label, [row]))[0]
        if verdict is not None:
            raise verdict

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
