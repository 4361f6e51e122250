"""The checks every write gets before any resource rule: references exist (and are visible to a
team-scoped caller), many-to-many ids exist and are not repeated, unique keys are free.

The API runs them for one row; ``unique_conflicts`` also serves bulk loads, a batch at a time.
"""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, UniqueConstraint, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import Conflict, InvalidReference, RuleBroken
from api.kit.changes import Verdicts
from api.kit.reads import Collection
from api.kit.scope import TeamScope, visible


async def check_references(
    session: AsyncSession, table: Table, values: dict[str, Any], within: TeamScope | None = None
) -> None:
    """Every reference exists (and, for a team-scoped caller, is one of its teams' rows)."""
    for fk in table.foreign_keys:
        name = fk.parent.name
        value = values.get(name)
        if value is None:
            continue
        target = fk.column.table
        stmt = select(target.c.id).where(target.c.id == value)
        if within is not None and (seen := visible(target, within.teams())) is not None:
            stmt = stmt.where(seen)
        found = await session.scalar(stmt)
        if found is None:
            what = target.name.rstrip("s").replace("_", " ")
            raise InvalidReference(f"no {what} with id {value}", field=name)


async def check_links(
    session: AsyncSession,
    collections: dict[str, Collection],
    links: dict[str, list[str]],
    within: TeamScope | None = None,
) -> None:
    """Every id of every many-to-many field exists (and is visible), none twice."""
    for name, ids in links.items():
        if not ids:
            continue
        target = collections[name].target
        if len(set(ids)) != len(ids):
            raise RuleBroken(f"{name} lists an id twice", field=name)
        stmt = select(target.id).where(target.id.in_(ids))
        if within is not None and (seen := visible(target.__table__, within.teams())) is not None:
            stmt = stmt.where(seen)
        found = set((await session.scalars(stmt)).all())
        missing = [i for i in ids if i not in found]
        if missing:
            raise InvalidReference(f"no such id in {name}: {', '.join(missing)}", field=name)


async def unique_conflicts(
    session: AsyncSession,
    table: Table,
    label: str,
    rows: Sequence[dict[str, Any]],
    skip: frozenset[tuple[str, ...]] = frozenset(),
) -> Verdicts:
    """For each row, the unique key it would share with another row (one query per key over
    the whole batch; rows earlier in the batch count as written). ``skip`` names constraints
    (by column names) the caller guarantees itself; ``label`` names the resource in messages."""
    out: Verdicts = [None] * len(rows)
    for constraint in table.constraints:
        if not isinstance(constraint, UniqueConstraint):
            continue
        cols = list(constraint.columns)
        names = tuple(c.key for c in cols)
        if names in skip:
            continue
        keyed = [
            (i, tuple(row[n] for n in names))
            for i, row in enumerate(rows)
            if out[i] is None and all(row[n] is not None for n in names)
        ]
        if not keyed:
            continue
        last = cols[-1]
        stmt = select(table.c.id, *cols).where(last.in_({k[-1] for _, k in keyed}))
        taken = {tuple(r[1:]): r[0] for r in (await session.execute(stmt)).all()}
        for i, key in keyed:
            holder = taken.setdefault(key, rows[i]["id"])
            if holder != rows[i]["id"]:
                field = last.key
                scope = f" within this {names[0].removesuffix('_id')}" if len(cols) > 1 else ""
                out[i] = Conflict(
                    f"another {label} already has {field} {key[-1]!r}{scope}", field=field
                )
    return out
