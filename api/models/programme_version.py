"""Each programme's data version: a fresh token whenever a write that changes its read models
commits (see ``api.kit.versions``).

A token, not a counter: a database wiped and loaded again with the same programme ids must not
repeat a version a running process may still have cached.
"""

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base


class ProgrammeVersion(Base):
    __tablename__ = "programme_versions"

    programme_id: Mapped[str] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True
    )
    token: Mapped[str] = mapped_column(String(36))
