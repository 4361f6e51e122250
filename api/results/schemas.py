"""Quality goals, indicators and periods: the evidence of whether care improved."""

from datetime import date

from pydantic import Field

from api.kit.schemas import EXAMPLE_ID, Finite, InSchema, ListParams, RowRead, SearchParams
from api.models.enums import CorporateService, Direction, Measure, QualityDimension


class QualityGoalFields(InSchema):
    team_id: str = Field(
        max_length=36, examples=[EXAMPLE_ID], description="The team whose goal this is."
    )
    statement: str = Field(
        min_length=1,
        max_length=2000,
        description="The common quality goal.",
        examples=["Recruit staff whose values fit patient care, cutting early leavers"],
    )
    dimension: QualityDimension = Field(
        description="Which of the six dimensions of quality it serves.", examples=["person_centred"]
    )
    corporate_services: list[CorporateService] = Field(
        description="Corporate support services involved (at least one).", examples=[["hr"]]
    )
    clinical_services: list[str] = Field(
        description="Clinical services involved (at least one).", examples=[["Nursing"]]
    )
    corporate_lead: str | None = Field(
        None,
        max_length=200,
        description="Who leads the corporate side.",
        examples=["Director of HR"],
    )
    clinical_lead: str | None = Field(
        None,
        max_length=200,
        description="Who leads the clinical side.",
        examples=["Chief Nurse"],
    )


class QualityGoalCreate(QualityGoalFields):
    """A team's common quality goal."""


class QualityGoalRead(RowRead, QualityGoalFields):
    """A team's common quality goal."""


class QualityGoalParams(SearchParams):
    team_id: str | None = Field(None, description="Only this team's goals.")
    dimension: QualityDimension | None = Field(None, description="Only goals in this dimension.")


class IndicatorFields(InSchema):
    quality_goal_id: str = Field(
        max_length=36, examples=[EXAMPLE_ID], description="The goal this measures."
    )
    title: str = Field(
        min_length=1,
        max_length=200,
        description="What is measured.",
        examples=["Staff leaving within 12 months"],
    )
    unit: str = Field(max_length=50, description="Unit of the values.", examples=["%"])
    measure: Measure = Field(description="Kind of measure.", examples=["percentage"])
    direction: Direction = Field(description="Which way is better.", examples=["lower_is_better"])
    baseline_value: Finite | None = Field(None, description="Value before.", examples=[21.5])
    baseline_date: date | None = Field(None, description="When measured.", examples=["2012-09-30"])
    target_value: Finite | None = Field(None, description="Value aimed at.", examples=[12.0])
    target_date: date | None = Field(None, description="When by.", examples=["2015-12-31"])


class IndicatorCreate(IndicatorFields):
    """A measure of a quality goal."""


class IndicatorRead(RowRead, IndicatorFields):
    """A measure of a quality goal."""


class IndicatorParams(SearchParams):
    quality_goal_id: str | None = Field(None, description="Only this goal's indicators.")


class PeriodFields(InSchema):
    period_start: date = Field(description="First day measured.", examples=["2013-01-01"])
    period_end: date = Field(description="Last day measured.", examples=["2013-03-31"])
    actual_value: Finite | None = Field(None, description="What was measured.", examples=[18.2])
    comment: str = Field(
        "",
        max_length=2000,
        description="Context for the value.",
        examples=["First quarter after the new interviews"],
    )


class PeriodCreate(PeriodFields):
    """A measured period of an indicator."""


class PeriodRead(RowRead, PeriodFields):
    """A measured period of an indicator."""

    indicator_id: str = Field(description="The indicator's id.", examples=[EXAMPLE_ID])


class PeriodParams(ListParams):
    from_date: date | None = Field(None, description="Periods starting on or after this day.")
    to_date: date | None = Field(None, description="Periods ending on or before this day.")
