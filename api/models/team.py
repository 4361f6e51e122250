from datetime import date

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
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
    # When it became completed or withdrawn (null while active, or not recorded).
    status_changed_on: Mapped[date | None] = mapped_column(Date)


class SustainabilityCheckin(RowMixin, Base):
    """Whether a team's work was carrying on, as found on a day; the latest one by a day is the
    team's sustainability on that day."""

    __tablename__ = "sustainability_checkins"
    __table_args__ = (
        UniqueConstraint("team_id", "ref"),
        # One check-in a day, so "the latest on or before D" names one row.
        UniqueConstraint("team_id", "checked_on"),
    )

    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id"), index=True)
    checked_on: Mapped[date] = mapped_column(Date)
    status: Mapped[SustainabilityStatus] = mapped_column(enum_column(SustainabilityStatus))
    note: Mapped[str] = mapped_column(Text, default="")


class TeamPartner(RowMixin, Base):
    __tablename__ = "team_partners"
    __table_args__ = (
        UniqueConstraint("team_id", "ref"),
        UniqueConstraint("team_id", "organisation_id"),
    )

    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    role: Mapped[PartnerRole] = mapped_column(enum_column(PartnerRole))
