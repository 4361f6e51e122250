"""The file format of every resource: its columns, how rows name each other, and load order.

A row names other rows by ``ref``, never by database id, so a whole programme loads from files.
A reference column is the id field's name with ``_ref`` (``award_id`` → ``award_ref``; lists:
``team_ids`` → ``team_refs``). Refs are unique within a parent (a payment's ref within its award,
an award's within its team, a team's within its programme), so a row may also carry the refs of
its parent's ancestors as *qualifiers*: a payment has ``award_ref`` and, optionally,
``team_ref`` and ``programme_ref``. A ref that names one row is enough; one that names several
is refused and asks for the qualifier that tells them apart. Every other reference is looked up
inside the row's own programme (a payment's ``milestone_ref`` is a milestone of its award's
programme). Exports write every qualifier, so what is exported loads back unchanged.
"""

import types
from dataclasses import dataclass, field
from typing import Any, Union, cast, get_args, get_origin

from pydantic.fields import FieldInfo
from sqlalchemy import Table, UniqueConstraint

from api.kit.schemas import InSchema
from api.kit.service import CrudService
from api.resources import RESOURCES as DESCRIPTORS


@dataclass(frozen=True)
class Reference:
    """A column naming other rows by ref: ``field`` (the id field) holds what it resolves to."""

    column: str
    field: str
    target: str  # the resource it names
    many: bool


@dataclass
class Resource:
    name: str  # file stem, sheet name and JSON key: "payments", "support-activities"
    service: CrudService[Any]
    create: type[InSchema]
    table: Table = field(init=False)
    parent: str | None = field(init=False)  # the id column refs are unique within (None: global)
    parent_target: str | None = field(init=False)
    nested: bool = field(init=False)  # the parent id is not a Create field (it comes from the URL)
    references: dict[str, Reference] = field(init=False)  # by column
    by_field: dict[str, Reference] = field(init=False)
    fields: dict[str, FieldInfo] = field(init=False)  # Create fields that are plain values
    lists: frozenset[str] = field(init=False)  # plain fields holding lists
    qualifiers: list[str] = field(init=False)  # ancestors' ref columns, top-down
    # References to rows of the same resource (a programme's series, a milestone's
    # dependencies): exports write the rows named before the rows naming them.
    self_references: list[Reference] = field(init=False)
    columns: list[str] = field(init=False)
    required: frozenset[str] = field(init=False)

    @property
    def label(self) -> str:
        return self.service.label


def _is_list(annotation: Any) -> bool:
    if get_origin(annotation) in (Union, types.UnionType):
        return any(_is_list(a) for a in get_args(annotation) if a is not type(None))
    return get_origin(annotation) is list


def _ref_column(id_field: str) -> str:
    if id_field.endswith("_ids"):
        return id_field.removesuffix("_ids") + "_refs"
    return id_field.removesuffix("_id") + "_ref"


RESOURCES: dict[str, Resource] = {}
BY_TABLE: dict[str, Resource] = {}


def _register(*resources: Resource) -> None:
    for res in resources:
        RESOURCES[res.name] = res
        BY_TABLE[res.service.table.name] = res
    for res in resources:
        _derive(res)


def _parent_column(table: Table) -> str | None:
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint):
            names = [c.key for c in constraint.columns]
            if names[-1] == "ref":
                return names[0] if len(names) == 2 else None
    raise AssertionError(f"{table.name} has no unique ref")


def _derive(res: Resource) -> None:
    table = res.table = res.service.table
    res.parent = _parent_column(table)
    res.nested = res.parent is not None and res.parent not in res.create.model_fields
    refs: dict[str, Reference] = {}
    for fk in table.foreign_keys:
        name = fk.parent.key
        if name in res.create.model_fields or name == res.parent:
            target = BY_TABLE[fk.column.table.name].name
            refs[_ref_column(name)] = Reference(_ref_column(name), name, target, False)
    for name, coll in res.service.collections.items():
        target = BY_TABLE[cast(Table, coll.target.__table__).name].name
        refs[_ref_column(name)] = Reference(_ref_column(name), name, target, True)
    res.references = refs
    res.by_field = {r.field: r for r in refs.values()}
    res.parent_target = res.by_field[res.parent].target if res.parent else None
    res.self_references = [r for r in refs.values() if r.target == res.name]
    res.fields = {
        n: f for n, f in res.create.model_fields.items() if n not in res.by_field and n != "ref"
    }
    res.lists = frozenset(n for n, f in res.fields.items() if _is_list(f.annotation))
    res.qualifiers = [REF_COLUMN[a.name] for a in ancestors(res)[1:]][::-1]
    parent_col = [_ref_column(res.parent)] if res.parent else []
    ordered = ["ref", *res.qualifiers, *parent_col]
    for name in res.create.model_fields:
        column = _ref_column(name) if name in res.by_field else name
        if column not in ordered:
            ordered.append(column)
    res.columns = ordered
    required = {"ref", *parent_col}
    for name, info in res.create.model_fields.items():
        if info.is_required():
            required.add(_ref_column(name) if name in res.by_field else name)
    res.required = frozenset(required)


def ancestors(res: Resource) -> list[Resource]:
    """The resources above ``res``, nearest first (a payment: award, team, programme)."""
    chain: list[Resource] = []
    current = res
    while current.parent_target is not None:
        current = RESOURCES[current.parent_target]
        chain.append(current)
    return chain


# How rows of each resource are named by others (the parent chains use these).
REF_COLUMN = {d.name: d.ref_column for d in DESCRIPTORS}

# Parents first: the order a load writes in and an export lists.
_register(*(Resource(d.name, d.service, d.create) for d in DESCRIPTORS))
ORDER = {name: i for i, name in enumerate(RESOURCES)}
ALIASES = {alias: d.name for d in DESCRIPTORS for alias in d.aliases}


def find_resource(name: str) -> Resource | None:
    """A resource by name, alias or a file stem that starts with one (``payments-2013``)."""
    key = name.strip().lower().replace("_", "-")
    key = ALIASES.get(key, key)
    if key in RESOURCES:
        return RESOURCES[key]
    for candidate in sorted([*RESOURCES, *ALIASES], key=len, reverse=True):
        if key.startswith(candidate) and not key[len(candidate)].isalnum():
            return RESOURCES[ALIASES.get(candidate, candidate)]
    return None
