"""Read load files as sections of records: one resource's rows from one file, sheet or key.

Every reader streams: CSV and NDJSON line by line, JSON item by item (``jsonstream``), XLSX row
by row (openpyxl's read-only mode). A record carries the line (or sheet row) it starts on.

- **CSV**: any common dialect (``csv.Sniffer``, checked against the header) and encoding (a BOM,
  else UTF-8, else charset-normalizer's guess, preferring Windows-1252 when it fits, as Excel
  writes in the UK); a header row names the columns.
- **JSON**: ``{"payments": [...], "awards": [...]}`` (any resources, loaded parents first) or a
  ``[...]`` of rows of the resource the file is named after. ``{"grants": [...]}`` is 360Giving.
- **NDJSON**: one row per line, of the resource the file is named after.
- **XLSX**: one sheet per resource, named after it, with a header row.
"""

import codecs
import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Any

import charset_normalizer

from api.imports.jsonstream import JSONStreamError, iter_json
from api.imports.resources import RESOURCES, Resource, find_resource

FORMATS = ("csv", "json", "ndjson", "xlsx")
SAMPLE = 1 << 16
DELIMITERS = ",;\t|"
LATIN = {"cp1250", "cp1252", "cp1257", "latin_1", "iso8859_15", "iso8859_10", "iso8859_16"}


