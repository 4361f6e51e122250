"""What an award's budget lines add up to (read by budget lines and by awards' own rules)."""

from collections.abc import Iterable

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
