from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.awards.schemas import AwardRead
from api.errors import ProblemError, RuleBroken
from api.kit.rules import in_order, in_window, programme_of_team
from api.kit.service import CrudService
from api.models import Award, Payment, Programme, Team
from api.models.enums import PaymentStatus


class AwardOverCap(RuleBroken):
    type = "award-over-cap"
    title = "The award is larger than the programme's cap"


class CurrencyMismatch(RuleBroken):
    type = "currency-mismatch"
    title = "The currency differs from the programme's (or award's)"


class AwardBelowPayments(ProblemError):
    status = 409
    type = "award-below-payments"
    title = "The award would be smaller than its payments"


def committed_pence(award_id: Any) -> Any:
    """Σ of an award's payments that are not cancelled (SQL expression)."""
    return (
        select(func.coalesce(func.sum(Payment.amount_pence), 0))
        .where(Payment.award_id == award_id, Payment.status != PaymentStatus.cancelled)
        .scalar_subquery()
    )


class AwardService(CrudService[Award]):
    model = Award
    label = "award"
    read_schema = AwardRead
    filters = {"team_id": lambda v: Award.team_id == v, "status": lambda v: Award.status == v}
    sortable = ("award_date", "identifier", "amount_pence", "created_at")
    default_sort = "award_date"
    search = ("identifier",)
    computed = {
        "cap_difference_pence": lambda: (
            select(Programme.award_cap_pence - Award.amount_pence)
            .join(Team, Team.programme_id == Programme.id)
            .where(Team.id == Award.team_id)
            .scalar_subquery()
        )
    }

    async def validate(
        self,
        session: AsyncSession,
        obj: Award,
        links: dict[str, list[str]],
        before: dict[str, Any] | None,
    ) -> None:
        prog = await programme_of_team(session, obj.team_id)
        if obj.currency != prog.currency:
            raise CurrencyMismatch(
                f"{prog.code} awards are in {prog.currency}, not {obj.currency}", field="currency"
            )
        if prog.award_cap_pence is not None and obj.amount_pence > prog.award_cap_pence:
            raise AwardOverCap(
                f"{obj.amount_pence} pence is over {prog.code}'s cap of "
                f"{prog.award_cap_pence} pence",
                field="amount_pence",
            )
        for field in (
            "award_date",
            "planned_start_date",
            "planned_end_date",
            "actual_start_date",
            "actual_end_date",
        ):
            in_window(prog, getattr(obj, field), field)
        in_order(obj.planned_start_date, obj.planned_end_date, "planned_end_date")
        in_order(obj.actual_start_date, obj.actual_end_date, "actual_end_date")
        if before is not None and obj.amount_pence < before["amount_pence"]:
            # Lock the award as a new payment does, so none can slip in between this sum and
            # the update (PostgreSQL; SQLite writers already run one at a time).
            await session.execute(select(Award.id).where(Award.id == obj.id).with_for_update())
            paid = await session.scalar(select(committed_pence(obj.id)))
            if obj.amount_pence < (paid or 0):
                raise AwardBelowPayments(
                    f"payments already commit {paid} pence of this award", field="amount_pence"
                )


service = AwardService()
