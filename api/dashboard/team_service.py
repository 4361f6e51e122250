"""The team read model: one team as it stood on a day (``as_of``), in a constant number of queries.

Like ``service``, every section is one query in one snapshot; nesting (goals, indicators, periods;
awards, payments) is assembled in memory from those rows. The replay rules are in ``replay``.
"""

from datetime import date
from typing import Any

from sqlalchemy import and_, case, select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.dashboard.replay import (
    PROGRAMME_COLUMNS,
    UNPAID,
    Row,
    award_status_as_of,
    award_undated_as_of,
    funding,
    milestone_counts,
    milestone_rows,
    milestones_select,
    payment_paid_by,
    payment_status_as_of,
    snapshot,
    support_by_type,
    support_status_as_of,
    sustainability_as_of,
    team_changed_on_as_of,
    team_status_as_of,
    team_undated_as_of,
)
from api.errors import NotFound
from api.models import (
    Award,
    Evidence,
    Indicator,
    IndicatorPeriod,
    Milestone,
    Organisation,
    Payment,
    Programme,
    QualityGoal,
    SupportActivity,
    SustainabilityCheckin,
    Team,
    TeamPartner,
    support_activity_teams,
)
from api.models.enums import PartnerRole

links = support_activity_teams.c


def team_columns(as_of: date) -> tuple[Any, ...]:
    return (
        Team.id,
        Team.name,
        Team.project_title,
        Team.summary,
        team_status_as_of(as_of).label("status"),
        team_changed_on_as_of(as_of).label("status_changed_on"),
        team_undated_as_of(as_of).label("status_undated"),
        Team.provenance,
        Team.source_url,
        sustainability_as_of(as_of).label("sustainability_status"),
    )


ORGANISATION_COLUMNS = (
    Organisation.id,
    Organisation.name,
    Organisation.org_identifier,
    Organisation.kind,
)
ROLE_ORDER = {role.value: i for i, role in enumerate(PartnerRole)}


def _rows(result: Any) -> list[Row]:
    return [dict(r._mapping) for r in result]


async def _team_head(conn: AsyncConnection, team_id: str, as_of: date) -> tuple[Row, Row, Row]:
    """The team, its programme and its lead organisation, in one query."""
    parts = {
        "programme": PROGRAMME_COLUMNS,
        "team": team_columns(as_of),
        "org": ORGANISATION_COLUMNS,
    }
    stmt = (
        select(*(c.label(f"{part}__{c.key}") for part, cols in parts.items() for c in cols))
        .join(Programme, Programme.id == Team.programme_id)
        .join(Organisation, Organisation.id == Team.lead_organisation_id)
        .where(Team.id == team_id)
    )
    row = (await conn.execute(stmt)).first()
    if row is None:
        raise NotFound(f"no team with id {team_id}", loc=["path", "team_id"])
    split: dict[str, Row] = {part: {} for part in parts}
    for key, value in row._mapping.items():
        part, name = key.split("__")
        split[part][name] = value
    split["team"]["status_undated"] = bool(split["team"]["status_undated"])
    return split["programme"], split["team"], split["org"]


