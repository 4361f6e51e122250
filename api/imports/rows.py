"""One row on its way through a load: from the cells of a record to the columns it writes.

Cells of text formats (CSV, XLSX) follow one rule: an empty cell is null when the field allows
null, else the field's default when it has one, else missing (and refused if required). List
cells hold ``a|b|c`` or a JSON array. JSON rows are typed already: a key left out is a field
not set (on an update it keeps its value), as in a PATCH.
"""

import json
import types
from typing import Any, Union, get_args, get_origin

from pydantic import ValidationError
from pydantic.fields import FieldInfo

from api.imports.resources import Resource


class Pending:
    """One row on its way through a batch (a plain slotted class: a million are made)."""

    __slots__ = (
        "line", "ref", "values", "refs", "parent_id", "programme_id", "id", "row", "links",
        "before", "outcome", "failed",
    )  # fmt: skip

    def __init__(self, line: int) -> None:
        self.line = line
        self.ref: str | None = None
        self.values: dict[str, Any] = {}  # plain fields, as the schema takes them
        self.refs: dict[str, Any] = {}  # *_ref columns: a ref, or a list of refs
        self.parent_id: str | None = None
        self.programme_id: str | None = None
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
        except json.JSONDecodeError:
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
    """Turns records of one resource into ``Pending`` rows (errors go to ``fail``)."""

    def __init__(self, res: Resource, text: bool) -> None:
        self.res = res
        self.text = text
        self.empties = {n: empty_value(f) for n, f in res.fields.items()}
        self.known = set(res.columns)
        self.ref_columns = {c for c in res.columns if c.endswith(("_ref", "_refs")) and c != "ref"}
        self.many = {c for c, r in res.references.items() if r.many}

    def shape(self, line: int, raw: dict[str, Any], fail: Any) -> Pending:
        p = Pending(line)
        if self.text:
            self._text(p, raw)
        else:
            self._typed(p, raw, fail)
        if not p.ref:
            fail(p, "ref", "missing", "ref is required: loads upsert rows by it")
        return p

    def _text(self, p: Pending, raw: dict[str, str]) -> None:
        """Cells of a header already checked against the columns."""
        values, refs, empties, lists = p.values, p.refs, self.empties, self.res.lists
        for column, cell in raw.items():
            cell = cell.strip()
            if column in self.ref_columns:
                refs[column] = split_list(cell) if column in self.many else cell or None
            elif column == "ref":
                p.ref = cell or None
            elif not cell:
                given, value = empties[column]
                if given:
                    values[column] = value
            elif column in lists:
                values[column] = split_list(cell)
            else:
                values[column] = cell

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
