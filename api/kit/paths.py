"""The path parameters of a resource's routes, as typed dependencies.

Each resource names its ids in the path (``/payments/{payment_id}``,
``/teams/{team_id}/partners/{partner_id}``), so the parameters are declared per router with Path
aliases: the handlers take one typed value, a ``Scope`` for the collection routes and a
``RowPath`` for the row routes, whatever the names. One dependency gives both ids of a nested row,
so OpenAPI lists them in path order (the parent's first), as clients were generated from.
``locate_scope`` and ``locate_row`` build the same values from a request's path parameters for
the fast read routes (``api.kit.read_route``), which solve no dependencies.
"""

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Annotated

from fastapi import Path

MAX_ID_LENGTH = 36  # a UUID; longer ids are refused with 422 before any query
Scope = dict[str, str] | None  # a nested route's parent (``{"team_id": ...}``), else None


@dataclass(frozen=True, slots=True)
class RowPath:
    """The row a route names: its id, and its parent when the resource is nested."""

    row_id: str
    scope: Scope = None


def parent_label(parent: str) -> str:
    return parent.removesuffix("_id").replace("_", " ")


def collection_path(parent: str | None) -> Callable[..., Awaitable[Scope]]:
    """The dependency giving a collection route's ``Scope`` (async: no thread is taken)."""
    if parent is None:

        async def top() -> Scope:
            return None

        return top
    ParentId = Annotated[
        str,
        Path(
            alias=parent,
            description=f"The {parent_label(parent)}'s id.",
            max_length=MAX_ID_LENGTH,
        ),
    ]

    async def nested(parent_id: ParentId) -> Scope:
        return {parent: parent_id}

    return nested


def row_path(id_param: str, label: str, parent: str | None) -> Callable[..., Awaitable[RowPath]]:
    """The dependency giving a row route's ``RowPath``."""
    RowId = Annotated[
        str, Path(alias=id_param, description=f"The {label}'s id.", max_length=MAX_ID_LENGTH)
    ]
    if parent is None:

        async def top(row_id: RowId) -> RowPath:
            return RowPath(row_id)

        return top
    ParentId = Annotated[
        str,
        Path(
            alias=parent,
            description=f"The {parent_label(parent)}'s id.",
            max_length=MAX_ID_LENGTH,
        ),
    ]

    async def nested(parent_id: ParentId, row_id: RowId) -> RowPath:
        return RowPath(row_id, {parent: parent_id})

    return nested


def locate_scope(parent: str | None) -> Callable[[Mapping[str, str]], Scope]:
    """``collection_path`` for the fast read routes: from the request's path parameters."""
    if parent is None:
        return lambda _params: None
    return lambda params: {parent: params[parent]}


def locate_row(id_param: str, parent: str | None) -> Callable[[Mapping[str, str]], RowPath]:
    """``row_path`` for the fast read routes."""
    if parent is None:
        return lambda params: RowPath(params[id_param])
    return lambda params: RowPath(params[id_param], {parent: params[parent]})
