"""``GET /programmes/{id}/due``: what is due or overdue on a day, by kind, a page at a time."""

from datetime import date
from enum import StrEnum

from pydantic import ConfigDict, Field

from api.dashboard.schemas.base import ID, ReadModel, described
from api.dashboard.schemas.parts import ProgrammeBasics


class DueKind(StrEnum):
    """`report`: a milestone of kind `reporting`; `milestone`: any other milestone."""

    milestone = "milestone"
    report = "report"
    payment = "payment"


class DueState(StrEnum):
    """`overdue`: due before `as_of` and not achieved or paid by it; `due`: still open, due on
    `as_of` or later."""

    due = "due"
    overdue = "overdue"


class DueItem(ReadModel):
    """A milestone, report or payment that is due or overdue on `as_of`."""

    id: str = described("The milestone's or payment's id.", ID)
    kind: DueKind = described("`milestone`, `report` or `payment`.", "report")
    title: str = described(
        "The milestone's title, or the payment's instalment (`Interim payment`).",
        "Interim report to the Foundation",
    )
    team_id: str | None = described("The team; null for a programme-wide milestone.", ID)
    team_name: str | None = described("The team's name; null when programme-wide.", "Team A")
    due_date: date = described("When it is due (a payment's scheduled date).", "2013-03-31")
    amount_pence: int | None = described("A payment's amount in pence; null otherwise.", 8_400_000)
    currency: str | None = described("A payment's currency; null otherwise.", "GBP")
    status: str = described(
        "Its status replayed on `as_of` (a milestone: planned, in_progress or late; a payment: "
        "scheduled or approved).",
        "late",
    )
    state: DueState = described("`due` or `overdue` on `as_of`.", "overdue")
    days_overdue: int | None = described(
        "Days from the due date to `as_of` when overdue; null when due.", 12
    )


class DueByKind(ReadModel):
    """Items by kind."""

    milestone: int = described("Milestones (other than reports).", 3)
    report: int = described("Reports (milestones of kind `reporting`).", 1)
    payment: int = described("Payments.", 2)
    total: int = described("All three.", 6)


class DueCounts(ReadModel):
    """What is due in the window and what is overdue, over every page."""

    due: DueByKind = Field(description="Open items due from `as_of` to `to`.")
    overdue: DueByKind = Field(description="Items due before `as_of`, not done by it.")


class DueWindow(ReadModel):
    """The due dates shown: overdue items from `from` (null: since the programme began), due
    ones up to `to`."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    from_: date | None = Field(
        alias="from", description="First due date shown, or null.", examples=[None]
    )
    to: date = described("Last due date shown.", "2013-04-30")


class ProgrammeDue(ReadModel):
    """A page of what is due or overdue on `as_of`, with the counts over every page."""

    as_of: date = described("The day replayed.", "2013-03-31")
    programme: ProgrammeBasics = Field(description="The programme.")
    window: DueWindow = Field(description="The due dates shown.")
    counts: DueCounts = Field(description="Due and overdue items by kind (every page).")
    total: int = described("Items on every page.", 8)
    items: list[DueItem] = Field(description="The page's items by due date, then id.")
    next_cursor: str | None = described(
        "Pass as `cursor` for the next page; null on the last page.", None
    )
