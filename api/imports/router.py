"""``POST /imports`` (files or a JSON document) and ``GET /imports/{import_id}``."""

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from starlette.responses import Response

from api.auth.deps import Require
from api.auth.permissions import Action
from api.auth.principal import Principal, act_as
from api.deps import SessionDep
from api.errors import NotFound, ProblemError
from api.handlers import responses
from api.http.query import StrictRoute
from api.http.responses import create_once, json_response
from api.idempotency.deps import header_parameter, idempotency, keyed
from api.idempotency.service import Claim
from api.imports import jobs, uploads
from api.imports.report import Report
from api.imports.schemas import ImportJobRead, ImportReport
from api.imports.service import Loader
from api.models import ImportJob

router = APIRouter(prefix="/imports", tags=["imports"], route_class=StrictRoute)
Writer = Annotated[Principal, Depends(Require("imports", Action.write))]
Reader = Annotated[Principal, Depends(Require("imports", Action.read))]
MULTIPART = uploads.MULTIPART


async def received(request: Request) -> AsyncIterator[uploads.Upload]:
    """The upload, spooled to disk; removed after the response unless a job has kept it."""
    root = jobs.spool_root(request.app.state.settings)  # where a background job's upload waits
    upload = await uploads.receive(request, digest=keyed(request), root=root)
    try:
        yield upload
    finally:
        if not upload.kept:
            upload.remove()


Received = Annotated[uploads.Upload, Depends(received)]


async def upload_digest(upload: Received) -> str:
    return upload.digest


# The key is claimed once the upload is spooled: its fingerprint needs the files' content.
UploadKey = Annotated[
    Claim | None, Depends(idempotency(required=False, body=upload_digest), scope="function")
]


class ImportRejected(ProblemError):
    status = 422
    type = "import-rejected"
    title = "Some rows were refused: nothing was written"

    def __init__(self, report: Report) -> None:
        data = report.as_dict()
        errors = [
            {
                "loc": [e["file"], e["line"], *([e["field"]] if e["field"] else [])],
                "msg": e["message"],
                "type": e["type"],
            }
            for e in data["errors"]
        ]
        super().__init__(f"{data['error_count']} problems in {data['rows']} rows", errors=errors)
        self.report = data

    def body(self) -> dict[str, Any]:
        return {**super().body(), "report": self.report}


BODY = {
    "required": True,
    "content": {
        MULTIPART: {
            "schema": {
                "type": "object",
                "properties": {
                    "file": {
                        "type": "array",
                        "items": {"type": "string", "format": "binary"},
                        "description": "CSV, JSON, NDJSON or XLSX files (named after their "
                        "resource: `payments.csv`), or a 360Giving file.",
                    }
                },
                "required": ["file"],
            }
        },
        "application/json": {
            "schema": {"type": "object", "description": '`{"payments": [{...}], ...}`.'},
            "example": {
                "organisations": [
                    {
                        "ref": "thf",
                        "name": "The Health Foundation",
                        "org_identifier": "GB-CHC-286967",
                        "kind": "funder",
                    }
                ]
            },  # fmt: skip
        },
    },
}


@router.post(
    "",
    response_model=ImportReport,
    summary="Load files",
    description="Loads CSV, JSON, NDJSON or XLSX files (or a 360Giving file) through the same "
    "schemas and rules as the rest of the API, upserting rows by `ref`, parents first. All or "
    "nothing: if any row is refused, nothing is written and the 422 problem lists every bad row "
    "(`errors`, with file, line and field) and carries the full `report`. `dry_run=true` checks "
    "and counts without writing (200 either way). Uploads above the size threshold "
    "(`SP_IMPORT_BACKGROUND_BYTES`) run in the background: 202 with a `Location` to poll.",
    operation_id="imports-create",
    status_code=200,
    responses={
        202: {"model": ImportJobRead, "description": "Queued: poll `Location`."},
        **responses(400, 401, 403, 409, 413, 415, 422),
    },
    openapi_extra={"requestBody": BODY, "parameters": [header_parameter(False)]},
)
async def create_import(
    request: Request,
    principal: Writer,
    idempotency: UploadKey,
    session: SessionDep,
    upload: Received,
    dry_run: Annotated[bool, Query(description="Check and count; write nothing.")] = False,
    format: Annotated[
        str | None, Query(description="csv, json, ndjson or xlsx (default: by file name).")
    ] = None,
    resource: Annotated[
        str | None, Query(description="Resource of files not named after one.", max_length=40)
    ] = None,
) -> Response:
    """Load files or a JSON document: all rows or none."""

    async def write() -> Response:
        upload.read_as(format, resource)
        settings = request.app.state.settings
        if upload.size > settings.import_background_bytes:
            # Left for a worker (api/worker/imports.py): queued, its upload in the spool.
            job = await jobs.create_job(session, upload, dry_run, principal)
            await jobs.spool(settings, job, upload, principal)
            await session.flush()
            body = ImportJobRead.model_validate(job).model_dump(mode="json")
            return json_response(body, 202, {"Location": f"{request.url.path}/{job.id}"})
        try:
            act_as(session, principal, request.state.request_id)
            report = await Loader(session, dry_run=dry_run).load(upload.sources)
        finally:
            upload.remove()
        if not report.ok and not dry_run:
            raise ImportRejected(report)
        return json_response(report.as_dict())

    return await create_once(idempotency, session, write)


@router.get(
    "/{import_id}",
    response_model=ImportJobRead,
    summary="Get an import",
    description="A background load's progress, and its report once finished.",
    operation_id="imports-get",
    responses=responses(400, 401, 403, 404, 422),
)
async def get_import(
    import_id: Annotated[str, Path(description="The import's id.", max_length=36)],
    principal: Reader,
    session: SessionDep,
) -> Response:
    """A background load's progress and report."""
    job = await session.get(ImportJob, import_id)
    if job is None:
        raise NotFound(f"no import with id {import_id}", loc=["path", "import_id"])
    body = ImportJobRead.model_validate(job).model_dump(mode="json")
    if import_id in jobs.LIVE and job.status == "running":
        body.update(jobs.LIVE[import_id])
    return json_response(body)
