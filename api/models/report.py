"""Spend reports: a team's account of a period's spend per budget line, reviewed by finance or
the programme manager. A report may satisfy one reporting milestone (``milestone_id``)."""

from datetime import date

from sqlalchemy import BigInteger, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, RowMixin
from api.models.enums import ReportStatus, enum_column


class SpendReport(RowMixin, Base):
    __tablename__ = "spend_reports"
    __table_args__ = (UniqueConstraint("award_id", "ref"), UniqueConstraint("milestone_id"))

    award_id: Mapped[str] = mapped_column(ForeignKey("awards.id"), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date)
    status: Mapped[ReportStatus] = mapped_column(enum_column(ReportStatus))
    narrative: Mapped[str] = mapped_column(Text, default="")
    submitted_on: Mapped[date | None] = mapped_column(Date)
    # The day it was last approved or returned, and the reviewer's comments.
    decided_on: Mapped[date | None] = mapped_column(Date)
    review_comment: Mapped[str] = mapped_column(Text, default="")
    # The reporting milestone this report satisfies (the link lives here, so a load writes
    # milestones, then awards, then reports, with no cycle).
    milestone_id: Mapped[str | None] = mapped_column(ForeignKey("milestones.id"))


class SpendLine(RowMixin, Base):
    __tablename__ = "spend_lines"
    __table_args__ = (
        UniqueConstraint("report_id", "ref"),
        UniqueConstraint("report_id", "budget_line_id"),
    )

    report_id: Mapped[str] = mapped_column(
        ForeignKey("spend_reports.id", ondelete="CASCADE"), index=True
    )
    budget_line_id: Mapped[str] = mapped_column(ForeignKey("budget_lines.id"), index=True)
    amount_pence: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
