from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, RowMixin
from api.models.enums import (
    PartnerRole,
    Provenance,
    SustainabilityStatus,
    TeamStatus,
    enum_column,
)


class Team(RowMixin, Base):
    __tablename__ = "teams"
    __table_args__ = (UniqueConstraint("programme_id", "ref"),)

    programme_id: Mapped[str] = mapped_column(ForeignKey("programmes.id"), index=True)
    lead_organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    project_title: Mapped[str] = mapped_column(String(140))
    summary: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[TeamStatus] = mapped_column(enum_column(TeamStatus))
    provenance: Mapped[Provenance] = mapped_column(enum_column(Provenance))
    source_url: Mapped[str | None] = mapped_column(String(500))
    sustainability_status: Mapped[SustainabilityStatus] = mapped_column(
        enum_column(SustainabilityStatus)
    )


class TeamPartner(RowMixin, Base):
    __tablename__ = "team_partners"
    __table_args__ = (
        UniqueConstraint("team_id", "ref"),
        UniqueConstraint("team_id", "organisation_id"),
    )

    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    role: Mapped[PartnerRole] = mapped_column(enum_column(PartnerRole))
