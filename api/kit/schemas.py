"""Schema bases: strict inputs (unknown fields refused), reads with the common row fields."""

import copy
from datetime import datetime
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field, create_model

from api.pagination import DEFAULT_LIMIT, MAX_LIMIT

EXAMPLE_ID = "0190d7a4-8c6e-7cc3-9a51-3f1e2d4c5b6a"
REF_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:/-]*$"


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
        fields[field_name] = (Optional[info.annotation], optional)  # noqa: UP045
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
