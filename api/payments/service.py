from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.awards.service import CurrencyMismatch
from api.errors import ProblemError, RuleBroken
from api.kit.rules import WrongProgramme
from api.kit.service import CrudService
from api.models import Award, Milestone, Payment, Team
from api.models.enums import PaymentStatus
from api.payments.schemas import PaymentRead


class PaymentExceedsAward(ProblemError):
    status = 409
    type = "payment-exceeds-award"
    title = "Payment exceeds the award's remaining balance"


class PaidNeedsDate(RuleBroken):
    type = "paid-needs-date"
    title = "A paid payment needs its paid date (and only a paid one has one)"


class PaymentLocked(ProblemError):
    status = 409
    type = "payment-locked"
    title = "A paid payment is never edited or deleted"


class PaymentService(CrudService[Payment]):
    model = Payment
    label = "payment"
    read_schema = PaymentRead
    filters = {
        "award_id": lambda v: Payment.award_id == v,
        "status": lambda v: Payment.status == v,
        "scheduled_from": lambda v: Payment.scheduled_date >= v,
        "scheduled_to": lambda v: Payment.scheduled_date <= v,
    }
    sortable = ("scheduled_date", "amount_pence", "created_at")
    default_sort = "scheduled_date"

    async def validate(
        self,
        session: AsyncSession,
        obj: Payment,
        links: dict[str, list[str]],
        before: dict[str, Any] | None,
    ) -> None:
        if before is not None and before["status"] == PaymentStatus.paid:
            raise PaymentLocked(
                "this payment is paid; record a correction instead", loc=["path", "payment_id"]
            )
        if obj.status == PaymentStatus.paid and obj.paid_date is None:
            raise PaidNeedsDate("a paid payment needs paid_date", field="paid_date")
        if obj.status != PaymentStatus.paid and obj.paid_date is not None:
            raise PaidNeedsDate("only a paid payment has a paid_date", field="paid_date")
        # Lock the award: concurrent payments against it queue here (PostgreSQL FOR UPDATE;
        # SQLite writers already run one at a time under BEGIN IMMEDIATE).
        award = (
            await session.execute(select(Award).where(Award.id == obj.award_id).with_for_update())
        ).scalar_one()
        if obj.currency != award.currency:
            raise CurrencyMismatch(
                f"the award is in {award.currency}, not {obj.currency}", field="currency"
            )
        if obj.milestone_id is not None:
            await self._check_milestone(session, obj.milestone_id, award)
        if obj.status == PaymentStatus.cancelled:
            return
        others = await session.scalar(
            select(func.coalesce(func.sum(Payment.amount_pence), 0)).where(
                Payment.award_id == award.id,
                Payment.status != PaymentStatus.cancelled,
                Payment.id != obj.id,
            )
        )
        remaining = award.amount_pence - (others or 0)
        if obj.amount_pence > remaining:
            raise PaymentExceedsAward(
                f"{obj.amount_pence} pence is more than the {remaining} pence left of "
                f"award {award.identifier}",
                field="amount_pence",
            )

    async def _check_milestone(
        self, session: AsyncSession, milestone_id: str, award: Award
    ) -> None:
        row = (
            await session.execute(
                select(Milestone.team_id, Milestone.programme_id).where(
                    Milestone.id == milestone_id
                )
            )
        ).one()
        team_programme = await session.scalar(
            select(Team.programme_id).where(Team.id == award.team_id)
        )
        if row.programme_id != team_programme or row.team_id not in (None, award.team_id):
            raise WrongProgramme(
                "the milestone belongs to another team or programme", field="milestone_id"
            )

    async def before_delete(self, session: AsyncSession, obj: Payment) -> None:
        if obj.status == PaymentStatus.paid:
            raise PaymentLocked(
                "this payment is paid and cannot be deleted", loc=["path", "payment_id"]
            )


service = PaymentService()
