"""An award's current terms: the amount and dates every rule about its money checks against.

They are the award's own columns (its original terms) plus its approved amendments in order
(effective date, then id): the amount is the original plus every approved change; the planned
start and end are the last approved amendment's new ones, where it gives one. A proposed or
rejected amendment changes nothing. ``current`` applies amendments in Python (the rules);
``amended_*`` are the same sums as correlated subqueries (the award's read, the exports).
"""

from collections.abc import Iterable
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import BigInteger, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from api.models import Award, AwardAmendment
from api.models.enums import AmendmentStatus

APPROVED = AmendmentStatus.approved


class Terms(NamedTuple):
    id: str
    identifier: str
    amount_pence: int
    currency: str
    start: date  # the planned start
    end: date  # the planned end


def ordered(amendments: Iterable[Any]) -> list[Any]:
    """Approved amendments (rows or mappings) in the order they apply."""
    return sorted(amendments, key=lambda a: (a["effective_date"], a["id"]))


def current(award: Any, amendments: Iterable[Any] = ()) -> Terms:
    """The terms of an award (a row as the rules see it, or a result row's mapping) after
    ``amendments``, its approved ones (mappings with the amendment's columns)."""
    amount, start, end = (
        award["amount_pence"],
        award["planned_start_date"],
        award["planned_end_date"],
    )
    for a in ordered(amendments):
        amount += a["amount_change_pence"]
        start = a["new_start_date"] or start
        end = a["new_end_date"] or end
    return Terms(award["id"], award["identifier"], amount, award["currency"], start, end)


AMENDMENT_COLUMNS = (
    AwardAmendment.id,
    AwardAmendment.award_id,
    AwardAmendment.amount_change_pence,
    AwardAmendment.new_start_date,
    AwardAmendment.new_end_date,
    AwardAmendment.effective_date,
)


async def approved_by_award(
    session: AsyncSession, ids: Iterable[str]
) -> dict[str, list[dict[str, Any]]]:
    """Each award's approved amendments in order (an empty list when it has none)."""
    wanted = set(ids)
    out: dict[str, list[dict[str, Any]]] = {i: [] for i in wanted}
    if wanted:
        stmt = (
            select(*AMENDMENT_COLUMNS)
            .where(AwardAmendment.award_id.in_(wanted), AwardAmendment.status == APPROVED)
            .order_by(AwardAmendment.effective_date, AwardAmendment.id)
        )
        for r in (await session.execute(stmt)).all():
            out[r.award_id].append(dict(r._mapping))
    return out


async def terms_by_id(
    session: AsyncSession, ids: Iterable[str], *, lock: bool = False
) -> dict[str, Terms]:
    """The awards' current terms, locked ``FOR UPDATE`` when asked (so rules that sum rows
    against an award queue behind each other on PostgreSQL). Two queries: the amendments are
    read after the lock is held, so a concurrent approval that held it first is seen."""
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
    awards = [r._mapping for r in (await session.execute(stmt)).all()]
    approved = await approved_by_award(session, (a["id"] for a in awards))
    return {a["id"]: current(a, approved[a["id"]]) for a in awards}


# ---- the same terms in SQL, correlated to the outer query's ``awards`` row ----------------------
def _approved_of_award() -> Any:
    return (AwardAmendment.award_id == Award.id) & (AwardAmendment.status == APPROVED)


def amended_amount() -> ColumnElement[int]:
    """The original amount plus every approved change."""
    # Cast: PostgreSQL sums a bigint as numeric, which would read back as a Decimal.
    total = cast(func.coalesce(func.sum(AwardAmendment.amount_change_pence), 0), BigInteger)
    changes = select(total).where(_approved_of_award()).scalar_subquery()
    return changes + Award.amount_pence


def _last(column: Any, original: Any) -> ColumnElement[date]:
    latest = (
        select(column)
        .where(_approved_of_award(), column.is_not(None))
        .order_by(AwardAmendment.effective_date.desc(), AwardAmendment.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    return func.coalesce(latest, original)


def amended_start() -> ColumnElement[date]:
    """The last approved new start, else the original planned start."""
    return _last(AwardAmendment.new_start_date, Award.planned_start_date)


def amended_end() -> ColumnElement[date]:
    """The last approved new end, else the original planned end."""
    return _last(AwardAmendment.new_end_date, Award.planned_end_date)
