"""An award's budget: how its money is planned, line by line, per category and period."""

from datetime import date

from sqlalchemy import BigInteger, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, RowMixin
from api.models.enums import BudgetCategory, enum_column


class BudgetLine(RowMixin, Base):
    __tablename__ = "budget_lines"
    __table_args__ = (UniqueConstraint("award_id", "ref"),)

    award_id: Mapped[str] = mapped_column(ForeignKey("awards.id"), index=True)
    category: Mapped[BudgetCategory] = mapped_column(enum_column(BudgetCategory))
    # A period by its days rather than a financial-year label: "inside the award's dates" is
    # then exact (a financial year overlaps an award's first and last months), spend reports
    # compare their periods day for day, and a funder's year (1 April – 31 March) is one case.
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    amount_pence: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    description: Mapped[str | None] = mapped_column(String(500))
