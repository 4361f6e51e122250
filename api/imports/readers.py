"""Read load files as sections of records: one resource's rows from one file, sheet or key.

Every reader streams: CSV and NDJSON line by line, JSON item by item (``jsonstream``), XLSX row
by row (``xlsx``, a bounded reader of the sheet's XML). A record carries the line (or sheet row)
it starts on.

- **CSV**: any common dialect (``csv.Sniffer`` on the first lines, checked against the header)
  and encoding (``encoding.file_encoding``); a header row names the columns.
- **JSON**: ``{"payments": [...], "awards": [...]}`` (any resources, loaded parents first) or a
  ``[...]`` of rows of the resource the file is named after. ``{"grants": [...]}`` is 360Giving.
- **NDJSON**: one row per line, of the resource the file is named after.
- **XLSX** (``xlsx``): one sheet per resource, named after it, with a header row.

Whatever the bytes, a reader yields records or raises ``ReadError``: the load reports it as an
``unreadable`` file or line and goes on with the other files.
"""

import codecs
import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from api.imports.encoding import detect_encoding, file_encoding
from api.imports.jsonstream import MAX_ITEM, JSONStreamError, iter_json
from api.imports.resources import RESOURCES, Resource, find_resource

__all__ = ["detect_encoding"]  # giving360 sniffs heads with it
FORMATS = ("csv", "json", "ndjson", "xlsx")
# csv.Sniffer is quadratic on a long line with quotes (34 s on 64 KiB): sniff the first lines.
SNIFF = 4096
DELIMITERS = ",;\t|"
NEWLINE = re.compile(r"\r\n|\r|\n")


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


def unescape(cell: str) -> str:
    """Undo the formula-injection escape our exports add (``'=…`` → ``=…``)."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in "=+-@\t\r":
        return cell[1:]
    return cell


def _dialect(sample: str, res: Resource) -> type[csv.Dialect] | csv.Dialect:
    """Sniff the dialect; trust it only if its delimiter splits the header into known columns."""
    first = NEWLINE.split(sample, 1)[0]
    known = set(res.columns)

    def score(delimiter: str) -> int:
        try:
            cells = next(csv.reader([first], delimiter=delimiter), [])
        except csv.Error:
            return 0
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


def _encoding(source: Source, raw: IO[bytes]) -> str:
    if source.encoding is None:
        found = file_encoding(raw)
        raw.seek(0)
        return found
    try:
        return codecs.lookup(source.encoding).name
    except LookupError as exc:
        raise ReadError(f"{source.encoding!r} is not an encoding Python knows") from exc


def read_csv(source: Source) -> Iterator[Section]:
    res = source.named_resource()
    raw = source.open()
    try:
        encoding = _encoding(source, raw)
        head = raw.read(SNIFF * 4)
        raw.seek(0)
    except BaseException:
        raw.close()
        raise
    meter = Meter(raw, source.size)
    text = io.TextIOWrapper(
        io.BufferedReader(_MeteredReader(meter)), encoding, "surrogateescape", newline=""
    )
    try:
        sample = head.decode(encoding, errors="ignore").lstrip("\ufeff")[:SNIFF]
        cut = max(sample.rfind("\n"), sample.rfind("\r"))
        reader = csv.reader(text, _dialect(sample[: cut + 1] or sample, res))
        try:
            header = next(reader, None)
        except csv.Error as exc:
            raise ReadError(f"the header of {source.name} cannot be read: {exc}", 1) from exc
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
        number, rows = 0, False
        while line := text.readline(MAX_ITEM + 1):
            number += 1
            if len(line) > MAX_ITEM:
                raise ReadError(f"line {number} is longer than {MAX_ITEM:,} characters", number)
            if not line.strip():
                continue
            if not line.isascii() and undecodable(line):
                raise ReadError(f"line {number} is not valid utf-8", number)
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ReadError(f"line {number} is not JSON: {exc.msg}", number) from exc
            except (ValueError, RecursionError) as exc:  # a number too long, nesting too deep
                raise ReadError(f"line {number}: {json_limit(exc)}", number) from exc
            yield Record(number, _object(item, number))
            rows = True
        if not rows:
            raise ReadError(f"{source.name} is empty: a row per line is needed", 1)

    try:
        yield Section(source.name, res, records(), meter=meter)
    finally:
        text.close()


def json_limit(exc: BaseException) -> str:
    """What a JSON document exceeded (Python's own limits), said without a traceback."""
    if isinstance(exc, RecursionError):
        return "JSON nested too deeply"
    return f"a JSON value past Python's limits ({str(exc).split(';')[0]})"


def _object(item: Any, line: int) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise ReadError(f"line {line}: a row must be a JSON object", line)
    return item


def json_keys(source: Source) -> tuple[list[str] | None, dict[str, Any]]:
    """The array keys of a JSON object file, in load order (None for a top-level array), and
    its other top-level values."""
    with io.TextIOWrapper(source.open(), "utf-8-sig") as text:
        keys: dict[str, None] = {}
        scalars: dict[str, Any] = {}
        try:
            head = text.read(1024).lstrip()
            if head.startswith("["):
                return None, {}
            text.seek(0)
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
