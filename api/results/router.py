from api.results.resource import INDICATOR_PERIODS, INDICATORS, QUALITY_GOALS

goal_router = QUALITY_GOALS.router()
indicator_router = INDICATORS.router()
period_router = INDICATOR_PERIODS.router()
