"""``GET /programmes/{id}/due``: what is due or overdue on a day, as JSON pages or one CSV.

Answered like the other read models (``ReadModelRoute``: the data version's ETag, 304, the body
cache); the CSV (``format=csv`` or ``Accept: text/csv``) streams every matching item with
labels, not codes, for a spreadsheet.
"""

from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from api.dashboard import due
from api.dashboard.due_schemas import DueKind, ProgrammeDue
from api.dashboard.route import (
    AS_OF_NOTE,
    AsOf,
    Cursor,
    JustTeam,
    OptionalDay,
    ProgrammeId,
    ReadModelRoute,
    ReadOf,
    day_query,
    read_model,
    today,
)
from api.errors import InvalidQuery
from api.exports.http import CSV, CSV_RESPONSE
from api.exports.writers import csv_text, escape

router = APIRouter(tags=["dashboard"], route_class=ReadModelRoute)

DEFAULT_DAYS = 30
SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}
CSV_HEADER = ["Kind", "Title", "Team", "Due date", "State", "Days overdue", "Status"]
LABELS = {"in_progress": "In progress"}


def _wants_csv(request: Request, fmt: str | None) -> bool:
    if fmt is not None:
        return fmt == "csv"
    accept = request.headers.get("accept", "")
    return any(part.split(";")[0].strip() == CSV for part in accept.split(","))


def _label(code: str) -> str:
    return LABELS.get(code, code.replace("_", " ").capitalize())


def _pounds(pence: int | None) -> str:
    return "" if pence is None else f"{pence // 100}.{pence % 100:02d}"


def _csv_row(item: dict[str, object]) -> list[str]:
    days = item["days_overdue"]
    return [
        _label(str(item["kind"])),
        escape(str(item["title"])),
        escape(str(item["team_name"] or "Programme-wide")),
        str(item["due_date"]),
        _pounds(item["amount_pence"]),  # type: ignore[arg-type]
        _label(str(item["state"])),
        "" if days is None else str(days),
        _label(str(item["status"])),
    ]


async def _csv(request: Request, query: due.DueQuery, day: date) -> Response:
    db = request.app.state.db
    async with db.read_engine.connect() as conn:  # 404 before the download starts
        currency = await due.programme_currency(conn, query.teams.programme_id)
    header = [*CSV_HEADER[:4], f"Amount ({SYMBOLS.get(currency, currency)})", *CSV_HEADER[4:]]

    async def body() -> AsyncIterator[str]:
        yield csv_text([header])
        async with db.engine.connect() as conn, conn.begin():
            chunk: list[list[str]] = []
            async for item in due.due_stream(conn, query, day):
                chunk.append(_csv_row(item))
                if len(chunk) >= 500:
                    yield csv_text(chunk)
                    chunk = []
            yield csv_text(chunk)

    name = f"due-{day.isoformat()}.csv"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return StreamingResponse(body(), media_type=f"{CSV}; charset=utf-8", headers=headers)


@read_model(
    router,
    "/programmes/{programme_id}/due",
    ProgrammeDue,
    "programme-due",
    "Open milestones, reports (milestones of kind `reporting`) and payments due "
    "from `as_of` to `to` (default `as_of` + `days`), and those overdue on `as_of` (due before "
    "it and not achieved or paid by it; from `from` if given), by due date, then id; `counts` "
    "gives due and overdue by kind over every page. `team_id` narrows to one team (without it, "
    "programme-wide milestones are included); a team editor sees only its own teams. "
    "`format=csv` or `Accept: text/csv` downloads every matching item as CSV." + AS_OF_NOTE,
    extra={200: {"content": CSV_RESPONSE}},
)
async def programme_due(
    programme_id: ProgrammeId,
    read: ReadOf,
    as_of: AsOf = None,
    days: Annotated[
        int | None,
        Query(
            ge=0,
            le=366,
            description=f"Due within this many days of `as_of` (default "
            f"{DEFAULT_DAYS}); not with `to`.",
        ),
    ] = None,
    start: Annotated[
        OptionalDay, day_query("from", "Only items due on or after this day.", "2013-01-01")
    ] = None,
    end: Annotated[
        OptionalDay,
        day_query("to", "Only items due on or before this day (not with `days`).", "2013-04-30"),
    ] = None,
    team_id: JustTeam = None,
    kind: Annotated[DueKind | None, Query(description="Just this kind of item.")] = None,
    limit: Annotated[int, Query(ge=1, le=500, description="Items per page.")] = 100,
    cursor: Cursor = None,
    fmt: Annotated[
        Literal["json", "csv"] | None,
        Query(
            alias="format",
            description="`csv`: every matching item as CSV (`limit` and `cursor` do not "
            "apply); same as `Accept: text/csv`.",
        ),
    ] = None,
) -> Response:
    """What is due or overdue on a day: milestones, reports and payments."""
    if days is not None and end is not None:
        raise InvalidQuery("give `days` or `to`, not both", loc=["query", "days"])
    day = as_of or today()
    last = end if end is not None else day + timedelta(days=DEFAULT_DAYS if days is None else days)
    if start is not None and start > last:
        raise InvalidQuery("`from` is after the window's last day", loc=["query", "from"])
    teams = read.teams(programme_id, team_id=team_id)
    query = due.DueQuery(teams, last, start, kind.value if kind else None)
    if _wants_csv(read.request, fmt):
        return await _csv(read.request, query, day)
    return await read.answer(
        day,
        lambda conn: due.programme_due(conn, query, day, limit=limit, cursor=cursor),
        programme_id=programme_id,
    )
