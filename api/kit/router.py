"""Builds the five CRUD routes of a resource from its service and schemas.

Every handler is an ordinary typed closure over the resource's service: its path ids come from a
typed dependency (``api.kit.paths``: a ``Scope`` for the collection, a ``RowPath`` for a row), so
the same code serves ``/payments/{payment_id}`` and ``/teams/{team_id}/partners/{partner_id}``.

Reads return pre-serialised JSON (orjson over plain rows) instead of letting FastAPI validate and
re-encode every item: the response_model still documents the exact shape in OpenAPI, and the
tests check every response against it. That is what keeps list pages fast (see bench/), with the
two GETs served by ``api.kit.read_route.ReadRoute``. Writes answer with the row they wrote
(``CrudService.create``/``update`` return it), never read again.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, TypeAlias

import orjson
from fastapi import APIRouter, Body, Depends, Request
from fastapi.params import Depends as DependsParam
from pydantic import BaseModel
from starlette.responses import Response

from api.auth.deps import Require
from api.auth.permissions import Action
from api.auth.principal import Principal, act_as
from api.deps import ReaderDep, SessionDep
from api.exports.http import CSV_RESPONSE, FORMAT_PARAMETER, csv_response, wants_csv
from api.http.query import StrictRoute
from api.http.responses import (
    MERGE_PATCH,
    IfMatch,
    IfNoneMatch,
    create_once,
    json_response,
    not_modified,
    tagged,
)
from api.idempotency.deps import header_parameter, optional_key, required_key
from api.idempotency.service import Claim
from api.kit.paths import RowPath, Scope, collection_path, locate_row, locate_scope, row_path
from api.kit.problems import documented
from api.kit.query import parse_query, query_parameters
from api.kit.read_route import read_route
from api.kit.schemas import InSchema, ListParams, page_model, update_model
from api.kit.service import CrudService
from api.pagination import link_header

Guard = Callable[[Principal, BaseModel], None]
REFUSALS = (400, 401, 403)  # every route: credentials in the URL, none, or not allowed


@dataclass(frozen=True)
class Kit:
    """What the five routes of one resource share."""

    router: APIRouter
    service: CrudService[Any]
    tag: str
    parent: str | None
    guard: Guard | None
    reader: Require
    writer: Require

    @property
    def label(self) -> str:
        return self.service.label

    def add(
        self,
        endpoint: Callable[..., Any],
        path: str,
        *,
        statuses: tuple[int, ...],
        responses: dict[int | str, dict[str, Any]] | None = None,
        **route: Any,
    ) -> None:
        """Add a route whose problem ``statuses`` list every problem type its code and its
        dependencies can raise (``api.kit.problems``); ``responses`` adds others."""
        problems = documented(endpoint, statuses, path=self.router.prefix + path)
        self.router.add_api_route(
            path, endpoint, responses={**problems, **(responses or {})}, **route
        )

    def guarded(self, principal: Principal, body: BaseModel) -> None:
        if self.guard is not None:
            self.guard(principal, body)


def add_list(kit: Kit, params: type[ListParams], page: type[BaseModel]) -> None:
    service, tag = kit.service, kit.tag
    Reader = Annotated[Principal, Depends(kit.reader)]
    At = Annotated[Scope, Depends(collection_path(kit.parent))]

    async def list_rows(
        at: At,
        request: Request,
        principal: Reader,
        conn: ReaderDep,
        if_none_match: IfNoneMatch = None,
    ) -> Response:
        export = wants_csv(request)  # ?format=csv or Accept: text/csv (api/exports/http.py)
        query = parse_query(params, request)
        within = principal.team_scope
        if at is not None:
            await service.check_parent(conn, at, within)
        if export:
            return csv_response(request, service, query, at, within)
        rows, next_cursor = await service.list_page(conn, query, at, within)
        body = orjson.dumps({"items": rows, "next_cursor": next_cursor})
        link = link_header(request.url.path, dict(request.query_params), next_cursor)
        return tagged(body, if_none_match, {"Link": link} if link else None)

    kit.add(
        list_rows,
        "",
        methods=["GET"],
        route_class_override=read_route(kit.reader, locate_scope(kit.parent)),
        response_model=page,
        summary=f"List {tag}",
        description=f"One page of {tag}, filtered and sorted; follow `next_cursor` or the "
        '`Link: rel="next"` header for the next page.',
        operation_id=f"{tag}-list",
        openapi_extra={"parameters": [*query_parameters(params), FORMAT_PARAMETER]},
        statuses=(304, *REFUSALS, 404, 422) if kit.parent else (304, *REFUSALS, 422),
        responses={200: {"content": CSV_RESPONSE}},
    )


def add_create(kit: Kit, create: type[InSchema], read: type[BaseModel], required: bool) -> None:
    service, label = kit.service, kit.label
    Writer = Annotated[Principal, Depends(kit.writer)]
    At = Annotated[Scope, Depends(collection_path(kit.parent))]
    key = required_key if required else optional_key  # = RequiredKey / OptionalKey
    IdempotencyKey = Annotated[Claim | None, Depends(key, scope="function")]
    if TYPE_CHECKING:
        Created: TypeAlias = InSchema  # what mypy checks: every resource's body is one
    else:
        Created = create  # what FastAPI validates and documents

    async def create_row(
        at: At,
        request: Request,
        principal: Writer,
        idempotency: IdempotencyKey,  # before the session: see api.idempotency.deps
        session: SessionDep,
        body: Annotated[Created, Body()],
    ) -> Response:
        async def write() -> Response:
            act_as(session, principal, request.state.request_id)
            kit.guarded(principal, body)
            within = principal.team_scope
            if at is not None:
                await service.check_parent(await session.connection(), at, within)
            row = await service.create(session, body, at, within)
            location = f"{request.url.path.rstrip('/')}/{row['id']}"
            return json_response(row, 201, {"Location": location, "ETag": service.row_etag(row)})

        return await create_once(idempotency, session, write)

    kit.add(
        create_row,
        "",
        methods=["POST"],
        status_code=201,
        response_model=read,
        summary=f"Create a {label}",
        description=f"Creates a {label}; 201 with `Location` and `ETag`. Retry safely with "
        f"the same `Idempotency-Key`{' (required)' if required else ''}.",
        operation_id=f"{kit.tag}-create",
        openapi_extra={"parameters": [header_parameter(required)]},
        statuses=(*REFUSALS, 404, 409, 413, 415, 422)
        if kit.parent
        else (*REFUSALS, 409, 413, 415, 422),
    )


def add_get(kit: Kit, read: type[BaseModel], id_path: str) -> None:
    service, label = kit.service, kit.label
    Reader = Annotated[Principal, Depends(kit.reader)]
    At = Annotated[RowPath, Depends(row_path(service.id_param, label, kit.parent))]

    async def get_row(
        at: At,
        request: Request,
        principal: Reader,
        conn: ReaderDep,
        if_none_match: IfNoneMatch = None,
    ) -> Response:
        row = await service.read(conn, at.row_id, at.scope, principal.team_scope)
        headers = {"ETag": service.row_etag(row)}
        if not_modified(if_none_match, headers["ETag"]):
            return Response(status_code=304, headers=headers)
        return json_response(row, headers=headers)

    kit.add(
        get_row,
        id_path,
        methods=["GET"],
        route_class_override=read_route(kit.reader, locate_row(service.id_param, kit.parent)),
        response_model=read,
        summary=f"Get a {label}",
        description=f"One {label} with its `ETag`.",
        operation_id=f"{kit.tag}-get",
        statuses=(304, *REFUSALS, 404, 422),
    )


def add_update(kit: Kit, update: type[BaseModel], read: type[BaseModel], id_path: str) -> None:
    service, label = kit.service, kit.label
    Writer = Annotated[Principal, Depends(kit.writer)]
    At = Annotated[RowPath, Depends(row_path(service.id_param, label, kit.parent))]
    if TYPE_CHECKING:
        Patch: TypeAlias = BaseModel
    else:
        Patch = update

    async def update_row(
        at: At,
        request: Request,
        principal: Writer,
        session: SessionDep,
        body: Annotated[Patch, Body(media_type=MERGE_PATCH)],
        if_match: IfMatch = None,
    ) -> Response:
        act_as(session, principal, request.state.request_id)
        kit.guarded(principal, body)
        row = await service.update(
            session, at.row_id, body, if_match, at.scope, principal.team_scope
        )
        return json_response(row, headers={"ETag": service.row_etag(row)})

    kit.add(
        update_row,
        id_path,
        methods=["PATCH"],
        response_model=read,
        summary=f"Update a {label}",
        description="JSON merge patch (RFC 7396): send only the fields to change; "
        "`null` clears an optional field. Send `If-Match` to avoid overwriting others.",
        operation_id=f"{kit.tag}-update",
        statuses=(*REFUSALS, 404, 409, 412, 413, 415, 422),
    )


def add_delete(kit: Kit, id_path: str) -> None:
    service, label = kit.service, kit.label
    Writer = Annotated[Principal, Depends(kit.writer)]
    At = Annotated[RowPath, Depends(row_path(service.id_param, label, kit.parent))]

    async def delete_row(
        at: At,
        request: Request,
        principal: Writer,
        session: SessionDep,
        if_match: IfMatch = None,
    ) -> Response:
        act_as(session, principal, request.state.request_id)
        await service.delete(session, at.row_id, if_match, at.scope, principal.team_scope)
        return Response(status_code=204)

    kit.add(
        delete_row,
        id_path,
        methods=["DELETE"],
        status_code=204,
        response_class=Response,
        summary=f"Delete a {label}",
        description=f"Deletes the {label}; 409 while other rows still refer to it.",
        operation_id=f"{kit.tag}-delete",
        statuses=(*REFUSALS, 404, 409, 412, 422),
    )


def crud_router(
    *,
    prefix: str,
    tag: str,
    service: CrudService[Any],
    create: type[InSchema],
    read: type[BaseModel],
    params: type[ListParams],
    immutable: frozenset[str] = frozenset(),
    parent: str | None = None,
    dependencies: list[DependsParam] | None = None,
    idempotency_required: bool = False,
    guard: Guard | None = None,
) -> APIRouter:
    """``parent`` names the path parameter of a nested resource (``team_id`` in
    ``/teams/{team_id}/partners``): its rows are listed, created and found only under it.

    Every route names its entry in the permission table (``tag`` × read/write); a team-scoped
    caller's scope goes to the service, which filters reads in SQL and refuses other teams' rows
    as missing. Creation takes an ``Idempotency-Key`` (required when ``idempotency_required``);
    ``guard`` refuses bodies a principal may not send (a payment marked paid by a non-approver)."""
    name = read.__name__.removesuffix("Read")
    router = APIRouter(
        prefix=prefix, tags=[tag], dependencies=dependencies or [], route_class=StrictRoute
    )
    kit = Kit(
        router=router,
        service=service,
        tag=tag,
        parent=parent,
        guard=guard,
        reader=Require(tag, Action.read),
        writer=Require(tag, Action.write),
    )
    update = update_model(create, f"{name}Update", immutable)
    page = page_model(read, f"{name}Page")
    id_path = f"/{{{service.id_param}}}"
    add_list(kit, params, page)
    add_create(kit, create, read, idempotency_required)
    add_get(kit, read, id_path)
    add_update(kit, update, read, id_path)
    add_delete(kit, id_path)
    return router
