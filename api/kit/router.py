"""Builds the five CRUD routes of a resource from its service and schemas.

Reads return pre-serialised JSON (orjson over plain rows) instead of letting FastAPI validate and
re-encode every item: the response_model still documents the exact shape in OpenAPI, and the
tests check every response against it. That is what keeps list pages fast (see bench/).
"""

import hashlib
import inspect
from collections.abc import Callable, Coroutine
from contextlib import asynccontextmanager
from datetime import date, datetime
from functools import cache
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Body, Depends, Header, Path, Request
from fastapi.exceptions import RequestValidationError
from fastapi.params import Depends as DependsParam
from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError
from starlette.responses import Response

from api.auth.deps import Require, current_principal, require
from api.auth.permissions import Action
from api.auth.principal import Principal, act_as
from api.deps import ReaderDep, SessionDep, get_reader
from api.exports.http import CSV_RESPONSE, FORMAT_PARAMETER, csv_response, wants_csv
from api.handlers import responses
from api.http.query import StrictRoute, refuse_unknown
from api.idempotency.deps import OptionalKey, RequiredKey, header_parameter
from api.idempotency.service import Claim
from api.kit.schemas import InSchema, ListParams, page_model, update_model
from api.kit.service import CrudService
from api.pagination import link_header

JSON = "application/json"
MERGE_PATCH = "application/merge-patch+json"

IfMatch = Annotated[
    str | None,
    Header(description="The ETag you read; the write is refused with 412 if the row changed."),
]
IfNoneMatch = Annotated[
    str | None, Header(description="An ETag you hold; 304 Not Modified if it still matches.")
]


def json_response(
    content: Any, status_code: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return Response(
        orjson.dumps(content), status_code=status_code, media_type=JSON, headers=headers
    )


def not_modified(if_none_match: str | None, tag: str) -> bool:
    if if_none_match is None:
        return False
    tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return "*" in tags or tag in tags


OPTIONAL = frozenset({"if_match", "if_none_match"})


def with_signature(fn: Callable[..., Any], params: dict[str, Any]) -> Callable[..., Any]:
    """Give ``fn(**kw)`` the typed parameters FastAPI reads (names differ per resource)."""
    kind = inspect.Parameter.KEYWORD_ONLY
    empty = inspect.Parameter.empty
    fn.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter(n, kind, annotation=a, default=None if n in OPTIONAL else empty)
            for n, a in params.items()
        ]
    )
    return fn


def parse_query(model: type[ListParams], request: Request) -> ListParams:
    """Validate the query string against the resource's params model.

    Done here rather than by FastAPI's query-model support, which costs about a third of a list
    request's time; ``query_parameters`` documents the same model in OpenAPI.
    """
    raw = {k: v for k, v in request.query_params.items() if k != "format"}  # see list_rows
    not_iso = [
        {
            "loc": ("query", name),
            "msg": f"Input should be an ISO 8601 {kind.__name__}",
            "type": f"{kind.__name__}_parsing",
        }
        for name, kind in temporal_fields(model).items()
        if name in raw and not is_iso(raw[name], kind)
    ]
    if not_iso:
        raise RequestValidationError(not_iso)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        errors = [{**e, "loc": ("query", *e["loc"])} for e in exc.errors(include_url=False)]
        raise RequestValidationError(errors) from exc


@cache
def temporal_fields(model: type[BaseModel]) -> dict[str, type[date]]:
    """The date and datetime parameters of a params model."""
    out: dict[str, type[date]] = {}
    for name, info in model.model_fields.items():
        for kind in (datetime, date):  # datetime first: it is a date too
            if info.annotation in (kind, kind | None):
                out[name] = kind
                break
    return out


def is_iso(value: str, kind: type[date]) -> bool:
    """Pydantic alone would also take a Unix timestamp (``0``) for a date; the API does not."""
    try:
        kind.fromisoformat(value)
    except ValueError:
        return False
    return True


