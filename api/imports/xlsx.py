"""Read XLSX workbooks row by row, within bounds, so no workbook can stall a load.

openpyxl's read-only workbook pads every row to the sheet's declared width and fills in missing
rows, so a 2 KB file declaring a cell at XFD1048576 asks for 17 billion cells; and opening it
scans a sheet without a ``<dimension>`` end to end. Here the package is opened part by part:
the sheet list, shared strings and number formats through openpyxl, each sheet's rows through
its streaming ``WorkSheetParser`` without padding. A workbook is refused (an ``unreadable``
error) when its parts unzip to more than ``SP_IMPORT_MAX_UNZIPPED_BYTES`` (a zip bomb: zipfile
never inflates past the sizes a part declares), or a sheet declares or holds more rows,
columns or cells than ``SP_IMPORT_MAX_ROWS`` / ``_COLUMNS`` / ``_CELLS``, or more than
``SP_IMPORT_MAX_EMPTY_ROWS`` empty rows in a row. Every bound is on work done, so the time a
sheet takes is bounded too, whatever the speed of the database it is loaded into.
"""

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import IO, Any

from api.config import get_settings
from api.imports.readers import ReadError, Record, Section, Source, unescape
from api.imports.resources import RESOURCES, find_resource

DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)\"")
HEAD = 1 << 16  # <dimension> comes before the sheet's data, within its first bytes


@dataclass(frozen=True)
class Limits:
    rows: int
    columns: int
    cells: int
    empty_rows: int
    unzipped_bytes: int

    @classmethod
    def current(cls) -> "Limits":
        s = get_settings()
        return cls(
            s.import_max_rows,
            s.import_max_columns,
            s.import_max_cells,
            s.import_max_empty_rows,
            s.import_max_unzipped_bytes,
        )


