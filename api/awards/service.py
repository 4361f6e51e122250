from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.awards.schemas import AwardRead
from api.awards.terms import (
    Terms,
    amended_amount,
    amended_end,
    amended_start,
    approved_by_award,
    current,
)
from api.budgets.totals import budget_spans, budgeted_by_award
from api.errors import NotFound, ProblemError, RuleBroken
from api.kit.changes import Change, Memo, Verdicts, each
from api.kit.decisions import DateWithoutDecision, decision_day
from api.kit.money import money
from api.kit.rules import Window, in_order, in_window, programme_of_teams, programmes_by_id
from api.kit.service import CrudService
from api.models import Award, Payment, Programme, Team
from api.models.enums import AwardStatus, PaymentStatus


class AwardOverCap(RuleBroken):
    type = "award-over-cap"
    title = "The award is larger than the programme's cap"


class CurrencyMismatch(RuleBroken):
    type = "currency-mismatch"
    title = "The currency differs from the programme's (or award's)"


class NothingAwarded(RuleBroken):
    type = "nothing-awarded"
    title = "The award's amount after its amendments would be nothing or less"


class AwardBelowPayments(ProblemError):
    status = 409
    type = "award-below-payments"
    title = "The award would be smaller than its payments"


class AwardBelowBudget(ProblemError):
    status = 409
    type = "award-below-budget"
    title = "The award would be smaller than its budget lines"


class BudgetOutsideAward(ProblemError):
    status = 409
    type = "budget-outside-award"
    title = "The award's new dates would leave budget lines outside them"


async def committed_by_award(session: AsyncSession, award_ids: Iterable[str]) -> dict[str, int]:
    """Σ of each award's payments that are not cancelled, in one query (0 when none)."""
    wanted = set(award_ids)
    out = dict.fromkeys(wanted, 0)
    if wanted:
        stmt = (
            select(Payment.award_id, func.sum(Payment.amount_pence))
            .where(Payment.award_id.in_(wanted), Payment.status != PaymentStatus.cancelled)
            .group_by(Payment.award_id)
        )
        out.update((a, int(total)) for a, total in (await session.execute(stmt)).all())
    return out


DATES = (
    "award_date",
    "planned_start_date",
    "planned_end_date",
    "actual_start_date",
    "actual_end_date",
)


def check_decisions(prog: Window, row: dict[str, Any]) -> None:
    """``activated_on`` only once past ``awarded``; ``closed_on`` only once closed or withdrawn;
    both on days the decisions could have been taken, in order."""
    if row["activated_on"] is not None and row["status"] == AwardStatus.awarded:
        raise DateWithoutDecision(
            "an award still awarded has no activated_on", field="activated_on"
        )
    if row["closed_on"] is not None and row["status"] not in ENDED:
        raise DateWithoutDecision(
            f"an award still {row['status']} has no closed_on", field="closed_on"
        )
    decision_day(prog, row["activated_on"], "activated_on")
    decision_day(prog, row["closed_on"], "closed_on")
    in_order(row["activated_on"], row["closed_on"], "closed_on", strict=False)


ENDED = (AwardStatus.closed, AwardStatus.withdrawn)


