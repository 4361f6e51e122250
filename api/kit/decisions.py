"""Rules every dated decision shares (a milestone deferred, a team completed, an award closed).

The dashboard replays a decision only from its date (``api.dashboard.replay``), so a date must be
one the decision could have been taken on: not before its programme started, and not in the future.
"""

from datetime import UTC, date, datetime

from api.errors import RuleBroken
from api.kit.rules import OutsideWindow, Window


class DecisionNeedsDate(RuleBroken):
    type = "decision-needs-date"
    title = "A decision needs the day it was taken"


class DecisionNeedsReason(RuleBroken):
    type = "decision-needs-reason"
    title = "A deferral or cancellation needs its reason"


class DateWithoutDecision(RuleBroken):
    type = "date-without-decision"
    title = "A decision date or reason was given for a status that is not a decision"


class DateInFuture(RuleBroken):
    type = "date-in-future"
    title = "The date has not come yet"


def today() -> date:
    return datetime.now(UTC).date()


def decision_day(prog: Window, value: date | None, field: str) -> None:
    """``value`` (if any) is on or after the programme's start and not after today."""
    if value is None:
        return
    if value < prog.start_date:
        raise OutsideWindow(
            f"{field} {value.isoformat()} is before {prog.code} started "
            f"({prog.start_date.isoformat()})",
            field=field,
        )
    if value > today():
        raise DateInFuture(f"{field} {value.isoformat()} is in the future", field=field)
