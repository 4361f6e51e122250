"""Reminders: each person's preferences, and the digests sent (at most one a person a day)."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, UTCDateTime, new_id, utcnow
from api.models.enums import enum_column


class DigestStatus(StrEnum):
    pending = "pending"  # claimed for sending (or to be tried again)
    sent = "sent"
    failed = "failed"  # the SMTP server refused it every time


class ReminderPreference(Base):
    """A person's choices; a person with no row gets the defaults."""

    __tablename__ = "reminder_preferences"

    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    days_ahead: Mapped[int] = mapped_column(Integer, default=14)  # "due soon" means within this
    include_overdue: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class ReminderDigest(Base):
    """One person's digest for one day: the unique pair is what makes it at most once."""

    __tablename__ = "reminder_digests"
    __table_args__ = (UniqueConstraint("user_id", "day"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    status: Mapped[DigestStatus] = mapped_column(enum_column(DigestStatus))
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # what it listed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    error: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
