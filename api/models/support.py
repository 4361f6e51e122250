from datetime import date

from sqlalchemy import (
    Column,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, RowMixin
from api.models.enums import ActivityStatus, SupportFormat, SupportType, enum_column

support_activity_teams = Table(
    "support_activity_teams",
    Base.metadata,
    Column(
        "support_activity_id",
        ForeignKey("support_activities.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("team_id", ForeignKey("teams.id"), primary_key=True, index=True),
)


class SupportActivity(RowMixin, Base):
    __tablename__ = "support_activities"
    __table_args__ = (UniqueConstraint("programme_id", "ref"),)

    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id"), index=True)
    type: Mapped[SupportType] = mapped_column(enum_column(SupportType))
    title: Mapped[str] = mapped_column(String(200))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    provider: Mapped[str] = mapped_column(String(200))
    format: Mapped[SupportFormat] = mapped_column(enum_column(SupportFormat))
    hours: Mapped[float] = mapped_column(Float, default=0)
    participant_count: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[ActivityStatus] = mapped_column(enum_column(ActivityStatus))
    outcomes: Mapped[str] = mapped_column(Text, default="")
