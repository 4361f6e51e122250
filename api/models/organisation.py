from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, RowMixin
from api.models.enums import OrganisationKind, enum_column


class Organisation(RowMixin, Base):
    __tablename__ = "organisations"
    __table_args__ = (UniqueConstraint("ref"), UniqueConstraint("org_identifier"))

    name: Mapped[str] = mapped_column(String(200))
    org_identifier: Mapped[str] = mapped_column(String(100))
    kind: Mapped[OrganisationKind] = mapped_column(enum_column(OrganisationKind))
    postcode: Mapped[str | None] = mapped_column(String(10))
    url: Mapped[str | None] = mapped_column(String(500))
