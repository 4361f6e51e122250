"""The programme's quality indicators on a day, counted (``GET .../results``).

3 queries whatever the team count, in one snapshot: the programme, its quality goals by dimension,
and its indicators classified in SQL (latest value on ``as_of`` against baseline and target, the
rules in ``replay``) and counted by (dimension, trend, target, since the previous period).

Improving since the previous period (the Results page states it): the latest value is better than
the baseline (``improving``) AND better than the value of the period measured before it; with a
single period measured, the baseline is the period before, so ``improving`` alone decides.
"""

from datetime import date

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Subquery

from api.dashboard.figures import (
    fetch_programme,
)
from api.dashboard.replay import (
    AnySelect,
    Row,
    snapshot,
)
from api.models import Indicator, IndicatorPeriod, QualityGoal, Team
from api.models.enums import Direction, QualityDimension

TRENDS = ("improving", "worsening", "no_change", "no_data")
TARGETS = {"met": "target_met", "not_met": "target_not_met"}


def _measured(in_programme: ColumnElement[bool], as_of: date) -> Subquery:
    """A subquery of each indicator's values measured by ``as_of``, latest first (``rank`` 1)."""
    return (
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


def classified_indicators(
    programme_id: str, as_of: date, team_ids: list[str] | None = None
) -> AnySelect:
    """(team_id, dimension, trend, target, since_previous) of each indicator of the programme's
    teams (or of ``team_ids``, already in it) on ``as_of``."""
    in_programme: ColumnElement[bool] = Team.programme_id == programme_id
    if team_ids is not None:
        in_programme = and_(in_programme, Team.id.in_(team_ids))
    measured = _measured(in_programme, as_of)
    previous = measured.alias("previous")
    value, baseline, target = measured.c.value, Indicator.baseline_value, Indicator.target_value
    before = previous.c.value
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
    since_previous = case(
        (before.is_(None), True),
        (and_(higher, value > before), True),
        (and_(~higher, value < before), True),
        else_=False,
    )
    return (
        select(
            Team.id.label("team_id"),
            QualityGoal.dimension.label("dimension"),
            trend.label("trend"),
            reached.label("target"),
            and_(trend == "improving", since_previous).label("since_previous"),
        )
        .join(QualityGoal, QualityGoal.id == Indicator.quality_goal_id)
        .join(Team, Team.id == QualityGoal.team_id)
        .outerjoin(measured, and_(measured.c.indicator_id == Indicator.id, measured.c.rank == 1))
        .outerjoin(previous, and_(previous.c.indicator_id == Indicator.id, previous.c.rank == 2))
        .where(in_programme)
    )


def counted(classified: AnySelect, *by: str) -> AnySelect:
    """``classified`` counted by ``by`` columns, then trend, target and since_previous."""
    sub = classified.subquery()
    keys = [sub.c[k] for k in (*by, "trend", "target")]
    improving_both = func.sum(case((sub.c.since_previous, 1), else_=0))
    return select(*keys, func.count(), improving_both).group_by(*keys)


def add_counts(counts: dict[str, int], trend: str, target: str, n: int, both: int) -> None:
    counts["total"] += n
    counts[trend] += n
    counts["improving_since_previous"] += int(both or 0)
    if target in TARGETS:
        counts[TARGETS[target]] += n


async def programme_results(conn: AsyncConnection, programme_id: str, as_of: date) -> Row:
    in_programme = Team.programme_id == programme_id
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
        rows = (
            await conn.execute(counted(classified_indicators(programme_id, as_of), "dimension"))
        ).all()
    by_dimension = {d: zero_counts() for d in QualityDimension}
    for dimension, trend_, target_, n, both in rows:
        add_counts(by_dimension[QualityDimension(dimension)], trend_, target_, n, both)
    overall = zero_counts()
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


def zero_counts() -> dict[str, int]:
    return dict.fromkeys(("total", *TRENDS, "improving_since_previous", *TARGETS.values()), 0)
