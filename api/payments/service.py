from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.awards.filters import award_filters
from api.awards.service import CurrencyMismatch, committed_by_award
from api.awards.terms import Terms, terms_by_id
from api.errors import NotFound, ProblemError, RuleBroken
from api.kit.changes import Change, Memo, Verdicts, each
from api.kit.money import money
from api.kit.rules import WrongProgramme
from api.kit.service import CrudService
from api.models import Award, Milestone, Payment, Team
from api.models.enums import PaymentStatus
from api.payments.schemas import PaymentRead


class PaymentExceedsAward(ProblemError):
    status = 409
    type = "payment-exceeds-award"
    title = "Payment is more than is left to allocate on the award"


class PaidNeedsDate(RuleBroken):
    type = "paid-needs-date"
    title = "A paid payment needs its paid date (and only a paid one has one)"


class PaymentLocked(ProblemError):
    status = 409
    type = "payment-locked"
    title = "A paid payment is never edited or deleted"


def milestone_fits(milestone: Any, award: Any) -> None:
    """The milestone releasing a payment belongs to the award's programme and team (or none)."""
    fits = milestone is not None and milestone.programme_id == award.programme_id
    if not fits or milestone.team_id not in (None, award.team_id):
        raise WrongProgramme(
            "the milestone belongs to another team or programme", field="milestone_id"
        )


PAID, CANCELLED = PaymentStatus.paid, PaymentStatus.cancelled  # looked up once


def counted(row: dict[str, Any] | None) -> int:
    """A payment's amount as it counts against its award (a cancelled one: nothing)."""
    if row is None or row["status"] == CANCELLED:
        return 0
    return int(row["amount_pence"])


def status_fits(row: dict[str, Any], before: dict[str, Any] | None) -> None:
    """A paid payment stays as it is; a paid one has its paid date, and only a paid one."""
    if before is not None and before["status"] == PAID:
        raise PaymentLocked(
            "this payment is paid; record a correction instead", loc=["path", "payment_id"]
        )
    if row["status"] == PAID and row["paid_date"] is None:
        raise PaidNeedsDate("a paid payment needs paid_date", field="paid_date")
    if row["status"] != PAID and row["paid_date"] is not None:
        raise PaidNeedsDate("only a paid payment has a paid_date", field="paid_date")


def within_award(row: dict[str, Any], award: Terms, others: int) -> None:
    """The payment fits in what is left to allocate: the award (as amended) less ``others``,
    its other payments not cancelled (paid or not), which is not the dashboard's "remaining"
    (the award less paid)."""
    remaining = award.amount_pence - others
    if row["amount_pence"] > remaining:
        cur = award.currency
        raise PaymentExceedsAward(
            f"{money(row['amount_pence'], cur)} is more than the "
            f"{money(max(remaining, 0), cur)} left to allocate on this award "
            f"({award.identifier}: {money(award.amount_pence, cur)} awarded, "
            f"{money(others, cur)} already in payments not cancelled)",
            field="amount_pence",
        )


async def _awards(
    session: AsyncSession, changes: Sequence[Change], memo: Memo
) -> tuple[dict[str, Terms], dict[str, int]]:
    """The changes' awards' current terms (amended), locked, and the sum of each one's payments
    not cancelled; kept in ``memo`` across a batch's calls, the sums current as changes are
    accepted."""
    awards: dict[str, Terms] = memo.setdefault("awards", {})
    committed: dict[str, int] = memo.setdefault("committed", {})
    wanted = {c.row["award_id"] for c in changes}
    wanted |= {c.before["award_id"] for c in changes if c.before is not None}
    if wanted - awards.keys():
        # Lock the awards: concurrent payments (and amendments) against one queue here
        # (PostgreSQL FOR UPDATE; SQLite writers already run one at a time under BEGIN
        # IMMEDIATE).
        awards.update(await terms_by_id(session, wanted - awards.keys(), lock=True))
        committed.update(await committed_by_award(session, wanted - committed.keys()))
    return awards, committed


async def _owners(session: AsyncSession, changes: Sequence[Change]) -> dict[str, Any]:
    """The team and programme of the awards whose payments name a milestone."""
    ids = {c.row["award_id"] for c in changes if c.row["milestone_id"] is not None}
    if not ids:
        return {}
    stmt = (
        select(Award.id, Award.team_id, Team.programme_id)
        .join(Team, Team.id == Award.team_id)
        .where(Award.id.in_(ids))
    )
    return {a.id: a for a in (await session.execute(stmt)).all()}


async def _milestones(session: AsyncSession, changes: Sequence[Change]) -> dict[str, Any]:
    """The milestones the changes name as releasing them."""
    ids = {c.row["milestone_id"] for c in changes} - {None}
    if not ids:
        return {}
    stmt = select(Milestone.id, Milestone.team_id, Milestone.programme_id)
    return {m.id: m for m in (await session.execute(stmt.where(Milestone.id.in_(ids)))).all()}


class PaymentService(CrudService[Payment]):
    model = Payment
    read_schema = PaymentRead
    filters = {
        **award_filters(Payment.award_id),
        "status": lambda v: Payment.status == v,
        "scheduled_from": lambda v: Payment.scheduled_date >= v,
        "scheduled_to": lambda v: Payment.scheduled_date <= v,
    }
    sortable = ("scheduled_date", "amount_pence", "created_at")
    default_sort = "scheduled_date"

    async def check_rows(
        self, session: AsyncSession, changes: Sequence[Change], memo: Memo | None = None
    ) -> Verdicts:
        memo = {} if memo is None else memo
        awards, committed = await _awards(session, changes, memo)
        owners = await _owners(session, changes)
        milestones = await _milestones(session, changes)

        def check(change: Change) -> None:
            row, before = change.row, change.before
            status_fits(row, before)
            award = awards.get(row["award_id"])
            if award is None:
                raise NotFound(f"no award with id {row['award_id']}", field="award_id")
            if row["currency"] != award.currency:
                raise CurrencyMismatch(
                    f"the award is in {award.currency}, not {row['currency']}", field="currency"
                )
            if row["milestone_id"] is not None:
                milestone_fits(milestones.get(row["milestone_id"]), owners[award.id])
            same_award = before is not None and before["award_id"] == award.id
            if row["status"] != CANCELLED:
                within_award(
                    row, award, committed[award.id] - (counted(before) if same_award else 0)
                )
            if before is not None:
                committed[before["award_id"]] -= counted(before)
            committed[award.id] += counted(row)

        return each(changes, check)

    async def before_delete(self, session: AsyncSession, obj: Payment) -> None:
        if obj.status == PaymentStatus.paid:
            raise PaymentLocked(
                "this payment is paid and cannot be deleted", loc=["path", "payment_id"]
            )


service = PaymentService()
