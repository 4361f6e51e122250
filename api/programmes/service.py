from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.awards.service import CurrencyMismatch
from api.errors import ProblemError
from api.kit.changes import Change, Memo, Verdicts
from api.kit.money import money
from api.kit.rules import in_order
from api.kit.service import CrudService
from api.models import Award, Milestone, Programme, SupportActivity, Team
from api.models.enums import MilestoneKind
from api.programmes.schemas import ProgrammeRead
from api.teams.service import TooManyTeams


class ParentCycle(ProblemError):
    status = 409
    type = "parent-cycle"
    title = "A programme cannot be its own ancestor"


class ProgrammeChangeConflict(ProblemError):
    status = 409
    type = "programme-change-conflict"
    title = "The new cap or window would break rows already recorded"


class ProgrammeService(CrudService[Programme]):
    model = Programme
    read_schema = ProgrammeRead
    filters = {
        "parent_id": lambda v: Programme.parent_id == v,
        "funder_id": lambda v: Programme.funder_id == v,
    }
    sortable = ("code", "title", "start_date", "created_at")
    default_sort = "start_date"
    search = ("title", "code")

    async def check_rows(
        self, session: AsyncSession, changes: Sequence[Change], memo: Memo | None = None
    ) -> Verdicts:
        # The whole series tree in one query (programmes are few), kept up to date as the
        # batch goes, so a round can name a series loaded just before it.
        tree = (await session.execute(select(Programme.id, Programme.parent_id))).all()
        parents: dict[str, str | None] = dict(tree)
        out: Verdicts = []
        for change in changes:
            try:
                await self._check(session, change.row, change.before, parents)
            except ProblemError as exc:
                out.append(exc)
                continue
            parents[change.row["id"]] = change.row["parent_id"]
            out.append(None)
        return out

    async def _check(
        self,
        session: AsyncSession,
        obj: dict[str, Any],
        before: dict[str, Any] | None,
        parents: dict[str, str | None],
    ) -> None:
        in_order(obj["start_date"], obj["end_date"], "end_date")
        # A series is a tree: walking up from the new parent must never reach this programme.
        parent_id = obj["parent_id"]
        while parent_id is not None:
            if parent_id == obj["id"]:
                raise ParentCycle("a programme cannot be its own ancestor", field="parent_id")
            parent_id = parents.get(parent_id)
        if before is None:
            return
        await self._check_existing_rows(session, obj, before)
        new_max = obj["max_teams"] is not None and obj["max_teams"] != before["max_teams"]
        new_currency = obj["currency"] != before["currency"]
        if not (new_max or new_currency):
            return
        # The rows already under the programme must fit its new terms. Lock it as team creates
        # do, so none slips in between the count and the update.
        prog_id = obj["id"]
        await session.execute(select(Programme.id).where(Programme.id == prog_id).with_for_update())
        if obj["max_teams"] is not None and new_max:
            teams = await session.scalar(
                select(func.count()).select_from(Team).where(Team.programme_id == prog_id)
            )
            if (teams or 0) > obj["max_teams"]:
                raise TooManyTeams(
                    f"{obj['code']} already has {teams} teams, more than {obj['max_teams']}",
                    field="max_teams",
                )
        if new_currency:
            other = await session.scalar(
                select(Award.currency)
                .join(Team, Team.id == Award.team_id)
                .where(Team.programme_id == prog_id, Award.currency != obj["currency"])
                .limit(1)
            )
            if other is not None:
                raise CurrencyMismatch(
                    f"{obj['code']} has awards in {other}; its currency cannot become "
                    f"{obj['currency']}",
                    field="currency",
                )

    async def _check_existing_rows(
        self, session: AsyncSession, obj: dict[str, Any], before: dict[str, Any]
    ) -> None:
        """A new cap or window must still hold for the rows already recorded."""
        cap = obj["award_cap_pence"]
        if cap is not None and cap != before["award_cap_pence"]:
            largest = await session.scalar(
                select(func.max(Award.amount_pence))
                .join(Team, Team.id == Award.team_id)
                .where(Team.programme_id == obj["id"])
            )
            if largest is not None and largest > cap:
                raise ProgrammeChangeConflict(
                    f"an award of {money(largest, obj['currency'])} is over the new cap",
                    field="award_cap_pence",
                )
        if (obj["start_date"], obj["end_date"]) == (before["start_date"], before["end_date"]):
            return
        dated = [
            select(func.min(Award.award_date), func.max(Award.planned_end_date))
            .join(Team, Team.id == Award.team_id)
            .where(Team.programme_id == obj["id"]),
            select(func.min(Milestone.due_date), func.max(Milestone.due_date)).where(
                Milestone.programme_id == obj["id"], Milestone.kind != MilestoneKind.sustainability
            ),
            select(func.min(SupportActivity.start_date), func.max(SupportActivity.end_date)).where(
                SupportActivity.programme_id == obj["id"]
            ),
        ]
        for stmt in dated:
            first, last = (await session.execute(stmt)).one()
            if first is not None and (first < obj["start_date"] or last > obj["end_date"]):
                raise ProgrammeChangeConflict(
                    f"rows dated {first.isoformat()} – {last.isoformat()} would fall outside "
                    "the new window",
                    field="start_date" if first < obj["start_date"] else "end_date",
                )
        earliest_check = await session.scalar(
            select(func.min(Milestone.due_date)).where(
                Milestone.programme_id == obj["id"], Milestone.kind == MilestoneKind.sustainability
            )
        )
        if earliest_check is not None and earliest_check <= obj["end_date"]:
            raise ProgrammeChangeConflict(
                "a sustainability check-in would fall inside the new window", field="end_date"
            )


service = ProgrammeService()
