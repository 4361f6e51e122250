"""The programme's milestones on a day, a page of teams at a time (``GET .../timeline``).

3 queries whatever the team count, in one snapshot: the programme with the count of matching
teams, the page of teams (keyset over name, id), and the milestones in the window of those teams
(and, on the first page, the programme-wide ones).
"""

from datetime import date

from sqlalchemy import case, false, or_
from sqlalchemy.ext.asyncio import AsyncConnection

from api.dashboard.figures import (
    fetch_programme,
    milestone_rows,
)
from api.dashboard.paging import TeamFilter, by_name, fetch_page, teams_select
from api.dashboard.replay import (
    AnySelect,
    Row,
    milestones_select,
    snapshot,
)
from api.models import Milestone


def _milestones(
    programme_id: str,
    as_of: date,
    start: date | None,
    end: date | None,
    team_ids: list[str],
    cursor: str | None,
) -> AnySelect:
    """The milestones due in [start, end] of ``team_ids``, and on the first page (no cursor) the
    programme-wide ones, those first."""
    window = [Milestone.programme_id == programme_id]
    if start is not None:
        window.append(Milestone.due_date >= start)
    if end is not None:
        window.append(Milestone.due_date <= end)
    programme_wide = Milestone.team_id.is_(None) if cursor is None else false()
    return (
        milestones_select(as_of)
        .where(*window, or_(Milestone.team_id.in_(team_ids), programme_wide))
        .order_by(case((Milestone.team_id.is_(None), 0), else_=1), Milestone.due_date, Milestone.id)
    )


async def programme_timeline(
    conn: AsyncConnection,
    teams: TeamFilter,
    as_of: date,
    *,
    start: date | None = None,
    end: date | None = None,
    limit: int = 25,
    cursor: str | None = None,
) -> Row:
    """A page of teams with their milestones due in [start, end] (either end open)."""
    where = teams.condition()
    async with snapshot(conn):
        programme = await fetch_programme(conn, teams.programme_id, where)
        page, next_cursor = await fetch_page(
            conn, teams_select(where, as_of), by_name(), limit, cursor
        )
        ids = [t["id"] for t in page]
        milestones = milestone_rows(
            await conn.execute(_milestones(teams.programme_id, as_of, start, end, ids, cursor))
        )
    total = programme.pop("matching")
    by_team: dict[str | None, list[Row]] = {}
    for m in milestones:
        by_team.setdefault(m["team_id"], []).append(m)
    return {
        "as_of": as_of,
        "programme": programme,
        "window": {"from": start, "to": end},
        "total_teams": int(total),
        "programme_milestones": by_team.get(None, []),
        "teams": [
            {
                "id": t["id"],
                "name": t["name"],
                "status": t["status"],
                "status_undated": bool(t["status_undated"]),
                "milestones": by_team.get(t["id"], []),
            }
            for t in page
        ],
        "next_cursor": next_cursor,
    }
