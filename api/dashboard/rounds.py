"""A series' rounds (``parent_id``), each with its headline figures on ``as_of``.

A parent programme such as Closing the Gap holds no teams of its own: its figures are its rounds'.
One query answers every round (a row per child programme, each figure a correlated subquery over
the replay rules), so the summary's query count stays fixed; at most ``MAX_ROUNDS`` rounds are
read. The parent's data version moves with its rounds' writes (``api.kit.versions.bump``), so a
cached summary of the parent is never older than its rounds.
"""

from datetime import date
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import aliased

from api.dashboard.money_replay import amended_amount
from api.dashboard.replay import Row, milestone_status_as_of, payment_paid_by
from api.models import Award, Milestone, Payment, Programme, Team

MAX_ROUNDS = 50
BASICS = ("id", "code", "title", "round", "start_date", "end_date", "currency")


def _figures(child: Any, as_of: date) -> list[Any]:
    """One scalar subquery per figure, correlated to the round ``child``."""
    awarded = and_(Team.programme_id == child.id, Award.award_date <= as_of)
    replayed = milestone_status_as_of(as_of)

    def milestones(*where: Any) -> Any:
        stmt = select(func.count()).where(Milestone.programme_id == child.id, *where)
        return stmt.scalar_subquery()

    return [
        select(func.count()).where(Team.programme_id == child.id).scalar_subquery().label("teams"),
        select(func.coalesce(func.sum(amended_amount(as_of)), 0))
        .join(Team, Team.id == Award.team_id)
        .where(awarded)
        .scalar_subquery()
        .label("awarded_pence"),
        select(func.coalesce(func.sum(Payment.amount_pence), 0))
        .join(Award, Award.id == Payment.award_id)
        .join(Team, Team.id == Award.team_id)
        .where(awarded, payment_paid_by(as_of))
        .scalar_subquery()
        .label("paid_pence"),
        milestones().label("milestones"),
        milestones(replayed == "achieved").label("achieved"),
        milestones(replayed == "late").label("late"),
    ]


async def round_figures(conn: AsyncConnection, programme_id: str, as_of: date) -> list[Row]:
    """The rounds of ``programme_id`` by round number, then start; [] for a single programme."""
    child = aliased(Programme)
    stmt = (
        select(
            *(getattr(child, name).label(name) for name in BASICS),
            *_figures(child, as_of),
        )
        .where(child.parent_id == programme_id)
        .order_by(child.round.is_(None), child.round, child.start_date, child.id)
        .limit(MAX_ROUNDS)
    )
    out = []
    for row in await conn.execute(stmt):
        r = dict(row._mapping)
        for key in ("teams", "awarded_pence", "paid_pence", "milestones", "achieved", "late"):
            r[key] = int(r[key])
        out.append(r)
    return out
