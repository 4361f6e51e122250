"""A programme on two days and what happened in between (``GET .../changes?from=&to=``), for
"since the last board" and "the Overview for a period".

Both days' figures and the period's activity are read in one snapshot, with the replay rules
(``replay``): something happened in the period when its rule holds on ``to`` and not on ``from``
(a payment paid by ``to`` but not by ``from``; a milestone achieved on ``to`` and not on
``from``; support delivered; evidence published). 18 queries whatever the programme's size.
"""

from datetime import date

from sqlalchemy import BigInteger, and_, case, cast, func, not_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.dashboard.figures import (
    awarded_by_team,
    fetch_programme,
    funding,
    milestone_counts,
    milestones_by_team,
    paid_by_team,
    support_by_type,
)
from api.dashboard.replay import (
    Row,
    milestone_status_as_of,
    payment_paid_by,
    snapshot,
    support_delivered_by,
)
from api.models import Award, Evidence, Milestone, Payment, SupportActivity, Team


async def changes(conn: AsyncConnection, programme_id: str, start: date, end: date) -> Row:
    async with snapshot(conn):
        programme = await fetch_programme(conn, programme_id)
        teams = (
            await conn.execute(
                select(func.count()).select_from(Team).where(Team.programme_id == programme_id)
            )
        ).scalar_one()
        before = await day_figures(conn, programme_id, start, programme["currency"])
        after = await day_figures(conn, programme_id, end, programme["currency"])
        period = await activity(conn, programme_id, start, end)
    return {
        "programme": programme,
        "before": before | {"teams": int(teams)},
        "after": after | {"teams": int(teams)},
        "period": period,
    }


async def day_figures(conn: AsyncConnection, programme_id: str, day: date, currency: str) -> Row:
    """The headline figures on ``day``: 6 queries."""
    awarded = awarded_by_team(programme_id, day).subquery()
    awards, total = (
        await conn.execute(
            select(
                func.coalesce(func.sum(awarded.c.awards), 0),
                func.coalesce(func.sum(awarded.c.awarded), 0),
            )
        )
    ).one()
    paid = paid_by_team(programme_id, day).subquery()
    paid_pence, unpaid = (
        await conn.execute(
            select(
                func.coalesce(func.sum(paid.c.paid), 0), func.coalesce(func.sum(paid.c.unpaid), 0)
            )
        )
    ).one()
    replayed = (
        select(milestone_status_as_of(day).label("status"))
        .where(Milestone.programme_id == programme_id)
        .subquery()
    )
    statuses = await conn.execute(
        select(replayed.c.status, func.count()).group_by(replayed.c.status)
    )
    late = milestones_by_team(programme_id, day, "late").subquery()
    with_late = (await conn.execute(select(func.count()).select_from(late))).scalar_one()
    support = await conn.execute(
        select(SupportActivity.type, func.count(), func.sum(SupportActivity.hours))
        .where(SupportActivity.programme_id == programme_id, support_delivered_by(day))
        .group_by(SupportActivity.type)
    )
    evidence = (
        await conn.execute(
            select(
                func.count(), func.coalesce(func.sum(case((Evidence.is_exemplar, 1), else_=0)), 0)
            ).where(Evidence.programme_id == programme_id, Evidence.published_on <= day)
        )
    ).one()
    return {
        "day": day,
        "funding": funding(currency, int(awards), int(total), int(paid_pence), int(unpaid)),
        "milestones": milestone_counts((s, int(n)) for s, n in statuses),
        "teams_with_late": int(with_late),
        "support": support_by_type((k, n, h) for k, n, h in support),
        "evidence": {"total": int(evidence[0]), "exemplars": int(evidence[1])},
    }


async def activity(conn: AsyncConnection, programme_id: str, start: date, end: date) -> Row:
    """What happened in (``start``, ``end``]: 4 queries."""
    payments = (
        await conn.execute(
            select(func.count(), cast(func.coalesce(func.sum(Payment.amount_pence), 0), BigInteger))
            .join(Award, Award.id == Payment.award_id)
            .join(Team, Team.id == Award.team_id)
            .where(
                Team.programme_id == programme_id,
                Award.award_date <= end,
                payment_paid_by(end),
                not_(payment_paid_by(start)),
            )
        )
    ).one()
    achieved = (
        await conn.execute(
            select(func.count()).where(
                Milestone.programme_id == programme_id,
                milestone_status_as_of(end) == "achieved",
                milestone_status_as_of(start) != "achieved",
            )
        )
    ).scalar_one()
    support = (
        await conn.execute(
            select(func.count(), func.coalesce(func.sum(SupportActivity.hours), 0)).where(
                SupportActivity.programme_id == programme_id,
                support_delivered_by(end),
                not_(support_delivered_by(start)),
            )
        )
    ).one()
    evidence = (
        await conn.execute(
            select(func.count()).where(
                Evidence.programme_id == programme_id,
                and_(Evidence.published_on > start, Evidence.published_on <= end),
            )
        )
    ).scalar_one()
    return {
        "payments_paid": int(payments[0]),
        "paid_pence": int(payments[1]),
        "milestones_achieved": int(achieved),
        "support_delivered": int(support[0]),
        "support_hours": float(support[1]),
        "evidence_published": int(evidence),
    }
