from datetime import date

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, RowMixin


class Programme(RowMixin, Base):
    __tablename__ = "programmes"
    __table_args__ = (UniqueConstraint("ref"), UniqueConstraint("code"))

    code: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("programmes.id"), index=True)
    round: Mapped[int | None] = mapped_column(Integer)
    funder_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    currency: Mapped[str] = mapped_column(String(3))
    award_cap_pence: Mapped[int | None] = mapped_column(BigInteger)
    max_teams: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text, default="")
    aims: Mapped[list[str]] = mapped_column(JSON, default=list)
