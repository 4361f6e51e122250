"""Up to four chosen teams side by side on a day (``GET .../compare``): each team's money,
milestones by status, support by type and evidence (``team_figures.breakdowns``) and its
indicators counted by trend and target (``results``). 7 queries for any choice, in one snapshot.
"""

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.dashboard.figures import (
    fetch_programme,
)
from api.dashboard.paging import TeamFilter, team_columns
from api.dashboard.replay import (
    Row,
    snapshot,
)
from api.dashboard.results import add_counts, classified_indicators, counted, zero_counts
from api.dashboard.team_figures import breakdowns
from api.errors import NotFound
from api.models import Team

MAX_TEAMS = 4


async def compare(conn: AsyncConnection, teams: TeamFilter, as_of: date, ids: list[str]) -> Row:
    """The teams ``ids`` (of the programme, within the caller's scope) in the order asked; a
    team that is not there is a 404 naming it."""
    async with snapshot(conn):
        programme = await fetch_programme(conn, teams.programme_id)
        found = {
            r["id"]: r
            for r in (
                await conn.execute(
                    select(Team.id, Team.name, Team.provenance, *team_columns(as_of)).where(
                        teams.condition(), Team.id.in_(ids)
                    )
                )
            ).mappings()
        }
        for i, team_id in enumerate(ids):
            if team_id not in found:
                raise NotFound(
                    f"no team with id {team_id} in this programme", loc=["query", "team_id", i]
                )
        shown = [dict(found[i]) for i in ids]
        figures = await breakdowns(conn, teams.programme_id, as_of, shown)
        rows = (
            await conn.execute(
                counted(classified_indicators(teams.programme_id, as_of, ids), "team_id")
            )
        ).all()
    indicators = {i: zero_counts() for i in ids}
    for team_id, trend, target, n, both in rows:
        add_counts(indicators[team_id], trend, target, n, both)
    return {
        "as_of": as_of,
        "programme": programme,
        "teams": [f | {"indicators": indicators[f["id"]]} for f in figures],
    }
