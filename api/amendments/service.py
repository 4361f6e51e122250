"""Award amendments' rules: each kind's change agrees with its kind; dates in the programme's
window; decided once approved or rejected, then locked; and an approved amendment leaves the
award's terms holding (cap, payments, budget lines), checked with the award locked."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.amendments.schemas import AwardAmendmentRead
from api.awards.filters import award_filters
from api.awards.service import CurrencyMismatch, committed_by_award, terms_hold
from api.awards.terms import Terms, approved_by_award, current
from api.budgets.totals import budget_spans, budgeted_by_award
from api.errors import NotFound, ProblemError, RuleBroken
from api.kit.changes import Change, Memo, Verdicts, each
from api.kit.decisions import DateWithoutDecision, DecisionNeedsDate, decision_day
from api.kit.money import money
from api.kit.rules import DatesOutOfOrder, in_order, in_window, programmes_by_id
from api.kit.service import CrudService
from api.models import Award, AwardAmendment, Team
from api.models.enums import AmendmentKind, AmendmentStatus

PROPOSED, APPROVED = AmendmentStatus.proposed, AmendmentStatus.approved
UPLIFT, REDUCTION = AmendmentKind.uplift, AmendmentKind.reduction
EXTENSION, REPROFILE = AmendmentKind.extension, AmendmentKind.reprofile


class AmendmentKindMismatch(RuleBroken):
    type = "amendment-kind-mismatch"
    title = "The amendment's change does not agree with its kind"


class ExtensionNotLater(RuleBroken):
    type = "extension-not-later"
    title = "An extension needs a new end later than the award's end before it"


class ReprofileMovesNothing(RuleBroken):
    type = "reprofile-moves-nothing"
    title = "A re-profile must move the award's start or end"


class ReductionBelowCommitted(ProblemError):
    status = 409
    type = "reduction-below-committed"
    title = "The reduction would leave the award below what its payments commit"


class AmendmentLocked(ProblemError):
    status = 409
    type = "amendment-locked"
    title = "An approved or rejected amendment is never edited or deleted"


def kind_agrees(row: dict[str, Any]) -> None:
    """An uplift adds money, a reduction takes some away, an extension or re-profile moves
    dates only."""
    kind, change = row["kind"], row["amount_change_pence"]
    if kind == UPLIFT and change <= 0:
        said = "an uplift's amount_change_pence is more than 0"
    elif kind == REDUCTION and change >= 0:
        said = "a reduction's amount_change_pence is less than 0"
    elif kind in (EXTENSION, REPROFILE) and change != 0:
        what = "an extension" if kind == EXTENSION else "a re-profile"
        said = f"{what}'s amount_change_pence is 0 (it moves dates only)"
    elif kind == EXTENSION and row["new_start_date"] is not None:
        raise AmendmentKindMismatch(
            "an extension moves the end only; a new start is a reprofile", field="new_start_date"
        )
    else:
        return
    raise AmendmentKindMismatch(f"{said}, not {change}", field="amount_change_pence")


def moves_dates(row: dict[str, Any], before: Terms) -> None:
    """An extension ends later than the award did before it; a re-profile moves a date."""
    new_start, new_end = row["new_start_date"], row["new_end_date"]
    if row["kind"] == EXTENSION and (new_end is None or new_end <= before.end):
        raise ExtensionNotLater(
            f"award {before.identifier} ends on {before.end.isoformat()}; an extension's "
            f"new_end_date is later ({new_end.isoformat() if new_end else 'none given'})",
            field="new_end_date",
        )
    moved = (new_start is not None and new_start != before.start) or (
        new_end is not None and new_end != before.end
    )
    if row["kind"] == REPROFILE and not moved:
        raise ReprofileMovesNothing(
            f"award {before.identifier} runs {before.start.isoformat()} – "
            f"{before.end.isoformat()}; give a new_start_date or new_end_date that differs",
            field="new_start_date" if new_start is not None else "new_end_date",
        )


def decided(prog: Any, row: dict[str, Any]) -> None:
    """``decided_on`` once approved or rejected, and only then, on a day it could be."""
    if row["status"] == PROPOSED and row["decided_on"] is not None:
        raise DateWithoutDecision("a proposed amendment has no decided_on yet", field="decided_on")
    if row["status"] != PROPOSED and row["decided_on"] is None:
        raise DecisionNeedsDate(
            f"an amendment {row['status']} needs decided_on", field="decided_on"
        )
    decision_day(prog, row["decided_on"], "decided_on")


def dates_fit(prog: Any, award: Any, row: dict[str, Any]) -> None:
    """Every date inside the programme's window; the new dates in order; effective no earlier
    than the award was made."""
    for name in ("effective_date", "new_start_date", "new_end_date"):
        in_window(prog, row[name], name)
    in_order(row["new_start_date"], row["new_end_date"], "new_end_date")
    if row["effective_date"] < award["award_date"]:
        raise DatesOutOfOrder(
            f"effective_date {row['effective_date'].isoformat()} is before the award was made "
            f"({award['award_date'].isoformat()})",
            field="effective_date",
        )


def order_key(a: dict[str, Any]) -> tuple[date, str]:
    return a["effective_date"], a["id"]


@dataclass
class Facts:
    """What a batch's rules read, locked and kept current as changes are accepted (in
    ``memo``, across a load's batches)."""

    awards: dict[str, Any] = field(default_factory=dict)  # locked: original terms, programme
    approved: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    committed: dict[str, int] = field(default_factory=dict)
    budgeted: dict[str, int] = field(default_factory=dict)
    spans: dict[str, tuple[date, date]] = field(default_factory=dict)
    progs: dict[str, Any] = field(default_factory=dict)

    async def load(self, session: AsyncSession, ids: set[str]) -> None:
        if not ids:
            return
        # Lock the awards before reading what counts against them: an approval, a payment, a
        # budget line or a change to the award queue behind each other (PostgreSQL FOR UPDATE;
        # SQLite writers run one at a time anyway).
        stmt = (
            select(Award.id, Award.identifier, Award.amount_pence, Award.currency)
            .add_columns(Award.planned_start_date, Award.planned_end_date, Award.award_date)
            .add_columns(Team.programme_id)
            .join(Team, Team.id == Award.team_id)
            .where(Award.id.in_(ids))
            .with_for_update(of=Award)
        )
        found = {r.id: r._mapping for r in (await session.execute(stmt)).all()}
        self.awards.update(found)
        self.approved.update(await approved_by_award(session, found))
        self.committed.update(await committed_by_award(session, found))
        self.budgeted.update(await budgeted_by_award(session, found))
        self.spans.update(await budget_spans(session, found))
        progs = {a["programme_id"] for a in found.values()} - self.progs.keys()
        self.progs.update(await programmes_by_id(session, progs))

    def accept(self, row: dict[str, Any]) -> None:
        """The award's approved amendments with ``row`` as now written."""
        mine = [a for a in self.approved[row["award_id"]] if a["id"] != row["id"]]
        if row["status"] == APPROVED:
            mine.append(row)
        self.approved[row["award_id"]] = sorted(mine, key=order_key)


