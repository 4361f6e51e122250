"""``GET /audit-events``: the audit trail, read-only (admins and programme managers)."""

from typing import Annotated

import orjson
from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from api.audit import service
from api.audit.schemas import AuditEventRead, AuditParams
from api.auth.deps import Require
from api.auth.permissions import Action
from api.auth.principal import Principal
from api.deps import ReaderDep
from api.errors import Forbidden
from api.handlers import responses
from api.http.query import StrictRoute
from api.http.responses import IfNoneMatch, tagged
from api.kit.query import parse_query, query_parameters
from api.kit.schemas import page_model
from api.pagination import link_header

router = APIRouter(prefix="/audit-events", tags=["audit-events"], route_class=StrictRoute)
AuditPage = page_model(AuditEventRead, "AuditEventPage")
Auditor = Annotated[Principal, Depends(Require("audit-events", Action.read))]


@router.get(
    "",
    response_model=AuditPage,
    operation_id="audit-events-list",
    summary="List audit events",
    description="Every successful write, newest first: who (user or API key), when, the "
    "resource and row, the action, the row before and after, and the request id. Filter by "
    "`resource`, `resource_id`, `actor_id`, `action`, `team_id` and time "
    "(`occurred_from`, `occurred_to`). Only the events of resources the caller may read "
    "itself are listed (users, API keys, imports and signing keys: admins only). Nothing can "
    "change or delete an event.",
    openapi_extra={"parameters": query_parameters(AuditParams)},
    responses=responses(304, 400, 401, 403, 422),
)
async def list_audit_events(
    request: Request,
    principal: Auditor,
    conn: ReaderDep,
    if_none_match: IfNoneMatch = None,
) -> Response:
    """List audit events."""
    query = parse_query(AuditParams, request)
    if principal.role is None:  # Require() lets no role-less caller through; say so to mypy
        raise Forbidden("the audit trail needs a role")
    rows, next_cursor = await service.list_events(conn, query, principal.role)
    body = orjson.dumps({"items": rows, "next_cursor": next_cursor})
    link = link_header(request.url.path, dict(request.query_params), next_cursor)
    return tagged(body, if_none_match, {"Link": link} if link else None)
