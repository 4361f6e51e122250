"""One row on its way through a load: from the cells of a record to the columns it writes.

Cells of text formats (CSV, XLSX) follow one rule: an empty cell is null when the field allows
null, else the field's default when it has one, else missing (and refused if required). List
cells hold ``a|b|c`` or a JSON array. JSON rows are typed already: a key left out is a field
not set (on an update it keeps its value), as in a PATCH.

Text no database keeps (NUL, lone surrogates from ``\\ud800`` escapes) is refused as a row
error before any ref is looked up, and a validated value past its column (an integer past the
column's 32 or 64 bits, a string past its length, an infinite float) before anything is
written: whatever the schema lets through, the INSERT never overflows.
"""

import json
import math
import types
from dataclasses import dataclass, field
from enum import Enum
from typing import Annotated, Any, Union, get_args, get_origin

from annotated_types import Ge, Gt, Le, Lt, MaxLen
from pydantic import AfterValidator, BaseModel, PlainValidator, ValidationError, WrapValidator
from pydantic.fields import FieldInfo
from pydantic.types import AllowInfNan
from sqlalchemy import BigInteger, Float, Integer, SmallInteger, String

from api.imports.resources import Resource


class Pending:
    """One row on its way through a batch (a plain slotted class: a million are made)."""

    __slots__ = (
        "line", "ref", "values", "refs", "parent_id", "programme_id", "valid", "id", "row",
        "links", "before", "outcome", "failed",
    )  # fmt: skip

    def __init__(self, line: int) -> None:
        self.line = line
        self.ref: str | None = None
        self.values: dict[str, Any] = {}  # plain fields, as the schema takes them
        self.refs: dict[str, Any] = {}  # *_ref columns: a ref, or a list of refs
        self.parent_id: str | None = None
        self.programme_id: str | None = None
        self.valid: tuple[dict[str, Any], set[str]] | None = None  # the schema's fields, given
        self.id: str | None = None
        self.row: dict[str, Any] | None = None  # every column after the write
        self.links: dict[str, list[str]] = {}
        self.before: dict[str, Any] | None = None
        self.outcome: str | None = None  # created / updated / unchanged; None while undecided
        self.failed = False


def _nullable(info: FieldInfo) -> bool:
    ann = info.annotation
    return get_origin(ann) in (Union, types.UnionType) and type(None) in get_args(ann)


def empty_value(info: FieldInfo) -> tuple[bool, Any]:
    """What an empty cell means for a field: (given?, value)."""
    if _nullable(info):
        return True, None
    if not info.is_required():
        return True, info.get_default(call_default_factory=True)
    return False, None


def split_list(cell: str) -> list[Any]:
    cell = cell.strip()
    if not cell:
        return []
    if cell.startswith("["):
        try:
            value = json.loads(cell)
        except (ValueError, RecursionError):  # not JSON, or past Python's limits: a plain item
            return [cell]
        return value if isinstance(value, list) else [value]
    return [part.strip() for part in cell.split("|")]


def list_cell(values: list[Any]) -> str:
    """The CSV/XLSX form of a list: ``a|b`` unless an item needs JSON to stay intact."""
    texts = [str(v) for v in values]
    if any("|" in t or t != t.strip() or t.startswith("[") for t in texts) or "" in texts:
        return json.dumps(texts, ensure_ascii=False)
    return "|".join(texts)


