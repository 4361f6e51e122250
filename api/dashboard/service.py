"""The programme read models: a programme as it stood on a day (``as_of``); see ``team_service``.

Every figure is computed by the database, one query per section (GROUP BY for the counts and sums,
no query per team or row), so a read model costs the same number of queries for 2 teams or
1,000. The queries of one read model run in one read-only snapshot (see ``replay.snapshot``), so
the sections agree with each other while others write. The replay rules are in ``replay``.
"""

from datetime import date
from typing import cast

from sqlalchemy import Table, and_, case, func, select, true
from sqlalchemy.ext.asyncio import AsyncConnection

from api.dashboard.replay import (
    UNPAID,
    Row,
    fetch_programme,
    funding,
    milestone_counts,
    milestone_rows,
    milestone_status_as_of,
    milestones_select,
    payment_status_as_of,
    snapshot,
    support_by_type,
    support_delivered_by,
)
from api.kit.scope import TeamScope, visible
from api.models import (
    Award,
    Evidence,
    Milestone,
    Payment,
    SupportActivity,
    Team,
    support_activity_teams,
)
from api.models.enums import Provenance

links = support_activity_teams.c


# ---- GET /programmes/{id}/summary ----------------------------------------------------------------


async def programme_summary(conn: AsyncConnection, programme_id: str, as_of: date) -> Row:
    """The programme on ``as_of``: 8 queries whatever its size (plus BEGIN on SQLite)."""
    async with snapshot(conn):
        programme = await fetch_programme(conn, programme_id)
        in_programme = Team.programme_id == programme_id
        teams = (
            await conn.execute(select(Team.id, Team.name, Team.provenance).where(in_programme))
        ).all()
        awards = (
            await conn.execute(
                select(Award.team_id, func.count(), func.sum(Award.amount_pence))
                .join(Team, Team.id == Award.team_id)
                .where(in_programme, Award.award_date <= as_of)
                .group_by(Award.team_id)
            )
        ).all()
        status = payment_status_as_of(as_of)
        payments = (
            await conn.execute(
                select(
                    Award.team_id,
                    func.sum(case((status == "paid", Payment.amount_pence), else_=0)),
                    func.sum(case((status.in_(UNPAID), Payment.amount_pence), else_=0)),
                )
                .join(Award, Award.id == Payment.award_id)
                .join(Team, Team.id == Award.team_id)
                .where(in_programme, Award.award_date <= as_of)
                .group_by(Award.team_id)
            )
        ).all()
        # Group by the replayed status through a subquery: PostgreSQL does not see two renderings
        # of a CASE with bound parameters (SELECT and GROUP BY) as the same expression.
        replayed = (
            select(Milestone.team_id, milestone_status_as_of(as_of).label("status"))
            .where(Milestone.programme_id == programme_id)
            .subquery()
        )
        milestones = (
            await conn.execute(
                select(replayed.c.team_id, replayed.c.status, func.count()).group_by(
                    replayed.c.team_id, replayed.c.status
                )
            )
        ).all()
        delivered = and_(SupportActivity.programme_id == programme_id, support_delivered_by(as_of))
        support = (
            await conn.execute(
                select(SupportActivity.type, func.count(), func.sum(SupportActivity.hours))
                .where(delivered)
                .group_by(SupportActivity.type)
            )
        ).all()
        support_teams = (
            await conn.execute(
                select(
                    links.team_id,
                    SupportActivity.type,
                    func.count(),
                    func.sum(SupportActivity.hours),
                )
                .join(SupportActivity, SupportActivity.id == links.support_activity_id)
                .where(delivered)
                .group_by(links.team_id, SupportActivity.type)
            )
        ).all()
        evidence = (
            await conn.execute(
                select(
                    Evidence.team_id,
                    func.count(),
                    func.sum(case((Evidence.is_exemplar, 1), else_=0)),
                )
                .where(Evidence.programme_id == programme_id, Evidence.published_on <= as_of)
                .group_by(Evidence.team_id)
            )
        ).all()

    awarded = {t: (int(n), int(total)) for t, n, total in awards}
    paid = {t: (int(p), int(u)) for t, p, u in payments}
    team_evidence = {t: {"total": int(n), "exemplars": int(x)} for t, n, x in evidence}
    team_milestones: dict[str | None, list[tuple[str, int]]] = {}
    for t, status_, n in milestones:
        team_milestones.setdefault(t, []).append((status_, n))
    team_support: dict[str, list[tuple[str, int, float]]] = {}
    for t, kind, n, hours in support_teams:
        team_support.setdefault(t, []).append((kind, n, hours))
    by_team = []
    for team in sorted(teams, key=lambda t: (t.name, t.id)):
        team_awarded = awarded.get(team.id, (0, 0))[1]
        team_paid, team_unpaid = paid.get(team.id, (0, 0))
        by_team.append(
            {
                "id": team.id,
                "name": team.name,
                "provenance": team.provenance,
                "awarded_pence": team_awarded,
                "paid_pence": team_paid,
                "scheduled_unpaid_pence": team_unpaid,
                "remaining_pence": team_awarded - team_paid,
                "milestones": milestone_counts(team_milestones.get(team.id, [])),
                "support": support_by_type(team_support.get(team.id, [])),
                "evidence": team_evidence.get(team.id, {"total": 0, "exemplars": 0}),
            }
        )
    sourced = sum(1 for t in teams if t.provenance == Provenance.sourced)
    return {
        "as_of": as_of,
        "programme": programme,
        "teams": {"total": len(teams), "sourced": sourced, "synthetic": len(teams) - sourced},
        "funding": funding(
            programme["currency"],
            sum(n for n, _ in awarded.values()),
            sum(total for _, total in awarded.values()),
            sum(p for p, _ in paid.values()),
            sum(u for _, u in paid.values()),
        ),
        "milestones": milestone_counts((s, n) for _, s, n in milestones),
        "support": support_by_type((k, n, h) for k, n, h in support),
        "evidence": {
            "total": sum(e["total"] for e in team_evidence.values()),
            "exemplars": sum(e["exemplars"] for e in team_evidence.values()),
        },
        "by_team": by_team,
    }


# ---- GET /programmes/{id}/timeline ---------------------------------------------------------------


async def programme_timeline(
    conn: AsyncConnection, programme_id: str, as_of: date, within: TeamScope | None = None
) -> Row:
    """Every milestone of the programme on ``as_of``: 2 queries whatever its size (a team
    editor's leave out other teams' milestones, in the same query)."""
    seen = visible(cast(Table, Milestone.__table__), within.teams()) if within else None
    async with snapshot(conn):
        programme = await fetch_programme(conn, programme_id)
        milestones = milestone_rows(
            await conn.execute(
                milestones_select(as_of)
                .where(Milestone.programme_id == programme_id, true() if seen is None else seen)
                .order_by(
                    case((Milestone.team_id.is_(None), 0), else_=1),
                    Team.name,
                    Milestone.team_id,
                    Milestone.due_date,
                    Milestone.id,
                )
            )
        )
    return {"as_of": as_of, "programme": programme, "milestones": milestones}
