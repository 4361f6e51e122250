"""Domain events: the transactional outbox of every committed write (see ``api.events``).

``position`` is the change feed's cursor: strictly increasing in the order the writes committed
(``api.events.outbox`` says how), given as the last step before the commit.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, UTCDateTime, new_id, utcnow


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_position", "position", unique=True),
        Index("ix_events_programme_id_position", "programme_id", "position"),
        Index("ix_events_type_position", "type", "position"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)  # UUIDv7
    position: Mapped[int] = mapped_column(BigInteger)
    type: Mapped[str] = mapped_column(String(60))  # ``milestone.updated``, ``payment.paid``
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    programme_id: Mapped[str | None] = mapped_column(String(36))  # no foreign key: events
    team_id: Mapped[str | None] = mapped_column(String(36))  # outlive the rows they describe
    resource: Mapped[str] = mapped_column(String(50))
    resource_id: Mapped[str] = mapped_column(String(36))
    actor: Mapped[str] = mapped_column(String(300))  # ``api_key:<id>``, ``user:<id>``, ``system``
    request_id: Mapped[str | None] = mapped_column(String(64))
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)
