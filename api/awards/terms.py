"""An award's current terms: the amount and dates every rule about its money checks against.

Today they are the award's own columns. Amendments (issue 13: uplifts, reductions, extensions)
will make them the original plus the approved amendments in order; that change belongs here,
in ``current`` and the loader, and the rules that read the terms stay as they are.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.models import Award


class Terms(NamedTuple):
    id: str
    identifier: str
    amount_pence: int
    currency: str
    start: date  # the planned start
    end: date  # the planned end


def current(award: Any) -> Terms:
    """The terms of an award, from its columns (a row as the rules see it, or a result row's
    mapping)."""
    return Terms(
        award["id"],
        award["identifier"],
        award["amount_pence"],
        award["currency"],
        award["planned_start_date"],
        award["planned_end_date"],
    )


async def terms_by_id(
    session: AsyncSession, ids: Iterable[str], *, lock: bool = False
) -> dict[str, Terms]:
    """The awards' current terms in one query, locked ``FOR UPDATE`` when asked (so rules that
    sum rows against an award queue behind each other on PostgreSQL)."""
    wanted = set(ids)
    if not wanted:
        return {}
    stmt = select(
        Award.id,
        Award.identifier,
        Award.amount_pence,
        Award.currency,
        Award.planned_start_date,
        Award.planned_end_date,
    ).where(Award.id.in_(wanted))
    if lock:
        stmt = stmt.with_for_update()
    return {r.id: current(r._mapping) for r in (await session.execute(stmt)).all()}