def query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    """OpenAPI ``parameters`` for a params model (``$defs`` inlined: they are small enums)."""
    schema = model.model_json_schema()
    defs = schema.get("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return inline(defs[node["$ref"].rsplit("/", 1)[1]])
            return {k: inline(v) for k, v in node.items()}
        if isinstance(node, list):
            return [inline(v) for v in node]
        return node

    out = []
    for name, prop in schema["properties"].items():
        prop = inline(prop)
        description = prop.pop("description", "")
        examples = prop.pop("examples", None)
        prop.pop("title", None)
        param: dict[str, Any] = {
            "name": name,
            "in": "query",
            "required": False,
            "description": description,
            "schema": prop,
        }
        if examples:
            param["example"] = examples[0]
        out.append(param)
    return out


MAX_ID_LENGTH = 36
reading = asynccontextmanager(get_reader)


class ReadRoute(StrictRoute):
    """A GET of the kit (a row, a page) answered without FastAPI's dependency solving.

    The route is declared like the others, so OpenAPI documents it as before; at run time its
    handler refuses unknown query parameters, resolves the caller (``Require``), takes a read
    connection and reads the one header itself. Solving those three dependencies cost about as
    much CPU as the rest of a by-id read (cProfile of the service under load). A path id too
    long for the route goes to FastAPI's own handler, whose validation answers the 422.
    """

    permission: Require  # set per route (see ``read_route``)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        standard = super().get_route_handler()
        endpoint = self.endpoint
        permission = type(self).permission
        known = self.query_names()

        async def handler(request: Request) -> Response:
            refuse_unknown(request, known)
            params = request.path_params
            if any(len(value) > MAX_ID_LENGTH for value in params.values()):
                return await standard(request)
            principal = await permission(request, await current_principal(request, None))
            async with reading(request) as conn:
                return await endpoint(  # type: ignore[no-any-return]
                    **params,
                    request=request,
                    principal=principal,
                    conn=conn,
                    if_none_match=request.headers.get("if-none-match"),
                )

        return handler


def read_route(permission: Require) -> type[APIRoute]:
    return type("ReadRoute", (ReadRoute,), {"permission": permission})


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
    guard: Callable[[Principal, BaseModel], None] | None = None,
) -> APIRouter:
    """``parent`` names the path parameter of a nested resource (``team_id`` in
    ``/teams/{team_id}/partners``): its rows are listed, created and found only under it.

    Every route names its entry in the permission table (``tag`` × read/write); a team-scoped
    caller's scope goes to the service, which filters reads in SQL and refuses other teams' rows
    as missing. Creation takes an ``Idempotency-Key`` (required when ``idempotency_required``);
    ``guard`` refuses bodies a principal may not send (a payment marked paid by a non-approver)."""
    name = read.__name__.removesuffix("Read")
    update = update_model(create, f"{name}Update", immutable)
    page = page_model(read, f"{name}Page")
    router = APIRouter(
        prefix=prefix, tags=[tag], dependencies=dependencies or [], route_class=StrictRoute
    )
    id_param = service.id_param
    label = service.label
    path_id = Annotated[str, Path(description=f"The {label}'s id.", max_length=MAX_ID_LENGTH)]
    # Nested routes take the parent's id from the path as well.
    up: dict[str, Any] = {}
    if parent:
        up[parent] = Annotated[
            str,
            Path(description=f"The {parent.removesuffix('_id')}'s id.", max_length=MAX_ID_LENGTH),
        ]

    def scope(kw: dict[str, Any]) -> dict[str, str] | None:
        return {parent: kw[parent]} if parent else None

    read_permission = Require(tag, Action.read)
    reader = Annotated[Principal, Depends(read_permission)]  # = require(tag, Action.read)
    route_class = read_route(read_permission)
    writer = require(tag, Action.write)
    IdempotencyKey = RequiredKey if idempotency_required else OptionalKey
    refusals = (400, 401, 403)  # every route: credentials in the URL, none, or not allowed

    async def list_rows(**kw: Any) -> Response:
        request: Request = kw["request"]
        export = wants_csv(request)  # ?format=csv or Accept: text/csv (api/exports/http.py)
        query = parse_query(params, request)
        within = kw["principal"].team_scope
        if parent:
            await service.check_parent(kw["conn"], {parent: kw[parent]}, within)
        if export:
            return csv_response(request, service, query, scope(kw), within)
        rows, next_cursor = await service.list_page(kw["conn"], query, scope(kw), within)
        body = orjson.dumps({"items": rows, "next_cursor": next_cursor})
        tag_ = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
        headers = {"ETag": tag_}
        link = link_header(request.url.path, dict(request.query_params), next_cursor)
        if link:
            headers["Link"] = link
        if not_modified(kw["if_none_match"], tag_):
            return Response(status_code=304, headers=headers)
        return Response(body, media_type=JSON, headers=headers)

    async def get_row(**kw: Any) -> Response:
        row = await service.read(kw["conn"], kw[id_param], scope(kw), kw["principal"].team_scope)
        headers = {"ETag": service.row_etag(row)}
        if not_modified(kw["if_none_match"], headers["ETag"]):
            return Response(status_code=304, headers=headers)
        return json_response(row, headers=headers)

    async def create_row(**kw: Any) -> Response:
        claim: Claim | None = kw["idempotency"]
        if claim is not None and claim.replay is not None:
            return claim.replay  # the first response to this key: nothing is written again
        session, principal = kw["session"], kw["principal"]
        act_as(session, principal, kw["request"].state.request_id)
        if guard is not None:
            guard(principal, kw["body"])
        within = principal.team_scope
        if parent:
            await service.check_parent(await session.connection(), {parent: kw[parent]}, within)
        obj = await service.create(session, kw["body"], scope(kw), within)
        row = await service.read(session, obj.id)
        location = f"{kw['request'].url.path.rstrip('/')}/{obj.id}"
        response = json_response(row, 201, {"Location": location, "ETag": service.row_etag(row)})
        if claim is not None:
            await claim.save(session, response)
        return response

    async def update_row(**kw: Any) -> Response:
        session, principal = kw["session"], kw["principal"]
        act_as(session, principal, kw["request"].state.request_id)
        if guard is not None:
            guard(principal, kw["body"])
        obj = await service.update(
            session, kw[id_param], kw["body"], kw["if_match"], scope(kw), principal.team_scope
        )
        row = await service.read(session, obj.id)
        return json_response(row, headers={"ETag": service.row_etag(row)})

    async def delete_row(**kw: Any) -> Response:
        session, principal = kw["session"], kw["principal"]
        act_as(session, principal, kw["request"].state.request_id)
        await service.delete(session, kw[id_param], kw["if_match"], scope(kw), principal.team_scope)
        return Response(status_code=204)

    router.add_api_route(
        "",
        with_signature(
            list_rows,
            {
                **up,
                "request": Request,
                "principal": reader,
                "conn": ReaderDep,
                "if_none_match": IfNoneMatch,
            },
        ),
        methods=["GET"],
        route_class_override=route_class,
        response_model=page,
        summary=f"List {tag}",
        description=f"One page of {tag}, filtered and sorted; follow `next_cursor` or the "
        '`Link: rel="next"` header for the next page.',
        operation_id=f"{tag}-list",
        openapi_extra={"parameters": [*query_parameters(params), FORMAT_PARAMETER]},
        responses={
            **(responses(304, *refusals, 404, 422) if parent else responses(304, *refusals, 422)),
            200: {"content": CSV_RESPONSE},
        },
    )
    router.add_api_route(
        "",
        with_signature(
            create_row,
            {
                **up,
                "request": Request,
                "principal": writer,
                "idempotency": IdempotencyKey,  # before the session: see api.idempotency.deps
                "session": SessionDep,
                "body": Annotated[create, Body()],
            },
        ),
        methods=["POST"],
        status_code=201,
        response_model=read,
        summary=f"Create a {label}",
        description=f"Creates a {label}; 201 with `Location` and `ETag`. Retry safely with "
        f"the same `Idempotency-Key`{' (required)' if idempotency_required else ''}.",
        operation_id=f"{tag}-create",
        openapi_extra={"parameters": [header_parameter(idempotency_required)]},
        responses=responses(*refusals, 404, 409, 413, 415, 422)
        if parent
        else responses(*refusals, 409, 413, 415, 422),
    )
    router.add_api_route(
        f"/{{{id_param}}}",
        with_signature(
            get_row,
            {
                **up,
                id_param: path_id,
                "principal": reader,
                "conn": ReaderDep,
                "if_none_match": IfNoneMatch,
            },
        ),
        methods=["GET"],
        route_class_override=route_class,
        response_model=read,
        summary=f"Get a {label}",
        description=f"One {label} with its `ETag`.",
        operation_id=f"{tag}-get",
        responses=responses(304, *refusals, 404, 422),
    )
    router.add_api_route(
        f"/{{{id_param}}}",
        with_signature(
            update_row,
            {
                **up,
                id_param: path_id,
                "request": Request,
                "principal": writer,
                "session": SessionDep,
                "body": Annotated[update, Body(media_type=MERGE_PATCH)],
                "if_match": IfMatch,
            },
        ),
        methods=["PATCH"],
        response_model=read,
        summary=f"Update a {label}",
        description="JSON merge patch (RFC 7396): send only the fields to change; "
        "`null` clears an optional field. Send `If-Match` to avoid overwriting others.",
        operation_id=f"{tag}-update",
        responses=responses(*refusals, 404, 409, 412, 413, 415, 422),
    )
    router.add_api_route(
        f"/{{{id_param}}}",
        with_signature(
            delete_row,
            {
                **up,
                id_param: path_id,
                "request": Request,
                "principal": writer,
                "session": SessionDep,
                "if_match": IfMatch,
            },
        ),
        methods=["DELETE"],
        status_code=204,
        response_class=Response,
        summary=f"Delete a {label}",
        description=f"Deletes the {label}; 409 while other rows still refer to it.",
        operation_id=f"{tag}-delete",
        responses=responses(*refusals, 404, 409, 412, 422),
    )
    return router
