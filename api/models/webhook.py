"""Webhooks: endpoints an admin registers, their signing secrets, and every delivery made.

A delivery is one event for one endpoint (unique together): it is also the worker's job row,
claimed with a lease (``lease_until``) so a killed worker's deliveries are taken up again. Each
try is an attempt row. ``worker_cursors`` remembers how far the fan-out (events → deliveries)
has read the change feed.
"""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, UTCDateTime, new_id, utcnow
from api.models.enums import enum_column


class EndpointStatus(StrEnum):
    active = "active"
    disabled = "disabled"  # by an admin, or after a run of failures (``disabled_reason``)


class DeliveryStatus(StrEnum):
    pending = "pending"  # due at ``next_attempt_at`` (or being tried under a lease)
    delivered = "delivered"  # a 2xx answer
    failed = "failed"  # retries exhausted, or the endpoint was disabled meanwhile


class WebhookEndpoint(Base):
    __tablename__ = "webhook_endpoints"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    url: Mapped[str] = mapped_column(String(2000))
    description: Mapped[str] = mapped_column(String(200), default="")
    event_types: Mapped[list[str]] = mapped_column(JSON, default=list)  # empty: every type
    programme_id: Mapped[str | None] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )  # None: every programme
    status: Mapped[EndpointStatus] = mapped_column(enum_column(EndpointStatus))
    disabled_reason: Mapped[str] = mapped_column(String(300), default="")
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    failures_in_a_row: Mapped[int] = mapped_column(Integer, default=0)
    # Events at or before this position (the feed's top when it was registered) are not sent.
    after_position: Mapped[int] = mapped_column(BigInteger, default=0)
    created_by: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class WebhookSecret(Base):
    """A signing secret (``whsec_…``). HMAC needs it in the clear, so it is kept as it is (the
    database is trusted with it, as with the session-signing keyring) and shown only once.
    After a rotation the old one signs too until ``expires_at`` (the overlap)."""

    __tablename__ = "webhook_secrets"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    endpoint_id: Mapped[str] = mapped_column(
        ForeignKey("webhook_endpoints.id", ondelete="CASCADE"), index=True
    )
    secret: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class WebhookDelivery(Base):
    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("endpoint_id", "event_id"),
        Index("ix_webhook_deliveries_status_next_attempt_at", "status", "next_attempt_at"),
        # An endpoint's deliveries, newest event first, a page at a time (no sort of them all).
        Index(
            "ix_webhook_deliveries_endpoint_id_event_position",
            "endpoint_id",
            "event_position",
            "id",
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    endpoint_id: Mapped[str] = mapped_column(ForeignKey("webhook_endpoints.id", ondelete="CASCADE"))
    event_id: Mapped[str] = mapped_column(String(36))  # the webhook-id a receiver dedupes on
    event_type: Mapped[str] = mapped_column(String(60))
    event_position: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[DeliveryStatus] = mapped_column(enum_column(DeliveryStatus))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    leased_by: Mapped[str | None] = mapped_column(String(100))
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class WebhookAttempt(Base):
    __tablename__ = "webhook_attempts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    delivery_id: Mapped[str] = mapped_column(
        ForeignKey("webhook_deliveries.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)  # 1 for the first try
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    latency_ms: Mapped[int] = mapped_column(Integer)
    status_code: Mapped[int | None] = mapped_column(Integer)  # None: no answer (see error)
    error: Mapped[str] = mapped_column(String(500), default="")
    worker: Mapped[str] = mapped_column(String(100))
    manual: Mapped[bool] = mapped_column(default=False)  # redelivered by hand


class WorkerCursor(Base):
    """How far a worker task has read the change feed (one row per task, locked to advance)."""

    __tablename__ = "worker_cursors"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    position: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    extra: Mapped[dict[str, Any] | None] = mapped_column(JSON)
