"""Which sections a load reads, in which order: every file's resources, parents first.

A file that cannot be read at all (unknown format or resource, not a workbook, not JSON) is
reported as a file error and the others are still checked, so one run names every problem.
"""

from collections.abc import Callable, Iterator, Sequence
from functools import partial

from api.imports.readers import (
    ReadError,
    Section,
    Source,
    json_keys,
    read_csv,
    read_json,
    read_ndjson,
)
from api.imports.report import Report, RowError
from api.imports.resources import ORDER, find_resource
from api.imports.xlsx import read_xlsx, xlsx_sheets

Opener = Callable[[], Iterator[Section]]


Entry = tuple[int, int, Opener]  # (resource order, file number, opener)


def plan(sources: Sequence[tuple[int, Source]], report: Report) -> list[Entry]:
    entries: list[Entry] = []
    for number, source in sources:
        try:
            for order, opener in _openers(source):
                entries.append((order, number, partial(_reported, opener, source, report)))
        except ReadError as exc:
            report.error(RowError(source.name, None, exc.line, None, None, "unreadable", str(exc)))
    return entries


def _reported(opener: Opener, source: Source, report: Report) -> Iterator[Section]:
    """The sections ``opener`` yields; a file that fails to open (empty, not a workbook, a sheet
    past the limits) is a file error, and the load goes on with the next."""
    try:
        yield from opener()
    except ReadError as exc:
        report.error(RowError(source.name, None, exc.line, None, None, "unreadable", str(exc)))


def _openers(source: Source) -> list[tuple[int, Opener]]:
    fmt = source.detect_format()
    out: list[tuple[int, Opener]] = []
    if fmt == "xlsx":
        for title in xlsx_sheets(source):
            res = find_resource(title)
            if res is None:
                raise ReadError(f"{source.name}: sheet {title!r} is not a resource")
            out.append((ORDER[res.name], partial(read_xlsx, source, title)))
        return out
    if fmt == "json":
        keys, scalars = json_keys(source)
        if keys is None:
            return [(ORDER[source.named_resource().name], partial(read_json, source, None))]
        for key, value in scalars.items():
            if key not in keys:  # `{"payments": 5}` would otherwise load nothing, "successfully"
                raise ReadError(
                    f"{source.name}: {key!r} holds {type(value).__name__}, not an array of rows"
                )
        for key in keys:
            res = find_resource(key)
            if res is None or res.name != key:
                raise ReadError(f"{source.name}: {key!r} is not a resource name")
            out.append((ORDER[res.name], partial(read_json, source, key)))
        return out
    reader = read_ndjson if fmt == "ndjson" else read_csv
    return [(ORDER[source.named_resource().name], partial(reader, source))]