async def team_summary(conn: AsyncConnection, team_id: str, as_of: date) -> Row:
    """One team on ``as_of``: 11 queries whatever its size (plus BEGIN on SQLite)."""
    goal_of_team = QualityGoal.team_id == team_id
    async with snapshot(conn):
        programme, team, lead = await _team_head(conn, team_id, as_of)
        checkins = _rows(
            await conn.execute(
                select(
                    SustainabilityCheckin.id,
                    SustainabilityCheckin.checked_on,
                    SustainabilityCheckin.status,
                    SustainabilityCheckin.note,
                )
                .where(
                    SustainabilityCheckin.team_id == team_id,
                    SustainabilityCheckin.checked_on <= as_of,
                )
                .order_by(SustainabilityCheckin.checked_on.desc(), SustainabilityCheckin.id)
            )
        )
        partners = _rows(
            await conn.execute(
                select(*ORGANISATION_COLUMNS, TeamPartner.role)
                .join(Organisation, Organisation.id == TeamPartner.organisation_id)
                .where(TeamPartner.team_id == team_id)
            )
        )
        goals = _rows(
            await conn.execute(
                select(
                    QualityGoal.id,
                    QualityGoal.statement,
                    QualityGoal.dimension,
                    QualityGoal.corporate_services,
                    QualityGoal.clinical_services,
                    QualityGoal.corporate_lead,
                    QualityGoal.clinical_lead,
                )
                .where(goal_of_team)
                .order_by(QualityGoal.created_at, QualityGoal.id)
            )
        )
        indicators = _rows(
            await conn.execute(
                select(
                    Indicator.quality_goal_id,
                    Indicator.id,
                    Indicator.title,
                    Indicator.unit,
                    Indicator.measure,
                    Indicator.direction,
                    Indicator.baseline_value,
                    Indicator.baseline_date,
                    Indicator.target_value,
                    Indicator.target_date,
                )
                .join(QualityGoal, QualityGoal.id == Indicator.quality_goal_id)
                .where(goal_of_team)
                .order_by(Indicator.created_at, Indicator.id)
            )
        )
        periods = _rows(
            await conn.execute(
                select(
                    IndicatorPeriod.indicator_id,
                    IndicatorPeriod.id,
                    IndicatorPeriod.period_start,
                    IndicatorPeriod.period_end,
                    IndicatorPeriod.actual_value,
                    IndicatorPeriod.comment,
                )
                .join(Indicator, Indicator.id == IndicatorPeriod.indicator_id)
                .join(QualityGoal, QualityGoal.id == Indicator.quality_goal_id)
                .where(goal_of_team, IndicatorPeriod.period_end <= as_of)
                .order_by(IndicatorPeriod.period_start, IndicatorPeriod.id)
            )
        )
        awarded = and_(Award.team_id == team_id, Award.award_date <= as_of)
        awards = _rows(
            await conn.execute(
                select(
                    Award.id,
                    Award.identifier,
                    Award.amount_pence,
                    Award.currency,
                    Award.award_date,
                    Award.planned_start_date,
                    Award.planned_end_date,
                    award_status_as_of(as_of).label("status"),
                    case((Award.activated_on <= as_of, Award.activated_on), else_=None).label(
                        "activated_on"
                    ),
                    case((Award.closed_on <= as_of, Award.closed_on), else_=None).label(
                        "closed_on"
                    ),
                    award_undated_as_of(as_of).label("status_undated"),
                )
                .where(awarded)
                .order_by(Award.award_date, Award.id)
            )
        )
        payments = _rows(
            await conn.execute(
                select(
                    Payment.award_id,
                    Payment.id,
                    Payment.instalment,
                    Payment.scheduled_date,
                    case((payment_paid_by(as_of), Payment.paid_date), else_=None).label(
                        "paid_date"
                    ),
                    Payment.amount_pence,
                    payment_status_as_of(as_of).label("status"),
                    Payment.milestone_id,
                )
                .join(Award, Award.id == Payment.award_id)
                .where(awarded)
                .order_by(Payment.scheduled_date, Payment.id)
            )
        )
        milestones = milestone_rows(
            await conn.execute(
                milestones_select(as_of)
                .where(Milestone.team_id == team_id)
                .order_by(Milestone.due_date, Milestone.id)
            )
        )
        activities = _rows(
            await conn.execute(
                select(
                    SupportActivity.id,
                    SupportActivity.type,
                    SupportActivity.title,
                    SupportActivity.start_date,
                    SupportActivity.end_date,
                    SupportActivity.provider,
                    SupportActivity.format,
                    SupportActivity.hours,
                    support_status_as_of(as_of).label("status"),
                )
                .join(support_activity_teams, links.support_activity_id == SupportActivity.id)
                .where(links.team_id == team_id)
                .order_by(SupportActivity.start_date, SupportActivity.id)
            )
        )
        evidence = _rows(
            await conn.execute(
                select(
                    Evidence.id,
                    Evidence.kind,
                    Evidence.title,
                    Evidence.url,
                    Evidence.published_on,
                    Evidence.is_exemplar,
                    Evidence.support_activity_id,
                )
                .where(Evidence.team_id == team_id, Evidence.published_on <= as_of)
                .order_by(Evidence.published_on.desc(), Evidence.id)
            )
        )

    periods_of: dict[str, list[Row]] = {}
    for period in periods:
        periods_of.setdefault(period.pop("indicator_id"), []).append(period)
    indicators_of: dict[str, list[Row]] = {}
    for indicator in indicators:
        indicator["periods"] = periods_of.get(indicator["id"], [])
        indicators_of.setdefault(indicator.pop("quality_goal_id"), []).append(indicator)
    for goal in goals:
        goal["indicators"] = indicators_of.get(goal["id"], [])
    payments_of: dict[str, list[Row]] = {}
    for payment in payments:
        payments_of.setdefault(payment.pop("award_id"), []).append(payment)
    for award in awards:
        award["status_undated"] = bool(award["status_undated"])
        award["payments"] = payments_of.get(award["id"], [])
        award["paid_pence"] = sum(
            p["amount_pence"] for p in award["payments"] if p["status"] == "paid"
        )
        award["scheduled_unpaid_pence"] = sum(
            p["amount_pence"] for p in award["payments"] if p["status"] in UNPAID
        )
    partners.sort(key=lambda p: (ROLE_ORDER[p["role"]], p["name"], p["id"]))
    delivered = [a for a in activities if a["status"] == "delivered"]
    return {
        "as_of": as_of,
        "programme": programme,
        "team": team,
        "lead_organisation": lead,
        "partners": partners,
        "sustainability_checkins": checkins,
        "quality_goals": goals,
        "funding": funding(
            programme["currency"],
            len(awards),
            sum(a["amount_pence"] for a in awards),
            sum(a["paid_pence"] for a in awards),
            sum(a["scheduled_unpaid_pence"] for a in awards),
        ),
        "awards": awards,
        "milestone_counts": milestone_counts((m["status"], 1) for m in milestones),
        "milestones": milestones,
        "support": support_by_type((a["type"], 1, a["hours"]) for a in delivered),
        "support_activities": activities,
        "evidence_counts": {
            "total": len(evidence),
            "exemplars": sum(1 for e in evidence if e["is_exemplar"]),
        },
        "evidence": evidence,
    }
