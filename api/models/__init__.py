"""Every table, imported here so ``Base.metadata`` is complete for Alembic and the services."""

from api.models.base import Base, RowMixin
from api.models.evidence import Evidence
from api.models.funding import Award, Payment
from api.models.milestone import Milestone, milestone_dependencies
from api.models.organisation import Organisation
from api.models.programme import Programme
from api.models.results import Indicator, IndicatorPeriod, QualityGoal
from api.models.support import SupportActivity, support_activity_teams
from api.models.team import Team, TeamPartner

__all__ = [
    "Award",
    "Base",
    "Evidence",
    "Indicator",
    "IndicatorPeriod",
    "Milestone",
    "Organisation",
    "Payment",
    "Programme",
    "QualityGoal",
    "RowMixin",
    "SupportActivity",
    "Team",
    "TeamPartner",
    "milestone_dependencies",
    "support_activity_teams",
]
