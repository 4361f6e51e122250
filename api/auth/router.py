"""Sign-in, the caller, and the admin's users and API keys (the CLI does the same through
``api.auth.service``). Routes parse, check the permission table, call the service, answer."""

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Request
from starlette.responses import Response

from api.auth import service
from api.auth.deps import Require, authenticator
from api.auth.permissions import Action, permissions_of, team_scoped_of
from api.auth.principal import Principal, act_as
from api.auth.schemas import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyPage,
    ApiKeyRead,
    LoginIn,
    LoginOut,
    Me,
    UserCreate,
    UserPage,
    UserRead,
    UserUpdate,
)
from api.deps import SessionDep
from api.errors import RuleBroken
from api.handlers import responses
from api.http.query import StrictRoute
from api.http.responses import MERGE_PATCH, create_once, json_response
from api.idempotency.deps import OptionalKey, header_parameter

auth_router = APIRouter(prefix="/auth", tags=["auth"], route_class=StrictRoute)
users_router = APIRouter(prefix="/users", tags=["users"], route_class=StrictRoute)
keys_router = APIRouter(prefix="/api-keys", tags=["api-keys"], route_class=StrictRoute)

Caller = Annotated[Principal, Depends(Require("me", Action.read))]
UserReader = Annotated[Principal, Depends(Require("users", Action.read))]
UserWriter = Annotated[Principal, Depends(Require("users", Action.write))]
KeyReader = Annotated[Principal, Depends(Require("api-keys", Action.read))]
KeyWriter = Annotated[Principal, Depends(Require("api-keys", Action.write))]
UserId = Annotated[str, Path(description="The user's id.", max_length=36)]
ApiKeyId = Annotated[str, Path(description="The API key's id.", max_length=36)]
IDEMPOTENCY = {"parameters": [header_parameter(required=False)]}


def me(principal: Principal) -> dict[str, Any]:
    return {
        "kind": principal.kind,
        "id": principal.id,
        "name": principal.name,
        "role": principal.role,
        "team_ids": sorted(principal.team_ids),
        "expires_at": principal.expires_at,
        "permissions": permissions_of(principal.role),
        "team_scoped": team_scoped_of(principal.role),
    }


# ---- sign-in and the caller ----------------------------------------------------------------------


@auth_router.post(
    "/login",
    response_model=LoginOut,
    operation_id="auth-login",
    summary="Sign in with e-mail and password",
    description="Returns a session token to send as `Authorization: Bearer <token>`; it expires "
    "after `SP_SESSION_HOURS`. Attempts are limited per e-mail and per client address "
    "(429 with `Retry-After`). A wrong e-mail and a wrong password get the same 401.",
    responses=responses(400, 401, 413, 415, 422, 429),
)
async def login(request: Request, body: LoginIn, session: SessionDep) -> Response:
    """Sign in with e-mail and password."""
    client = request.client.host if request.client else "unknown"
    auth = authenticator(request)
    token, expires_at, user = await auth.login(
        request.app.state.db, session, body.email, body.password, client
    )
    principal = await auth.authenticate(request.app.state.db, token)
    content = {
        "token": token,
        "token_type": "Bearer",
        "expires_at": expires_at,
        "me": me(principal) if principal else None,
    }
    return json_response(content)


@auth_router.get(
    "/me",
    response_model=Me,
    operation_id="auth-me",
    summary="Who am I",
    description="The user or API key the request authenticates as, its role and teams, and "
    "what it may do: its row of the permission table, and the resources limited to its teams.",
    responses=responses(400, 401, 403, 422),
)
async def who_am_i(principal: Caller) -> Response:
    """Who am I."""
    return json_response(me(principal))


@auth_router.post(
    "/logout",
    status_code=204,
    operation_id="auth-logout",
    summary="Sign out",
    description="Ends every session token of the signed-in user, on every device: from now on "
    "they are refused (by other API processes within `SP_AUTH_CACHE_SECONDS`). Signing in again "
    "gives a new token. A new password does the same. An API key does not sign out: revoke it "
    "with `DELETE /api-keys/{key_id}` (422).",
    response_class=Response,
    responses={**responses(400, 401, 403, 413, 415, 422), 204: {"description": "Signed out."}},
)
async def logout(request: Request, principal: Caller, session: SessionDep) -> Response:
    """Sign out."""
    if principal.kind != "user" or principal.id is None:
        raise RuleBroken("an API key does not sign out; revoke it with DELETE /api-keys/{key_id}")
    act_as(session, principal, request.state.request_id)
    await service.sign_out(session, principal.id)
    authenticator(request).cache.forget(principal.id)
    return Response(status_code=204)


# ---- users ---------------------------------------------------------------------------------------


@users_router.get(
    "",
    response_model=UserPage,
    operation_id="users-list",
    summary="List users",
    description="Every user, by e-mail (a deployment has few: one page).",
    responses=responses(400, 401, 403, 422),
)
async def list_users(_: UserReader, session: SessionDep) -> Response:
    """List users."""
    return json_response({"items": await service.list_users(session), "next_cursor": None})


