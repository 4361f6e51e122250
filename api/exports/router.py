"""``GET /exports/360giving.json`` and ``.csv``: the awards as 360Giving 1.4.3 open data."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.responses import StreamingResponse

from api.auth.deps import Require
from api.auth.permissions import Action
from api.auth.principal import Principal
from api.exports import giving360
from api.handlers import responses
from api.http.query import StrictRoute

router = APIRouter(prefix="/exports", tags=["exports"], route_class=StrictRoute)
Reader = Annotated[Principal, Depends(Require("exports", Action.read))]


def _stream(request: Request, fmt: str) -> StreamingResponse:
    db = request.app.state.db

    async def body() -> AsyncIterator[bytes]:
        async with db.engine.connect() as conn, conn.begin():
            if fmt == "json":
                async for chunk in giving360.json_chunks(conn):
                    yield chunk
            else:
                async for text in giving360.csv_chunks(conn):
                    yield text.encode()

    kind = "application/json" if fmt == "json" else "text/csv; charset=utf-8"
    disposition = f'attachment; filename="360giving.{fmt}"'
    return StreamingResponse(body(), media_type=kind, headers={"Content-Disposition": disposition})


@router.get(
    "/360giving.json",
    summary="Grants as 360Giving JSON",
    description="Every award as a 360Giving Data Standard 1.4.3 grant, in a grants package: "
    "identifiers, amounts in pounds, dates, recipient and funding organisations by org-id, "
    "grant programme, disbursements from paid payments and `dateModified`.",
    operation_id="exports-360giving-json",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"application/json": {"schema": {"type": "object"}}}},
        **responses(400, 401, 403, 422),
    },
)
async def giving_json(request: Request, principal: Reader) -> StreamingResponse:
    """The awards as a 360Giving JSON package."""
    return _stream(request, "json")


@router.get(
    "/360giving.csv",
    summary="Grants as 360Giving CSV",
    description="One row per grant with the standard's column titles (disbursements are "
    "summed in `Amount Disbursed`; the JSON export lists them one by one).",
    operation_id="exports-360giving-csv",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"text/csv": {"schema": {"type": "string"}}}},
        **responses(400, 401, 403, 422),
    },
)
async def giving_csv(request: Request, principal: Reader) -> StreamingResponse:
    """The awards as 360Giving CSV."""
    return _stream(request, "csv")
