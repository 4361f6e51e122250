"""Background loads: their state lives here, so any API process can report on any job."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, UTCDateTime, new_id, utcnow
from api.models.enums import enum_column


class ImportStatus(StrEnum):
    queued = "queued"
    running = "running"
    succeeded = "succeeded"  # written (or, for a dry run, would be)
    rejected = "rejected"  # some rows broke a rule: nothing written
    failed = "failed"  # the load itself went wrong (unreadable file, lost process)


class ImportJob(Base):
    __tablename__ = "import_jobs"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    status: Mapped[ImportStatus] = mapped_column(enum_column(ImportStatus))
    dry_run: Mapped[bool] = mapped_column(Boolean, default=False)
    files: Mapped[list[str]] = mapped_column(JSON, default=list)
    bytes_total: Mapped[int] = mapped_column(BigInteger, default=0)
    bytes_read: Mapped[int] = mapped_column(BigInteger, default=0)
    rows_read: Mapped[int] = mapped_column(BigInteger, default=0)
    report: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Where the upload waits for a worker (a folder every worker can read), and who took it.
    spool: Mapped[str | None] = mapped_column(String(500))
    worker: Mapped[str | None] = mapped_column(String(100))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
