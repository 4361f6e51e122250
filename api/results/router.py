from api.kit.router import crud_router
from api.results import schemas as s
from api.results.service import indicators, periods, quality_goals

goal_router = crud_router(
    prefix="/quality-goals",
    tag="quality-goals",
    service=quality_goals,
    create=s.QualityGoalCreate,
    read=s.QualityGoalRead,
    params=s.QualityGoalParams,
)
indicator_router = crud_router(
    prefix="/indicators",
    tag="indicators",
    service=indicators,
    create=s.IndicatorCreate,
    read=s.IndicatorRead,
    params=s.IndicatorParams,
)
period_router = crud_router(
    prefix="/indicators/{indicator_id}/periods",
    tag="indicator-periods",
    service=periods,
    create=s.PeriodCreate,
    read=s.PeriodRead,
    params=s.PeriodParams,
    parent="indicator_id",
)
