"""``GET /programmes/{id}/money`` and ``GET /teams/{id}/money``: budget against approved spend and
payments, the unallocated balance, reports due and overdue and the amendment history, replayed on
`as_of` (rules: ``api.dashboard.replay``, SQL in ``api.dashboard.money_replay``)."""

from datetime import date
from enum import StrEnum

from pydantic import Field

from api.dashboard.schemas.base import ID, AsOf, NamedTeam, ReadModel, described
from api.dashboard.schemas.parts import ProgrammeWindow
from api.models.enums import AmendmentKind, BudgetCategory, ReportStatus


class MoneyFigures(ReadModel):
    """Money on `as_of`, in pence of the programme's currency."""

    awarded_pence: int = described(
        "Awards made by `as_of`, each at its amended amount that day: the original plus its "
        "amendments approved and effective by then.",
        42_000_000,
    )
    budgeted_pence: int = described(
        "Budget lines of those awards (lines carry no decision date: all of them count).",
        40_000_000,
    )
    unallocated_pence: int = described("Awarded minus budgeted.", 2_000_000)
    spend_pence: int = described(
        "Spend in reports approved by `as_of` (spend in other reports does not count).",
        12_500_000,
    )
    paid_pence: int = described("Those awards' payments paid by `as_of`.", 14_000_000)
    scheduled_unpaid_pence: int = described(
        "Those awards' payments scheduled or approved and unpaid on `as_of`.", 28_000_000
    )
    variance_pence: int = described(
        "Budgeted minus approved spend (what is left of the budget).", 27_500_000
    )


class ReportCounts(ReadModel):
    """Spend reports by their status on `as_of`, and those still owed."""

    draft: int = described("Neither submitted nor decided by `as_of`.", 3)
    submitted: int = described("Submitted by `as_of`, not yet approved or returned.", 1)
    returned: int = described("Returned to the team by `as_of`.", 0)
    approved: int = described("Approved by `as_of`.", 5)
    due_soon: int = described(
        "Draft or returned on `as_of` and due within 30 days (`as_of` included).", 2
    )
    overdue: int = described("Draft or returned on `as_of` and due before it.", 1)


class CategoryMoney(ReadModel):
    """One budget category: budget against approved spend."""

    category: BudgetCategory = described("What the lines pay for.", "staff")
    budgeted_pence: int = described("Its budget lines.", 24_000_000)
    spend_pence: int = described("Approved spend against those lines by `as_of`.", 8_000_000)
    variance_pence: int = described("Budgeted minus spend.", 16_000_000)


class YearMoney(ReadModel):
    """One financial year (1 April - 31 March): a budget line counts in the year its period
    starts, spend in the year its report's period ends."""

    year: str = described("The financial year, `YYYY-YY`.", "2013-14")
    start: date = described("Its first day, 1 April.", "2013-04-01")
    budgeted_pence: int = described("Budget lines whose period starts in the year.", 14_000_000)
    spend_pence: int = described(
        "Approved spend in reports whose period ends in the year.", 9_000_000
    )
    variance_pence: int = described("Budgeted minus spend.", 5_000_000)


class TeamMoney(NamedTeam):
    """One team's money on `as_of`."""

    awarded_pence: int = described("Its awards made by `as_of`, amended on that day.", 42_000_000)
    budgeted_pence: int = described("Their budget lines.", 40_000_000)
    unallocated_pence: int = described("Awarded minus budgeted.", 2_000_000)
    spend_pence: int = described("Approved spend by `as_of`.", 12_500_000)
    paid_pence: int = described("Paid by `as_of`.", 14_000_000)
    variance_pence: int = described("Budgeted minus spend.", 27_500_000)
    overdue_reports: int = described("Its spend reports overdue on `as_of`.", 1)


class MoneySort(StrEnum):
    """The orders of the per-team money (`-` for descending); ties by name, then id."""

    name = "name"
    name_desc = "-name"
    awarded_pence = "awarded_pence"
    awarded_pence_desc = "-awarded_pence"
    budgeted_pence = "budgeted_pence"
    budgeted_pence_desc = "-budgeted_pence"
    spend_pence = "spend_pence"
    spend_pence_desc = "-spend_pence"
    paid_pence = "paid_pence"
    paid_pence_desc = "-paid_pence"
    variance_pence = "variance_pence"
    variance_pence_desc = "-variance_pence"
    overdue_reports = "overdue_reports"
    overdue_reports_desc = "-overdue_reports"


class ProgrammeMoney(ReadModel):
    """The programme's money on `as_of`, and a page of its teams'."""

    as_of: AsOf
    programme: ProgrammeWindow
    totals: MoneyFigures = Field(description="The whole programme (every team).")
    by_category: list[CategoryMoney] = Field(
        description="Every budget category, in the order of the enum (all six)."
    )
    by_year: list[YearMoney] = Field(
        description="Financial years with a budget line or approved spend, in order."
    )
    reports: ReportCounts = Field(description="The programme's spend reports on `as_of`.")
    total: int = described("Teams matching the filters (on every page).", 1000)
    items: list[TeamMoney] = Field(
        description="A page of the teams (a team editor: only its own), in the requested order."
    )
    next_cursor: str | None = described(
        "Pass as `cursor` for the next page; null on the last page.", None
    )


