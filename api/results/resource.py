"""Results: each team's quality goals, their indicators and the indicators' measured periods."""

from api.auth.grants import EVERYONE, MANAGERS, TEAM_WORK, Grant, R, W
from api.kit.resource import Resource
from api.kit.scope import through
from api.models import Indicator, IndicatorPeriod, QualityGoal
from api.results import schemas as s
from api.results.service import indicators, periods, quality_goals

QUALITY_GOALS = Resource(
    name="quality-goals",
    service=quality_goals,
    create=s.QualityGoalCreate,
    read=s.QualityGoalRead,
    params=s.QualityGoalParams,
    # Team-scoped reads, but only managers write a team's goal.
    grant=Grant({R: EVERYONE, W: MANAGERS}, team_scoped=True, public=True),
    description="Each team's common corporate-clinical goal.",
    owner=through(QualityGoal.team_id),
)
INDICATORS = Resource(
    name="indicators",
    service=indicators,
    create=s.IndicatorCreate,
    read=s.IndicatorRead,
    params=s.IndicatorParams,
    grant=Grant({R: EVERYONE, W: TEAM_WORK}, team_scoped=True, public=True),
    description="Measures of a quality goal, with baseline and target.",
    owner=through(Indicator.quality_goal_id, QualityGoal.team_id),
)
INDICATOR_PERIODS = Resource(
    name="indicator-periods",
    service=periods,
    create=s.PeriodCreate,
    read=s.PeriodRead,
    params=s.PeriodParams,
    grant=Grant({R: EVERYONE, W: TEAM_WORK}, team_scoped=True, public=True),
    description="Measured values of an indicator over time.",
    owner=through(IndicatorPeriod.indicator_id, Indicator.quality_goal_id, QualityGoal.team_id),
    parent="indicator_id",
    aliases=("periods",),
    # The contract's spellings: nested under its indicator; "period", period_id, period_ref.
    path="/indicators/{indicator_id}/periods",
    singular="period",
)