class Book:
    """An open workbook: its sheets by title, and what reading their cells needs."""

    def __init__(self, source: Source, limits: Limits | None = None) -> None:
        from openpyxl.reader.excel import ExcelReader
        from openpyxl.styles.stylesheet import apply_stylesheet

        self.name = source.name
        self.limits = limits or Limits.current()
        self.raw: IO[bytes] = source.open()
        try:
            self._check_sizes()
            self.raw.seek(0)
            reader: Any = ExcelReader(self.raw, read_only=True, data_only=True)
            reader.read_manifest()
            reader.read_strings()
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            # Reading the sheet list opens the workbook's relationships part: a damaged one
            # fails here, so it belongs inside the guard.
            sheets = [
                (sheet.name, rel.target)
                for sheet, rel in reader.parser.find_sheets()
                if rel.target in reader.valid_files and "chartsheet" not in rel.Type
            ]
        except ReadError:
            self.raw.close()
            raise
        except Exception as exc:  # zipfile, expat and openpyxl raise many kinds
            self.raw.close()
            raise ReadError(
                f"{self.name} is not a readable XLSX workbook ({_reason(exc)})"
            ) from exc
        self.archive: zipfile.ZipFile = reader.archive
        self.strings: list[Any] = reader.shared_strings
        wb = reader.wb
        self.epoch, self.dates, self.durations = wb.epoch, wb._date_formats, wb._timedelta_formats
        self.sheets: dict[str, str] = dict(sheets)

    def _check_sizes(self) -> None:
        with zipfile.ZipFile(self.raw) as archive:
            total = sum(info.file_size for info in archive.infolist())
        if total > self.limits.unzipped_bytes:
            raise ReadError(
                f"{self.name} unzips to {total:,} bytes, more than the "
                f"{self.limits.unzipped_bytes:,} allowed (SP_IMPORT_MAX_UNZIPPED_BYTES)"
            )

    def close(self) -> None:
        self.archive.close()
        self.raw.close()

    def check_dimension(self, title: str) -> None:
        """Refuse a sheet whose declared size is past the limits before reading a row of it."""
        from openpyxl.utils.cell import range_boundaries

        try:
            with self.archive.open(self.sheets[title]) as part:
                found = DIMENSION.search(part.read(HEAD))
            if found is None:
                return
            _, _, columns, rows = range_boundaries(found.group(1).decode())
        except Exception as exc:
            raise ReadError(f"sheet {title!r} cannot be read ({_reason(exc)})", 1) from exc
        rows, columns = rows or 1, columns or 1
        limits = self.limits
        if rows > limits.rows or columns > limits.columns or rows * columns > limits.cells:
            raise ReadError(
                f"sheet {title!r} declares {rows:,} rows by {columns:,} columns; at most "
                f"{limits.rows:,} rows, {limits.columns:,} columns and {limits.cells:,} cells "
                "are read (SP_IMPORT_MAX_ROWS, _COLUMNS, _CELLS)",
                1,
            )

    def rows(self, title: str) -> Iterator[tuple[int, list[Any]]]:
        """``(row number, values by column from 1)`` of each row the sheet holds, in order."""
        from openpyxl.worksheet._reader import WorkSheetParser

        limits = self.limits
        try:
            part = self.archive.open(self.sheets[title])
        except Exception as exc:
            raise ReadError(f"sheet {title!r} cannot be read ({_reason(exc)})", 1) from exc
        with part:
            # No date formats: serials are converted below, where a bad one is a row error.
            parser: Any = WorkSheetParser(part, self.strings, data_only=True, epoch=self.epoch)
            last = cells = empty = 0
            rows = parser.parse()
            while True:
                try:
                    item = next(rows, None)
                except Exception as exc:
                    raise ReadError(f"row {last + 1}: {_reason(exc)}", last + 1) from exc
                if item is None:
                    return
                number, found = item
                if number <= last:
                    raise ReadError(f"row {number} comes after row {last}", number)
                if number > limits.rows:
                    msg = f"row {number} is past the {limits.rows:,} rows allowed"
                    raise ReadError(f"{msg} (SP_IMPORT_MAX_ROWS)", number)
                last = number
                cells += len(found)
                if cells > limits.cells:
                    msg = f"row {number}: more cells than the {limits.cells:,} allowed"
                    raise ReadError(f"{msg} (SP_IMPORT_MAX_CELLS)", number)
                values = self._values(number, found)
                if values:
                    empty = 0
                    yield number, values
                else:
                    empty += 1
                    if empty > limits.empty_rows:
                        raise ReadError(
                            f"row {number} ends a run of more than {limits.empty_rows:,} empty "
                            "rows: delete them (SP_IMPORT_MAX_EMPTY_ROWS)",
                            number,
                        )

    def _values(self, number: int, found: list[dict[str, Any]]) -> list[Any]:
        present = [c for c in found if c["value"] is not None and c["value"] != ""]
        if not present:
            return []
        width = max(c["column"] for c in present)
        if width > self.limits.columns:
            raise ReadError(
                f"row {number} has a cell in column {width:,}, past the "
                f"{self.limits.columns:,} allowed (SP_IMPORT_MAX_COLUMNS)",
                number,
            )
        values: list[Any] = [None] * width
        for cell in present:
            value = cell["value"]
            if cell["data_type"] == "n" and cell["style_id"] in self.dates:
                value = self._date(number, cell)
            values[cell["column"] - 1] = value
        return values

    def _date(self, number: int, cell: dict[str, Any]) -> Any:
        from openpyxl.utils.datetime import from_excel

        try:
            return from_excel(
                cell["value"], self.epoch, timedelta=cell["style_id"] in self.durations
            )
        except (OverflowError, ValueError) as exc:
            msg = f"row {number}: the date serial {cell['value']!r} is out of range"
            raise ReadError(msg, number) from exc


def _reason(exc: BaseException) -> str:
    text = str(exc).split("\n")[0] or type(exc).__name__
    return text[:200]


def xlsx_sheets(source: Source) -> list[str]:
    book = Book(source)
    try:
        return list(book.sheets)
    finally:
        book.close()


def read_xlsx(source: Source, title: str) -> Iterator[Section]:
    res = find_resource(title)
    if res is None:
        raise ReadError(
            f"{source.name}: sheet {title!r} is not a resource ({', '.join(RESOURCES)})"
        )
    book = Book(source)
    try:
        book.check_dimension(title)
        rows = book.rows(title)
        header: list[str] = []
        first = next(rows, None)
        if first is not None and first[0] == 1:
            header = [cell_text(c).strip() for c in first[1]]
            while header and not header[-1]:
                header.pop()
        elif first is not None:
            rows = _chain(first, rows)
        yield Section(f"{source.name}#{title}", res, _sheet_records(rows, header), header)
    finally:
        book.close()


def _chain(
    first: tuple[int, list[Any]], rest: Iterator[tuple[int, list[Any]]]
) -> Iterator[tuple[int, list[Any]]]:
    yield first
    yield from rest


def _sheet_records(rows: Iterator[tuple[int, list[Any]]], header: list[str]) -> Iterator[Record]:
    width = len(header)
    for number, cells in rows:
        texts = [cell_text(c) for c in cells]
        if not any(t.strip() for t in texts):
            continue
        if any(t.strip() for t in texts[width:]):
            raise ReadError(f"row {number} has cells beyond the header's {width} columns", number)
        texts += [""] * (width - len(texts))  # an empty cell is given, as the sheet shows it
        yield Record(number, [unescape(t) for t in texts[:width]])


def cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a CSV would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