# ---- GET /teams/{id}/money ----------------------------------------------------------------------


class AmendmentStatusAsOf(StrEnum):
    """An amendment's status on `as_of`: `approved` / `rejected` once decided by then (or on a
    day not recorded), otherwise `proposed` (also one decided after `as_of`)."""

    proposed = "proposed"
    approved = "approved"
    rejected = "rejected"


class AmendmentAsOf(ReadModel):
    """One amendment of an award as it stood on `as_of`. Every amendment is listed, whenever it
    was written (its row carries no proposal date): one decided after `as_of` shows as
    `proposed`."""

    id: str = described("The amendment's id.", ID)
    ref: str = described("Its reference within the award.", "A1")
    kind: AmendmentKind = described("Uplift, reduction, extension or re-profile.", "uplift")
    amount_change_pence: int = described("Signed change to the amount, in pence.", 2_000_000)
    new_start_date: date | None = described("The planned start from then on (null: same).", None)
    new_end_date: date | None = described("The planned end from then on (null: same).", None)
    reason: str = described("Why.", "Second site joined.")
    effective_date: date = described("From when it changes the award.", "2014-04-01")
    status: AmendmentStatusAsOf = described("Its status on `as_of`.", "approved")
    decided_on: date | None = described(
        "The day it was decided, if on or before `as_of`; null otherwise.", "2014-03-20"
    )
    counts: bool = described(
        "It is in the award's terms on `as_of`: approved by then and effective by then.", True
    )


class AwardTerms(ReadModel):
    """An award's amount and planned dates."""

    amount_pence: int = described("The amount, in pence.", 42_000_000)
    start_date: date = described("The planned start.", "2012-06-01")
    end_date: date = described("The planned end.", "2015-12-31")


class BudgetLineMoney(ReadModel):
    """One budget line against the spend approved on it."""

    id: str = described("The line's id.", ID)
    ref: str = described("Its reference within the award.", "STAFF-2013")
    category: BudgetCategory = described("What it pays for.", "staff")
    period_start: date = described("First day of its period.", "2013-04-01")
    period_end: date = described("Last day of its period.", "2014-03-31")
    description: str | None = described("What it is for.", None)
    budgeted_pence: int = described("Its amount.", 10_000_000)
    spend_pence: int = described("Spend on it in reports approved by `as_of`.", 4_000_000)
    variance_pence: int = described("Budgeted minus spend.", 6_000_000)


class AwardMoney(ReadModel):
    """One award made by `as_of`: its terms, amendments, budget, spend and payments."""

    id: str = described("The award's id.", ID)
    identifier: str = described("Its 360Giving identifier.", "360G-CTG-SP-01")
    currency: str = described("ISO 4217 currency.", "GBP")
    original: AwardTerms = Field(description="As awarded, before any amendment.")
    amended: AwardTerms = Field(description="On `as_of`, with the amendments counted then.")
    figures: MoneyFigures = Field(description="The award's money on `as_of`.")
    amendments: list[AmendmentAsOf] = Field(
        description="Every amendment, by effective date, then id."
    )
    budget_lines: list[BudgetLineMoney] = Field(
        description="Its budget lines, by period start, category, then id."
    )
    by_year: list[YearMoney] = Field(description="Its budget and spend by financial year.")


class ReportAsOf(ReadModel):
    """One spend report as it stood on `as_of`."""

    id: str = described("The report's id.", ID)
    ref: str = described("Its reference within the award.", "R-2013-Q4")
    award_id: str = described("The award it reports on.", ID)
    period_start: date = described("First day of its period.", "2013-10-01")
    period_end: date = described("Last day of its period.", "2013-12-31")
    due_date: date = described("When it is due.", "2014-01-31")
    status: ReportStatus = described(
        "On `as_of`: `approved` / `returned` if so decided by then (or on a day not recorded), "
        "else `submitted` if submitted by then, else `draft`.",
        "submitted",
    )
    submitted_on: date | None = described("Submitted on (if by `as_of`).", "2014-01-20")
    decided_on: date | None = described("Approved or returned on (if by `as_of`).", None)
    spend_pence: int = described("The spend it reports, in pence.", 4_000_000)
    due_soon: bool = described("Draft or returned, due within 30 days of `as_of`.", False)
    overdue: bool = described("Draft or returned, due before `as_of`.", False)


class TeamMoneyDetail(ReadModel):
    """One team's money on `as_of`, award by award."""

    as_of: AsOf
    team: NamedTeam = Field(description="The team.")
    currency: str = described("ISO 4217 currency of the programme's figures.", "GBP")
    totals: MoneyFigures = Field(description="Every award of the team made by `as_of`.")
    by_year: list[YearMoney] = Field(description="Its budget and spend by financial year.")
    reports: ReportCounts = Field(description="Its spend reports on `as_of`.")
    awards: list[AwardMoney] = Field(description="Its awards made by `as_of`, by award date, id.")
    report_list: list[ReportAsOf] = Field(
        description="Its spend reports (of those awards), by due date, then id."
    )
