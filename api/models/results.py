"""Quality goals, their indicators and the measured periods: whether care improved."""

from datetime import date

from sqlalchemy import JSON, Date, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, RowMixin
from api.models.enums import Direction, Measure, QualityDimension, enum_column


class QualityGoal(RowMixin, Base):
    __tablename__ = "quality_goals"
    __table_args__ = (UniqueConstraint("team_id", "ref"),)

    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id"), index=True)
    statement: Mapped[str] = mapped_column(Text)
    dimension: Mapped[QualityDimension] = mapped_column(enum_column(QualityDimension))
    corporate_services: Mapped[list[str]] = mapped_column(JSON)
    clinical_services: Mapped[list[str]] = mapped_column(JSON)
    corporate_lead: Mapped[str | None] = mapped_column(String(200))
    clinical_lead: Mapped[str | None] = mapped_column(String(200))


class Indicator(RowMixin, Base):
    __tablename__ = "indicators"
    __table_args__ = (UniqueConstraint("quality_goal_id", "ref"),)

    quality_goal_id: Mapped[str] = mapped_column(ForeignKey("quality_goals.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(50))
    measure: Mapped[Measure] = mapped_column(enum_column(Measure))
    direction: Mapped[Direction] = mapped_column(enum_column(Direction))
    baseline_value: Mapped[float | None] = mapped_column(Float)
    baseline_date: Mapped[date | None] = mapped_column(Date)
    target_value: Mapped[float | None] = mapped_column(Float)
    target_date: Mapped[date | None] = mapped_column(Date)


class IndicatorPeriod(RowMixin, Base):
    __tablename__ = "indicator_periods"
    __table_args__ = (UniqueConstraint("indicator_id", "ref"),)

    indicator_id: Mapped[str] = mapped_column(
        ForeignKey("indicators.id", ondelete="CASCADE"), index=True
    )
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    actual_value: Mapped[float | None] = mapped_column(Float)
    comment: Mapped[str] = mapped_column(Text, default="")
