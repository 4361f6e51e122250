"""Webhook deliveries for admins (permission ``webhook-endpoints``): an endpoint's deliveries,
one delivery with its attempts, and a redelivery by hand (``deliveries_service``)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from starlette.responses import Response

from api.auth.deps import Require
from api.auth.permissions import Action
from api.auth.principal import Principal
from api.db import Database
from api.deps import SessionDep, get_db
from api.handlers import responses
from api.http.query import StrictRoute
from api.http.responses import json_response
from api.models.webhook import DeliveryStatus
from api.pagination import DEFAULT_LIMIT, MAX_LIMIT, InvalidCursor
from api.webhooks import deliveries_service as service
from api.webhooks.delivery_schemas import WebhookDeliveryDetail, WebhookDeliveryPage

# One router for both prefixes: the deliveries are documented with their endpoints.
router = APIRouter(tags=["webhook-endpoints"], route_class=StrictRoute)
Reader = Annotated[Principal, Depends(Require("webhook-endpoints", Action.read))]
Writer = Annotated[Principal, Depends(Require("webhook-endpoints", Action.write))]
DbDep = Annotated[Database, Depends(get_db)]
REDELIVER = (400, 401, 403, 404, 409, 413, 415, 422)  # 413/415: a body is refused as on any POST
EndpointId = Annotated[str, Path(description="The webhook endpoint's id.", max_length=36)]
DeliveryId = Annotated[str, Path(description="The delivery's id.", max_length=36)]


@router.get(
    "/webhook-endpoints/{endpoint_id}/deliveries",
    response_model=WebhookDeliveryPage,
    operation_id="webhook-endpoints-deliveries",
    summary="List an endpoint's deliveries",
    description="The endpoint's deliveries, newest event first, each with its status, attempts "
    "so far, the last answer and its latency, and when the next try is due. Filter by `status`; "
    "page with `cursor` (from `next_cursor`).",
    responses=responses(400, 401, 403, 404, 422, problems=[InvalidCursor]),
)
async def list_deliveries(
    _principal: Reader,
    session: SessionDep,
    endpoint_id: EndpointId,
    status: Annotated[DeliveryStatus | None, Query(description="Only these.")] = None,
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description="Deliveries per page.")
    ] = DEFAULT_LIMIT,
    cursor: Annotated[
        str | None, Query(max_length=1000, description="`next_cursor` of the page before.")
    ] = None,
) -> Response:
    """List an endpoint's deliveries."""
    page = service.Page(status, limit, cursor)
    items, next_cursor = await service.list_deliveries(session, endpoint_id, page)
    return json_response({"items": items, "next_cursor": next_cursor})


@router.get(
    "/webhook-deliveries/{delivery_id}",
    response_model=WebhookDeliveryDetail,
    operation_id="webhook-deliveries-get",
    summary="Read a delivery and its attempts",
    description="The delivery, with every attempt (time, latency, status code or error, "
    "worker, by hand or not), oldest first.",
    responses=responses(400, 401, 403, 404, 422),
)
async def get_delivery(
    _principal: Reader, session: SessionDep, delivery_id: DeliveryId
) -> Response:
    """Read a delivery and its attempts."""
    return json_response(await service.get_delivery(session, delivery_id))


@router.post(
    "/webhook-deliveries/{delivery_id}/redeliver",
    response_model=WebhookDeliveryDetail,
    operation_id="webhook-deliveries-redeliver",
    summary="Redeliver by hand, now",
    description="Sends the delivery again from this request (same body, `webhook-id` and "
    "signing, a fresh `webhook-timestamp`; the same address rules) and records a `manual` "
    "attempt. A 2xx marks it delivered, whatever its status was (a failed one too); a failure "
    "is recorded and changes neither its status nor its schedule, nor the endpoint's run of "
    "failures. The answer is the delivery with its attempts. A disabled endpoint: 409 (enable "
    "it first).",
    responses=responses(*REDELIVER, problems=[service.EndpointDisabled]),
)
async def redeliver(
    request: Request, principal: Writer, db: DbDep, delivery_id: DeliveryId
) -> Response:
    """Redeliver by hand, now."""
    await service.redeliver(db, request.app.state.settings, delivery_id, principal.label)
    async with db.read_sessionmaker() as session:
        return json_response(await service.get_delivery(session, delivery_id))
