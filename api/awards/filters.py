"""The list filters every resource of an award shares (payments, budget lines): by programme,
team or award, through the row's ``award_id``."""

from typing import Any

from sqlalchemy import select

from api.kit.reads import Filter
from api.models import Award, Team


def award_filters(award_id: Any) -> dict[str, Filter]:
    """``programme_id``, ``team_id`` and ``award_id`` filters for a table's ``award_id`` column."""
    return {
        "programme_id": lambda v: award_id.in_(
            select(Award.id).join(Team, Team.id == Award.team_id).where(Team.programme_id == v)
        ),
        "team_id": lambda v: award_id.in_(select(Award.id).where(Award.team_id == v)),
        "award_id": lambda v: award_id == v,
    }
