"""``/webhook-endpoints``: admins register, change, disable, remove endpoints and rotate their
signing secrets (the CLI does the same through ``api.webhooks.service``). Routes parse, check
the permission table, call the service, answer.

A secret is in two answers only: the create's and the rotation's. Reads carry an ETag (a digest
of the body: an endpoint has no version column), and a PATCH or DELETE with ``If-Match`` that no
longer names the endpoint as it stands is refused with 412.
"""

from typing import Annotated

import orjson
from fastapi import APIRouter, Body, Depends, Path, Request
from starlette.responses import Response

from api.auth.deps import Require
from api.auth.permissions import Action
from api.auth.principal import Principal, act_as
from api.deps import SessionDep
from api.errors import InvalidReference, PreconditionFailed, RuleBroken
from api.handlers import responses
from api.http.query import StrictRoute
from api.http.responses import (
    MERGE_PATCH,
    IfMatch,
    IfNoneMatch,
    body_etag,
    create_once,
    json_response,
    not_modified,
    tagged,
)
from api.idempotency.deps import OptionalKey, header_parameter
from api.kit.query import parse_query, query_parameters
from api.pagination import link_header
from api.webhooks import service
from api.webhooks.schemas import (
    SecretRotated,
    WebhookEndpointCreate,
    WebhookEndpointCreated,
    WebhookEndpointPage,
    WebhookEndpointParams,
    WebhookEndpointRead,
    WebhookEndpointUpdate,
)
from api.webhooks.service import UnknownEventType, UrlRefused

router = APIRouter(prefix="/webhook-endpoints", tags=["webhook-endpoints"], route_class=StrictRoute)

Reader = Annotated[Principal, Depends(Require("webhook-endpoints", Action.read))]
Writer = Annotated[Principal, Depends(Require("webhook-endpoints", Action.write))]
EndpointId = Annotated[str, Path(description="The webhook endpoint's id.", max_length=36)]
RULES = [UrlRefused, UnknownEventType, InvalidReference, RuleBroken]
WRITE = (400, 401, 403, 413, 415, 422)


def _check_if_match(if_match: str | None, current: bytes) -> None:
    if if_match is not None and not not_modified(if_match, body_etag(current)):
        raise PreconditionFailed(
            f"If-Match {if_match} does not match the current ETag {body_etag(current)}",
            loc=["header", "If-Match"],
        )


@router.get(
    "",
    response_model=WebhookEndpointPage,
    operation_id="webhook-endpoints-list",
    summary="List webhook endpoints",
    description="Every registered endpoint, oldest first (never a secret). Filter by `status` "
    "(a disabled one says why in `disabled_reason`) or `programme_id`.",
    openapi_extra={"parameters": query_parameters(WebhookEndpointParams)},
    responses=responses(304, 400, 401, 403, 422),
)
async def list_endpoints(
    request: Request, _: Reader, session: SessionDep, if_none_match: IfNoneMatch = None
) -> Response:
    """List webhook endpoints."""
    params = parse_query(WebhookEndpointParams, request)
    rows, next_cursor = await service.list_endpoints(session, params)
    body = orjson.dumps({"items": rows, "next_cursor": next_cursor})
    link = link_header(request.url.path, dict(request.query_params), next_cursor)
    return tagged(body, if_none_match, {"Link": link} if link else None)


@router.post(
    "",
    status_code=201,
    response_model=WebhookEndpointCreated,
    operation_id="webhook-endpoints-create",
    summary="Register a webhook endpoint",
    description="The endpoint is sent the events committed from now on (of `event_types`, or "
    "every type; of `programme_id`, or every programme), signed with `secret` following the "
    "Standard Webhooks specification. The secret is in this answer only; a replay of this "
    "request (same `Idempotency-Key`) returns the endpoint with `secret: null`.",
    openapi_extra={"parameters": [header_parameter(required=False)]},
    responses=responses(*WRITE, 409, problems=RULES),
)
async def create_endpoint(
    request: Request,
    principal: Writer,
    idempotency: OptionalKey,
    session: SessionDep,
    body: WebhookEndpointCreate,
) -> Response:
    """Register a webhook endpoint."""

    async def write() -> Response:
        act_as(session, principal, request.state.request_id)
        row, secret = await service.create_endpoint(
            session,
            body.model_dump(),
            created_by=principal.name,
            allow_private=request.app.state.settings.webhook_allow_private,
        )
        headers = {"Location": f"{request.url.path}/{row['id']}"}
        return json_response({**row, "secret": secret}, 201, headers)

    return await create_once(idempotency, session, write, redact=("secret",))


