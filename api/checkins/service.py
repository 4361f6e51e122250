from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.checkins.schemas import CheckinRead
from api.errors import NotFound
from api.kit.changes import Change, Memo, Verdicts, each
from api.kit.decisions import decision_day
from api.kit.rules import programme_of_teams, programmes_by_id
from api.kit.service import CrudService
from api.models import SustainabilityCheckin, Team

Checkin = SustainabilityCheckin


class CheckinService(CrudService[SustainabilityCheckin]):
    model = SustainabilityCheckin
    read_schema = CheckinRead
    filters = {
        "programme_id": lambda v: Checkin.team_id.in_(
            select(Team.id).where(Team.programme_id == v)
        ),
        "team_id": lambda v: Checkin.team_id == v,
        "status": lambda v: Checkin.status == v,
        "checked_from": lambda v: Checkin.checked_on >= v,
        "checked_to": lambda v: Checkin.checked_on <= v,
    }
    sortable = ("checked_on", "created_at")
    default_sort = "checked_on"

    async def check_rows(
        self, session: AsyncSession, changes: Sequence[Change], memo: Memo | None = None
    ) -> Verdicts:
        team_programme = await programme_of_teams(session, (c.row["team_id"] for c in changes))
        progs = await programmes_by_id(session, team_programme.values())

        def check(change: Change) -> None:
            row = change.row
            prog = progs.get(team_programme.get(row["team_id"], ""))
            if prog is None:
                raise NotFound(f"no team with id {row['team_id']}", field="team_id")
            decision_day(prog, row["checked_on"], "checked_on")

        return each(changes, check)


service = CheckinService()
