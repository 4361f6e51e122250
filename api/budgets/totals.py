"""What an award's budget lines add up to and span (read by budget lines and by awards' own
rules)."""

from collections.abc import Iterable
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.models import BudgetLine


async def budgeted_by_award(session: AsyncSession, award_ids: Iterable[str]) -> dict[str, int]:
    """Σ of each award's budget lines, in one query (0 when it has none)."""
    wanted = set(award_ids)
    out = dict.fromkeys(wanted, 0)
    if wanted:
        stmt = (
            select(BudgetLine.award_id, func.sum(BudgetLine.amount_pence))
            .where(BudgetLine.award_id.in_(wanted))
            .group_by(BudgetLine.award_id)
        )
        out.update((a, int(total)) for a, total in (await session.execute(stmt)).all())
    return out


async def budget_spans(
    session: AsyncSession, award_ids: Iterable[str]
) -> dict[str, tuple[date, date]]:
    """The first day and the last day each award's lines cover (no entry when it has none)."""
    wanted = set(award_ids)
    if not wanted:
        return {}
    stmt = (
        select(
            BudgetLine.award_id, func.min(BudgetLine.period_start), func.max(BudgetLine.period_end)
        )
        .where(BudgetLine.award_id.in_(wanted))
        .group_by(BudgetLine.award_id)
    )
    return {a: (first, last) for a, first, last in (await session.execute(stmt)).all()}
