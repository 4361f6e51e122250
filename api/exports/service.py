"""Exports for the CLI: one resource, or every resource, as CSV, JSON, NDJSON or XLSX."""

from collections.abc import AsyncIterator
from typing import IO, Any

import orjson
from sqlalchemy.ext.asyncio import AsyncConnection

from api.exports.tables import export_rows
from api.exports.writers import XlsxBook, csv_chunks, json_line
from api.imports.resources import RESOURCES, Resource

EXPORT_FORMATS = ("csv", "json", "ndjson", "xlsx")


async def export(conn: AsyncConnection, resources: list[Resource], fmt: str, out: IO[bytes]) -> int:
    """Write ``resources`` to ``out``; returns the number of rows. CSV and NDJSON hold one
    resource (named by the file); JSON and XLSX hold any number, keyed by resource."""
    n = 0
    seen = [0]
    if fmt in ("csv", "ndjson") and len(resources) != 1:
        raise ValueError(f"{fmt} holds one resource; use json or xlsx for several")
    if fmt == "csv":
        res = resources[0]
        async for text in csv_chunks(res.columns, _counted(export_rows(conn, res), seen)):
            out.write(text.encode())
        return seen[0]
    if fmt == "ndjson":
        async for row in export_rows(conn, resources[0]):
            out.write(json_line(row) + b"\n")
            n += 1
        return n
    if fmt == "json":
        out.write(b"{")
        for i, res in enumerate(resources):
            out.write((b",\n" if i else b"\n") + orjson.dumps(res.name) + b": [")
            first = True
            async for row in export_rows(conn, res):
                out.write((b"\n  " if first else b",\n  ") + json_line(row))
                first = False
                n += 1
            out.write(b"\n]" if not first else b"]")
        out.write(b"\n}\n")
        return n
    if fmt == "xlsx":
        book = XlsxBook()
        for res in resources:
            sheet = book.sheet(res.name, res.columns)
            async for row in export_rows(conn, res):
                book.append(sheet, res.columns, row)
                n += 1
        book.save(out)
        return n
    raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(EXPORT_FORMATS)}")


def all_resources() -> list[Resource]:
    return list(RESOURCES.values())


async def _counted(
    rows: AsyncIterator[dict[str, Any]], seen: list[int]
) -> AsyncIterator[dict[str, Any]]:
    async for row in rows:
        seen[0] += 1
        yield row