class AwardService(CrudService[Award]):
    model = Award
    read_schema = AwardRead
    filters = {
        "programme_id": lambda v: Award.team_id.in_(select(Team.id).where(Team.programme_id == v)),
        "team_id": lambda v: Award.team_id == v,
        "status": lambda v: Award.status == v,
    }
    sortable = ("award_date", "identifier", "amount_pence", "created_at")
    default_sort = "award_date"
    search = ("identifier",)
    computed = {
        "amended_amount_pence": amended_amount,
        "amended_start_date": amended_start,
        "amended_end_date": amended_end,
        # Against the amended amount: an approved uplift counts as the award.
        "cap_difference_pence": lambda: (
            select(Programme.award_cap_pence)
            .join(Team, Team.programme_id == Programme.id)
            .where(Team.id == Award.team_id)
            .scalar_subquery()
            - amended_amount()
        ),
    }

    async def check_rows(
        self, session: AsyncSession, changes: Sequence[Change], memo: Memo | None = None
    ) -> Verdicts:
        team_programme = await programme_of_teams(session, (c.row["team_id"] for c in changes))
        progs = await programmes_by_id(session, team_programme.values())
        # An award whose amount or dates change: lock it as a new payment, line or amendment
        # does, so none can slip in between these sums and the update (PostgreSQL; SQLite
        # writers queue anyway). Its approved amendments are read after the lock.
        moved = [c.row["id"] for c in changes if c.before is not None and terms_moved(c)]
        if moved:
            await session.execute(select(Award.id).where(Award.id.in_(moved)).with_for_update())
        # An updated award is checked on its amended terms, whatever the update changed.
        updated = [c.row["id"] for c in changes if c.before is not None]
        approved = await approved_by_award(session, updated)
        cut = [c.row["id"] for c in changes if c.before is not None and cut_short(c)]
        # Narrowed dates likewise: a line could be added inside the old dates meanwhile.
        narrowed = [c.row["id"] for c in changes if c.before is not None and narrowed_dates(c)]
        committed = await committed_by_award(session, cut)
        budgeted = await budgeted_by_award(session, cut)
        spans = await budget_spans(session, narrowed)

        def check(change: Change) -> None:
            row = change.row
            prog = progs.get(team_programme.get(row["team_id"], ""))
            if prog is None:
                raise NotFound(f"no team with id {row['team_id']}", field="team_id")
            if row["currency"] != prog.currency:
                raise CurrencyMismatch(
                    f"{prog.code} awards are in {prog.currency}, not {row['currency']}",
                    field="currency",
                )
            for field in DATES:
                in_window(prog, row[field], field)
            in_order(row["planned_start_date"], row["planned_end_date"], "planned_end_date")
            in_order(row["actual_start_date"], row["actual_end_date"], "actual_end_date")
            check_decisions(prog, row)
            terms = current(row, approved.get(row["id"], ()))
            terms_hold(
                prog,
                terms,
                committed.get(row["id"], 0),
                budgeted.get(row["id"], 0),
                spans.get(row["id"]),
                field="amount_pence",
            )

        return each(changes, check)


def terms_hold(
    prog: Any,
    terms: Terms,
    committed: int,
    budgeted: int,
    span: tuple[date, date] | None,
    *,
    field: str,
    dates: tuple[str, str] = ("planned_start_date", "planned_end_date"),
) -> None:
    """An award's (amended) terms still hold: within the programme's cap and above nothing,
    not below its payments not cancelled nor its budget lines, its dates holding its lines.
    Awards' own writes and amendments' approvals both check this (naming their ``field`` and
    their ``dates``)."""
    in_order(terms.start, terms.end, dates[1])
    cur, amount = terms.currency, terms.amount_pence
    cap = prog.award_cap_pence
    if cap is not None and amount > cap:
        raise AwardOverCap(
            f"{money(amount, cur)} is over {prog.code}'s cap of {money(cap, prog.currency)}",
            field=field,
        )
    if amount < 1:
        raise NothingAwarded(f"the award would be {money(amount, cur)}", field=field)
    if amount < committed:
        raise AwardBelowPayments(
            f"payments not cancelled already commit {money(committed, cur)} of this award",
            field=field,
        )
    if amount < budgeted:
        raise AwardBelowBudget(
            f"{money(amount, cur)} is less than the {money(budgeted, cur)} its budget lines "
            "plan; reduce them first",
            field=field,
        )
    if span is not None:
        lines_inside(terms, span, dates)


def terms_moved(change: Change) -> bool:
    row, before = change.row, change.before
    assert before is not None
    return any(row[k] != before[k] for k in ("amount_pence", *DATES[1:3]))


def cut_short(change: Change) -> bool:
    assert change.before is not None
    return bool(change.row["amount_pence"] < change.before["amount_pence"])


def narrowed_dates(change: Change) -> bool:
    row, before = change.row, change.before
    assert before is not None
    return bool(
        row["planned_start_date"] > before["planned_start_date"]
        or row["planned_end_date"] < before["planned_end_date"]
    )


def lines_inside(terms: Terms, span: tuple[date, date], dates: tuple[str, str]) -> None:
    """An award's planned dates still hold every one of its budget lines' periods."""
    first, last = span
    for field, outside, day, verb in (
        (dates[0], first < terms.start, first, "start after"),
        (dates[1], last > terms.end, last, "end before"),
    ):
        if outside:
            raise BudgetOutsideAward(
                f"its budget lines run from {first} to {last}, so the award cannot {verb} "
                f"{day}; move or shorten them first",
                field=field,
            )


service = AwardService()
