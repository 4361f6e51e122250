"""Rows out as CSV, JSON, NDJSON or XLSX, in the file format a load reads back.

Text cells that a spreadsheet would run as a formula (starting with ``= + - @``, a tab or a
carriage return) are escaped with a leading ``'`` (OWASP's advice); loads strip it again, so
exports still round-trip. Numbers and dates are never escaped: a negative amount stays a number.
"""

import csv
import io
from collections.abc import AsyncIterator, Iterable
from datetime import date, datetime
from enum import Enum
from typing import IO, Any

import orjson

from api.imports.rows import list_cell

FORMULA = ("=", "+", "-", "@", "\t", "\r")
CHUNK_ROWS = 500


def escape(text: str) -> str:
    return "'" + text if text.startswith(FORMULA) else text


def cell(value: Any) -> str:
    """A value as the text of a CSV or sheet cell."""
    if value is None:
        return ""
    if isinstance(value, Enum):
        return escape(str(value.value))
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return escape(list_cell(value))
    return str(value)


def plain(value: Any) -> Any:
    """A value as JSON holds it."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def csv_text(rows: Iterable[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


async def csv_chunks(columns: list[str], rows: AsyncIterator[dict[str, Any]]) -> AsyncIterator[str]:
    """The header, then the rows, a few hundred at a time (for a streaming response)."""
    yield csv_text([columns])
    chunk: list[list[str]] = []
    async for row in rows:
        chunk.append([cell(row[c]) for c in columns])
        if len(chunk) >= CHUNK_ROWS:
            yield csv_text(chunk)
            chunk = []
    if chunk:
        yield csv_text(chunk)


def json_line(row: dict[str, Any]) -> bytes:
    return orjson.dumps({k: plain(v) for k, v in row.items()})


class XlsxBook:
    """A write-only workbook: one sheet per resource, rows streamed to a temporary file."""

    def __init__(self) -> None:
        import openpyxl

        self.book = openpyxl.Workbook(write_only=True)

    def sheet(self, title: str, columns: list[str]) -> Any:
        sheet = self.book.create_sheet(title)
        sheet.append(columns)
        return sheet

    @staticmethod
    def append(sheet: Any, columns: list[str], row: dict[str, Any]) -> None:
        values: list[Any] = []
        for c in columns:
            value = row[c]
            if isinstance(value, bool | int | float | date) or value is None:
                values.append(value)  # numbers and dates stay typed cells
            else:
                values.append(cell(value))
        sheet.append(values)

    def save(self, fp: IO[bytes]) -> None:
        self.book.save(fp)
