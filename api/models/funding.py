"""Awards to teams and the payments that release them."""

from datetime import date

from sqlalchemy import BigInteger, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, RowMixin
from api.models.enums import AwardStatus, Instalment, PaymentStatus, enum_column


class Award(RowMixin, Base):
    __tablename__ = "awards"
    __table_args__ = (UniqueConstraint("team_id", "ref"), UniqueConstraint("identifier"))

    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id"), index=True)
    identifier: Mapped[str] = mapped_column(String(100))
    amount_pence: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    award_date: Mapped[date] = mapped_column(Date)
    planned_start_date: Mapped[date] = mapped_column(Date)
    planned_end_date: Mapped[date] = mapped_column(Date)
    actual_start_date: Mapped[date | None] = mapped_column(Date)
    actual_end_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[AwardStatus] = mapped_column(enum_column(AwardStatus))
    # When it became active, and when it closed or was withdrawn (null: not recorded).
    activated_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)


class Payment(RowMixin, Base):
    __tablename__ = "payments"
    __table_args__ = (UniqueConstraint("award_id", "ref"),)

    award_id: Mapped[str] = mapped_column(ForeignKey("awards.id"), index=True)
    instalment: Mapped[Instalment] = mapped_column(enum_column(Instalment))
    scheduled_date: Mapped[date] = mapped_column(Date)
    paid_date: Mapped[date | None] = mapped_column(Date)
    amount_pence: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[PaymentStatus] = mapped_column(enum_column(PaymentStatus))
    milestone_id: Mapped[str | None] = mapped_column(ForeignKey("milestones.id"), index=True)
