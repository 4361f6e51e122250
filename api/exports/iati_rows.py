"""The rows of the IATI export (``api.exports.iati``): a programme's awards with their team,
award holder and funder, streamed, with their current terms (``api.awards.terms``); then, for
a chunk of them, their budget lines, paid payments, approved amendments, the teams' quality
goals with indicators, and the indicators' measured periods (one query each)."""

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.awards.terms import amended_amount, amended_end, amended_start
from api.models import (
    Award,
    AwardAmendment,
    BudgetLine,
    Indicator,
    IndicatorPeriod,
    Organisation,
    Payment,
    Programme,
    QualityGoal,
    Team,
)
from api.models.enums import AmendmentStatus, PaymentStatus


def awards(programme_id: str) -> Any:
    lead = Organisation.__table__.alias("lead")
    funder = Organisation.__table__.alias("funder")
    return (
        select(Award.id, Award.identifier, Award.amount_pence, Award.currency, Award.status)
        .add_columns(Award.award_date, Award.planned_start_date, Award.planned_end_date)
        .add_columns(Award.actual_start_date, Award.actual_end_date, Award.activated_on)
        .add_columns(Award.closed_on, Award.updated_at, Award.team_id)
        .add_columns(amended_amount().label("amended_amount_pence"))
        .add_columns(amended_start().label("amended_start_date"))
        .add_columns(amended_end().label("amended_end_date"))
        .add_columns(Team.project_title, Team.summary, Team.updated_at.label("team_updated_at"))
        .add_columns(lead.c.org_identifier.label("lead_id"), lead.c.name.label("lead_name"))
        .add_columns(lead.c.kind.label("lead_kind"), funder.c.kind.label("funder_kind"))
        .add_columns(funder.c.org_identifier.label("funder_id"), funder.c.name.label("funder_name"))
        .join(Team, Team.id == Award.team_id)
        .join(Programme, Programme.id == Team.programme_id)
        .join(lead, lead.c.id == Team.lead_organisation_id)
        .join(funder, funder.c.id == Programme.funder_id)
        .where(Team.programme_id == programme_id)
        .order_by(Award.identifier)
    )


async def paid(conn: AsyncConnection, award_ids: list[str]) -> dict[str, list[Any]]:
    stmt = (
        select(Payment.award_id, Payment.ref, Payment.amount_pence, Payment.currency)
        .add_columns(Payment.paid_date, Payment.updated_at)
        .where(Payment.award_id.in_(award_ids), Payment.status == PaymentStatus.paid)
        .order_by(Payment.paid_date, Payment.ref)
    )
    out: dict[str, list[Any]] = {}
    for row in await conn.execute(stmt):
        out.setdefault(row.award_id, []).append(row)
    return out


async def amendments(conn: AsyncConnection, award_ids: list[str]) -> dict[str, list[Any]]:
    """The awards' approved amendments, in the order they apply."""
    stmt = (
        select(AwardAmendment.award_id, AwardAmendment.ref, AwardAmendment.amount_change_pence)
        .add_columns(AwardAmendment.currency, AwardAmendment.effective_date)
        .add_columns(AwardAmendment.updated_at)
        .where(AwardAmendment.award_id.in_(award_ids))
        .where(AwardAmendment.status == AmendmentStatus.approved)
        .order_by(AwardAmendment.effective_date, AwardAmendment.id)
    )
    out: dict[str, list[Any]] = {}
    for row in await conn.execute(stmt):
        out.setdefault(row.award_id, []).append(row)
    return out


async def budgets(conn: AsyncConnection, award_ids: list[str]) -> dict[str, list[Any]]:
    stmt = (
        select(BudgetLine.award_id, BudgetLine.period_start, BudgetLine.period_end)
        .add_columns(BudgetLine.amount_pence, BudgetLine.updated_at)
        .where(BudgetLine.award_id.in_(award_ids))
        .order_by(BudgetLine.period_start, BudgetLine.period_end, BudgetLine.ref)
    )
    out: dict[str, list[Any]] = {}
    for row in await conn.execute(stmt):
        out.setdefault(row.award_id, []).append(row)
    return out


async def goals(conn: AsyncConnection, team_ids: list[str]) -> dict[str, list[Any]]:
    stmt = (
        select(QualityGoal.team_id, QualityGoal.id.label("goal_id"), QualityGoal.statement)
        .add_columns(QualityGoal.dimension, QualityGoal.updated_at.label("goal_updated_at"))
        .add_columns(Indicator.id.label("indicator_id"), Indicator.title, Indicator.unit)
        .add_columns(Indicator.measure, Indicator.direction, Indicator.baseline_value)
        .add_columns(Indicator.baseline_date, Indicator.target_value, Indicator.target_date)
        .add_columns(Indicator.updated_at.label("indicator_updated_at"))
        .join(Indicator, Indicator.quality_goal_id == QualityGoal.id)
        .where(QualityGoal.team_id.in_(team_ids))
        .order_by(QualityGoal.ref, QualityGoal.id, Indicator.ref, Indicator.id)
    )
    out: dict[str, list[Any]] = {}
    for row in await conn.execute(stmt):
        out.setdefault(row.team_id, []).append(row)
    return out


async def periods(conn: AsyncConnection, indicator_ids: list[str]) -> dict[str, list[Any]]:
    stmt = (
        select(IndicatorPeriod.indicator_id, IndicatorPeriod.period_start)
        .add_columns(IndicatorPeriod.period_end, IndicatorPeriod.actual_value)
        .add_columns(IndicatorPeriod.comment, IndicatorPeriod.updated_at)
        .where(IndicatorPeriod.indicator_id.in_(indicator_ids))
        .order_by(IndicatorPeriod.period_start, IndicatorPeriod.period_end, IndicatorPeriod.ref)
    )
    out: dict[str, list[Any]] = {}
    for row in await conn.execute(stmt):
        out.setdefault(row.indicator_id, []).append(row)
    return out


async def find_programme(conn: AsyncConnection, key: str, *, by_ref: bool = False) -> Any:
    """The programme with id ``key`` (or, ``by_ref``, its ref or code), or None."""
    match = Programme.id == key
    if by_ref:
        match = or_(match, Programme.ref == key, Programme.code == key)
    stmt = select(Programme.id, Programme.ref).where(match).order_by(Programme.id).limit(1)
    return (await conn.execute(stmt)).first()
