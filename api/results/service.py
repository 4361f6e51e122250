from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import RuleBroken
from api.kit.changes import Change, Memo, Verdicts, each
from api.kit.rules import in_order
from api.kit.service import CrudService
from api.models import Indicator, IndicatorPeriod, QualityGoal
from api.results.schemas import IndicatorRead, PeriodRead, QualityGoalRead


class GoalNeedsBothSides(RuleBroken):
    type = "goal-needs-both-sides"
    title = "A quality goal needs at least one corporate and one clinical service"


class QualityGoalService(CrudService[QualityGoal]):
    model = QualityGoal
    read_schema = QualityGoalRead
    filters = {
        "team_id": lambda v: QualityGoal.team_id == v,
        "dimension": lambda v: QualityGoal.dimension == v,
    }
    sortable = ("dimension", "created_at")
    default_sort = "created_at"
    search = ("statement",)

    async def check_rows(
        self, session: AsyncSession, changes: Sequence[Change], memo: Memo | None = None
    ) -> Verdicts:
        def check(change: Change) -> None:
            # The programme's premise: corporate and clinical services working on one goal.
            for field in ("corporate_services", "clinical_services"):
                values = [v for v in change.row[field] if str(v).strip()]
                if not values:
                    raise GoalNeedsBothSides(f"{field} must name at least one service", field=field)
                if len(set(values)) != len(values):
                    raise RuleBroken(f"{field} names a service twice", field=field)

        return each(changes, check)


class IndicatorService(CrudService[Indicator]):
    model = Indicator
    read_schema = IndicatorRead
    filters = {"quality_goal_id": lambda v: Indicator.quality_goal_id == v}
    sortable = ("title", "created_at")
    default_sort = "title"
    search = ("title",)


class PeriodService(CrudService[IndicatorPeriod]):
    model = IndicatorPeriod
    read_schema = PeriodRead
    filters = {
        "from_date": lambda v: IndicatorPeriod.period_start >= v,
        "to_date": lambda v: IndicatorPeriod.period_end <= v,
    }
    sortable = ("period_start", "period_end")
    default_sort = "period_start"

    async def check_rows(
        self, session: AsyncSession, changes: Sequence[Change], memo: Memo | None = None
    ) -> Verdicts:
        # Periods may fall after the programme window: that is how sustainability shows.
        return each(
            changes, lambda c: in_order(c.row["period_start"], c.row["period_end"], "period_end")
        )


quality_goals = QualityGoalService()
indicators = IndicatorService()
periods = PeriodService()