@router.get(
    "/{endpoint_id}",
    response_model=WebhookEndpointRead,
    operation_id="webhook-endpoints-get",
    summary="Get a webhook endpoint",
    description="One endpoint: its status (and why and when it was disabled), its run of "
    "failures, and how many secrets sign now and when the previous one stops (never a secret).",
    responses=responses(304, 400, 401, 403, 404, 422),
)
async def get_endpoint(
    endpoint_id: EndpointId, _: Reader, session: SessionDep, if_none_match: IfNoneMatch = None
) -> Response:
    """Get a webhook endpoint."""
    row = await service.get_endpoint(session, endpoint_id)
    return tagged(orjson.dumps(row), if_none_match)


@router.patch(
    "/{endpoint_id}",
    response_model=WebhookEndpointRead,
    operation_id="webhook-endpoints-update",
    summary="Update a webhook endpoint",
    description="Merge patch, checked as a registration is. `status: disabled` stops "
    'deliveries (a `webhook-endpoint.disabled` event, `disabled_reason` "disabled by an '
    'admin"); `status: active` re-enables a disabled endpoint and starts its run of failures '
    "from 0.",
    responses=responses(*WRITE, 404, 412, problems=RULES),
)
async def update_endpoint(
    request: Request,
    endpoint_id: EndpointId,
    principal: Writer,
    session: SessionDep,
    body: Annotated[WebhookEndpointUpdate, Body(media_type=MERGE_PATCH)],
    if_match: IfMatch = None,
) -> Response:
    """Update a webhook endpoint."""
    act_as(session, principal, request.state.request_id)
    _check_if_match(if_match, orjson.dumps(await service.get_endpoint(session, endpoint_id)))
    row = await service.update_endpoint(
        session,
        endpoint_id,
        body.model_dump(exclude_unset=True),
        allow_private=request.app.state.settings.webhook_allow_private,
    )
    return tagged(orjson.dumps(row), None)


@router.delete(
    "/{endpoint_id}",
    status_code=204,
    response_class=Response,
    operation_id="webhook-endpoints-delete",
    summary="Remove a webhook endpoint",
    description="Nothing more is sent to it; its secrets, deliveries and their attempts are "
    "deleted with it.",
    responses=responses(400, 401, 403, 404, 412, 422),
)
async def delete_endpoint(
    request: Request,
    endpoint_id: EndpointId,
    principal: Writer,
    session: SessionDep,
    if_match: IfMatch = None,
) -> Response:
    """Remove a webhook endpoint."""
    act_as(session, principal, request.state.request_id)
    _check_if_match(if_match, orjson.dumps(await service.get_endpoint(session, endpoint_id)))
    await service.delete_endpoint(session, endpoint_id)
    return Response(status_code=204)


@router.post(
    "/{endpoint_id}/rotate-secret",
    response_model=SecretRotated,
    operation_id="webhook-endpoints-rotate-secret",
    summary="Rotate a webhook endpoint's signing secret",
    description="A new secret, in this answer only. Deliveries carry a signature by the "
    "previous secret too until `previous_secret_expires_at` (`SP_WEBHOOK_SECRET_OVERLAP_HOURS` "
    "from now, or sooner if it was already ending), so a receiver can switch without missing "
    "one. Secrets already past their end are deleted.",
    responses=responses(*WRITE, 404),
)
async def rotate_secret(
    request: Request, endpoint_id: EndpointId, principal: Writer, session: SessionDep
) -> Response:
    """Rotate a webhook endpoint's signing secret."""
    act_as(session, principal, request.state.request_id)
    overlap = request.app.state.settings.webhook_secret_overlap_hours
    secret, ends = await service.rotate_secret(session, endpoint_id, overlap)
    return json_response({"secret": secret, "previous_secret_expires_at": ends})
