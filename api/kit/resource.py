"""The resource descriptor: everything about a CRUD resource, declared once in its package.

``api/<pkg>/resource.py`` declares ``RESOURCE = Resource(...)`` (a package with several
resources declares several) and ``api/resources.py`` lists them, parents first. The routers,
the OpenAPI tags, the permission table, team scoping, the load and export formats and the tests'
resource lists are derived from that list; see ``docs/resources.md``.

A resource has one name, its URL, permission and tag spelling (``support-activities``), from
which the other spellings are derived: the table (``support_activities``), the label in messages
(``support activity``), the id path parameter (``support_activity_id``) and the column other rows'
files name it by (``support_activity_ref``). Where the public contract already spells one
differently, the descriptor says so with an override (``singular``, ``path``).
"""

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from api.auth.grants import Grant
from api.kit.schemas import InSchema, ListParams
from api.kit.scope import Ownership
from api.kit.service import CrudService

if TYPE_CHECKING:
    from fastapi import APIRouter

    from api.kit.router import Guard

NAME = re.compile(r"[a-z]+(-[a-z]+)*")


def singular_of(name: str) -> str:
    """``support-activities`` → ``support-activity``, ``payments`` → ``payment``; a name that
    is not a plural (``evidence``) stays as it is."""
    if name.endswith("ies"):
        return name.removesuffix("ies") + "y"
    return name.removesuffix("s")


@dataclass(frozen=True, eq=False)
class Resource:
    name: str  # URL, permission-table, OpenAPI tag and file name: plural, kebab-case
    service: CrudService[Any]
    create: type[InSchema]  # the POST body; PATCH is derived from it (every field optional)
    read: type[BaseModel]
    params: type[ListParams]  # the list's query parameters
    grant: Grant  # its entry in the permission table (roles per action, team_scoped, public)
    description: str  # the OpenAPI tag's description
    owner: Ownership | None = None  # how a row reaches its team (team scope, audit trail)
    parent: str | None = None  # nested: the parent's id path parameter, also in ``path``
    immutable: frozenset[str] = frozenset()  # Create fields PATCH may not change
    idempotency_required: bool = False  # POST without an Idempotency-Key is a 400
    guard: "Guard | None" = None  # refuses bodies a principal may not send
    aliases: tuple[str, ...] = ()  # other names files and sheets may use for it
    # Overrides, only where the public contract differs from the derived spelling:
    singular: str | None = None  # default: singular_of(name)
    path: str | None = None  # default: "/" + name

    def __post_init__(self) -> None:
        if not NAME.fullmatch(self.name):
            raise ValueError(f"a resource's name is plural kebab-case: {self.name!r}")
        if self.grant.team_scoped and self.owner is None:
            raise ValueError(f"{self.name} is team-scoped: say how its rows reach a team")
        if self.parent is not None and f"{{{self.parent}}}" not in self.url:
            raise ValueError(f"{self.name}'s path {self.url} lacks its parent {self.parent}")

    # ---- derived spellings ---------------------------------------------------------------------
    @property
    def one(self) -> str:
        """The singular, kebab-case (``support-activity``)."""
        return self.singular or singular_of(self.name)

    @property
    def table(self) -> str:
        return self.name.replace("-", "_")

    @property
    def label(self) -> str:
        return self.one.replace("-", " ")

    @property
    def id_param(self) -> str:
        return self.one.replace("-", "_") + "_id"

    @property
    def ref_column(self) -> str:
        return self.one.replace("-", "_") + "_ref"

    @property
    def url(self) -> str:
        return self.path or f"/{self.name}"

    @property
    def model(self) -> type[Any]:
        return self.service.model

    @property
    def openapi_tag(self) -> dict[str, str]:
        return {"name": self.name, "description": self.description}

    def router(self) -> "APIRouter":
        """Its five CRUD routes (made once; ``api/routers.py`` and its package share them)."""
        made = _ROUTERS.get(self.name)
        if made is None:
            # Imported here: the kit's router imports the exports, which import the descriptors.
            from api.kit.router import crud_router

            made = _ROUTERS[self.name] = crud_router(
                prefix=self.url,
                tag=self.name,
                service=self.service,
                create=self.create,
                read=self.read,
                params=self.params,
                immutable=self.immutable,
                parent=self.parent,
                idempotency_required=self.idempotency_required,
                guard=self.guard,
            )
        return made


_ROUTERS: dict[str, "APIRouter"] = {}
