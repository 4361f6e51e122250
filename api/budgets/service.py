"""Budget lines' rules: within the award's currency, dates and amount, also under concurrency."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.awards.filters import award_filters
from api.awards.service import CurrencyMismatch
from api.awards.terms import Terms, terms_by_id
from api.budgets.schemas import BudgetLineRead
from api.budgets.totals import budgeted_by_award
from api.errors import NotFound, ProblemError, RuleBroken
from api.kit.changes import Change, Memo, Verdicts, each
from api.kit.money import money
from api.kit.rules import in_order
from api.kit.service import CrudService
from api.models import BudgetLine


class BudgetExceedsAward(ProblemError):
    status = 409
    type = "budget-exceeds-award"
    title = "The award's budget lines would add up to more than the award"


class OutsideAward(RuleBroken):
    type = "outside-award"
    title = "The budget period falls outside the award's dates"


def within_dates(row: dict[str, Any], award: Terms) -> None:
    """The period is a span of days inside the award's planned start and end."""
    in_order(row["period_start"], row["period_end"], "period_end", strict=False)
    for field in ("period_start", "period_end"):
        if not award.start <= row[field] <= award.end:
            raise OutsideAward(
                f"{field} {row[field].isoformat()} is outside award {award.identifier}'s dates "
                f"{award.start.isoformat()} – {award.end.isoformat()}",
                field=field,
            )


def within_amount(row: dict[str, Any], award: Terms, others: int) -> None:
    """The line fits in what is left to budget: the award less ``others``, its other lines."""
    left = award.amount_pence - others
    if row["amount_pence"] > left:
        cur = award.currency
        raise BudgetExceedsAward(
            f"{money(row['amount_pence'], cur)} is more than the {money(max(left, 0), cur)} "
            f"left to budget on this award ({award.identifier}: "
            f"{money(award.amount_pence, cur)} awarded, {money(others, cur)} already in its "
            "other budget lines)",
            field="amount_pence",
        )


async def _awards(
    session: AsyncSession, changes: Sequence[Change], memo: Memo
) -> tuple[dict[str, Terms], dict[str, int]]:
    """The changes' awards, locked, and the sum of each one's lines; kept in ``memo`` across a
    batch's calls, the sums current as changes are accepted (as payments keep theirs)."""
    awards: dict[str, Terms] = memo.setdefault("awards", {})
    budgeted: dict[str, int] = memo.setdefault("budgeted", {})
    wanted = {c.row["award_id"] for c in changes} - awards.keys()
    if wanted:
        # Lock the awards before summing: concurrent lines of one award queue here (PostgreSQL
        # FOR UPDATE; SQLite writers already run one at a time under BEGIN IMMEDIATE).
        awards.update(await terms_by_id(session, wanted, lock=True))
        budgeted.update(await budgeted_by_award(session, wanted - budgeted.keys()))
    return awards, budgeted


class BudgetLineService(CrudService[BudgetLine]):
    model = BudgetLine
    read_schema = BudgetLineRead
    filters = {
        **award_filters(BudgetLine.award_id),
        "category": lambda v: BudgetLine.category == v,
        "period_from": lambda v: BudgetLine.period_end >= v,
        "period_to": lambda v: BudgetLine.period_start <= v,
    }
    sortable = ("period_start", "category", "amount_pence", "created_at")
    default_sort = "period_start"

    async def check_rows(
        self, session: AsyncSession, changes: Sequence[Change], memo: Memo | None = None
    ) -> Verdicts:
        memo = {} if memo is None else memo
        awards, budgeted = await _awards(session, changes, memo)

        def check(change: Change) -> None:
            row, before = change.row, change.before
            award = awards.get(row["award_id"])
            if award is None:
                raise NotFound(f"no award with id {row['award_id']}", field="award_id")
            if row["currency"] != award.currency:
                raise CurrencyMismatch(
                    f"the award is in {award.currency}, not {row['currency']}", field="currency"
                )
            within_dates(row, award)
            # award_id is immutable, so an updated line was already counted in this award's sum.
            mine = before["amount_pence"] if before is not None else 0
            within_amount(row, award, budgeted[award.id] - mine)
            budgeted[award.id] += row["amount_pence"] - mine

        return each(changes, check)


service = BudgetLineService()