def still_holds(facts: Facts, award: Any, prog: Any, row: dict[str, Any]) -> None:
    """Approved, the award's amended terms must hold: above what its payments commit and its
    budget lines plan, within the cap, its lines inside its dates."""
    others = [a for a in facts.approved[award["id"]] if a["id"] != row["id"]]
    terms = current(award, [*others, row])
    committed, cur = facts.committed[award["id"]], award["currency"]
    if terms.amount_pence < committed:
        raise ReductionBelowCommitted(
            f"the award would be {money(terms.amount_pence, cur)}, less than the "
            f"{money(committed, cur)} its payments not cancelled already commit; cancel or "
            "reduce payments first",
            field="amount_change_pence",
        )
    terms_hold(
        prog,
        terms,
        committed,
        facts.budgeted[award["id"]],
        facts.spans.get(award["id"]),
        field="amount_change_pence",
        dates=("new_start_date", "new_end_date"),
    )


class AwardAmendmentService(CrudService[AwardAmendment]):
    model = AwardAmendment
    read_schema = AwardAmendmentRead
    filters = {
        **award_filters(AwardAmendment.award_id),
        "kind": lambda v: AwardAmendment.kind == v,
        "status": lambda v: AwardAmendment.status == v,
        "effective_from": lambda v: AwardAmendment.effective_date >= v,
        "effective_to": lambda v: AwardAmendment.effective_date <= v,
    }
    sortable = ("effective_date", "created_at")
    default_sort = "effective_date"

    async def check_rows(
        self, session: AsyncSession, changes: Sequence[Change], memo: Memo | None = None
    ) -> Verdicts:
        memo = {} if memo is None else memo
        facts: Facts = memo.setdefault("facts", Facts())
        await facts.load(session, {c.row["award_id"] for c in changes} - facts.awards.keys())

        def check(change: Change) -> None:
            row, before = change.row, change.before
            if before is not None and before["status"] != PROPOSED:
                raise AmendmentLocked(
                    f"this amendment is {before['status']}; propose another amendment instead",
                    loc=["path", "award_amendment_id"],
                )
            award = facts.awards.get(row["award_id"])
            if award is None:
                raise NotFound(f"no award with id {row['award_id']}", field="award_id")
            prog = facts.progs[award["programme_id"]]
            if row["currency"] != award["currency"]:
                raise CurrencyMismatch(
                    f"the award is in {award['currency']}, not {row['currency']}",
                    field="currency",
                )
            kind_agrees(row)
            dates_fit(prog, award, row)
            decided(prog, row)
            earlier = [
                a
                for a in facts.approved[award["id"]]
                if a["id"] != row["id"] and order_key(a) < order_key(row)
            ]
            moves_dates(row, current(award, earlier))
            if row["status"] == APPROVED:
                still_holds(facts, award, prog, row)
            facts.accept(row)

        return each(changes, check)

    async def before_delete(self, session: AsyncSession, obj: AwardAmendment) -> None:
        if obj.status != PROPOSED:
            raise AmendmentLocked(
                f"this amendment is {obj.status} and cannot be deleted",
                loc=["path", "award_amendment_id"],
            )


service = AwardAmendmentService()
