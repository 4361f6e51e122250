"""How the dashboard replays the programme on a day D (``as_of``), and the shared query parts.

The rules are defined here once, as SQL expressions, and every read model uses them (counts are
GROUP BYs over the same expressions the lists show), so a figure and the rows behind it agree.
``frontend/src/lib/replay.ts`` mirrors them, and ``tests/replay_cases.json`` holds the cases both
are tested against.

A decision counts only from its date. One whose date was not recorded (null: rows from before
decisions were dated) is shown as recorded, whatever D is, and flagged ``status_undated`` so the
screen can say "date not recorded".

Milestone status on D, the first rule that applies:
  1. ``achieved``    if its status is achieved and completed_date <= D;
  2. ``cancelled`` / ``deferred`` if that is its status now and decided_on <= D (or decided_on is
     null: then flagged undated);
  3. ``late``        if due_date < D: due before D and not achieved by D. A milestone due on D
     itself is not late yet; one recorded as missed, or achieved only after D, is late;
  4. ``in_progress`` if that is its status now, otherwise ``planned``: not yet due on D, and an
     outcome recorded after D (achieved later, missed, or deferred or cancelled after D) was not
     known on D.
  Its completed_date shows only if it is on or before D, and its decided_on and decision_reason
  only while rule 2 applies. ``missed`` never appears: on D it is ``late`` (past due) or still
  ``planned`` (not yet due); its decided_on is kept for the record.

Team status on D: ``completed`` / ``withdrawn`` if that is its status now and status_changed_on
<= D (or null: undated); otherwise ``active``.
Team sustainability on D: the status of its latest check-in with checked_on <= D;
``not_assessed`` without one.
Award status on D (for awards counted on D):
  1. ``closed`` / ``withdrawn`` if that is its status now and closed_on <= D (or null: undated);
  2. ``active`` if its status now is not ``awarded`` and activated_on <= D, or activated_on is
     null and its status is ``active`` or ``closed`` (undated);
  3. otherwise ``awarded``.

Award on D: counted if award_date <= D.
Payment on D: counted only if its award counts. ``paid`` if its status is paid and paid_date <= D;
a payment paid after D shows as ``scheduled`` with no paid date; otherwise its status as recorded
(scheduled, approved, cancelled). Paid to date sums ``paid``; scheduled-but-unpaid sums
``scheduled`` and ``approved``; cancelled payments count nowhere; remaining = awarded - paid.
Support activity on D: ``delivered`` if its status is delivered and end_date <= D; ``cancelled`` as
recorded; otherwise ``planned``. Only delivered ones count in the totals.
Evidence on D: published_on <= D. Indicator period on D: period_end <= D.

Money on D (SQL in ``money_replay.py``; read by ``money.py`` and ``team_money.py``):
- Amendment: counts on D if approved, decided_on <= D (null: undated, counts as recorded) and
  effective_date <= D. Its status on D: ``approved`` / ``rejected`` once decided by D (or
  undated), otherwise ``proposed`` (every amendment is listed: its row has no proposal date).
- Award on D: its amount is amount_pence + Σ amount_change_pence of its counted amendments; its
  planned start and end are the last counted new_start_date / new_end_date (by effective_date,
  then id), else its own.
- Spend report status on D: ``approved`` if approved and decided_on <= D; ``returned`` if
  returned and decided_on <= D (either undated: as recorded); ``submitted`` if not a draft and
  submitted_on <= D (or null); ``returned`` if submitted again after D but returned (its
  decided_on) by D; otherwise ``draft``. Only spend lines in reports approved on D
  count. A report still owed on D (draft or returned) is overdue if due_date < D and due soon if
  D <= due_date <= D + 30 days.
- Budget lines carry no decision date: every line counts on every D, as long as its award does.
- Financial year: 1 April - 31 March. A budget line falls in the year its period_start is in;
  spend in the year its report's period_end is in.
- Variance = budgeted - approved spend; unallocated = awarded (amended on D) - budgeted.

Aggregates over those rules (the summary's bounded figures, the results):
- Payment month: a payment counted and paid on D falls in the month of its paid_date; one counted
  and unpaid (scheduled or approved on D) in the month of its scheduled_date; cancelled, none.
- Milestone month: the month of its due_date (every milestone counts, with its status on D).
- A team's paid share: its paid to date / its awarded, over its awards made by D; a team with no
  award made by D has none ("not awarded"). Band k (0..9) holds shares in [10k%, 10k+10%); a
  share of 100% falls in band 9.
- A team's late milestones: its milestones whose status on D is ``late``.
- Indicator on D: its latest value is the actual_value of the last of its periods, in (period_start,
  id) order (the order the team summary lists them), with period_end <= D and a value. Trend:
  ``no_data`` without such a value or without a baseline; else ``no_change`` if the value equals
  the baseline, ``improving`` if it is better in the indicator's direction (greater when
  higher_is_better, smaller when lower_is_better), otherwise ``worsening``. Target: met if the
  value reaches target_value in the direction (>= or <=), not met otherwise, neither without a
  value or a target. Quality goals and indicators carry no dates: all of them count on every D.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from typing import Any

from sqlalchemy import Date, Select, and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

from api.models import (
    Award,
    Milestone,
    Payment,
    SupportActivity,
    SustainabilityCheckin,
    Team,
    milestone_dependencies,
)
from api.models.enums import (
    ActivityStatus,
    AwardStatus,
    MilestoneStatus,
    PaymentStatus,
    SustainabilityStatus,
    TeamStatus,
)

Row = dict[str, Any]
AnySelect = Select[*tuple[Any, ...]]  # a SELECT of any columns
deps = milestone_dependencies.c


@asynccontextmanager
async def snapshot(conn: AsyncConnection) -> AsyncIterator[AsyncConnection]:
    """Run several reads in one consistent, read-only view of the database.

    The read connection is in autocommit mode; setting an isolation level on it turns that off
    for this checkout only (the pool restores autocommit when the connection is returned).
    """
    if conn.dialect.name == "postgresql":
        await conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
    else:
        # SQLite: the engine's "begin" hook emits a deferred BEGIN; in WAL mode the first read
        # fixes the snapshot every later read of the transaction sees.
        await conn.execution_options(isolation_level="SERIALIZABLE")
    async with conn.begin():
        yield conn


# ---- the replay rules, as SQL expressions -------------------------------------------------------


def _by(day: Any, as_of: date) -> ColumnElement[bool]:
    """A decision dated ``day`` counts on ``as_of``: made by then, or its date not recorded."""
    return or_(day.is_(None), day <= as_of)


def milestone_decided_by(as_of: date) -> ColumnElement[bool]:
    """Rule 2: deferred or cancelled, and that decision counts on ``as_of``."""
    decided = Milestone.status.in_((MilestoneStatus.deferred, MilestoneStatus.cancelled))
    return and_(decided, _by(Milestone.decided_on, as_of))


def milestone_status_as_of(as_of: date) -> ColumnElement[str]:
    status = Milestone.status
    decided = _by(Milestone.decided_on, as_of)
    return case(
        (and_(status == MilestoneStatus.achieved, Milestone.completed_date <= as_of), "achieved"),
        (and_(status == MilestoneStatus.cancelled, decided), "cancelled"),
        (and_(status == MilestoneStatus.deferred, decided), "deferred"),
        (Milestone.due_date < as_of, "late"),
        (status == MilestoneStatus.in_progress, "in_progress"),
        else_="planned",
    )


def milestone_undated_as_of(as_of: date) -> ColumnElement[bool]:
    """The replayed status rests on a deferral or cancellation whose date was not recorded."""
    return and_(
        Milestone.status.in_((MilestoneStatus.deferred, MilestoneStatus.cancelled)),
        Milestone.decided_on.is_(None),
    )


def milestone_decided_on_as_of(as_of: date) -> ColumnElement[date | None]:
    return case((milestone_decided_by(as_of), Milestone.decided_on), else_=None)


def milestone_reason_as_of(as_of: date) -> ColumnElement[str]:
    return case((milestone_decided_by(as_of), Milestone.decision_reason), else_="")


ENDED_TEAM = (TeamStatus.completed, TeamStatus.withdrawn)


def team_status_as_of(as_of: date) -> ColumnElement[str]:
    ended = _by(Team.status_changed_on, as_of)
    return case(
        (and_(Team.status == TeamStatus.completed, ended), "completed"),
        (and_(Team.status == TeamStatus.withdrawn, ended), "withdrawn"),
        else_="active",
    )


def team_undated_as_of(as_of: date) -> ColumnElement[bool]:
    return and_(Team.status.in_(ENDED_TEAM), Team.status_changed_on.is_(None))


def team_changed_on_as_of(as_of: date) -> ColumnElement[date | None]:
    return case((Team.status_changed_on <= as_of, Team.status_changed_on), else_=None)


def sustainability_as_of(as_of: date, team_id: Any = None) -> ColumnElement[str]:
    """The status of the team's latest check-in on or before ``as_of`` (``team_id``: the team
    id column to correlate with, ``Team.id`` by default)."""
    checkin = SustainabilityCheckin
    latest = (
        select(checkin.status)
        .where(
            checkin.team_id == (Team.id if team_id is None else team_id),
            checkin.checked_on <= as_of,
        )
        .order_by(checkin.checked_on.desc())
        .limit(1)
        .scalar_subquery()
    )
    return func.coalesce(latest, SustainabilityStatus.not_assessed.value)


ENDED_AWARD = (AwardStatus.closed, AwardStatus.withdrawn)


def _award_ended_by(as_of: date) -> ColumnElement[bool]:
    return and_(Award.status.in_(ENDED_AWARD), _by(Award.closed_on, as_of))


def _award_active_by(as_of: date) -> ColumnElement[bool]:
    return or_(
        and_(Award.status != AwardStatus.awarded, Award.activated_on <= as_of),
        and_(
            Award.status.in_((AwardStatus.active, AwardStatus.closed)),
            Award.activated_on.is_(None),
        ),
    )


def award_status_as_of(as_of: date) -> ColumnElement[str]:
    return case(
        (and_(Award.status == AwardStatus.closed, _award_ended_by(as_of)), "closed"),
        (and_(Award.status == AwardStatus.withdrawn, _award_ended_by(as_of)), "withdrawn"),
        (_award_active_by(as_of), "active"),
        else_="awarded",
    )


def award_undated_as_of(as_of: date) -> ColumnElement[bool]:
    """The replayed status rests on an activation or closure whose date was not recorded."""
    ended = Award.status.in_(ENDED_AWARD)
    return case(
        (and_(ended, Award.closed_on.is_(None)), True),
        (and_(ended, Award.closed_on <= as_of), False),
        else_=and_(
            Award.status.in_((AwardStatus.active, AwardStatus.closed)),
            Award.activated_on.is_(None),
        ),
    )


def milestone_completed_as_of(as_of: date) -> ColumnElement[date | None]:
    return case((Milestone.completed_date <= as_of, Milestone.completed_date), else_=None)


def payment_paid_by(as_of: date) -> ColumnElement[bool]:
    return and_(Payment.status == PaymentStatus.paid, Payment.paid_date <= as_of)


def payment_status_as_of(as_of: date) -> ColumnElement[str]:
    return case(
        (payment_paid_by(as_of), "paid"),
        (Payment.status == PaymentStatus.paid, "scheduled"),
        else_=Payment.status,
    )


UNPAID = ("scheduled", "approved")


def payment_day_as_of(as_of: date) -> ColumnElement[date]:
    """The day a payment falls on for the months: paid date if paid by ``as_of``, else due."""
    return case((payment_paid_by(as_of), Payment.paid_date), else_=Payment.scheduled_date)


class month_start(FunctionElement[date]):  # noqa: N801 - named like the SQL functions
    """The first day of a date's month, in SQL (months are grouped on it)."""

    type = Date()
    inherit_cache = True