class Shaper:
    """Turns records of one resource into ``Pending`` rows (errors go to ``fail``).

    Text rows are read by position: the header is checked once, and a plan per row length says
    what each cell is (a ref, a list of refs, a plain value or a list), so a row costs a few
    dictionary stores rather than a string of tests per cell."""

    def __init__(self, res: Resource, header: list[str] | None) -> None:
        self.res = res
        self.header = header
        self.known = set(res.columns)
        self.ref_columns = {c for c in res.columns if c.endswith(("_ref", "_refs")) and c != "ref"}
        self.many = {c for c, r in res.references.items() if r.many}
        self.empties = {n: empty_value(f) for n, f in res.fields.items()}
        self.plans: dict[int, _Plan] = {}

    def shape(self, line: int, raw: list[str] | dict[str, Any], fail: Any) -> Pending:
        p = Pending(line)
        if isinstance(raw, list):
            self._cells(p, raw)
        else:
            self._typed(p, raw, fail)
        if not p.ref:
            fail(p, "ref", "missing", "ref is required: loads upsert rows by it")
        if isinstance(raw, dict) or "\x00" in "".join(raw):
            self._scrub(p, fail)
        return p

    def _scrub(self, p: Pending, fail: Any) -> None:
        """Refuse text no database keeps, and make it harmless for the lookups still to come."""
        if isinstance(p.ref, str) and bad_text(p.ref):
            fail(p, "ref", "invalid", BAD_TEXT)
            p.ref = harmless(p.ref)
        for where in (p.refs, p.values):
            for column, value in where.items():
                if bad_value(value):
                    fail(p, column, "invalid", BAD_TEXT)
                    where[column] = harmless(value)

    def _cells(self, p: Pending, cells: list[str]) -> None:
        plan = self.plans.get(len(cells)) or self._plan(len(cells))
        refs, values = p.refs, p.values
        if plan.ref is not None:
            p.ref = cells[plan.ref].strip() or None
        for i, column in plan.refs:
            refs[column] = cells[i].strip() or None
        for i, column in plan.ref_lists:
            refs[column] = split_list(cells[i])
        for i, column, given, empty in plan.plain:
            cell = cells[i].strip()
            if cell:
                values[column] = cell
            elif given:
                values[column] = empty
        for i, column, given, empty in plan.lists:
            cell = cells[i].strip()
            if cell:
                values[column] = split_list(cell)
            elif given:
                values[column] = empty

    def _plan(self, width: int) -> "_Plan":
        """What each of the first ``width`` columns of the header is (a short row gives fewer:
        the columns it leaves out are not given, as a key left out of a JSON row)."""
        assert self.header is not None
        plan = _Plan()
        for i, column in enumerate(self.header[:width]):
            if column == "ref":
                plan.ref = i
            elif column in self.many:
                plan.ref_lists.append((i, column))
            elif column in self.ref_columns:
                plan.refs.append((i, column))
            elif column in self.res.lists:
                plan.lists.append((i, column, *self.empties[column]))
            else:
                plan.plain.append((i, column, *self.empties[column]))
        self.plans[width] = plan
        return plan

    def _typed(self, p: Pending, raw: dict[str, Any], fail: Any) -> None:
        for column, cell in raw.items():
            if column not in self.known:
                fail(p, column, "unknown-column", f"{column!r} is not a column of {self.res.name}")
            elif column == "ref":
                p.ref = cell if isinstance(cell, str) else None if cell is None else str(cell)
            elif column in self.ref_columns:
                p.refs[column] = cell
            else:
                p.values[column] = cell


BAD_TEXT = "holds a NUL character or a lone surrogate, which no database keeps"


