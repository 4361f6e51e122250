"""Every event type as an OpenAPI 3.1 webhook: the payload a receiver will be sent.

Each type's payload is the envelope (``EventRead``) with its ``type`` fixed and its ``data``
typed: a CRUD resource's events carry its Read schema (the row as the API shows it), the other
writes' carry an object. Declared on the app's ``webhooks`` (``api.main``) so the document lists
them now; delivering them (signed, retried) builds on this.
"""

import re
from typing import Any, Literal, cast

from fastapi import APIRouter
from pydantic import BaseModel, Field, create_model
from starlette.responses import Response

from api.events.schemas import EventRead
from api.events.types import EventType, catalogue
from api.kit.schemas import EXAMPLE_ID


def model_name(kind: str) -> str:
    """``support-activity.created`` → ``SupportActivityCreatedEvent``."""
    return "".join(part.title() for part in re.split(r"[.-]", kind)) + "Event"


def payload(kind: EventType) -> type[BaseModel]:
    from api.resources import BY_NAME

    described = BY_NAME.get(kind.resource)
    data: Any = (described.read if described is not None else dict[str, Any]) | None
    model: type[BaseModel] = create_model(
        model_name(kind.type),
        __base__=EventRead,
        __doc__=kind.description,
        type=(
            cast(Any, Literal[kind.type]),
            Field(description="The event's type.", examples=[kind.type]),
        ),
        data=(data, Field(description=kind.description, examples=[{"id": EXAMPLE_ID}])),
    )
    return model


def _receiver(model: type[BaseModel]) -> Any:
    async def receive(body: model) -> Response:  # type: ignore[valid-type]
        raise NotImplementedError  # documentation only: a receiver implements this

    return receive


def webhooks() -> APIRouter:
    """One webhook per event type, named by the type."""
    router = APIRouter()
    for kind in catalogue():
        router.add_api_route(
            kind.type,
            _receiver(payload(kind)),
            methods=["POST"],
            summary=kind.type,
            description=f"{kind.description} Answer with any 2xx status once received; the "
            "event's `id` is its idempotency key (a delivery may be repeated).",
            operation_id=f"webhook-{kind.type}",
            tags=["events"],
            response_class=Response,
            responses={200: {"description": "Received."}},
        )
    return router


def tidy(openapi: dict[str, Any]) -> dict[str, Any]:
    """A receiver's answer is any 2xx: drop the 422 FastAPI documents for every body (and its
    schemas, which nothing else uses: the API's own 422s are problems)."""
    for hook in openapi.get("webhooks", {}).values():
        for operation in hook.values():
            operation.get("responses", {}).pop("422", None)
    schemas = openapi.get("components", {}).get("schemas", {})
    text = str({k: v for k, v in openapi.items() if k != "components"})
    if "HTTPValidationError" not in text:
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
    return openapi
