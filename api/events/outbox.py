"""The transactional outbox: events are written in the write's own transaction.

``add`` (called by the audit trail's ``record``, so wherever a write is audited: the CRUD kit,
auth, calendar tokens, loads) keeps a write's events with its session; just before the session
commits they are inserted, in one statement, with their positions. A write that rolls back
takes its events with it (they were never sent), and a write cannot commit without them (the
INSERT is part of its commit). A load stages its rows' events a batch at a time as it goes
(``api.events.staging``), and they are moved into ``events`` with their positions at the commit.

**Positions follow commit order.** A reader of the feed remembers the last position it saw and
asks for those after it. A plain sequence (or an identity column) is not enough for that: its
numbers are handed out when a row is inserted, not when its transaction commits, so a writer
that took 41 and commits after the writer that took 42 leaves a reader who read 42 (and moved
its cursor past 41) never to see 41. So the positions are given as the last step before the
commit, one transaction at a time:

- on PostgreSQL the transaction takes a transaction-level advisory lock
  (``pg_advisory_xact_lock``, released by its commit or rollback), then numbers its events from
  the largest position committed. The lock is taken in a statement of its own: the INSERT's
  snapshot is taken after the lock is granted, so it sees the events of the writer that held the
  lock before. Until it commits, no other writer gets past the lock, so a lower position is
  always visible before a higher one can be;
- on SQLite writers are serialised already (``BEGIN IMMEDIATE``): the largest position is read
  by the same statement.

The cost: writers that give events queue for the lock only for their last two statements and
the commit (a few milliseconds each), never while their own rules run; a load holds it while
its rows' events are moved in (one INSERT ... SELECT). Positions increase with gaps (a
rolled-back writer's numbers are given again; a write with several events may skip some); a
unique index makes a duplicate impossible. Nothing else in the transaction waits for a lock
after this one, so it cannot deadlock (``api.kit.versions`` renews the data versions, which
takes row locks, first: its listener is registered before this module's).
"""

from typing import Any, cast

from sqlalchemy import Table, bindparam, event, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction

import api.kit.versions  # noqa: F401 - its before_commit listener must run before this one
from api.auth.principal import acting
from api.events import staging
from api.events.types import types_of
from api.models import Event, Team
from api.models.base import new_id, utcnow

events = cast(Table, Event.__table__)
teams = cast(Table, Team.__table__)
BUFFER = "events"  # session.info: the events of this transaction, in order
# The advisory lock's key: one number for the whole installation ("SPEVENTS" in ASCII, halved).
LOCK = 0x5350_4556_454E_5453 >> 1

_TOP = select(func.coalesce(func.max(events.c.position), 0)).scalar_subquery()
_COLUMNS = [c for c in events.columns if c.key not in ("position", "programme_id")]
_BY_TEAM = select(teams.c.programme_id).where(teams.c.id == bindparam("e_team_id"))
INSERT = insert(events).values(
    {
        **{c.key: bindparam(f"e_{c.key}", type_=c.type) for c in _COLUMNS},
        "position": _TOP + bindparam("e_offset"),
        # A row of a team names its programme through the team: read in the same statement.
        "programme_id": func.coalesce(bindparam("e_programme_id"), _BY_TEAM.scalar_subquery()),
    }
)


def actor_of(session: AsyncSession) -> str:
    principal = acting(session)
    return f"{principal.kind}:{principal.id}" if principal.id else principal.kind


def programme_of(resource: str, resource_id: str, data: dict[str, Any] | None) -> str | None:
    """The programme a row names itself (a programme is its own); else None, and the team's
    programme is read when the event is inserted."""
    if resource == "programmes":
        return resource_id
    value = (data or {}).get("programme_id")
    return value if isinstance(value, str) else None


def add(
    session: AsyncSession,
    *,
    resource: str,
    resource_id: str,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    team_id: str | None,
) -> None:
    """Keep the events of one write (``before`` and ``after`` as the API shows the row) to be
    inserted when the session commits."""
    if session.in_nested_transaction():  # a savepoint rolled back would leave them behind
        raise RuntimeError("events are recorded outside savepoints (after the load's commits)")
    data = after if after is not None else before
    buffer: list[dict[str, Any]] = session.info.setdefault(BUFFER, [])
    now, actor, request_id = utcnow(), actor_of(session), session.info.get("request_id")
    for kind in types_of(resource, action, before, after):
        buffer.append(
            {
                "e_id": new_id(),
                "e_type": kind,
                "e_occurred_at": now,
                "e_programme_id": programme_of(resource, resource_id, data),
                "e_team_id": team_id,
                "e_resource": resource,
                "e_resource_id": resource_id,
                "e_actor": actor,
                "e_request_id": request_id,
                "e_data": data,
            }
        )


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint: its events wait for the real commit
        return
    buffered: list[dict[str, Any]] = session.info.pop(BUFFER, [])
    was_staged = session.info.pop(staging.STAGED, False)
    if not buffered and not was_staged:
        return
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(LOCK)))
    if was_staged:  # a load's rows' events, before its own
        staging.move(conn)
    if buffered:
        for offset, row in enumerate(buffered, start=1):
            row["e_offset"] = offset
        conn.execute(INSERT, buffered)


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, previous: SessionTransaction) -> None:
    """The transaction's events go with it; a savepoint's rollback (a refused load) leaves the
    events recorded outside it, and what other loads staged, for the commit."""
    if previous.nested or previous.parent is not None:
        return
    session.info.pop(BUFFER, None)
    session.info.pop(staging.STAGED, None)
