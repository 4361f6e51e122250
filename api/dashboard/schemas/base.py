"""What every read model shares: the strict base, field descriptions, and fields said the same way
in several models (declared once here so their descriptions cannot drift apart)."""

from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from api.models.enums import TeamStatus

ID = "0190d7a4-8c6e-7cc3-9a51-3f1e2d4c5b6a"


def described(description: str, example: Any) -> Any:
    return Field(description=description, examples=[example])


class MilestoneStatusAsOf(StrEnum):
    """A milestone's status replayed on a day: `achieved` if achieved and completed by then;
    `cancelled` / `deferred` if so decided by then (or on a day not recorded); `late` if due
    before the day; otherwise
    `in_progress` if recorded so now, else `planned` (rules: ``api.dashboard.replay``)."""

    planned = "planned"
    in_progress = "in_progress"
    achieved = "achieved"
    late = "late"
    deferred = "deferred"
    cancelled = "cancelled"


class ReadModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


AsOf = Annotated[date, described("The day replayed.", "2013-12-31")]
TeamId = Annotated[str, described("The team's id.", ID)]
TeamName = Annotated[str, described("Team name.", "Synthetic Team 3 (demo)")]
TeamStatusAsOf = Annotated[
    TeamStatus,
    described(
        "Replayed: `completed` / `withdrawn` from the day it changed (or always, when that day "
        "was not recorded), otherwise `active`.",
        "active",
    ),
]
StatusUndated = Annotated[
    bool,
    described(
        "True when the status shown rests on a decision whose date was not recorded (shown as "
        "recorded, whatever `as_of`): the screen says 'date not recorded'.",
        False,
    ),
]


class NamedTeam(ReadModel):
    """A team by its id and name: the first fields of every per-team row."""

    id: TeamId
    name: TeamName
