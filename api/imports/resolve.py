"""Turn refs into ids: one query per referenced resource per batch, for the refs not met before.

A candidate is a row of the target resource with the given ref, together with the ids and refs
of its ancestors (an award: its team and programme). A reference matches the candidates whose
ancestors agree with the qualifier columns the row gives and that live in the row's programme;
exactly one must match. Rows written by earlier batches of the same load are in the database
(inside the load's transaction); rows earlier in the same batch are added as *pending*.

One resolver serves a whole section (a file's rows of one resource): while it is loaded, only
that resource changes, so what was found for the others stays true. What it knows of its own
resource (rows naming rows of the same resource) is forgotten before each batch, and everything
once it holds ``LIMIT`` refs, so memory stays flat.
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.imports.resources import REF_COLUMN, RESOURCES, ancestors

LIMIT = 100_000  # refs a resolver keeps between batches


@dataclass(frozen=True)
class Candidate:
    id: str
    ref: str
    path: dict[str, tuple[str, str]]  # ancestor's ref column → (its id, its ref)
    programme_id: str | None  # the programme the row lives in (its own id for a programme)


class Unresolved(Exception):
    """A reference that names no row, or several; the message says which and why."""

    def __init__(self, message: str, kind: str = "invalid-reference") -> None:
        super().__init__(message)
        self.kind = kind


class Resolver:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.found: dict[str, dict[str, list[Candidate]]] = {}
        self.pending: dict[str, dict[str, list[Candidate]]] = {}
        # (target, ref, ancestor column, its ref) → candidates: rows naming the same ref in
        # many parents (every team's "award") are told apart without a scan per row.
        self.by_qualifier: dict[tuple[str, str, str, str], list[Candidate]] = {}
        self.memo: dict[tuple[Any, ...], Candidate | Unresolved] = {}

    def forget(self, target: str) -> None:
        """Drop what is known of ``target`` (all of it, past ``LIMIT`` refs)."""
        if sum(len(refs) for refs in self.found.values()) > LIMIT:
            self.found.clear()
            self.by_qualifier.clear()
        self.found.pop(target, None)
        self.pending.pop(target, None)
        self.by_qualifier = {k: v for k, v in self.by_qualifier.items() if k[0] != target}
        self.memo.clear()

    def missing(self, wanted: dict[str, set[str]]) -> bool:
        """Whether ``load`` would have to query for any of ``wanted`` (target → refs)."""
        return any(not refs <= self.found.get(t, {}).keys() for t, refs in wanted.items())

    async def load(self, target: str, refs: set[str]) -> None:
        """Fetch the candidates for ``refs`` of ``target`` (those not fetched before)."""
        have = self.found.setdefault(target, {})
        wanted = {r for r in refs if r not in have}
        if not wanted:
            return
        for ref in wanted:
            have[ref] = []
        res = RESOURCES[target]
        chain = [res, *ancestors(res)]
        tables = [r.table.alias(f"t{i}") for i, r in enumerate(chain)]
        cols: list[Any] = []
        for table in tables:
            cols += [table.c.id, table.c.ref]
        stmt = select(*cols).select_from(tables[0])
        for i in range(1, len(chain)):
            parent_col = chain[i - 1].parent
            assert parent_col is not None
            stmt = stmt.join(tables[i], tables[i].c.id == tables[i - 1].c[parent_col])
        names = [REF_COLUMN[r.name] for r in chain]
        first: Table = tables[0]  # type: ignore[assignment]
        for chunk in _chunks(sorted(wanted), 2000):
            for row in (await self.session.execute(stmt.where(first.c.ref.in_(chunk)))).all():
                path = {names[i]: (row[2 * i], row[2 * i + 1]) for i in range(1, len(chain))}
                cand = self._candidate(target, row[0], row[1], path)
                have[row[1]].append(cand)
                self._index(target, cand)

    @staticmethod
    def _candidate(target: str, id_: str, ref: str, path: dict[str, tuple[str, str]]) -> Candidate:
        programme: str | None = id_ if target == "programmes" else None
        if "programme_ref" in path:
            programme = path["programme_ref"][0]
        return Candidate(id_, ref, path, programme)

    def _index(self, target: str, cand: Candidate) -> None:
        for column, (_id, ref) in cand.path.items():
            self.by_qualifier.setdefault((target, cand.ref, column, ref), []).append(cand)

    def add_pending(
        self, target: str, id_: str, ref: str, path: dict[str, tuple[str, str]]
    ) -> None:
        """A row accepted earlier in this batch (not yet written) that later rows may name."""
        cand = self._candidate(target, id_, ref, path)
        self.pending.setdefault(target, defaultdict(list))[ref].append(cand)
        self._index(target, cand)
        self.memo.clear()

    def find(
        self,
        target: str,
        ref: str,
        qualifiers: dict[str, str],
        programme_id: str | None,
        column: str,
    ) -> Candidate:
        key = (target, ref, tuple(sorted(qualifiers.items())), programme_id, column)
        hit = self.memo.get(key)
        if hit is None:
            try:
                hit = self._find(target, ref, qualifiers, programme_id, column)
            except Unresolved as exc:
                hit = exc
            self.memo[key] = hit
        if isinstance(hit, Unresolved):
            raise hit
        return hit

    def _find(
        self,
        target: str,
        ref: str,
        qualifiers: dict[str, str],
        programme_id: str | None,
        column: str,
    ) -> Candidate:
        narrowed = [
            self.by_qualifier.get((target, ref, q, v), [])
            for q, v in qualifiers.items()
            if (target, ref, q, v) in self.by_qualifier
        ]
        if narrowed:
            cands = min(narrowed, key=len)
        else:
            cands = self.found.get(target, {}).get(ref, []) + self.pending.get(target, {}).get(
                ref, []
            )
        matches = list(
            {
                c.id: c
                for c in cands
                if (programme_id is None or c.programme_id == programme_id)
                and all(c.path[q][1] == v for q, v in qualifiers.items() if q in c.path)
            }.values()
        )
        if len(matches) == 1:
            return matches[0]
        label = RESOURCES[target].label
        given = ", ".join(f"{q} {v!r}" for q, v in qualifiers.items())
        where = f" with {given}" if given else ""
        if not matches:
            scope = " in this row's programme" if programme_id is not None and not given else ""
            raise Unresolved(f"no {label} has ref {ref!r}{where}{scope}")
        more = [q for q in matches[0].path if q not in qualifiers]
        hint = f"; add {' and '.join(more)} to say which" if more else ""
        raise Unresolved(
            f"{column} {ref!r} names {len(matches)} {label}s{where}{hint}", "ambiguous-reference"
        )


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]
