"""Spend reports and their lines: what a team submits and a reviewer decides on, and the summary
the reviewer reads (``GET /spend-reports/{report_id}/summary``)."""

from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field

from api.kit.schemas import EXAMPLE_ID, MAX_PENCE, Finite, InSchema, ListParams, Pence, RowRead
from api.models.enums import BudgetCategory, ReportStatus

# Spend may be nothing (0): a budget line reported with no spend in the period. Otherwise it is
# ``Pence``: its bounds replaced, its validators (whole JSON numbers only) kept.
Spent = Annotated[int, Field(ge=0, le=MAX_PENCE), *Pence.__metadata__[1:]]


class SpendReportFields(InSchema):
    award_id: str = Field(
        max_length=36, examples=[EXAMPLE_ID], description="The award whose spend it reports."
    )
    period_start: date = Field(
        description="First day reported, inside the award's current dates.",
        examples=["2013-04-01"],
    )
    period_end: date = Field(
        description="Last day reported, on or after its start and inside the award's dates.",
        examples=["2014-03-31"],
    )
    due_date: date = Field(
        description="When the report is due, on or after the period's end.",
        examples=["2014-04-30"],
    )
    status: ReportStatus = Field(
        ReportStatus.draft,
        description="draft → submitted → approved, or submitted → returned → submitted again; "
        "only a reviewer (admin, finance, programme manager) sets approved or returned.",
        examples=["draft"],
    )
    narrative: str = Field(
        "",
        max_length=5000,
        description="The team's short account of the period.",
        examples=["Recruitment panels trained on two sites; backfill cost less than planned."],
    )
    submitted_on: date | None = Field(
        None, description="When it was submitted; required once submitted.", examples=["2014-04-22"]
    )
    decided_on: date | None = Field(
        None,
        description="When it was last approved or returned; required for both.",
        examples=["2014-05-06"],
    )
    review_comment: str = Field(
        "",
        max_length=2000,
        description="The reviewer's comments; required to return a report.",
        examples=["Please split the backfill spend between the two sites."],
    )
    milestone_id: str | None = Field(
        None,
        max_length=36,
        examples=[EXAMPLE_ID],
        description="The reporting milestone this report satisfies (of the award's team); it "
        "is achieved only once the report is approved.",
    )


class SpendReportCreate(SpendReportFields):
    """A team's report of an award's spend over a period."""


class SpendReportRead(RowRead, SpendReportFields):
    """A team's report of an award's spend over a period."""


class SpendReportParams(ListParams):
    programme_id: str | None = Field(None, description="Only reports of this programme's awards.")
    team_id: str | None = Field(None, description="Only reports of this team's awards.")
    award_id: str | None = Field(None, description="Only this award's reports.")
    status: ReportStatus | None = Field(None, description="Only reports with this status.")
    due_from: date | None = Field(None, description="Due on or after this day.")
    due_to: date | None = Field(None, description="Due on or before this day.")


class SpendLineFields(InSchema):
    report_id: str = Field(
        max_length=36, examples=[EXAMPLE_ID], description="The spend report this line is part of."
    )
    budget_line_id: str = Field(
        max_length=36,
        examples=[EXAMPLE_ID],
        description="The budget line spent against, of the report's award (once per report).",
    )
    amount_pence: Spent = Field(
        description="Spent in the report's period, in pence (0: nothing spent).",
        examples=[2_850_000],
    )
    currency: str = Field(
        "GBP",
        pattern=r"^[A-Z]{3}$",
        description="ISO 4217; the award's currency.",
        examples=["GBP"],
    )


class SpendLineCreate(SpendLineFields):
    """Spend against one budget line in a report's period."""


class SpendLineRead(RowRead, SpendLineFields):
    """Spend against one budget line in a report's period."""


class SpendLineParams(ListParams):
    report_id: str | None = Field(None, description="Only this report's lines.")
    budget_line_id: str | None = Field(None, description="Only lines against this budget line.")


# ---- the reviewer's summary -------------------------------------------------------------------
class SummaryLine(BaseModel):
    id: str = Field(description="The spend line's id.", examples=[EXAMPLE_ID])
    budget_line_id: str = Field(description="The budget line spent against.", examples=[EXAMPLE_ID])
    category: BudgetCategory = Field(description="The budget line's category.", examples=["staff"])
    period_start: date = Field(description="The budget line's period.", examples=["2013-04-01"])
    period_end: date = Field(description="The budget line's period.", examples=["2014-03-31"])
    description: str | None = Field(
        description="The budget line's description.", examples=["Project nurse"]
    )
    budgeted_pence: int = Field(description="The budget line's amount.", examples=[7_000_000])
    spent_pence: int = Field(description="Spent in this report's period.", examples=[6_800_000])


class SummaryTotals(BaseModel):
    budgeted_pence: int = Field(
        description="The reported budget lines' amounts added up (over their whole periods).",
        examples=[13_900_000],
    )
    spent_pence: int = Field(description="The report's spend added up.", examples=[12_100_000])
    currency: str = Field(description="The award's currency.", examples=["GBP"])


class SummaryValue(BaseModel):
    indicator_id: str = Field(description="The indicator measured.", examples=[EXAMPLE_ID])
    title: str = Field(description="The indicator's title.", examples=["Falls per 1,000 bed days"])
    unit: str = Field(description="The indicator's unit.", examples=["per 1,000 bed days"])
    period_id: str = Field(description="The measured period's id.", examples=[EXAMPLE_ID])
    period_start: date = Field(description="The measured period.", examples=["2013-07-01"])
    period_end: date = Field(description="The measured period.", examples=["2013-12-31"])
    value: Finite | None = Field(description="The value measured (null: none).", examples=[6.1])


class SpendReportSummary(BaseModel):
    """A report as its reviewer reads it."""

    report: SpendReportRead = Field(description="The report.")
    award_identifier: str = Field(description="The award's identifier.", examples=["360G-1"])
    team_id: str = Field(description="The award's team.", examples=[EXAMPLE_ID])
    lines: list[SummaryLine] = Field(description="Each line with its budget line.")
    totals: SummaryTotals = Field(description="The lines added up.")
    indicator_values: list[SummaryValue] = Field(
        description="The team's indicator periods that fall inside the report's period."
    )
