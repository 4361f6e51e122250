from datetime import date

from sqlalchemy import Column, Date, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, RowMixin
from api.models.enums import MilestoneKind, MilestoneStatus, enum_column

milestone_dependencies = Table(
    "milestone_dependencies",
    Base.metadata,
    Column(
        "milestone_id",
        ForeignKey("milestones.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "depends_on_id",
        ForeignKey("milestones.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class Milestone(RowMixin, Base):
    __tablename__ = "milestones"
    __table_args__ = (
        UniqueConstraint("programme_id", "ref"),
        # The dashboard's and integrations' commonest list: one team's milestones by date.
        Index("ix_milestones_team_id_due_date_id", "team_id", "due_date", "id"),
    )

    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id"), index=True)
    team_id: Mapped[str | None] = mapped_column(ForeignKey("teams.id"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[MilestoneKind] = mapped_column(enum_column(MilestoneKind))
    due_date: Mapped[date] = mapped_column(Date)
    completed_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[MilestoneStatus] = mapped_column(enum_column(MilestoneStatus))
    # When it was deferred, cancelled or declared missed, and why (null: not recorded).
    decided_on: Mapped[date | None] = mapped_column(Date)
    decision_reason: Mapped[str] = mapped_column(String(200), default="")
