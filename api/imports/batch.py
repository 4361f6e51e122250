"""The steps one batch of rows goes through: resolve refs, validate with the Create schema, find
stored rows, diff, check the rules, write (rows naming rows of their own resource are validated
after the stored rows are found, in file order). Each step costs a few queries per batch, never
per row."""

import asyncio
from collections import Counter
from collections.abc import Callable, Iterator
from operator import itemgetter
from typing import Any, cast

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import InvalidReference, ProblemError
from api.imports import published, writes
from api.imports.report import Report
from api.imports.resolve import Candidate, Resolver, Unresolved
from api.imports.resources import REF_COLUMN, RESOURCES, Resource, ancestors
from api.imports.rows import Pending, bounds, pydantic_errors
from api.imports.writes import among, current_links, insert_rows, replace_links, update_rows
from api.kit.changes import Change, Memo
from api.kit.integrity import unique_conflicts
from api.kit.schemas import LOADING

Fail = Callable[[Pending, str | None, str, str], None]
SELF_REFERENCING = frozenset({"programmes", "milestones"})
UNRESOLVED = "unresolved"  # stands in for an id that could not be found, so the schema still
# reports the row's other faults


def _qualifier_columns(target: str) -> list[str]:
    return [REF_COLUMN[a.name] for a in ancestors(RESOURCES[target])]


QUALIFIERS = {name: _qualifier_columns(name) for name in RESOURCES}


