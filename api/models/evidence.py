from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, RowMixin
from api.models.enums import EvidenceKind, enum_column


class Evidence(RowMixin, Base):
    __tablename__ = "evidence"
    __table_args__ = (UniqueConstraint("programme_id", "ref"),)

    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id"), index=True)
    team_id: Mapped[str | None] = mapped_column(ForeignKey("teams.id"), index=True)
    kind: Mapped[EvidenceKind] = mapped_column(enum_column(EvidenceKind))
    title: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(1000))
    published_on: Mapped[date] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text, default="")
    is_exemplar: Mapped[bool] = mapped_column(Boolean, default=False)
    support_activity_id: Mapped[str | None] = mapped_column(
        ForeignKey("support_activities.id"), index=True
    )
