"""``GET /exports/360giving.json`` and ``.csv``: the awards as 360Giving 1.4.3 open data;
``GET /exports/iati.xml``: a programme's awards as IATI 2.03 activities."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response, StreamingResponse

from api.auth.deps import Require
from api.auth.permissions import Action
from api.auth.principal import Principal
from api.errors import NotFound
from api.exports import giving360, iati
from api.handlers import responses
from api.http.query import StrictRoute
from api.http.responses import IfNoneMatch, not_modified
from api.kit import versions

ID = "0190d7a4-8c6e-7cc3-9a51-3f1e2d4c5b6a"
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


@router.get(
    "/iati.xml",
    summary="A programme's grants as IATI 2.03 XML",
    description="Every award of the programme as an IATI Standard 2.03 `iati-activity`: "
    "identifier (the funder's org-id and the award's identifier), the funder as reporting and "
    "funding organisation, the award holder as implementing organisation, status, planned and "
    "actual dates, budget periods of at most a year, the award as a commitment and each paid "
    "payment as a disbursement (amounts in major units), and the team's quality goals as "
    "results with baselines, targets and measured periods. The ETag follows the programme's "
    "data version.",
    operation_id="exports-iati-xml",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"application/xml": {"schema": {"type": "string"}}}},
        **responses(304, 400, 401, 403, 404, 422),
    },
)
async def iati_xml(
    request: Request,
    principal: Reader,
    programme_id: Annotated[
        str, Query(description="The programme's id.", max_length=36, examples=[ID])
    ],
    if_none_match: IfNoneMatch = None,
) -> Response:
    """A programme's awards as IATI activities."""
    db = request.app.state.db
    async with db.engine.connect() as conn:
        found = await iati.find_programme(conn, programme_id)
        version = await versions.current(conn, programme_id=programme_id)
    if found is None:
        raise NotFound(f"No programme {programme_id!r}.", loc=["query", "programme_id"])
    # Read before the body: the body can only be as new as the tag or newer, never older.
    headers = {"Content-Disposition": f'attachment; filename="{iati.file_name(found.ref)}"'}
    if version is not None:
        headers["ETag"] = iati.etag(programme_id, version[1])
        if not_modified(if_none_match, headers["ETag"]):
            return Response(status_code=304, headers={"ETag": headers["ETag"]})

    async def body() -> AsyncIterator[bytes]:
        async with db.engine.connect() as conn, conn.begin():
            async for chunk in iati.xml_chunks(conn, programme_id):
                yield chunk

    return StreamingResponse(body(), media_type="application/xml", headers=headers)