class BatchRun:
    def __init__(
        self,
        session: AsyncSession,
        res: Resource,
        rows: list[Pending],
        fail: Fail,
        report: Report,
        file: str,
        now: Any,
        memo: Memo,
        ids: Iterator[str],
        resolver: Resolver,
    ) -> None:
        self.session, self.res, self.rows, self.fail = session, res, rows, fail
        self.report, self.file, self.now, self.memo = report, file, now, memo
        self.ids = ids
        self.resolver = resolver
        resolver.forget(res.name)  # earlier batches' rows are in the database now
        self.others = [(c, r) for c, r in res.references.items() if r.field != res.parent]
        self.own_parent = res.parent if res.parent is not None and not res.nested else None
        self.bounds = bounds(res)
        self.holds = res.name not in SELF_REFERENCING  # written after the next batch's lookup
        self.db = session  # for the diff and rules: waits for a write still running
        self.writing: asyncio.Task[None] | None = None
        self.ok: list[Pending] = []

    def column(self, field: str) -> str:
        """The file column a schema field comes from (``award_id`` → ``award_ref``)."""
        ref = self.res.by_field.get(field)
        return ref.column if ref is not None else field

    async def run(self, writing: asyncio.Task[None] | None, held: "BatchRun | None") -> None:
        """Resolve, validate and check the batch, leaving the rows to write in ``ok``.

        ``writing`` is a write still running (the connection carries one statement at a time):
        refs already known and the Create schema need no query, so they are worked out
        meanwhile. ``held`` is the batch before, checked but not written: once this batch's
        stored rows are found (``held``'s rows count as stored), its write starts
        (``self.writing``) and this batch's diff and rules run while the database takes it,
        a query of theirs waiting for it first."""
        res = self.res
        wanted = self.wanted()
        # Rows naming rows of their own resource are validated in file order, after the rows
        # they name are known (``diff`` adds them as pending), so not ahead.
        ahead = res.name not in SELF_REFERENCING and not self.resolver.missing(wanted)
        if not ahead and writing is not None:
            await writing
        for target, refs in wanted.items():
            await self.resolver.load(target, refs)
        self.resolve_parents()
        resolved = [p for p in self.rows if not p.failed]
        if ahead:
            for p in resolved:
                self.validate(p)
        if writing is not None:
            await writing
        await self.find_existing(resolved, held.keys() if held is not None else set())
        if held is not None:
            self.writing = asyncio.create_task(held.write())
            self.db = cast(AsyncSession, writes.AfterWrite(self.session, self.writing))
        await self.build()
        changes = [p for p in self.rows if not p.failed and p.outcome != "unchanged"]
        await self.check(changes)
        outcomes = Counter("rejected" if p.failed else p.outcome or "rejected" for p in self.rows)
        for outcome, n in outcomes.items():
            self.report.count(res.name, outcome, n)
        self.ok = [p for p in changes if not p.failed]

    def keys(self) -> set[tuple[str | None, str | None]]:
        return {(p.parent_id, p.ref) for p in self.ok}

    def wanted(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for column, reference in self.res.references.items():
            refs = out.setdefault(reference.target, set())
            values = [p.refs.get(column) for p in self.rows]
            refs.update(v for v in values if type(v) is str)  # the usual case, in one pass
            for value in values:
                if isinstance(value, list):
                    refs.update(str(v) for v in value)
                elif value is not None and type(value) is not str:
                    refs.add(str(value))
        return out

    def qualifiers(self, target: str, p: Pending) -> dict[str, str]:
        return {c: str(p.refs[c]) for c in QUALIFIERS[target] if p.refs.get(c)}

    def find(self, target: str, ref: Any, p: Pending, column: str, scoped: bool) -> str | None:
        scope = p.programme_id if scoped and QUALIFIERS[target] else None
        try:
            quals = self.qualifiers(target, p)
            return self.resolver.find(target, str(ref), quals, scope, column).id
        except Unresolved as exc:
            self.fail(p, column, exc.kind, str(exc))
            return None

    def resolve_parents(self) -> None:
        res = self.res
        if res.parent is None:
            return
        column = res.by_field[res.parent].column
        target = res.references[column].target
        quals = QUALIFIERS[target]
        # Rows of a batch mostly name a few parents: one lookup per (ref, qualifiers) given.
        seen: dict[tuple[Any, ...], Candidate | Unresolved] = {}
        key_of = itemgetter(column, *quals) if quals else None
        for p in self.rows:
            refs = p.refs
            ref = refs.get(column)
            if ref is None:
                self.fail(p, column, "missing", f"{column} is required")
                continue
            # The cells as given (a short row may leave qualifiers out); the same key always
            # finds the same candidate, so it may be finer than the qualifiers it stands for.
            try:
                key = key_of(refs) if key_of is not None else (ref,)
            except KeyError:
                key = (ref, *[refs.get(c) for c in quals])
            hit = seen.get(key)
            if hit is None:
                try:
                    quals_given = self.qualifiers(target, p)
                    hit = self.resolver.find(target, str(ref), quals_given, None, column)
                except Unresolved as exc:
                    hit = exc
                seen[key] = hit
            if isinstance(hit, Unresolved):
                self.fail(p, column, hit.kind, str(hit))
                continue
            p.parent_id = hit.id
            p.programme_id = hit.id if target == "programmes" else hit.programme_id

    async def find_existing(
        self, resolved: list[Pending], unwritten: set[tuple[str | None, str | None]]
    ) -> None:
        """The stored version of each row (by parent and ref), and refs given twice (in the
        batch, in ``unwritten`` or stored by this load). A row refused by its schema still
        counts as given, so a later row with its ref is named."""
        res, table = self.res, self.res.table
        live = [p for p in resolved if not p.failed]
        if not live:
            return
        if res.parent is None:
            stmt = select(table).where(among(self.session, table.c.ref, {p.ref for p in live}))
        else:
            # Two IN lists (the (parent, ref) index serves them); pairs are matched below.
            stmt = select(table).where(
                among(self.session, table.c[res.parent], {p.parent_id for p in live}),
                among(self.session, table.c.ref, {p.ref for p in live}),
            )
        parent = res.parent
        found = {
            (r[parent] if parent else None, r["ref"]): dict(r)
            for r in (await self.session.execute(stmt)).mappings().all()
        }
        seen: dict[tuple[str | None, str | None], int] = {}
        for p in resolved:
            key = (p.parent_id, p.ref)
            if key in seen:
                if not p.failed:
                    msg = f"ref {p.ref!r} is given twice in this file (first at line {seen[key]})"
                    self.fail(p, "ref", "duplicate-ref", msg)
                continue
            seen[key] = p.line
            if p.failed:
                continue
            before = found.get(key)
            if key in unwritten or (before is not None and before["updated_at"] == self.now):
                self.fail(p, "ref", "duplicate-ref", f"ref {p.ref!r} is given twice in this load")
                continue
            p.before = before
            p.id = before["id"] if before is not None else next(self.ids)

    async def build(self) -> None:
        """Validate the rows not validated yet and work out what each would change."""
        existing = [p.id for p in self.rows if p.before is not None and p.id]
        links_now = {
            name: await current_links(self.db, link, existing)
            for name, link in self.res.service.collections.items()
        }
        for p in self.rows:
            if not p.failed and p.valid is None:
                self.validate(p)
            if not p.failed and p.valid is not None:
                self.diff(p, *p.valid, links_now)

    def validate(self, p: Pending) -> None:
        """Resolve the row's other refs and validate it with the Create schema."""
        res = self.res
        body = p.values  # not needed after this: validated in place
        body["ref"] = p.ref
        for column, reference in self.others:
            if column not in p.refs:
                continue
            value = p.refs[column]
            if reference.many:
                ids = [self.find(reference.target, v, p, column, True) for v in value or []]
                if len(set(ids)) != len(ids) and None not in ids:
                    self.fail(p, column, "rule-broken", f"{column} names a row twice")
                body[reference.field] = [i or UNRESOLVED for i in ids]
            elif value is None:
                body[reference.field] = None
            else:
                body[reference.field] = self.find(reference.target, value, p, column, True)
                body[reference.field] = body[reference.field] or UNRESOLVED
        if self.own_parent is not None:
            body[self.own_parent] = p.parent_id
        try:
            model = res.create.model_validate(body, context=LOADING)  # cells may be text
        except ValidationError as exc:
            for name, kind, msg in pydantic_errors(exc):
                self.fail(p, self.column(name) if name else None, kind, msg)
            return
        data = model.__dict__
        if self.bounds.checks:  # what the INSERT would overflow
            for name, msg in self.bounds.faults(data):
                self.fail(p, self.column(name), "invalid", msg)
        if not p.failed:
            p.valid = (data, model.model_fields_set)

    def diff(
        self,
        p: Pending,
        data: dict[str, Any],
        given: set[str],
        links_now: dict[str, dict[str, list[str]]],
    ) -> None:
        res = self.res
        collections = res.service.collections
        cols = dict(data)
        for name in collections:
            cols.pop(name, None)
        if res.nested and res.parent is not None:
            cols[res.parent] = p.parent_id
        before = p.before
        if before is None:  # one new dict a row: the usual case of a big load
            cols["id"] = p.id
            cols["created_at"] = cols["updated_at"] = self.now
            cols["version"] = 1
            p.row = cols
            if collections:
                p.links = {n: list(data[n]) if n in given else [] for n in collections}
            p.outcome = "created"
        else:
            links = {n: list(data[n]) for n in collections if n in given}
            assert p.id is not None
            changed = {k: v for k, v in cols.items() if (k in given) and before[k] != v}
            current = {n: links_now[n][p.id] for n in collections}
            moved = {n for n, v in links.items() if sorted(v) != sorted(current[n])}
            if not changed and not moved:
                p.outcome = "unchanged"
                return
            p.row = {**before, **changed, "updated_at": self.now, "version": before["version"] + 1}
            p.links = {n: links[n] if n in moved else current[n] for n in collections}
            p.outcome = "updated"
        if res.name in SELF_REFERENCING:
            path = {}
            if res.parent_target is not None and p.parent_id is not None:
                col = REF_COLUMN[res.parent_target]
                path[col] = (p.parent_id, str(p.refs.get(col)))
            self.resolver.add_pending(res.name, p.id or "", p.ref or "", path)

    async def check(self, changes: list[Pending]) -> None:
        res = self.res
        key = (res.parent, "ref") if res.parent else ("ref",)
        rows = [p.row or {} for p in changes]
        service = res.service
        uniq = await unique_conflicts(
            self.db, service.table, service.label, rows, skip=frozenset({key})
        )
        for p, problem in zip(changes, uniq, strict=True):
            if problem is not None:
                self.refuse(p, problem)
        live = [p for p in changes if not p.failed]
        verdicts = await res.service.check_rows(
            self.db, [Change(p.row or {}, p.links, p.before) for p in live], self.memo
        )
        for p, problem in zip(live, verdicts, strict=True):
            if problem is not None:
                self.refuse(p, problem)
        if res.name in SELF_REFERENCING:
            self.cascade(changes)

    def refuse(self, p: Pending, problem: ProblemError) -> None:
        p.failed = True
        self.report.problem(problem, self.file, self.res.name, p.line, p.ref, self.column)

    def cascade(self, changes: list[Pending]) -> None:
        """A row naming a new row of its own resource that was refused is refused too."""
        refused = {p.id for p in changes if p.failed and p.before is None}
        fields = [r.field for r in self.res.references.values() if r.target == self.res.name]
        while refused:
            newly = set()
            for p in changes:
                if p.failed or p.row is None:
                    continue
                named = [p.row.get(f) for f in fields] + [i for v in p.links.values() for i in v]
                if refused & set(named):
                    self.refuse(p, InvalidReference("names a row of this load that was refused"))
                    if p.before is None:
                        newly.add(p.id)
            refused = newly

    async def write(self) -> None:
        res, session, ok = self.res, self.session, self.ok
        created = [p for p in ok if p.outcome == "created"]
        updated = [p for p in ok if p.outcome == "updated"]
        await insert_rows(session, res.table, [p.row for p in created if p.row])
        versions = {p.id or "": int((p.before or {})["version"]) for p in updated}
        await update_rows(session, res.table, [p.row for p in updated if p.row], versions)
        for name, link in res.service.collections.items():
            owners = [p.id or "" for p in updated]
            pairs = [(p.id or "", v) for p in (*created, *updated) for v in p.links[name]]
            await replace_links(session, link, owners, pairs)
        await published.publish(session, res, [*created, *updated])
