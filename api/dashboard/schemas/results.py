"""``GET /programmes/{id}/results``: the programme's quality indicators counted on `as_of`."""

from pydantic import Field

from api.dashboard.schemas.base import AsOf, ReadModel, described
from api.dashboard.schemas.parts import ProgrammeWindow
from api.models.enums import QualityDimension


class ResultCounts(ReadModel):
    """Indicators by where their latest value on `as_of` stands."""

    total: int = described("Indicators.", 24)
    improving: int = described("Latest value better than the baseline.", 11)
    worsening: int = described("Latest value worse than the baseline.", 3)
    no_change: int = described("Latest value equal to the baseline.", 1)
    no_data: int = described("No value measured by `as_of`, or no baseline.", 9)
    improving_since_previous: int = described(
        "Improving, and better than the period measured before the latest (with one period "
        "measured, improving alone).",
        8,
    )
    target_met: int = described("Latest value at or beyond the target.", 6)
    target_not_met: int = described("Latest value short of the target.", 8)


class DimensionResults(ResultCounts):
    """The indicators of the goals serving one quality dimension."""

    dimension: QualityDimension = described("The quality dimension.", "safe")
    goals: int = described("Quality goals serving it.", 4)


class ProgrammeResults(ReadModel):
    """The programme's quality indicators as they stood on `as_of`."""

    as_of: AsOf
    programme: ProgrammeWindow
    indicators: ResultCounts = Field(description="Every indicator of the programme's teams.")
    by_dimension: list[DimensionResults] = Field(
        description="The same by quality dimension, all six in order (safe, effective, "
        "person-centred, timely, efficient, equitable)."
    )
