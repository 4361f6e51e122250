"""The programme summary: a programme as it stood on a day (``as_of``), small at any team count.

Every figure is computed by the database, one query per section (GROUP BY over the replay
expressions, no query per team or row), so the summary costs the same number of queries, and
returns about the same number of bytes, for 2 teams or 10,000: per-team figures come as
distributions and a top ten, and page by ``team_figures``. The queries run in one read-only
snapshot (see ``replay.snapshot``), so the sections agree with each other while others write.
"""

from datetime import date

from sqlalchemy import and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.dashboard.figures import (
    awarded_by_team,
    fetch_programme,
    funding,
    milestone_counts,
    milestones_by_team,
    month,
    paid_by_team,
    support_by_type,
    team_counts,
)
from api.dashboard.money_replay import amended_amount
from api.dashboard.replay import (
    UNPAID,
    Row,
    milestone_status_as_of,
    month_start,
    payment_day_as_of,
    payment_status_as_of,
    snapshot,
    support_delivered_by,
)
from api.dashboard.rounds import round_figures
from api.models import Award, Evidence, Milestone, Payment, SupportActivity, Team

BIG = 2**63 // 10
TOP = 10  # teams named in ``most_late``; the rest are summed as "all others"


async def programme_summary(conn: AsyncConnection, programme_id: str, as_of: date) -> Row:
    """The programme on ``as_of``: 11 queries whatever its size (plus BEGIN on SQLite)."""
    in_programme = Team.programme_id == programme_id
    async with snapshot(conn):
        programme = await fetch_programme(conn, programme_id)
        teams = await team_counts(conn, programme_id, as_of)
        awards = (
            await conn.execute(
                select(func.count(), func.coalesce(func.sum(amended_amount(as_of)), 0))
                .join(Team, Team.id == Award.team_id)
                .where(in_programme, Award.award_date <= as_of)
            )
        ).one()
        payments = await _payments_by_month(conn, programme_id, as_of)
        milestones = await _milestones_by_month(conn, programme_id, as_of)
        delivered = and_(SupportActivity.programme_id == programme_id, support_delivered_by(as_of))
        support = (
            await conn.execute(
                select(SupportActivity.type, func.count(), func.sum(SupportActivity.hours))
                .where(delivered)
                .group_by(SupportActivity.type)
            )
        ).all()
        evidence = (
            await conn.execute(
                select(
                    func.count(),
                    func.coalesce(func.sum(case((Evidence.is_exemplar, 1), else_=0)), 0),
                ).where(Evidence.programme_id == programme_id, Evidence.published_on <= as_of)
            )
        ).one()
        deciles = await _paid_deciles(conn, programme_id, as_of)
        late_counts, most_late = await _late(conn, programme_id, as_of)
        rounds = await round_figures(conn, programme_id, as_of)

    team_total = teams["total"]
    paid = sum(p for _, p, _ in payments.values())
    unpaid = sum(u for _, _, u in payments.values())
    month_counts = [milestone_counts(pairs) | {"month": m} for m, pairs in milestones.items()]
    return {
        "as_of": as_of,
        "programme": programme,
        "teams": teams,
        "funding": funding(
            programme["currency"], int(awards[0]), int(awards[1]), int(paid), int(unpaid)
        ),
        "milestones": milestone_counts((s, n) for pairs in milestones.values() for s, n in pairs),
        "support": support_by_type((k, n, h) for k, n, h in support),
        "evidence": {"total": int(evidence[0]), "exemplars": int(evidence[1])},
        "funding_by_month": [
            {"month": m, "paid_pence": p, "scheduled_unpaid_pence": u}
            for m, p, u in payments.values()
        ],
        "milestones_by_month": month_counts,
        "team_distributions": _distributions(deciles, late_counts, team_total),
        "most_late": most_late,
        "rounds": rounds,
    }


