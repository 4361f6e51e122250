from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import ProblemError, RuleBroken
from api.kit.rules import programme
from api.kit.service import CrudService
from api.models import Team, TeamPartner
from api.models.enums import Provenance
from api.teams.schemas import PartnerRead, TeamRead


class TooManyTeams(ProblemError):
    status = 409
    type = "too-many-teams"
    title = "The programme already has its maximum number of teams"


class SourceRequired(RuleBroken):
    type = "source-required"
    title = "A sourced team needs its source_url"


class TeamService(CrudService[Team]):
    model = Team
    label = "team"
    read_schema = TeamRead
    filters = {
        "programme_id": lambda v: Team.programme_id == v,
        "status": lambda v: Team.status == v,
        "provenance": lambda v: Team.provenance == v,
    }
    sortable = ("name", "created_at")
    default_sort = "name"
    search = ("name", "project_title")

    async def validate(
        self,
        session: AsyncSession,
        obj: Team,
        links: dict[str, list[str]],
        before: dict[str, Any] | None,
    ) -> None:
        if obj.provenance == Provenance.sourced and not obj.source_url:
            raise SourceRequired("a sourced team must give its source_url", field="source_url")
        if before is not None and before["programme_id"] == obj.programme_id:
            return
        # Lock the programme row so two concurrent creates cannot both take the last place.
        prog = await programme(session, obj.programme_id, lock=True)
        if prog.max_teams is None:
            return
        count = await session.scalar(
            select(func.count()).select_from(Team).where(Team.programme_id == prog.id)
        )
        if (count or 0) >= prog.max_teams:
            raise TooManyTeams(
                f"{prog.code} already has {count} of its {prog.max_teams} teams",
                field="programme_id",
            )


class PartnerService(CrudService[TeamPartner]):
    model = TeamPartner
    label = "partner"
    read_schema = PartnerRead
    filters = {"role": lambda v: TeamPartner.role == v}
    sortable = ("role", "created_at")
    default_sort = "role"


service = TeamService()
partners = PartnerService()
