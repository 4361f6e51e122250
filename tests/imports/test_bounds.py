"""The column checks after the schema: a field is skipped only when its schema keeps every valid
value within its column; anything a validator may change afterwards is checked again."""

from enum import StrEnum
from types import SimpleNamespace
from typing import Annotated, Any

from pydantic import AfterValidator, Field, model_validator
from sqlalchemy import BigInteger, Column, Float, Integer, MetaData, String, Table

from api.imports.resources import RESOURCES
from api.imports.rows import Bounds
from api.kit.schemas import InSchema


class Size(StrEnum):
    small = "small"
    enormous = "enormous"


TABLE = Table(
    "bounded",
    MetaData(),
    Column("short", String(5)),
    Column("long", String(5)),
    Column("size", String(5)),
    Column("count", Integer),
    Column("open_count", Integer),
    Column("big", BigInteger),
    Column("measure", Float),
    Column("finite", Float),
    Column("shouted", String(5)),
)


def _shout(value: str) -> str:
    return value * 3


class Bounded(InSchema):
    short: str = Field(max_length=5)
    long: str = Field(max_length=6)
    size: Size
    count: int = Field(ge=0, le=100)
    open_count: int = Field(ge=0)
    big: Annotated[int, Field(gt=0)] | None = Field(None, le=2**62)
    measure: float
    finite: float = Field(allow_inf_nan=False)
    shouted: Annotated[str, Field(max_length=2), AfterValidator(_shout)]


def checked(model: type[InSchema]) -> list[str]:
    res: Any = SimpleNamespace(table=TABLE, create=model)
    return [name for name, _kind, _limit in Bounds(res).checks]


def test_only_fields_the_schema_does_not_bound_are_checked() -> None:
    assert checked(Bounded) == ["long", "size", "open_count", "measure", "shouted"]


def test_a_model_validator_after_the_fields_leaves_every_field_checked() -> None:
    class Rewritten(Bounded):
        @model_validator(mode="after")
        def rewrite(self) -> "Rewritten":
            return self

    assert checked(Rewritten) == [n for n in Bounded.model_fields if n != "ref"]


def test_the_checks_still_refuse_what_a_column_cannot_hold() -> None:
    res: Any = SimpleNamespace(table=TABLE, create=Bounded)
    data = {"long": "sixsix", "shouted": "ababab", "open_count": 2**31, "measure": float("inf")}
    assert [name for name, _ in Bounds(res).faults(data)] == [
        "long",
        "open_count",
        "measure",
        "shouted",
    ]


def test_every_resource_keeps_its_checks_sound() -> None:
    """Each field left unchecked has a schema bound within its column, or is an enum."""
    for res in RESOURCES.values():
        kept = {name for name, _kind, _limit in Bounds(res).checks}
        for column in res.table.columns:
            if column.key in res.create.model_fields and column.key not in kept:
                info = res.create.model_fields[column.key]
                assert info.metadata or info.annotation is not str, (res.name, column.key)
