"""Secrets that sign session tokens, made per installation when ``SP_SECRET_KEY`` is not set.

Kept in the database so every API process of an installation signs and checks with the same
ones. The newest unretired key signs; a retired key still verifies until its tokens have expired
(``retired_at`` + the session lifetime), which is what lets a rotation sign nobody out.
"""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, UTCDateTime, utcnow


class SigningKey(Base):
    __tablename__ = "signing_keys"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the token's key id
    secret: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
