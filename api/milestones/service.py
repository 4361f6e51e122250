from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import ProblemError, RuleBroken
from api.kit.reads import Collection
from api.kit.rules import OutsideWindow, WrongProgramme, in_window, programme, team_in_programme
from api.kit.service import CrudService
from api.milestones.schemas import MilestoneRead
from api.models import Milestone, milestone_dependencies
from api.models.enums import MilestoneKind, MilestoneStatus

deps = milestone_dependencies.c


class AchievedNeedsDate(RuleBroken):
    type = "achieved-needs-date"
    title = "An achieved milestone needs its completed date"


class DependencyCycle(ProblemError):
    status = 409
    type = "dependency-cycle"
    title = "Milestone dependencies would form a cycle"


class MilestoneService(CrudService[Milestone]):
    model = Milestone
    label = "milestone"
    read_schema = MilestoneRead
    collections = {
        "depends_on_ids": Collection(
            milestone_dependencies, deps.milestone_id, deps.depends_on_id, Milestone
        )
    }
    filters = {
        "programme_id": lambda v: Milestone.programme_id == v,
        "team_id": lambda v: Milestone.team_id == v,
        "status": lambda v: Milestone.status == v,
        "kind": lambda v: Milestone.kind == v,
        "due_from": lambda v: Milestone.due_date >= v,
        "due_to": lambda v: Milestone.due_date <= v,
    }
    sortable = ("due_date", "title", "status", "created_at")
    default_sort = "due_date"
    search = ("title",)

    async def validate(
        self,
        session: AsyncSession,
        obj: Milestone,
        links: dict[str, list[str]],
        before: dict[str, Any] | None,
    ) -> None:
        prog = await programme(session, obj.programme_id)
        await team_in_programme(session, obj.team_id, prog.id)
        if obj.kind == MilestoneKind.sustainability:
            if obj.due_date <= prog.end_date:
                raise OutsideWindow(
                    f"a sustainability check-in falls after the window ends "
                    f"({prog.end_date.isoformat()})",
                    field="due_date",
                )
        else:
            in_window(prog, obj.due_date, "due_date")
        if obj.status == MilestoneStatus.achieved and obj.completed_date is None:
            raise AchievedNeedsDate(
                "an achieved milestone needs completed_date", field="completed_date"
            )
        await self._check_dependencies(session, obj, links["depends_on_ids"])

    async def _check_dependencies(
        self, session: AsyncSession, obj: Milestone, depends_on: list[str]
    ) -> None:
        if not depends_on:
            return
        # Lock the programme so two edits cannot each add half of a cycle (PostgreSQL; SQLite
        # writers already run one at a time): the graph below is read after the other commits.
        await programme(session, obj.programme_id, lock=True)
        if obj.id in depends_on:
            raise DependencyCycle("a milestone cannot depend on itself", field="depends_on_ids")
        programmes = set(
            (
                await session.scalars(
                    select(Milestone.programme_id).where(Milestone.id.in_(depends_on))
                )
            ).all()
        )
        if programmes - {obj.programme_id}:
            raise WrongProgramme(
                "a milestone can only depend on milestones of its programme",
                field="depends_on_ids",
            )
        # One query for the programme's whole dependency graph, then a walk in memory.
        edges = (
            await session.execute(
                select(deps.milestone_id, deps.depends_on_id)
                .join(Milestone, Milestone.id == deps.milestone_id)
                .where(Milestone.programme_id == obj.programme_id, deps.milestone_id != obj.id)
            )
        ).all()
        graph: dict[str, list[str]] = {}
        for src, dst in edges:
            graph.setdefault(src, []).append(dst)
        seen: set[str] = set()
        stack = list(depends_on)
        while stack:
            node = stack.pop()
            if node == obj.id:
                raise DependencyCycle(
                    "these dependencies lead back to this milestone", field="depends_on_ids"
                )
            if node not in seen:
                seen.add(node)
                stack.extend(graph.get(node, []))


service = MilestoneService()
