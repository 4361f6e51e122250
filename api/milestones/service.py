from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import NotFound, ProblemError, RuleBroken
from api.kit.changes import Change, Memo, Verdicts, each
from api.kit.decisions import (
    DateWithoutDecision,
    DecisionNeedsDate,
    DecisionNeedsReason,
    decision_day,
)
from api.kit.reads import Collection
from api.kit.rules import (
    OutsideWindow,
    Window,
    WrongProgramme,
    in_window,
    programme_of_teams,
    programmes_by_id,
    team_in_programme,
)
from api.kit.service import CrudService
from api.milestones.schemas import MilestoneRead
from api.models import Milestone, SpendReport, milestone_dependencies
from api.models.enums import MilestoneKind, MilestoneStatus, ReportStatus
from api.reports.rules import ReportNotApproved

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

    async def check_rows(
        self, session: AsyncSession, changes: Sequence[Change], memo: Memo | None = None
    ) -> Verdicts:
        depending = {c.row["programme_id"] for c in changes if c.links["depends_on_ids"]}
        progs = await programmes_by_id(session, (c.row["programme_id"] for c in changes))
        teams = await programme_of_teams(session, (c.row["team_id"] for c in changes))
        # Lock the programmes whose dependency graphs change, so two edits cannot each add half
        # of a cycle (PostgreSQL; SQLite writers already run one at a time), then read each
        # graph once and walk it in memory, adding the batch's own edges as they are accepted.
        await programmes_by_id(session, depending, lock=True)
        targets = {d for c in changes for d in c.links["depends_on_ids"]}
        stmt = select(Milestone.id, Milestone.programme_id).where(Milestone.id.in_(targets))
        owner: dict[str, str] = dict((await session.execute(stmt)).all())
        graph = await _graph(session, depending, {} if memo is None else memo)
        unapproved = await _unapproved_reports(session, changes)

        def check(change: Change) -> None:
            row, depends_on = change.row, change.links["depends_on_ids"]
            prog = progs.get(row["programme_id"])
            if prog is None:
                raise NotFound(f"no programme with id {row['programme_id']}", field="programme_id")
            team_in_programme(teams, row["team_id"], prog.id)
            if row["kind"] == MilestoneKind.sustainability:
                if row["due_date"] <= prog.end_date:
                    raise OutsideWindow(
                        f"a sustainability check-in falls after the window ends "
                        f"({prog.end_date.isoformat()})",
                        field="due_date",
                    )
            else:
                in_window(prog, row["due_date"], "due_date")
            if row["status"] == MilestoneStatus.achieved and row["completed_date"] is None:
                raise AchievedNeedsDate(
                    "an achieved milestone needs completed_date", field="completed_date"
                )
            check_decision(prog, row, change.before)
            if row["id"] in unapproved:
                raise ReportNotApproved(
                    f"spend report {unapproved[row['id']]} satisfies this milestone: it is "
                    "achieved once that report is approved",
                    field="status",
                )
            no_cycle(row["id"], prog.id, depends_on, owner, graph)
            owner[row["id"]] = prog.id
            if depends_on or row["id"] in graph:
                graph[row["id"]] = list(depends_on)

        return each(changes, check)


async def _unapproved_reports(session: AsyncSession, changes: Sequence[Change]) -> dict[str, str]:
    """The milestones set achieved here whose linked spend report is not approved yet, with
    that report's ref."""
    ids = {
        c.row["id"]
        for c in changes
        if c.row["status"] == MilestoneStatus.achieved
        and (c.before is None or c.before["status"] != MilestoneStatus.achieved)
    }
    if not ids:
        return {}
    stmt = select(SpendReport.milestone_id, SpendReport.ref).where(
        SpendReport.milestone_id.in_(ids), SpendReport.status != ReportStatus.approved
    )
    return {str(r.milestone_id): r.ref for r in (await session.execute(stmt)).all()}


async def _graph(session: AsyncSession, depending: set[str], memo: Memo) -> dict[str, list[str]]:
    """The dependency edges of the ``depending`` programmes. A load's batches share one graph
    (``memo``), read once per programme and kept current by ``check`` as rows are accepted: the
    programmes are locked until the load commits, so nobody else changes it meanwhile, and
    reading it again for every batch made a big load's milestones quadratic."""
    graph: dict[str, list[str]] = memo.setdefault("graph", {})
    read: set[str] = memo.setdefault("graph_programmes", set())
    unread = depending - read
    if unread:
        edges = await session.execute(
            select(deps.milestone_id, deps.depends_on_id)
            .join(Milestone, Milestone.id == deps.milestone_id)
            .where(Milestone.programme_id.in_(unread))
        )
        for src, dst in edges.all():
            graph.setdefault(src, []).append(dst)
        read |= unread
    return graph


DECISIONS = (MilestoneStatus.missed, MilestoneStatus.deferred, MilestoneStatus.cancelled)
NEED_REASON = (MilestoneStatus.deferred, MilestoneStatus.cancelled)


def check_decision(prog: Window, row: dict[str, Any], before: dict[str, Any] | None) -> None:
    """A missed, deferred or cancelled milestone records when (and, unless missed, why) it was
    so decided. A row that already had that status without a date (from before decisions were
    dated) may keep it until its status changes."""
    status, decided, reason = row["status"], row["decided_on"], row["decision_reason"].strip()
    if status not in DECISIONS:
        if decided is not None or reason:
            field = "decided_on" if decided is not None else "decision_reason"
            raise DateWithoutDecision(
                f"a {status} milestone has no decision: clear {field}", field=field
            )
        return
    kept = before is not None and before["status"] == status
    if decided is None and not (kept and before is not None and before["decided_on"] is None):
        raise DecisionNeedsDate(f"a {status} milestone needs decided_on", field="decided_on")
    if status in NEED_REASON and not reason:
        if not (kept and before is not None and not before["decision_reason"].strip()):
            raise DecisionNeedsReason(
                f"a {status} milestone needs decision_reason", field="decision_reason"
            )
    decision_day(prog, decided, "decided_on")


def no_cycle(
    milestone_id: str,
    programme_id: str,
    depends_on: list[str],
    owner: dict[str, str],
    graph: dict[str, list[str]],
) -> None:
    """``depends_on`` stays within the programme and never leads back to the milestone
    (``graph``: the programme's edges; the milestone's own are being replaced)."""
    if not depends_on:
        return
    if milestone_id in depends_on:
        raise DependencyCycle("a milestone cannot depend on itself", field="depends_on_ids")
    if any(owner.get(d) != programme_id for d in depends_on):
        raise WrongProgramme(
            "a milestone can only depend on milestones of its programme", field="depends_on_ids"
        )
    seen: set[str] = set()
    stack = list(depends_on)
    while stack:
        node = stack.pop()
        if node == milestone_id:
            raise DependencyCycle(
                "these dependencies lead back to this milestone", field="depends_on_ids"
            )
        if node not in seen:
            seen.add(node)
            stack.extend(graph.get(node, []))


service = MilestoneService()
