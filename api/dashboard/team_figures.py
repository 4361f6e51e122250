"""The per-team figures of a programme on a day, a page at a time (``GET .../team-figures``).

Sorted by name, the page's team ids are found first (keyset over name, id), then its figures are
computed for those teams only. Sorted by a figure, that one figure is computed for every matching
team in one aggregate query, ordered and cut in SQL (keyset over figure, name, id), then the
page's other figures. Either way 7 queries whatever the team count, in one snapshot.
"""

from datetime import date
from typing import Any

from sqlalchemy import BigInteger, case, cast, func, select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.elements import ColumnElement

from api.dashboard.figures import (
    awarded_by_team,
    fetch_programme,
    milestone_counts,
    milestones_by_team,
    paid_by_team,
    support_by_type,
)
from api.dashboard.paging import TeamFilter, by_name, fetch_page, team_columns, teams_select
from api.dashboard.replay import (
    AnySelect,
    Row,
    milestone_status_as_of,
    snapshot,
    support_delivered_by,
)
from api.dashboard.schemas.summary import TeamSort
from api.models import Evidence, Milestone, SupportActivity, Team, support_activity_teams
from api.pagination import SortKey

links = support_activity_teams.c


async def team_figures(
    conn: AsyncConnection,
    teams: TeamFilter,
    as_of: date,
    *,
    sort: TeamSort = TeamSort.name,
    limit: int = 50,
    cursor: str | None = None,
) -> Row:
    """One page of ``TeamBreakdown`` rows, the count of matching teams and the next cursor."""
    field = sort.value.lstrip("-")
    descending = sort.value.startswith("-")
    where = teams.condition()
    async with snapshot(conn):
        total = (await fetch_programme(conn, teams.programme_id, where))["matching"]
        if field == "name":
            stmt, keys = teams_select(where, as_of), by_name(descending)
        else:
            stmt, keys = _ranked(teams.programme_id, as_of, field, where, descending)
        page, next_cursor = await fetch_page(conn, stmt, keys, limit, cursor)
        items = await breakdowns(conn, teams.programme_id, as_of, page)
    return {"as_of": as_of, "total": int(total), "items": items, "next_cursor": next_cursor}


def _figure(programme_id: str, as_of: date, field: str) -> tuple[Any, ColumnElement[int]]:
    """A FROM clause joining one figure onto the teams, and the figure (0 for a team with none)."""

    def zero(column: Any) -> ColumnElement[int]:
        return cast(func.coalesce(column, 0), BigInteger)

    if field in ("late", "achieved"):
        counted = milestones_by_team(programme_id, as_of, field).subquery()
        return Team.__table__.outerjoin(counted, counted.c.team_id == Team.id), zero(counted.c.n)
    awarded = awarded_by_team(programme_id, as_of).subquery()
    paid = paid_by_team(programme_id, as_of).subquery()
    if field == "awarded_pence":
        return Team.__table__.outerjoin(awarded, awarded.c.team_id == Team.id), zero(
            awarded.c.awarded
        )
    if field == "paid_pence":
        return Team.__table__.outerjoin(paid, paid.c.team_id == Team.id), zero(paid.c.paid)
    joined = Team.__table__.outerjoin(awarded, awarded.c.team_id == Team.id).outerjoin(
        paid, paid.c.team_id == Team.id
    )
    return joined, zero(awarded.c.awarded) - zero(paid.c.paid)


def _ranked(
    programme_id: str, as_of: date, field: str, where: ColumnElement[bool], descending: bool
) -> tuple[AnySelect, list[SortKey]]:
    joined, figure = _figure(programme_id, as_of, field)
    ranked = (
        select(
            Team.id,
            Team.name,
            Team.provenance,
            *team_columns(as_of),
            cast(figure, BigInteger).label(field),
        )
        .select_from(joined)
        .where(where)
        .subquery()
    )
    keys = [
        SortKey(field, ranked.c[field], descending),
        SortKey("name", ranked.c.name, False),
        SortKey("id", ranked.c.id, False),
    ]
    return select(*ranked.c), keys


async def breakdowns(
    conn: AsyncConnection, programme_id: str, as_of: date, teams: list[Row]
) -> list[Row]:
    """Every figure of ``teams`` in their order: 5 queries. Each row holds the team's id, name,
    provenance and its replayed status and sustainability (``paging.team_columns``)."""
    ids = [t["id"] for t in teams]
    awarded = {
        t: int(total)
        for t, _, total in await conn.execute(awarded_by_team(programme_id, as_of, ids))
    }
    paid = {
        t: (int(p), int(u))
        for t, p, u in await conn.execute(paid_by_team(programme_id, as_of, ids))
    }
    replayed = (
        select(Milestone.team_id, milestone_status_as_of(as_of).label("status"))
        .where(Milestone.team_id.in_(ids))  # by its team index; the teams are the programme's
        .subquery()
    )
    milestones: dict[str, list[tuple[str, int]]] = {}
    for t, status, n in await conn.execute(
        select(replayed.c.team_id, replayed.c.status, func.count()).group_by(
            replayed.c.team_id, replayed.c.status
        )
    ):
        milestones.setdefault(t, []).append((status, int(n)))
    support: dict[str, list[tuple[str, int, float]]] = {}
    for t, kind, n, hours in await conn.execute(
        select(links.team_id, SupportActivity.type, func.count(), func.sum(SupportActivity.hours))
        .join(SupportActivity, SupportActivity.id == links.support_activity_id)
        .where(links.team_id.in_(ids), support_delivered_by(as_of))
        .group_by(links.team_id, SupportActivity.type)
    ):
        support.setdefault(t, []).append((kind, n, hours))
    evidence = {
        t: {"total": int(n), "exemplars": int(x)}
        for t, n, x in await conn.execute(
            select(
                Evidence.team_id, func.count(), func.sum(case((Evidence.is_exemplar, 1), else_=0))
            )
            .where(Evidence.team_id.in_(ids), Evidence.published_on <= as_of)
            .group_by(Evidence.team_id)
        )
    }
    return [
        _breakdown(
            team,
            awarded.get(team["id"], 0),
            paid.get(team["id"], (0, 0)),
            milestone_counts(milestones.get(team["id"], [])),
            support_by_type(support.get(team["id"], [])),
            evidence.get(team["id"], {"total": 0, "exemplars": 0}),
        )
        for team in teams
    ]


def _breakdown(
    team: Row,
    awarded: int,
    paid: tuple[int, int],
    milestones: Row,
    support: list[Row],
    evidence: Row,
) -> Row:
    """One team's row of ``breakdowns`` (``TeamBreakdown``)."""
    paid_pence, unpaid_pence = paid
    return {
        "id": team["id"],
        "name": team["name"],
        "provenance": team["provenance"],
        "status": team["status"],
        "status_undated": bool(team["status_undated"]),
        "sustainability_status": team["sustainability_status"],
        "awarded_pence": awarded,
        "paid_pence": paid_pence,
        "scheduled_unpaid_pence": unpaid_pence,
        "remaining_pence": awarded - paid_pence,
        "milestones": milestones,
        "support": support,
        "evidence": evidence,
    }
