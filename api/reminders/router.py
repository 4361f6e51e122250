"""``/me/reminder-preferences``: each signed-in person reads and changes their own (permission
resource ``reminder-preferences``). An API key has no e-mail address to remind: 409."""

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Request
from starlette.responses import Response

from api.auth.deps import Require
from api.auth.permissions import Action
from api.auth.principal import Principal, act_as
from api.deps import SessionDep
from api.handlers import responses
from api.http.query import StrictRoute
from api.http.responses import MERGE_PATCH, json_response
from api.reminders import preferences
from api.reminders.preferences import NotAUser
from api.reminders.schemas import ReminderPreferencesRead, ReminderPreferencesUpdate

router = APIRouter(prefix="/me", tags=["reminder-preferences"], route_class=StrictRoute)

Reader = Annotated[Principal, Depends(Require("reminder-preferences", Action.read))]
Writer = Annotated[Principal, Depends(Require("reminder-preferences", Action.write))]
PATH = "/reminder-preferences"


@router.get(
    PATH,
    response_model=ReminderPreferencesRead,
    operation_id="reminder-preferences-get",
    summary="Your reminder preferences",
    description="Whether you get the daily reminder digest, how far ahead it looks and whether "
    "it lists overdue items. The defaults until you change one. Signed-in users only: an API "
    "key gets 409 `not-a-user`.",
    responses=responses(400, 401, 403, 422, problems=[NotAUser]),
)
async def get_preferences(principal: Reader, session: SessionDep) -> Response:
    """Your reminder preferences."""
    return json_response(await preferences.get_preferences(session, principal))


@router.patch(
    PATH,
    response_model=ReminderPreferencesRead,
    operation_id="reminder-preferences-update",
    summary="Change your reminder preferences",
    description="Merge patch: only the fields sent change; `null` puts a field back to its "
    "default. Signed-in users only: an API key gets 409 `not-a-user`.",
    responses=responses(400, 401, 403, 413, 415, 422, problems=[NotAUser]),
)
async def update_preferences(
    request: Request,
    principal: Writer,
    session: SessionDep,
    body: Annotated[ReminderPreferencesUpdate, Body(media_type=MERGE_PATCH)],
) -> Response:
    """Change your reminder preferences."""
    act_as(session, principal, request.state.request_id)
    changes = body.model_dump(exclude_unset=True)
    return json_response(await preferences.update_preferences(session, principal, changes))
