from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import NotFound, ProblemError, RuleBroken
from api.kit.changes import Change, Memo, Verdicts, each
from api.kit.decisions import DateWithoutDecision, decision_day
from api.kit.rules import programmes_by_id
from api.kit.service import CrudService
from api.models import SustainabilityCheckin, Team, TeamPartner
from api.models.enums import Provenance, SustainabilityStatus, TeamStatus
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
    read_schema = TeamRead
    filters = {
        "programme_id": lambda v: Team.programme_id == v,
        "status": lambda v: Team.status == v,
        "provenance": lambda v: Team.provenance == v,
    }
    sortable = ("name", "created_at")
    default_sort = "name"
    search = ("name", "project_title")
    computed = {
        "sustainability_status": lambda: func.coalesce(
            select(SustainabilityCheckin.status)
            .where(SustainabilityCheckin.team_id == Team.id)
            .order_by(SustainabilityCheckin.checked_on.desc())
            .limit(1)
            .scalar_subquery(),
            SustainabilityStatus.not_assessed.value,
        )
    }

    async def check_rows(
        self, session: AsyncSession, changes: Sequence[Change], memo: Memo | None = None
    ) -> Verdicts:
        # A team joining a programme takes one of its places: lock those programmes so two
        # concurrent writers cannot both take the last place, then count once per programme.
        joining = {
            c.row["programme_id"]
            for c in changes
            if c.before is None or c.before["programme_id"] != c.row["programme_id"]
        }
        progs = await programmes_by_id(session, joining, lock=True)
        dated = {c.row["programme_id"] for c in changes if c.row["status_changed_on"]}
        progs.update(await programmes_by_id(session, dated - set(progs)))
        counted = [p.id for p in progs.values() if p.max_teams is not None]
        counts: dict[str, int] = dict.fromkeys(counted, 0)
        if counted:
            stmt = (
                select(Team.programme_id, func.count())
                .where(Team.programme_id.in_(counted))
                .group_by(Team.programme_id)
            )
            counts.update((await session.execute(stmt)).all())

        def check(change: Change) -> None:
            row, before = change.row, change.before
            if row["provenance"] == Provenance.sourced and not row["source_url"]:
                raise SourceRequired("a sourced team must give its source_url", field="source_url")
            prog_id = row["programme_id"]
            if row["status_changed_on"] is not None:
                if row["status"] == TeamStatus.active:
                    raise DateWithoutDecision(
                        "an active team has no status_changed_on", field="status_changed_on"
                    )
                if prog_id in progs:
                    decision_day(progs[prog_id], row["status_changed_on"], "status_changed_on")
            if before is not None and before["programme_id"] == prog_id:
                return
            prog = progs.get(prog_id)
            if prog is None:
                raise NotFound(f"no programme with id {prog_id}", field="programme_id")
            if prog.max_teams is not None:
                if counts[prog_id] >= prog.max_teams:
                    raise TooManyTeams(
                        f"{prog.code} already has {counts[prog_id]} of its {prog.max_teams} teams",
                        field="programme_id",
                    )
                counts[prog_id] += 1
            if before is not None and before["programme_id"] in counts:
                counts[before["programme_id"]] -= 1

        return each(changes, check)


class PartnerService(CrudService[TeamPartner]):
    model = TeamPartner
    read_schema = PartnerRead
    filters = {"role": lambda v: TeamPartner.role == v}
    sortable = ("role", "created_at")
    default_sort = "role"


service = TeamService()
partners = PartnerService()
