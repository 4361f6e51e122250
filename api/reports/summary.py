"""A spend report as its reviewer reads it: each line beside its budget line, the totals, and
the team's indicator values measured inside the report's period."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.kit.scope import TeamScope
from api.models import Award, BudgetLine, Indicator, IndicatorPeriod, QualityGoal, SpendLine
from api.reports.service import reports


async def summary(
    conn: AsyncConnection, report_id: str, within: TeamScope | None
) -> dict[str, Any]:
    """The summary of a report the caller may read (another team's is missing: 404)."""
    report = await reports.read(conn, report_id, None, within)
    award = (
        await conn.execute(
            select(Award.identifier, Award.team_id, Award.currency).where(
                Award.id == report["award_id"]
            )
        )
    ).one()
    lines = [dict(r._mapping) for r in (await conn.execute(_lines(report_id))).all()]
    values = await conn.execute(
        select(
            Indicator.id.label("indicator_id"),
            Indicator.title,
            Indicator.unit,
            IndicatorPeriod.id.label("period_id"),
            IndicatorPeriod.period_start,
            IndicatorPeriod.period_end,
            IndicatorPeriod.actual_value.label("value"),
        )
        .join(Indicator, Indicator.id == IndicatorPeriod.indicator_id)
        .join(QualityGoal, QualityGoal.id == Indicator.quality_goal_id)
        .where(
            QualityGoal.team_id == award.team_id,
            IndicatorPeriod.period_start >= report["period_start"],
            IndicatorPeriod.period_end <= report["period_end"],
        )
        .order_by(Indicator.title, Indicator.id, IndicatorPeriod.period_start)
    )
    return {
        "report": report,
        "award_identifier": award.identifier,
        "team_id": award.team_id,
        "lines": lines,
        "totals": {
            "budgeted_pence": sum(line["budgeted_pence"] for line in lines),
            "spent_pence": sum(line["spent_pence"] for line in lines),
            "currency": award.currency,
        },
        "indicator_values": [dict(r._mapping) for r in values.all()],
    }


def _lines(report_id: str) -> Any:
    return (
        select(
            SpendLine.id,
            SpendLine.budget_line_id,
            BudgetLine.category,
            BudgetLine.period_start,
            BudgetLine.period_end,
            BudgetLine.description,
            BudgetLine.amount_pence.label("budgeted_pence"),
            SpendLine.amount_pence.label("spent_pence"),
        )
        .join(BudgetLine, BudgetLine.id == SpendLine.budget_line_id)
        .where(SpendLine.report_id == report_id)
        .order_by(BudgetLine.period_start, BudgetLine.category, SpendLine.id)
    )
