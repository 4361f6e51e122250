"""``GET /api/v1/<resource>?format=csv`` (or ``Accept: text/csv``): the list as a CSV download.

Every row that matches the list's filters (and the caller's team scope), streamed from the
database a chunk at a time, in the file format ``load`` reads back; ``limit`` and ``cursor`` do
not apply. Cells a spreadsheet would run as formulas are escaped (``api.exports.writers``).
"""

from collections.abc import AsyncIterator
from typing import Any

from fastapi import Request
from starlette.responses import StreamingResponse

from api.errors import InvalidQuery
from api.exports.tables import export_rows
from api.exports.writers import csv_chunks
from api.imports.resources import BY_TABLE
from api.kit.scope import TeamScope, visible
from api.kit.service import CrudService

CSV = "text/csv"
FORMATS = ("json", "csv")
FORMAT_PARAMETER = {
    "name": "format",
    "in": "query",
    "required": False,
    "description": "`csv` streams every matching row as CSV (the file format `load` reads "
    "back; `limit` and `cursor` do not apply); same as `Accept: text/csv`.",
    "schema": {"type": "string", "enum": list(FORMATS)},
    "example": "csv",
}
CSV_RESPONSE = {
    CSV: {"schema": {"type": "string"}, "example": "ref,programme_ref,title\nm-01,ctg-sp,Plan\n"}
}


def wants_csv(request: Request) -> bool:
    fmt = request.query_params.get("format")
    if fmt is not None:
        if fmt not in FORMATS:
            raise InvalidQuery(f"format is one of {', '.join(FORMATS)}", loc=["query", "format"])
        return fmt == "csv"
    accept = request.headers.get("accept", "")
    return any(part.split(";")[0].strip() == CSV for part in accept.split(","))


def csv_response(
    request: Request,
    service: CrudService[Any],
    query: Any,
    scope: dict[str, str] | None,
    within: TeamScope | None,
) -> StreamingResponse:
    res = BY_TABLE[service.table.name]
    given = query.model_dump(exclude_none=True)
    filters = {k: v for k, v in given.items() if k in service.filters}
    q = given.get("q")
    restriction = visible(service.table, within.teams()) if within is not None else None
    db = request.app.state.db

    async def body() -> AsyncIterator[str]:
        async with db.engine.connect() as conn, conn.begin():
            rows = export_rows(conn, res, filters, scope, q, restriction)
            async for chunk in csv_chunks(res.columns, rows):
                yield chunk

    name = f"{res.name}.csv"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return StreamingResponse(body(), media_type=f"{CSV}; charset=utf-8", headers=headers)
