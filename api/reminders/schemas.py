"""A person's reminder preferences as the API shows and takes them."""

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool
from pydantic_core import PydanticCustomError

DEFAULTS = {"enabled": True, "days_ahead": 14, "include_overdue": True}  # the model's defaults
MAX_DAYS_AHEAD = 90


def _whole(value: Any) -> Any:
    """A JSON integer: ``true`` is not 1, ``"7"`` and ``7.0`` are not 7."""
    if isinstance(value, bool | str | float):
        raise PydanticCustomError("int_type", "Input should be a whole JSON number")
    return value


# The bounds sit before the validator so that OpenAPI shows them (and null never meets them).
DaysAhead = Annotated[int, Field(ge=1, le=MAX_DAYS_AHEAD), BeforeValidator(_whole)]


class ReminderPreferencesRead(BaseModel):
    """Your reminder preferences (the defaults until you change one)."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = Field(description="Send me a daily digest.", examples=[True])
    days_ahead: int = Field(
        description="Items due within this many days count as due soon.", examples=[14]
    )
    include_overdue: bool = Field(
        description="List items whose due date has passed, too.", examples=[True]
    )


class ReminderPreferencesUpdate(BaseModel):
    """Merge patch: only the fields sent change; `null` puts a field back to its default."""

    model_config = ConfigDict(extra="forbid")

    enabled: StrictBool | None = Field(
        None, description="Send me a daily digest (default true).", examples=[False]
    )
    days_ahead: DaysAhead | None = Field(
        None,
        description=f"Due soon means within this many days: 1 to {MAX_DAYS_AHEAD} (default 14).",
        examples=[7],
    )
    include_overdue: StrictBool | None = Field(
        None, description="List overdue items too (default true).", examples=[False]
    )
