from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import NotFound, RuleBroken
from api.kit.changes import Change, Memo, Verdicts, each
from api.kit.reads import Collection
from api.kit.rules import (
    WrongProgramme,
    in_order,
    in_window,
    programme_of_teams,
    programmes_by_id,
)
from api.kit.service import CrudService
from api.models import SupportActivity, Team, support_activity_teams
from api.models.enums import SupportType
from api.support.schemas import SupportActivityRead

links_c = support_activity_teams.c


class TeamCountRule(RuleBroken):
    type = "support-team-count"
    title = "Coaching and diagnostics serve exactly one team; learning events one or more"


ONE_TEAM = {SupportType.coaching, SupportType.diagnostic_needs_assessment}


class SupportService(CrudService[SupportActivity]):
    model = SupportActivity
    read_schema = SupportActivityRead
    collections = {
        "team_ids": Collection(
            support_activity_teams, links_c.support_activity_id, links_c.team_id, Team
        )
    }
    filters = {
        "programme_id": lambda v: SupportActivity.programme_id == v,
        "type": lambda v: SupportActivity.type == v,
        "status": lambda v: SupportActivity.status == v,
        "team_id": lambda v: SupportActivity.id.in_(
            select(links_c.support_activity_id).where(links_c.team_id == v)
        ),
        "start_from": lambda v: SupportActivity.start_date >= v,
        "start_to": lambda v: SupportActivity.start_date <= v,
    }
    sortable = ("start_date", "title", "type", "created_at")
    default_sort = "start_date"
    search = ("title", "provider")

    async def check_rows(
        self, session: AsyncSession, changes: Sequence[Change], memo: Memo | None = None
    ) -> Verdicts:
        progs = await programmes_by_id(session, (c.row["programme_id"] for c in changes))
        owners = await programme_of_teams(
            session, (t for c in changes for t in c.links["team_ids"])
        )

        def check(change: Change) -> None:
            row, teams = change.row, change.links["team_ids"]
            prog = progs.get(row["programme_id"])
            if prog is None:
                raise NotFound(f"no programme with id {row['programme_id']}", field="programme_id")
            in_window(prog, row["start_date"], "start_date")
            in_window(prog, row["end_date"], "end_date")
            in_order(row["start_date"], row["end_date"], "end_date", strict=False)
            kind = row["type"]
            if kind in ONE_TEAM and len(teams) != 1:
                raise TeamCountRule(
                    f"{SupportType(kind).value} names exactly one team, not {len(teams)}",
                    field="team_ids",
                )
            if kind == SupportType.learning_event and not teams:
                raise TeamCountRule("a learning event names at least one team", field="team_ids")
            if any(owners.get(t) != prog.id for t in teams):
                raise WrongProgramme("every team must belong to the programme", field="team_ids")

        return each(changes, check)


service = SupportService()
