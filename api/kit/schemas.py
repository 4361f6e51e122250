"""Schema bases: strict inputs (unknown fields refused), reads with the common row fields."""

import copy
from datetime import datetime
from typing import Annotated, Any, Optional

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    create_model,
)
from pydantic_core import PydanticCustomError

from api.pagination import DEFAULT_LIMIT, MAX_LIMIT

EXAMPLE_ID = "0190d7a4-8c6e-7cc3-9a51-3f1e2d4c5b6a"
REF_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:/-]*$"

# ---- numbers ---------------------------------------------------------------------------------
# Bounds far inside the columns: sums of millions of amounts stay within 64 bits, so no total
# in a read model can overflow; measures stay far from float's limits.
MAX_PENCE = 1_000_000_000_000  # £10 billion
MAX_COUNT = 2_147_483_647  # a 32-bit column
MAX_MEASURE = 1e12
# The load engine validates with this context: CSV cells are text ("100"), JSON bodies are not.
LOADING = {"loading": True}


def _number(value: Any, info: ValidationInfo) -> Any:
    """JSON numbers only: ``true`` is not 1 and ``"100"`` is not 100 (except in a file's cells)."""
    if isinstance(value, bool):
        raise PydanticCustomError("number_type", "Input should be a number, not true or false")
    if isinstance(value, str) and not (info.context or {}).get("loading"):
        raise PydanticCustomError("number_type", "Input should be a JSON number, not text")
    return value


def _whole(value: Any, info: ValidationInfo) -> Any:
    value = _number(value, info)
    if isinstance(value, float) and not (info.context or {}).get("loading"):
        raise PydanticCustomError("int_type", "Input should be a whole number, without a point")
    return value


def _plain_zero(value: float) -> float:
    return value + 0.0  # -0.0 becomes 0.0: the same value stored and shown one way


# The bounds sit inside the Annotated, before the validator, so they stay JSON Schema keywords
# (OpenAPI shows them) and a merge patch's null never meets them.
Pence = Annotated[int, Field(gt=0, le=MAX_PENCE), BeforeValidator(_whole)]
"""Money in minor units: a JSON integer from 1 to ``MAX_PENCE``."""
Count = Annotated[int, Field(ge=0, le=MAX_COUNT), BeforeValidator(_whole)]
"""How many: a JSON integer that a 32-bit column holds."""
Ordinal = Annotated[int, Field(ge=1, le=MAX_COUNT), BeforeValidator(_whole)]
"""A number from 1 (a round, a most-allowed)."""
Finite = Annotated[
    float,
    Field(allow_inf_nan=False, ge=-MAX_MEASURE, le=MAX_MEASURE),
    BeforeValidator(_number),
    AfterValidator(_plain_zero),
]
"""A measured value: finite, within ±``MAX_MEASURE``, never −0.0."""
Hours = Annotated[
    float,
    Field(allow_inf_nan=False, ge=0, le=100_000),
    BeforeValidator(_number),
    AfterValidator(_plain_zero),
]
"""Contact hours: 0 to 100,000."""


class Schema(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class InSchema(BaseModel):
    """Request bodies: an unknown field is an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    ref: str | None = Field(
        None,
        max_length=100,
        pattern=REF_PATTERN,
        description="Your own key for this row, unique within its parent; defaults to the id.",
        examples=["team-oxford"],
    )


class RowRead(Schema):
    model_config = ConfigDict(from_attributes=True, extra="forbid")

    id: str = Field(
        description="Stable opaque id.", examples=["0190d7a4-8c6e-7cc3-9a51-3f1e2d4c5b6a"]
    )
    ref: str = Field(description="Caller-owned key, unique within its parent.", examples=["m-01"])
    created_at: datetime = Field(
        description="When the row was created (UTC).", examples=["2026-11-26T09:00:00+00:00"]
    )
    updated_at: datetime = Field(
        description="When the row last changed (UTC).", examples=["2026-11-26T09:00:00+00:00"]
    )
    version: int = Field(description="Bumped by every change; the ETag.", examples=[1])


class ListParams(BaseModel):
    """Query parameters every list shares; resources add their filters."""

    model_config = ConfigDict(extra="forbid")

    limit: int = Field(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Rows per page.", examples=[50]
    )
    cursor: str | None = Field(
        None, description="Opaque cursor from `next_cursor` of the previous page."
    )
    sort: str | None = Field(
        None,
        description="Comma-separated fields, `-` for descending; `id` breaks ties.",
        examples=["due_date,-id"],
    )


class SearchParams(ListParams):
    """Lists of resources with searchable text also take ``q``."""

    q: str | None = Field(
        None,
        max_length=200,
        description="Case-insensitive text search in titles and names (% and _ match literally).",
        examples=["learning"],
    )


def update_model(create: type[InSchema], name: str, immutable: frozenset[str]) -> type[BaseModel]:
    """The PATCH body: every field of ``create`` optional (merge patch), minus immutable ones."""
    fields: dict[str, Any] = {}
    for field_name, info in create.model_fields.items():
        if field_name in immutable:
            continue
        optional = copy.copy(info)
        optional.default = None
        optional.default_factory = None
        # Constraints and validators stay on the value: ``le`` must not meet a merge patch's null.
        inner: Any = (
            Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        )
        optional.metadata = []
        fields[field_name] = (Optional[inner], optional)  # noqa: UP045
    model: type[BaseModel] = create_model(
        name,
        __config__=ConfigDict(extra="forbid", str_strip_whitespace=True),
        __doc__=f"Merge patch for {create.__name__}: send only the fields to change.",
        **fields,
    )
    return model


def page_model(read: type[BaseModel], name: str) -> type[BaseModel]:
    model: type[BaseModel] = create_model(
        name,
        items=(list[read], Field(description="This page's rows.")),  # type: ignore[valid-type]
        next_cursor=(
            str | None,
            Field(
                description="Pass as `cursor` for the next page; null on the last page.",
                examples=["eyJzIjoiZHVlX2RhdGUsaWQiLCJ2IjpbIjIwMTMtMDMtMzEiXX0"],
            ),
        ),
    )
    return model
