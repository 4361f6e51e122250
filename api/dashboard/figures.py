"""The read models' shared figures over the replay rules (``replay.py``): the programme's basics,
the rows and counts several models shape the same way, and per-team figures as subqueries."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import BigInteger, case, cast, func, select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.elements import ColumnElement

from api.dashboard.money_replay import amended_amount
from api.dashboard.replay import (
    UNPAID,
    AnySelect,
    Row,
    milestone_status_as_of,
    payment_status_as_of,
    sustainability_as_of,
    team_status_as_of,
    team_undated_as_of,
)
from api.dashboard.schemas.base import MilestoneStatusAsOf
from api.errors import NotFound
from api.models import Award, Milestone, Payment, Programme, Team
from api.models.enums import SupportType, SustainabilityStatus, TeamStatus

PROGRAMME_COLUMNS = (
    Programme.id,
    Programme.code,
    Programme.title,
    Programme.start_date,
    Programme.end_date,
    Programme.currency,
    Programme.award_cap_pence,
    Programme.max_teams,
)


# ---- shaping helpers (no queries) ----------------------------------------------------------------


def milestone_rows(result: Any) -> list[Row]:
    """Rows of ``milestones_select`` as dicts, with the dependency ids as a sorted list."""
    keys = list(result.keys())
    out = []
    for values in result:
        row = dict(zip(keys, values, strict=True))
        raw = row["depends_on_ids"]
        row["depends_on_ids"] = sorted(raw.split(",")) if raw else []
        row["status_undated"] = bool(row["status_undated"])  # SQLite answers 0 or 1
        out.append(row)
    return out


def month(first: date) -> str:
    return first.isoformat()[:7]


def milestone_counts(pairs: Iterable[tuple[str, int]]) -> Row:
    counts: Row = {s.value: 0 for s in MilestoneStatusAsOf}
    for status, n in pairs:
        counts[status] += n
    counts["total"] = sum(counts.values())
    return counts


def support_by_type(triples: Iterable[tuple[str, int, float]]) -> list[Row]:
    """(type, activities, hours) summed into one entry per support type, all four in order."""
    activities = dict.fromkeys(SupportType, 0)
    hours = dict.fromkeys(SupportType, 0.0)
    for kind, n, h in triples:
        activities[SupportType(kind)] += int(n)
        hours[SupportType(kind)] += float(h)
    return [{"type": t, "activities": activities[t], "hours": hours[t]} for t in SupportType]


def funding(currency: str, awards: int, awarded: int, paid: int, unpaid: int) -> Row:
    return {
        "currency": currency,
        "awards": awards,
        "awarded_pence": awarded,
        "paid_pence": paid,
        "scheduled_unpaid_pence": unpaid,
        "remaining_pence": awarded - paid,
    }


async def fetch_programme(
    conn: AsyncConnection, programme_id: str, teams: ColumnElement[bool] | None = None
) -> Row:
    """The programme's basics (404 if missing); with ``teams``, also ``matching``: how many of
    its teams meet that condition (counted in the same query)."""
    columns: list[Any] = list(PROGRAMME_COLUMNS)
    if teams is not None:
        matching = select(func.count()).select_from(Team).where(teams)
        columns.append(matching.scalar_subquery().label("matching"))
    row = (await conn.execute(select(*columns).where(Programme.id == programme_id))).first()
    if row is None:
        raise NotFound(f"no programme with id {programme_id}", loc=["path", "programme_id"])
    return dict(row._mapping)


# ---- per-team figures as subqueries (one row per team that has any) ------------------------------


def _teams(
    column: ColumnElement[str], programme_id: str, team_ids: list[str] | None
) -> ColumnElement[bool]:
    """Rows of the programme's teams, or of just ``team_ids`` (a page, already in it)."""
    if team_ids is not None:
        return column.in_(team_ids)
    return column.in_(select(Team.id).where(Team.programme_id == programme_id))


def awarded_by_team(programme_id: str, as_of: date, team_ids: list[str] | None = None) -> AnySelect:
    """(team_id, awards, awarded) of the awards made by ``as_of``, each at its amount amended
    on that day (``money_replay.amended_amount``)."""
    return (
        select(
            Award.team_id,
            func.count().label("awards"),
            cast(func.sum(amended_amount(as_of)), BigInteger).label("awarded"),
        )
        .where(_teams(Award.team_id.expression, programme_id, team_ids), Award.award_date <= as_of)
        .group_by(Award.team_id)
    )


def paid_by_team(programme_id: str, as_of: date, team_ids: list[str] | None = None) -> AnySelect:
    """(team_id, paid, unpaid) of the payments of the awards made by ``as_of``."""
    status = payment_status_as_of(as_of)
    return (
        select(
            Award.team_id,
            cast(
                func.sum(case((status == "paid", Payment.amount_pence), else_=0)), BigInteger
            ).label("paid"),
            cast(
                func.sum(case((status.in_(UNPAID), Payment.amount_pence), else_=0)), BigInteger
            ).label("unpaid"),
        )
        .join(Award, Award.id == Payment.award_id)
        .where(_teams(Award.team_id.expression, programme_id, team_ids), Award.award_date <= as_of)
        .group_by(Award.team_id)
    )


def milestones_by_team(
    programme_id: str, as_of: date, status: str, team_ids: list[str] | None = None
) -> AnySelect:
    """(team_id, n): each team's milestones with ``status`` on ``as_of``."""
    where = [Milestone.programme_id == programme_id, milestone_status_as_of(as_of) == status]
    where.append(
        Milestone.team_id.in_(team_ids) if team_ids is not None else Milestone.team_id.is_not(None)
    )
    return (
        select(Milestone.team_id, func.count().label("n")).where(*where).group_by(Milestone.team_id)
    )


async def team_counts(conn: AsyncConnection, programme_id: str, as_of: date) -> Row:
    """The programme's teams by provenance, by replayed status and by sustainability on
    ``as_of``, in one query (grouped over a subquery of the replayed values)."""
    replayed = (
        select(
            Team.provenance.label("provenance"),
            team_status_as_of(as_of).label("status"),
            case((team_undated_as_of(as_of), 1), else_=0).label("undated"),
            sustainability_as_of(as_of).label("sustainability"),
        )
        .where(Team.programme_id == programme_id)
        .subquery()
    )
    c = replayed.c
    rows = await conn.execute(
        select(
            c.provenance, c.status, c.sustainability, func.count(), func.sum(c.undated)
        ).group_by(c.provenance, c.status, c.sustainability)
    )
    out: Row = {"total": 0, "sourced": 0, "synthetic": 0, "status_undated": 0}
    out |= {s.value: 0 for s in TeamStatus}
    sustainability = {s.value: 0 for s in SustainabilityStatus}
    for provenance, status, sustained, n, undated in rows:
        out["total"] += n
        out[str(provenance)] += n
        out[status] += n
        out["status_undated"] += int(undated)
        sustainability[sustained] += n
    out["sustainability"] = sustainability
    return out
