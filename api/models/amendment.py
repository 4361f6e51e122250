"""Award amendments: uplifts, reductions, extensions and re-profiles, each with its reason, its
effective date and its approval. An award's terms are its original figures plus its approved
amendments in order (``api/awards/terms.py``)."""

from datetime import date

from sqlalchemy import BigInteger, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, RowMixin
from api.models.enums import AmendmentKind, AmendmentStatus, enum_column


class AwardAmendment(RowMixin, Base):
    __tablename__ = "award_amendments"
    __table_args__ = (UniqueConstraint("award_id", "ref"),)

    award_id: Mapped[str] = mapped_column(ForeignKey("awards.id"), index=True)
    kind: Mapped[AmendmentKind] = mapped_column(enum_column(AmendmentKind))
    # Signed, so the amended amount is a plain sum: + for an uplift, - for a reduction, 0 else.
    amount_change_pence: Mapped[int] = mapped_column(BigInteger, default=0)
    currency: Mapped[str] = mapped_column(String(3))
    # The award's planned dates from this amendment on (null: unchanged).
    new_start_date: Mapped[date | None] = mapped_column(Date)
    new_end_date: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(500))
    effective_date: Mapped[date] = mapped_column(Date)
    status: Mapped[AmendmentStatus] = mapped_column(enum_column(AmendmentStatus))
    # The day it was approved or rejected (null while proposed, or not recorded).
    decided_on: Mapped[date | None] = mapped_column(Date)
