"""What ``POST /imports`` and ``GET /imports/{import_id}`` return."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from api.kit.schemas import EXAMPLE_ID
from api.models.import_job import ImportStatus


class ImportRowError(BaseModel):
    """One bad row (or file) and what is wrong with it."""

    file: str = Field(description="The file (and `#sheet` of a workbook).", examples=["pay.csv"])
    resource: str | None = Field(description="The resource the row is of.", examples=["payments"])
    line: int = Field(
        description="Line (CSV, NDJSON, JSON) or sheet row (XLSX) the row starts on; 0: the file.",
        examples=[17],
    )
    ref: str | None = Field(description="The row's ref, when it has one.", examples=["pay-17"])
    field: str | None = Field(description="The column at fault.", examples=["amount_pence"])
    type: str = Field(
        description="The rule or check (the API's problem types, `unknown-column`, …).",
        examples=["payment-exceeds-award"],
    )
    message: str = Field(
        description="What is wrong.", examples=["12600000 pence is more than the 0 pence left"]
    )


class OutcomeCounts(BaseModel):
    created: int = Field(description="Rows new to the database.", examples=[120])
    updated: int = Field(description="Stored rows that changed.", examples=[3])
    unchanged: int = Field(description="Stored rows the file matches exactly.", examples=[40])
    rejected: int = Field(description="Rows refused (see `errors`).", examples=[0])


class ImportReport(BaseModel):
    """What a load did, or for a dry run would do; nothing is written unless every row passes."""

    status: str = Field(description="`succeeded` or `rejected`.", examples=["succeeded"])
    dry_run: bool = Field(description="Checked and counted only.", examples=[False])
    written: bool = Field(description="Whether the rows were written.", examples=[True])
    files: list[str] = Field(description="The files loaded.", examples=[["payments.csv"]])
    rows: int = Field(description="Rows read.", examples=[163])
    totals: OutcomeCounts = Field(description="Counts over every resource.")
    resources: dict[str, OutcomeCounts] = Field(
        description="Counts per resource, parents first.",
        examples=[{"payments": {"created": 120, "updated": 3, "unchanged": 40, "rejected": 0}}],
    )
    error_count: int = Field(description="Problems found (all of them).", examples=[0])
    errors: list[ImportRowError] = Field(
        description="Every problem, by file and line (the first 10,000 when there are more)."
    )
    errors_truncated: bool = Field(description="More problems than listed.", examples=[False])
    seconds: float = Field(description="How long the load took.", examples=[0.42])


class ImportJobRead(BaseModel):
    """A load running in the background (files above the size threshold)."""

    model_config = ConfigDict(from_attributes=True)

    id: str = Field(description="The import's id.", examples=[EXAMPLE_ID])
    status: ImportStatus = Field(
        description="queued, running, then succeeded / rejected (nothing written) / failed.",
        examples=["running"],
    )
    dry_run: bool = Field(description="Checked and counted only.", examples=[False])
    files: list[str] = Field(description="The files being loaded.", examples=[["payments.csv"]])
    bytes_total: int = Field(description="Size of the files.", examples=[64_000_000])
    bytes_read: int = Field(description="How far the load has read.", examples=[12_000_000])
    rows_read: int = Field(description="Rows read so far.", examples=[200_000])
    created_at: datetime = Field(
        description="When it was queued.", examples=["2026-11-26T09:00:00+00:00"]
    )
    updated_at: datetime = Field(
        description="Last progress.", examples=["2026-11-26T09:00:05+00:00"]
    )
    finished_at: datetime | None = Field(
        description="When it ended.", examples=["2026-11-26T09:01:00+00:00"]
    )
    error: str | None = Field(
        description="Why a failed load failed.", examples=["the database went away"]
    )
    report: ImportReport | None = Field(description="The report, once finished.")