def bad_text(text: str) -> bool:
    if "\x00" in text:
        return True
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def bad_value(value: Any) -> bool:
    """Whether ``value`` (JSON: any nesting, walked without recursion) holds bad text."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if bad_text(item):
                return True
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item)
            stack.extend(item.values())
    return False


def harmless(value: Any) -> Any:
    """``value`` with bad text made safe to send in a query (the row is refused already)."""
    if isinstance(value, str):
        return value.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
    return None


class Bounds:
    """What each column of a resource's table holds, for the checks after the schema. A field
    whose schema already keeps it within its column (a ``max_length`` within the column's
    length, an enum's values, ``ge``/``le`` within its bits) is not checked again per row."""

    def __init__(self, res: Resource) -> None:
        self.checks: list[tuple[str, str, Any]] = []  # (field, kind, limit), in field order
        columns = {c.key: c.type for c in res.table.columns}
        free = _free_fields(res.create)
        for name, info in res.create.model_fields.items():
            kind = columns.get(name)
            if kind is None:
                continue
            if isinstance(kind, Integer):
                bits = (
                    63
                    if isinstance(kind, BigInteger)
                    else 15
                    if isinstance(kind, SmallInteger)
                    else 31
                )
                check: tuple[str, str, Any] = (name, "int", 2**bits)
            elif isinstance(kind, String) and kind.length:
                check = (name, "str", kind.length)
            elif isinstance(kind, Float):
                check = (name, "float", None)
            else:
                continue
            if name in free or not _within(info, *check[1:]):
                self.checks.append(check)

    def faults(self, data: dict[str, Any]) -> list[tuple[str, str]]:
        out = []
        for name, kind, limit in self.checks:
            value = data.get(name)
            if value is None or isinstance(value, bool):
                continue
            if kind == "int":
                if isinstance(value, int) and not -limit <= value < limit:
                    out.append((name, f"must be between {-limit:,} and {limit - 1:,}"))
            elif kind == "str":
                if isinstance(value, str) and len(value) > limit:
                    out.append((name, f"must be at most {limit:,} characters"))
            elif isinstance(value, float) and not math.isfinite(value):
                out.append((name, "must be a finite number"))
        return out


def _free_fields(model: type[BaseModel]) -> set[str]:
    """Fields a validator may change after the constraints were checked ("*": all of them)."""
    decorators = model.__pydantic_decorators__
    if any(d.info.mode != "before" for d in decorators.model_validators.values()):
        return set(model.model_fields)
    out: set[str] = set()
    for d in decorators.field_validators.values():
        if d.info.mode != "before":
            out.update(model.model_fields if "*" in d.info.fields else d.info.fields)
    return out


def _within(info: FieldInfo, kind: str, limit: Any) -> bool:
    """Whether the field's own constraints keep every valid value within its column."""
    items: list[Any] = list(info.metadata)
    base = info.annotation
    while True:
        if get_origin(base) in (Union, types.UnionType):
            args = [a for a in get_args(base) if a is not type(None)]
            if len(args) != 1:
                return False
            base = args[0]
        elif get_origin(base) is Annotated:
            base, *extra = get_args(base)
            items += [m for e in extra for m in (e.metadata if isinstance(e, FieldInfo) else [e])]
        else:
            break
    if any(isinstance(m, AFTER) for m in items):
        return False
    if kind == "str":
        if isinstance(base, type) and issubclass(base, Enum):
            return all(isinstance(v.value, str) and len(v.value) <= limit for v in base)
        return any(isinstance(m, MaxLen) and m.max_length <= limit for m in items)
    if kind == "int":
        low = [m.ge if isinstance(m, Ge) else m.gt for m in items if isinstance(m, Ge | Gt)]
        high = [m.le if isinstance(m, Le) else m.lt for m in items if isinstance(m, Le | Lt)]
        return all(isinstance(b, int) for b in low + high) and _inside(low, high, limit)
    return any(isinstance(m, AllowInfNan) and not m.allow_inf_nan for m in items)


def _inside(low: list[Any], high: list[Any], limit: int) -> bool:
    return bool(low and high) and max(low) >= -limit and min(high) < limit


AFTER = (AfterValidator, WrapValidator, PlainValidator)


_BOUNDS: dict[str, Bounds] = {}


def bounds(res: Resource) -> Bounds:
    return _BOUNDS.get(res.name) or _BOUNDS.setdefault(res.name, Bounds(res))


def column_faults(res: Resource, data: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, message) for each validated value its column cannot hold."""
    return bounds(res).faults(data)


@dataclass
class _Plan:
    ref: int | None = None
    refs: list[tuple[int, str]] = field(default_factory=list)
    ref_lists: list[tuple[int, str]] = field(default_factory=list)
    plain: list[tuple[int, str, bool, Any]] = field(default_factory=list)
    lists: list[tuple[int, str, bool, Any]] = field(default_factory=list)


def pydantic_errors(exc: ValidationError) -> list[tuple[str | None, str, str]]:
    """(field, type, message) for each error of a Create model."""
    out = []
    for e in exc.errors(include_url=False):
        loc = e["loc"]
        name = str(loc[0]) if loc else None
        msg = e["msg"]
        if len(loc) > 1:
            msg = f"{msg} (item {loc[1]})" if isinstance(loc[1], int) else msg
        out.append((name, "missing" if e["type"] == "missing" else "invalid", msg))
    return out
