"""The team read model: one team as it stood on a day (``as_of``), in a constant number of queries.

Like ``service``, every section is one query in one snapshot; nesting (goals, indicators, periods;
awards, payments) is assembled in memory from those rows. The replay rules are in ``replay``.
"""

from datetime import date
from typing import Any

from pydantic import BaseModel
from sqlalchemy import and_, case, select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.dashboard.figures import (
    PROGRAMME_COLUMNS,
    funding,
    milestone_counts,
    milestone_rows,
    support_by_type,
)
from api.dashboard.money_replay import amended_amount
from api.dashboard.replay import (
    UNPAID,
    AnySelect,
    Row,
    award_status_as_of,
    award_undated_as_of,
    milestones_select,
    payment_paid_by,
    payment_status_as_of,
    snapshot,
    support_status_as_of,
    sustainability_as_of,
    team_changed_on_as_of,
    team_status_as_of,
    team_undated_as_of,
)
from api.dashboard.schemas.team import (
    AwardAsOf,
    CheckinAsOf,
    EvidenceBrief,
    IndicatorBrief,
    OrganisationBrief,
    PartnerBrief,
    PaymentAsOf,
    PeriodBrief,
    QualityGoalBrief,
    SupportActivityAsOf,
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


def columns_of(
    model: Any,
    schema: type[BaseModel],
    sources: dict[str, Any] | None = None,
    *,
    keys: tuple[str, ...] = (),
    skip: tuple[str, ...] = (),
) -> list[Any]:
    """The columns behind a read model's fields, in the schema's order (so the section selects
    exactly what it documents): ``sources`` names an expression for a field (a replayed value,
    another table's column), otherwise the model's column of that name. ``keys`` come first
    (the parent's id, popped when nesting); ``skip`` fields are filled in memory."""
    sources = sources or {}
    columns = [getattr(model, key) for key in keys]
    for name in schema.model_fields:
        if name not in skip:
            columns.append(sources[name].label(name) if name in sources else getattr(model, name))
    return columns


ORGANISATION_COLUMNS = columns_of(Organisation, OrganisationBrief)
ROLE_ORDER = {role.value: i for i, role in enumerate(PartnerRole)}


def _rows(result: Any) -> list[Row]:
    return [dict(r._mapping) for r in result]


def _grouped(rows: list[Row], key: str) -> dict[str, list[Row]]:
    """Rows by their ``key`` (popped from each): the children of each parent, in order."""
    out: dict[str, list[Row]] = {}
    for row in rows:
        out.setdefault(row.pop(key), []).append(row)
    return out


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


def _goal_sections(team_id: str, as_of: date) -> dict[str, AnySelect]:
    """The team's quality goals, their indicators and the periods measured by ``as_of``."""
    of_team = QualityGoal.team_id == team_id
    goal = QualityGoal.id == Indicator.quality_goal_id
    indicator = Indicator.id == IndicatorPeriod.indicator_id
    return {
        "goals": select(*columns_of(QualityGoal, QualityGoalBrief, skip=("indicators",)))
        .where(of_team)
        .order_by(QualityGoal.created_at, QualityGoal.id),
        "indicators": select(
            *columns_of(Indicator, IndicatorBrief, keys=("quality_goal_id",), skip=("periods",))
        )
        .join(QualityGoal, goal)
        .where(of_team)
        .order_by(Indicator.created_at, Indicator.id),
        "periods": select(*columns_of(IndicatorPeriod, PeriodBrief, keys=("indicator_id",)))
        .join(Indicator, indicator)
        .join(QualityGoal, goal)
        .where(of_team, IndicatorPeriod.period_end <= as_of)
        .order_by(IndicatorPeriod.period_start, IndicatorPeriod.id),
    }


def _money_sections(team_id: str, as_of: date) -> dict[str, AnySelect]:
    """The team's awards made by ``as_of`` and their payments, replayed."""
    awarded = and_(Award.team_id == team_id, Award.award_date <= as_of)
    award_sources = {
        "amount_pence": amended_amount(as_of),
        "status": award_status_as_of(as_of),
        "activated_on": case((Award.activated_on <= as_of, Award.activated_on), else_=None),
        "closed_on": case((Award.closed_on <= as_of, Award.closed_on), else_=None),
        "status_undated": award_undated_as_of(as_of),
    }
    payment_sources = {
        "paid_date": case((payment_paid_by(as_of), Payment.paid_date), else_=None),
        "status": payment_status_as_of(as_of),
    }
    in_memory = ("paid_pence", "scheduled_unpaid_pence", "payments")
    return {
        "awards": select(*columns_of(Award, AwardAsOf, award_sources, skip=in_memory))
        .where(awarded)
        .order_by(Award.award_date, Award.id),
        "payments": select(*columns_of(Payment, PaymentAsOf, payment_sources, keys=("award_id",)))
        .join(Award, Award.id == Payment.award_id)
        .where(awarded)
        .order_by(Payment.scheduled_date, Payment.id),
    }


def _sections(team_id: str, as_of: date) -> dict[str, AnySelect]:
    """Every list on the team's page but its milestones, one query each."""
    checkin = SustainabilityCheckin
    activity_sources = {"status": support_status_as_of(as_of)}
    return {
        "checkins": select(*columns_of(checkin, CheckinAsOf))
        .where(checkin.team_id == team_id, checkin.checked_on <= as_of)
        .order_by(checkin.checked_on.desc(), checkin.id),
        "partners": select(*columns_of(Organisation, PartnerBrief, {"role": TeamPartner.role}))
        .join(TeamPartner, Organisation.id == TeamPartner.organisation_id)
        .where(TeamPartner.team_id == team_id),
        **_goal_sections(team_id, as_of),
        **_money_sections(team_id, as_of),
        "activities": select(*columns_of(SupportActivity, SupportActivityAsOf, activity_sources))
        .join(support_activity_teams, links.support_activity_id == SupportActivity.id)
        .where(links.team_id == team_id)
        .order_by(SupportActivity.start_date, SupportActivity.id),
        "evidence": select(*columns_of(Evidence, EvidenceBrief))
        .where(Evidence.team_id == team_id, Evidence.published_on <= as_of)
        .order_by(Evidence.published_on.desc(), Evidence.id),
    }


def _nest(rows: dict[str, list[Row]]) -> None:
    """Periods into their indicators, indicators into goals, payments into awards."""
    periods_of = _grouped(rows["periods"], "indicator_id")
    for indicator in rows["indicators"]:
        indicator["periods"] = periods_of.get(indicator["id"], [])
    indicators_of = _grouped(rows["indicators"], "quality_goal_id")
    for goal in rows["goals"]:
        goal["indicators"] = indicators_of.get(goal["id"], [])
    payments_of = _grouped(rows["payments"], "award_id")
    for award in rows["awards"]:
        award["status_undated"] = bool(award["status_undated"])
        payments = award["payments"] = payments_of.get(award["id"], [])
        award["paid_pence"] = sum(p["amount_pence"] for p in payments if p["status"] == "paid")
        award["scheduled_unpaid_pence"] = sum(
            p["amount_pence"] for p in payments if p["status"] in UNPAID
        )
    rows["partners"].sort(key=lambda p: (ROLE_ORDER[p["role"]], p["name"], p["id"]))


async def team_summary(conn: AsyncConnection, team_id: str, as_of: date) -> Row:
    """One team on ``as_of``: 11 queries whatever its size (plus BEGIN on SQLite)."""
    async with snapshot(conn):
        programme, team, lead = await _team_head(conn, team_id, as_of)
        rows = {
            name: _rows(await conn.execute(stmt))
            for name, stmt in _sections(team_id, as_of).items()
        }
        milestones = milestone_rows(
            await conn.execute(
                milestones_select(as_of)
                .where(Milestone.team_id == team_id)
                .order_by(Milestone.due_date, Milestone.id)
            )
        )
    _nest(rows)
    awards, evidence = rows["awards"], rows["evidence"]
    delivered = [a for a in rows["activities"] if a["status"] == "delivered"]
    return {
        "as_of": as_of,
        "programme": programme,
        "team": team,
        "lead_organisation": lead,
        "partners": rows["partners"],
        "sustainability_checkins": rows["checkins"],
        "quality_goals": rows["goals"],
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
        "support_activities": rows["activities"],
        "evidence_counts": {
            "total": len(evidence),
            "exemplars": sum(1 for e in evidence if e["is_exemplar"]),
        },
        "evidence": evidence,
    }
