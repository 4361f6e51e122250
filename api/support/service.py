from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import RuleBroken
from api.kit.reads import Collection
from api.kit.rules import WrongProgramme, in_order, in_window, programme
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
    label = "support activity"
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

    async def validate(
        self,
        session: AsyncSession,
        obj: SupportActivity,
        links: dict[str, list[str]],
        before: dict[str, Any] | None,
    ) -> None:
        prog = await programme(session, obj.programme_id)
        in_window(prog, obj.start_date, "start_date")
        in_window(prog, obj.end_date, "end_date")
        in_order(obj.start_date, obj.end_date, "end_date", strict=False)
        teams = links["team_ids"]
        if obj.type in ONE_TEAM and len(teams) != 1:
            raise TeamCountRule(
                f"{obj.type.value} names exactly one team, not {len(teams)}", field="team_ids"
            )
        if obj.type == SupportType.learning_event and not teams:
            raise TeamCountRule("a learning event names at least one team", field="team_ids")
        if teams:
            owners = set(
                (await session.scalars(select(Team.programme_id).where(Team.id.in_(teams)))).all()
            )
            if owners - {prog.id}:
                raise WrongProgramme("every team must belong to the programme", field="team_ids")


service = SupportService()