async def _payments_by_month(
    conn: AsyncConnection, programme_id: str, as_of: date
) -> dict[str, tuple[str, int, int]]:
    """Month → (month, paid, unpaid), in month order; cancelled payments fall nowhere."""
    status = payment_status_as_of(as_of)
    # Group through a subquery: PostgreSQL does not see two renderings of a CASE with bound
    # parameters (SELECT and GROUP BY) as the same expression.
    replayed = (
        select(
            month_start(payment_day_as_of(as_of)).label("month"),
            case((status == "paid", Payment.amount_pence), else_=0).label("paid"),
            case((status.in_(UNPAID), Payment.amount_pence), else_=0).label("unpaid"),
        )
        .join(Award, Award.id == Payment.award_id)
        .join(Team, Team.id == Award.team_id)
        .where(Team.programme_id == programme_id, Award.award_date <= as_of, status != "cancelled")
        .subquery()
    )
    rows = await conn.execute(
        select(replayed.c.month, func.sum(replayed.c.paid), func.sum(replayed.c.unpaid))
        .group_by(replayed.c.month)
        .order_by(replayed.c.month)
    )
    out = {}
    for first, p, u in rows:
        key = month(first)
        out[key] = (key, int(p), int(u))
    return out


async def _milestones_by_month(
    conn: AsyncConnection, programme_id: str, as_of: date
) -> dict[str, list[tuple[str, int]]]:
    """Due month → [(replayed status, count)], in month order."""
    replayed = (
        select(
            month_start(Milestone.due_date).label("month"),
            milestone_status_as_of(as_of).label("status"),
        )
        .where(Milestone.programme_id == programme_id)
        .subquery()
    )
    rows = await conn.execute(
        select(replayed.c.month, replayed.c.status, func.count())
        .group_by(replayed.c.month, replayed.c.status)
        .order_by(replayed.c.month)
    )
    out: dict[str, list[tuple[str, int]]] = {}
    for first, status, n in rows:
        out.setdefault(month(first), []).append((status, int(n)))
    return out


async def _paid_deciles(conn: AsyncConnection, programme_id: str, as_of: date) -> dict[int, int]:
    """Decile of paid / awarded (0..10, 10 being 100%) → teams; awarded teams only."""
    awarded = awarded_by_team(programme_id, as_of).subquery()
    paid = paid_by_team(programme_id, as_of).subquery()
    # Exact integer division on both engines (BIGINT operands; awarded > 0, as amounts are).
    # paid <= awarded, so paid * 10 fits in 64 bits below BIG; beyond (a team paid over 900,000
    # awards of the £10bn maximum) the band is approximate rather than an overflow.
    team_paid, team_awarded = func.coalesce(paid.c.paid, 0), awarded.c.awarded
    decile = case(
        (team_awarded < BIG, team_paid * 10 // team_awarded),
        else_=team_paid // (team_awarded // 10),
    )
    share = (
        select(decile.label("decile"))
        .select_from(awarded)
        .outerjoin(paid, paid.c.team_id == awarded.c.team_id)
        .subquery()
    )
    rows = await conn.execute(select(share.c.decile, func.count()).group_by(share.c.decile))
    return {int(d): int(n) for d, n in rows}


async def _late(
    conn: AsyncConnection, programme_id: str, as_of: date
) -> tuple[dict[int, int], Row]:
    """(late count → teams with that many, for teams with any; the top ten and all others)."""
    late = milestones_by_team(programme_id, as_of, "late").subquery()
    counts = {
        int(k): int(n)
        for k, n in await conn.execute(select(late.c.n, func.count()).group_by(late.c.n))
    }
    top = (
        await conn.execute(
            select(Team.id, Team.name, late.c.n)
            .join(late, late.c.team_id == Team.id)
            .order_by(late.c.n.desc(), Team.name, Team.id)
            .limit(TOP)
        )
    ).all()
    shown = [{"id": i, "name": name, "late": int(n)} for i, name, n in top]
    return counts, {
        "teams": shown,
        "others_teams": sum(counts.values()) - len(shown),
        "others_late": sum(k * n for k, n in counts.items()) - sum(t["late"] for t in shown),
    }


def _distributions(deciles: dict[int, int], late_counts: dict[int, int], teams: int) -> Row:
    bands = [0] * 10
    for decile, n in deciles.items():
        bands[min(decile, 9)] += n
    late = [0, 0, 0, 0]
    for k, n in late_counts.items():
        late[min(k, 3)] += n
    late[0] = teams - sum(late[1:])
    return {
        "paid_share": [
            {"from_percent": 10 * k, "to_percent": 10 * k + 10, "teams": n}
            for k, n in enumerate(bands)
        ],
        "not_awarded": teams - sum(bands),
        "late_milestones": [{"late": k, "teams": n} for k, n in enumerate(late)],
    }