@users_router.post(
    "",
    status_code=201,
    response_model=UserRead,
    operation_id="users-create",
    summary="Create a user",
    description="A user who signs in with e-mail and password (hashed with Argon2id).",
    openapi_extra=IDEMPOTENCY,
    responses=responses(400, 401, 403, 409, 413, 415, 422),
)
async def create_user(
    request: Request,
    principal: UserWriter,
    idempotency: OptionalKey,
    session: SessionDep,
    body: UserCreate,
) -> Response:
    """Create a user."""

    async def write() -> Response:
        act_as(session, principal, request.state.request_id)
        user = await service.create_user(session, **body.model_dump())
        return json_response(user, 201, {"Location": f"{request.url.path}/{user['id']}"})

    return await create_once(idempotency, session, write)


@users_router.get(
    "/{user_id}",
    response_model=UserRead,
    operation_id="users-get",
    summary="Get a user",
    description="One user.",
    responses=responses(400, 401, 403, 404, 422),
)
async def get_user(user_id: UserId, _: UserReader, session: SessionDep) -> Response:
    """Get a user."""
    return json_response(await service.get_user(session, user_id))


@users_router.patch(
    "/{user_id}",
    response_model=UserRead,
    operation_id="users-update",
    summary="Update a user",
    description="Merge patch: name, password, role, teams, or `disabled` (a disabled user's "
    "tokens stop working at once in this process, within `SP_AUTH_CACHE_SECONDS` in others).",
    responses=responses(400, 401, 403, 404, 409, 413, 415, 422),
)
async def update_user(
    request: Request,
    user_id: UserId,
    principal: UserWriter,
    session: SessionDep,
    body: Annotated[UserUpdate, Body(media_type=MERGE_PATCH)],
) -> Response:
    """Update a user."""
    act_as(session, principal, request.state.request_id)
    changes = body.model_dump(exclude_unset=True)
    user = await service.update_user(session, user_id, changes, principal.id)
    authenticator(request).cache.forget(user_id)
    return json_response(user)


# ---- API keys ------------------------------------------------------------------------------------


@keys_router.get(
    "",
    response_model=ApiKeyPage,
    operation_id="api-keys-list",
    summary="List API keys",
    description="Every key not revoked, oldest first (never the keys themselves).",
    responses=responses(400, 401, 403, 422),
)
async def list_keys(_: KeyReader, session: SessionDep) -> Response:
    """List API keys."""
    keys = await service.list_keys(session, include_revoked=False)
    return json_response({"items": keys, "next_cursor": None})


@keys_router.post(
    "",
    status_code=201,
    response_model=ApiKeyCreated,
    operation_id="api-keys-create",
    summary="Create an API key",
    description="The response holds the key, once: only its hash is stored. A replay of this "
    "request (same `Idempotency-Key`) returns the row with `key: null`.",
    openapi_extra=IDEMPOTENCY,
    responses=responses(400, 401, 403, 409, 413, 415, 422),
)
async def create_key(
    request: Request,
    principal: KeyWriter,
    idempotency: OptionalKey,
    session: SessionDep,
    body: ApiKeyCreate,
) -> Response:
    """Create an API key."""

    async def write() -> Response:
        act_as(session, principal, request.state.request_id)
        row, key = await service.create_key(session, **body.model_dump(), created_by=principal.name)
        headers = {"Location": f"{request.url.path}/{row['id']}"}
        return json_response({**row, "key": key}, 201, headers)

    return await create_once(idempotency, session, write, redact=("key",))  # replays: no key


@keys_router.get(
    "/{api_key_id}",
    response_model=ApiKeyRead,
    operation_id="api-keys-get",
    summary="Get an API key",
    description="One key that is not revoked.",
    responses=responses(400, 401, 403, 404, 422),
)
async def get_key(api_key_id: ApiKeyId, _: KeyReader, session: SessionDep) -> Response:
    """Get an API key."""
    row = await service.get_key(session, api_key_id, include_revoked=False)
    return json_response(row)


@keys_router.delete(
    "/{api_key_id}",
    status_code=204,
    response_class=Response,
    operation_id="api-keys-revoke",
    summary="Revoke an API key",
    description="The key stops working at once in this process and within "
    "`SP_AUTH_CACHE_SECONDS` in others. The row is kept for the audit trail but is gone from "
    "the API (`shared-purpose keys list --all` shows it). A key cannot revoke itself.",
    responses=responses(400, 401, 403, 404, 409, 422),
)
async def revoke_key(
    request: Request, api_key_id: ApiKeyId, principal: KeyWriter, session: SessionDep
) -> Response:
    """Revoke an API key."""
    act_as(session, principal, request.state.request_id)
    await service.revoke_key(session, api_key_id, principal.id, include_revoked=False)
    authenticator(request).cache.forget(api_key_id)
    return Response(status_code=204)
