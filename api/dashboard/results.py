"""The programme's quality indicators on a day, counted (``GET .../results``).

3 queries whatever the team count, in one snapshot: the programme, its quality goals by dimension,
and its indicators classified in SQL (latest value on ``as_of`` against baseline and target, the
rules in ``replay``) and counted by (dimension, trend, target).
"""

from datetime import date

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.dashboard.replay import Row, fetch_programme, snapshot
from api.models import Indicator, IndicatorPeriod, QualityGoal, Team
from api.models.enums import Direction, QualityDimension

TRENDS = ("improving", "worsening", "no_change", "no_data")
TARGETS = {"met": "target_met", "not_met": "target_not_met"}


async def programme_results(conn: AsyncConnection, programme_id: str, as_of: date) -> Row:
    in_programme = Team.programme_id == programme_id
    measured = (
        select(
            IndicatorPeriod.indicator_id,
            IndicatorPeriod.actual_value.label("value"),
            func.row_number()
            .over(
                partition_by=IndicatorPeriod.indicator_id,
                order_by=(IndicatorPeriod.period_start.desc(), IndicatorPeriod.id.desc()),
            )
            .label("rank"),
        )
        .where(
            IndicatorPeriod.period_end <= as_of,
            IndicatorPeriod.actual_value.is_not(None),
            # Only this programme's indicators: the ranking's cost follows the programme.
            IndicatorPeriod.indicator_id.in_(
                select(Indicator.id)
                .join(QualityGoal, QualityGoal.id == Indicator.quality_goal_id)
                .join(Team, Team.id == QualityGoal.team_id)
                .where(in_programme)
            ),
        )
        .subquery()
    )
    value, baseline, target = measured.c.value, Indicator.baseline_value, Indicator.target_value
    higher = Indicator.direction == Direction.higher_is_better
    trend = case(
        (or_(value.is_(None), baseline.is_(None)), "no_data"),
        (value == baseline, "no_change"),
        (and_(higher, value > baseline), "improving"),
        (and_(~higher, value < baseline), "improving"),
        else_="worsening",
    )
    reached = case(
        (or_(value.is_(None), target.is_(None)), "none"),
        (and_(higher, value >= target), "met"),
        (and_(~higher, value <= target), "met"),
        else_="not_met",
    )
    classified = (
        select(
            QualityGoal.dimension.label("dimension"),
            trend.label("trend"),
            reached.label("target"),
        )
        .join(QualityGoal, QualityGoal.id == Indicator.quality_goal_id)
        .join(Team, Team.id == QualityGoal.team_id)
        .outerjoin(measured, and_(measured.c.indicator_id == Indicator.id, measured.c.rank == 1))
        .where(in_programme)
        .subquery()
    )
    async with snapshot(conn):
        programme = await fetch_programme(conn, programme_id)
        goals = dict(
            (
                await conn.execute(
                    select(QualityGoal.dimension, func.count())
                    .join(Team, Team.id == QualityGoal.team_id)
                    .where(in_programme)
                    .group_by(QualityGoal.dimension)
                )
            ).all()
        )
        counted = (
            await conn.execute(
                select(
                    classified.c.dimension, classified.c.trend, classified.c.target, func.count()
                ).group_by(classified.c.dimension, classified.c.trend, classified.c.target)
            )
        ).all()
    by_dimension = {d: _zero() for d in QualityDimension}
    for dimension, trend_, target_, n in counted:
        counts = by_dimension[QualityDimension(dimension)]
        counts["total"] += n
        counts[trend_] += n
        if target_ in TARGETS:
            counts[TARGETS[target_]] += n
    overall = _zero()
    for counts in by_dimension.values():
        for key, n in counts.items():
            overall[key] += n
    return {
        "as_of": as_of,
        "programme": programme,
        "indicators": overall,
        "by_dimension": [
            {"dimension": d, "goals": int(goals.get(d, 0))} | counts
            for d, counts in by_dimension.items()
        ],
    }


def _zero() -> dict[str, int]:
    return dict.fromkeys(("total", *TRENDS, *TARGETS.values()), 0)