class ReadError(ValueError):
    """The file cannot be read as given (the message says why); ``line`` where known."""

    def __init__(self, message: str, line: int = 0, column: str | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


@dataclass(slots=True)
class Record:
    line: int
    # Text formats (CSV, XLSX): the cells in header order (a short row may stop early).
    # JSON and NDJSON: the row's object.
    values: list[str] | dict[str, Any]


@dataclass
class Section:
    """One resource's rows from one file (a CSV or NDJSON file, a sheet, a JSON key)."""

    file: str
    resource: Resource
    records: Iterator[Record]
    header: list[str] | None = None  # text formats (CSV, XLSX): the columns, checked first
    meter: "Meter | None" = None


@dataclass
class Meter:
    """Counts the bytes read from a binary file, for progress bars."""

    raw: IO[bytes]
    total: int
    done: int = 0

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(n)
        self.done += len(data)
        return data


class _MeteredReader(io.RawIOBase):
    def __init__(self, meter: Meter) -> None:
        self.meter = meter

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self.meter.raw.close()
        super().close()

    def readinto(self, buffer: Any) -> int:
        data = self.meter.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


@dataclass
class Source:
    """A file to load: a path, or uploaded bytes spooled to a file object."""

    name: str
    open: Any  # () -> IO[bytes]
    size: int
    format: str | None = None
    resource: str | None = None  # for files whose name does not say
    encoding: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def path(cls, path: Path, **kw: Any) -> "Source":
        return cls(path.name, lambda: path.open("rb"), path.stat().st_size, **kw)

    def detect_format(self) -> str:
        if self.format:
            return self.format
        suffix = Path(self.name).suffix.lower().lstrip(".")
        if suffix in ("jsonl", "ndjson"):
            return "ndjson"
        if suffix in FORMATS:
            return suffix
        if suffix in ("tsv", "txt"):
            return "csv"
        raise ReadError(
            f"cannot tell the format of {self.name!r}: name it .csv, .json, "
            ".ndjson or .xlsx, or give the format"
        )

    def named_resource(self) -> Resource:
        name = self.resource or Path(self.name).stem
        res = find_resource(name)
        if res is None:
            raise ReadError(
                f"{self.name!r} does not name a resource; name the file after one of "
                f"{', '.join(RESOURCES)} or give the resource"
            )
        return res


def detect_encoding(sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    matches = charset_normalizer.from_bytes(sample)
    names = [m.encoding for m in matches]
    if "cp1252" in names and (not names or names[0] in LATIN):
        return "cp1252"
    return names[0] if names else "cp1252"


def unescape(cell: str) -> str:
    """Undo the formula-injection escape our exports add (``'=…`` → ``=…``)."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in "=+-@\t\r":
        return cell[1:]
    return cell


def _dialect(sample: str, res: Resource) -> type[csv.Dialect] | csv.Dialect:
    """Sniff the dialect; trust it only if its delimiter splits the header into known columns."""
    first = sample.split("\n", 1)[0]
    known = set(res.columns)

    def score(delimiter: str) -> int:
        cells = next(csv.reader([first], delimiter=delimiter), [])
        return sum(c.strip().lstrip("\ufeff") in known for c in cells)

    try:
        sniffed: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, DELIMITERS)
        if score(sniffed.delimiter) >= max(score(d) for d in DELIMITERS):
            return sniffed
    except csv.Error:
        pass
    best = max(DELIMITERS, key=score)

    class Found(csv.excel):
        delimiter = best

    return Found


def read_csv(source: Source) -> Iterator[Section]:
    res = source.named_resource()
    raw = source.open()
    head = raw.read(SAMPLE)
    raw.seek(0)
    encoding = source.encoding or detect_encoding(head)
    meter = Meter(raw, source.size)
    text = io.TextIOWrapper(
        io.BufferedReader(_MeteredReader(meter)), encoding, "surrogateescape", newline=""
    )
    try:
        sample = head.decode(encoding, errors="ignore").lstrip("\ufeff")
        sample = sample[: sample.rfind("\n") + 1] or sample
        reader = csv.reader(text, _dialect(sample, res))
        header = next(reader, None)
        if header is None:
            raise ReadError(f"{source.name} is empty: a header row is needed", 1)
        header = [h.strip().lstrip("\ufeff") for h in header]
        if undecodable("".join(header)):
            raise ReadError(f"the header of {source.name} is not valid {encoding}", 1)
        records = _csv_records(reader, header, encoding)
        yield Section(source.name, res, records, header, meter)
    except UnicodeDecodeError as exc:
        raise ReadError(f"{source.name} is not valid {encoding}: {exc.reason}") from exc
    finally:
        text.close()


def _csv_records(reader: Any, header: list[str], encoding: str) -> Iterator[Record]:
    width = len(header)
    line = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ReadError(f"line {line + 1}: {exc}", line + 1) from exc
        except UnicodeDecodeError as exc:  # what surrogateescape cannot carry (odd UTF-16)
            raise ReadError(f"after line {line}: not valid {encoding}", line + 1) from exc
        start, line = line + 1, reader.line_num
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue
        if len(cells) > width:
            raise ReadError(f"line {start} has {len(cells)} cells, the header {width}", start)
        joined = "".join(cells)
        if not joined.isascii() and undecodable(joined):
            bad = next(i for i, c in enumerate(cells) if undecodable(c))
            msg = f"line {start} is not valid {encoding} (column {header[bad]!r})"
            raise ReadError(msg, start, header[bad])
        if "'" in joined:
            cells = [unescape(c) for c in cells]
        yield Record(start, cells)


def undecodable(text: str) -> bool:
    """Whether ``text`` holds bytes its file's encoding could not decode. Files are read with
    ``surrogateescape`` because the encoding is guessed from the head of the file: a bad byte
    further on then names its line instead of failing a whole read-ahead chunk."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def read_ndjson(source: Source) -> Iterator[Section]:
    res = source.named_resource()
    raw = source.open()
    meter = Meter(raw, source.size)
    text = io.TextIOWrapper(
        io.BufferedReader(_MeteredReader(meter)), "utf-8-sig", "surrogateescape"
    )

    def records() -> Iterator[Record]:
        for number, line in enumerate(text, 1):
            if not line.strip():
                continue
            if not line.isascii() and undecodable(line):
                raise ReadError(f"line {number} is not valid utf-8", number)
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ReadError(f"line {number} is not JSON: {exc.msg}", number) from exc
            yield Record(number, _object(item, number))

    try:
        yield Section(source.name, res, records(), meter=meter)
    finally:
        text.close()


def _object(item: Any, line: int) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise ReadError(f"line {line}: a row must be a JSON object", line)
    return item


def json_keys(source: Source) -> tuple[list[str] | None, dict[str, Any]]:
    """The array keys of a JSON object file, in load order (None for a top-level array), and
    its other top-level values."""
    with io.TextIOWrapper(source.open(), "utf-8-sig") as text:
        head = text.read(1024).lstrip()
        if head.startswith("["):
            return None, {}
        text.seek(0)
        keys: dict[str, None] = {}
        scalars: dict[str, Any] = {}
        try:
            for key, _line, item in iter_json(text):
                if key is not None and isinstance(item, dict):
                    keys[key] = None
                elif key is not None:
                    scalars[key] = item
        except JSONStreamError as exc:
            raise ReadError(f"{source.name} is not valid JSON: {exc}", exc.line) from exc
        except UnicodeDecodeError as exc:
            raise ReadError(f"{source.name} is not valid UTF-8: {exc.reason}") from exc
    return list(keys), scalars


def read_json(source: Source, key: str | None) -> Iterator[Section]:
    """The rows under ``key`` (None: the top-level array), streamed in a pass of their own."""
    res = source.named_resource() if key is None else find_resource(key)
    if res is None:
        raise ReadError(f"{source.name}: {key!r} is not a resource ({', '.join(RESOURCES)})")
    raw = source.open()
    meter = Meter(raw, source.size)
    text = io.TextIOWrapper(io.BufferedReader(_MeteredReader(meter)), "utf-8-sig")
    try:
        yield Section(source.name, res, _json_items(text, key), meter=meter)
    finally:
        text.close()


def _json_items(text: IO[str], key: str | None) -> Iterator[Record]:
    try:
        for k, line, item in iter_json(text):
            if k == key:
                yield Record(line, _object(item, line))
    except JSONStreamError as exc:
        raise ReadError(f"not valid JSON: {exc}", exc.line) from exc
    except UnicodeDecodeError as exc:  # json_keys read the file first, so this is rare
        raise ReadError(f"not valid UTF-8: {exc.reason}") from exc


def xlsx_sheets(source: Source) -> list[str]:
    import openpyxl  # imported here: only XLSX loads pay for it

    with source.open() as raw:
        try:
            book = openpyxl.load_workbook(raw, read_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
            raise ReadError(f"{source.name} is not an XLSX workbook: {exc}") from exc
        names = list(book.sheetnames)
        book.close()
    return names


def read_xlsx(source: Source, title: str) -> Iterator[Section]:
    import openpyxl

    res = find_resource(title)
    if res is None:
        raise ReadError(
            f"{source.name}: sheet {title!r} is not a resource ({', '.join(RESOURCES)})"
        )
    raw = source.open()
    book = openpyxl.load_workbook(raw, read_only=True, data_only=True)
    try:
        rows = book[title].iter_rows(values_only=True)
        first = next(rows, None)
        header = [cell_text(c).strip() for c in first or ()]
        while header and not header[-1]:
            header.pop()
        records = _sheet_records(rows, header)
        yield Section(f"{source.name}#{title}", res, records, header)
    finally:
        book.close()
        raw.close()


def _sheet_records(rows: Iterator[tuple[Any, ...]], header: list[str]) -> Iterator[Record]:
    width = len(header)
    for number, cells in enumerate(rows, 2):
        texts = [cell_text(c) for c in cells]
        if not any(t.strip() for t in texts):
            continue
        if any(t.strip() for t in texts[width:]):
            raise ReadError(f"row {number} has cells beyond the header's {width} columns", number)
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