@compiles(month_start)
def _month_start(element: month_start, compiler: Any, **kw: Any) -> str:
    # date_trunc, not EXTRACT(year), EXTRACT(month): numeric EXTRACT is several times slower.
    return f"CAST(date_trunc('month', {compiler.process(element.clauses, **kw)}) AS DATE)"


@compiles(month_start, "sqlite")
def _month_start_sqlite(element: month_start, compiler: Any, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)}, 'start of month')"


def support_delivered_by(as_of: date) -> ColumnElement[bool]:
    return and_(
        SupportActivity.status == ActivityStatus.delivered, SupportActivity.end_date <= as_of
    )


def support_status_as_of(as_of: date) -> ColumnElement[str]:
    return case(
        (support_delivered_by(as_of), "delivered"),
        (SupportActivity.status == ActivityStatus.cancelled, "cancelled"),
        else_="planned",
    )


def milestones_select(as_of: date) -> AnySelect:
    """Milestones with their replayed status and dependencies (aggregated in the same query)."""
    depends_on = (
        select(func.aggregate_strings(deps.depends_on_id, ","))
        .where(deps.milestone_id == Milestone.id)
        .scalar_subquery()
    )
    return select(
        Milestone.id,
        Milestone.team_id,
        Team.name.label("team_name"),
        Milestone.title,
        Milestone.kind,
        Milestone.due_date,
        milestone_completed_as_of(as_of).label("completed_date"),
        milestone_status_as_of(as_of).label("status"),
        milestone_undated_as_of(as_of).label("status_undated"),
        milestone_decided_on_as_of(as_of).label("decided_on"),
        milestone_reason_as_of(as_of).label("decision_reason"),
        depends_on.label("depends_on_ids"),
    ).outerjoin(Team, Team.id == Milestone.team_id)
