"""Per-programme data versions: every committed write gives the programmes it touched a new token.

The read models derive their ETags and cache keys from the token (``api.dashboard.versioned``),
so a reader in any process sees a write as soon as it commits: the token is read from the
database on every request, never remembered.

How a write finds its programmes, without each service having to say so: listeners on every
ORM session note each flushed row (new, changed or deleted) with the foreign key that leads to
its programme, before and after the change (a row moved between programmes touches both). That
key is the column a resource's ref is unique within (``ways_up``, derived from the descriptors'
models: a payment's award, an award's team, a team's programme). Just before the commit the keys
are resolved to programme ids and their tokens replaced, in the same transaction. Bulk writes
issued as Core statements (loads, restores) and rows with no way up (organisations, whose refs
are global) touch every programme: too many new tokens costs a cache miss, too few a stale page.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import (
    Column,
    Connection,
    String,
    Table,
    UniqueConstraint,
    bindparam,
    event,
    literal,
    or_,
    select,
    true,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction, UOWTransaction
from sqlalchemy.orm.attributes import get_history

from api.kit.reads import fetch_native
from api.models import (
    ApiKey,
    FeedToken,
    IdempotencyKey,
    ImportJob,
    Programme,
    ProgrammeVersion,
    RateLimit,
    SigningKey,
    Team,
    User,
)
from api.models.audit_event import AuditEvent
from api.models.base import Base, new_id
from api.models.event import Event

if TYPE_CHECKING:
    from api.db import PooledReader  # api.db imports this module for its listeners

versions = cast(Table, ProgrammeVersion.__table__)

# Rows no read model shows; their writes touch no programme.
UNSHOWN: frozenset[type[Base]] = frozenset(
    {
        ApiKey,
        AuditEvent,
        Event,
        FeedToken,
        IdempotencyKey,
        ImportJob,
        RateLimit,
        SigningKey,
        User,
        ProgrammeVersion,
    }
)
UNSHOWN_TABLES = frozenset(
    {str(m.__tablename__) for m in UNSHOWN} | {"api_key_teams", "user_teams"}
)
# Link rows are written with their owner row (a milestone, a support activity), never alone: the
# owner's write names the programme.
LINK_TABLES = frozenset({"milestone_dependencies", "support_activity_teams"})

PROGRAMMES = str(Programme.__tablename__)  # the kind of key every way up ends at


def _up_column(table: Table) -> Column[Any] | None:
    """The column a row's ref is unique within: the way up to its programme (None: global)."""
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint):
            columns = list(constraint.columns)
            if len(columns) == 2 and columns[1].key == "ref":
                return columns[0]
    return None


def _parent_table(column: Column[Any]) -> Table:
    return next(iter(column.foreign_keys)).column.table


@dataclass(frozen=True)
class WaysUp:
    """How a row leads to its programme, derived from the resource descriptors' models."""

    keys: dict[type, tuple[str, str]]  # model: (kind of key, the attribute holding it)
    # Each kind of key, as the next kind up, deepest first: one query per kind per commit.
    up: list[tuple[str, str, Column[Any], Column[Any]]]  # (kind, parent kind, column, id)


@cache
def ways_up() -> WaysUp:
    # Imported here: the descriptors import the services, which import this module.
    from api.resources import RESOURCES

    top = PROGRAMMES
    keys: dict[type, tuple[str, str]] = {Programme: (top, "id")}
    for res in RESOURCES:
        column = _up_column(res.model.__table__)
        if column is not None:  # a global ref (organisations) touches every programme
            keys[res.model] = (_parent_table(column).name, column.key)
    tables = Base.metadata.tables
    depth: dict[str, int] = {top: 0}

    def climb(kind: str) -> int:
        if kind not in depth:
            depth[kind] = 1 + climb(_parent_table(_column_up(tables[kind])).name)
        return depth[kind]

    up = []
    for kind in {kind for kind, _ in keys.values()} - {top}:
        column = _column_up(tables[kind])
        up.append((kind, _parent_table(column).name, column, tables[kind].c.id))
    up.sort(key=lambda way: (-climb(way[0]), way[0]))  # deepest first, then by name
    return WaysUp(keys, up)


def _column_up(table: Table) -> Column[Any]:
    column = _up_column(table)
    if column is None:
        raise AssertionError(f"{table.name} is a parent but has no way up to a programme")
    return column


ALL = "*"


def _keys(session: Session | AsyncSession) -> dict[str, set[str]]:
    keys: dict[str, set[str]] = session.info.setdefault("programme_keys", {})
    return keys


def _note(session: Session, obj: object) -> None:
    kind = type(obj)
    if kind in UNSHOWN:
        return
    key = ways_up().keys.get(kind)
    if key is None:
        _keys(session).setdefault(ALL, set())
        return
    what, attr = key
    values = {getattr(obj, attr)}
    values.update(get_history(obj, attr).deleted or ())
    if kind is Programme:  # a round moved between series changes both parents' roll-ups
        values.add(getattr(obj, "parent_id", None))
        values.update(get_history(obj, "parent_id").deleted or ())
    _keys(session).setdefault(what, set()).update(v for v in values if v is not None)


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _flush: UOWTransaction) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        _note(session, obj)


def note_bulk(session: Session | AsyncSession, table_name: str | None) -> None:
    """A bulk write to this table (a Core statement, or COPY, which no listener sees)."""
    if table_name not in UNSHOWN_TABLES and table_name not in LINK_TABLES:
        _keys(session).setdefault(ALL, set())


@event.listens_for(Session, "do_orm_execute")
def _on_execute(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        note_bulk(state.session, getattr(getattr(state.statement, "table", None), "name", None))


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    if session.new or session.dirty or session.deleted:
        session.flush()  # the commit flushes only after this hook: flush first, miss nothing
    keys = session.info.pop("programme_keys", {})
    if not keys:
        return
    conn = session.connection()
    if ALL in keys:
        bump_all(conn)
        return
    for what, parent, column, key in ways_up().up:  # deepest first: indicators before goals...
        if keys.get(what):
            found = conn.execute(select(column).where(key.in_(keys[what]))).scalars()
            keys.setdefault(parent, set()).update(found)
    bump(conn, keys.get(PROGRAMMES, ()))


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, previous: SessionTransaction) -> None:
    """The whole transaction rolled back: it touched nothing. A savepoint's rollback (a refused
    load) keeps what the rest of the transaction touched (and what it noted itself: a programme
    given a version it did not need costs one cache miss, never a stale read)."""
    if previous.nested or previous.parent is not None:
        return
    session.info.pop("programme_keys", None)


def _upsert(conn: Connection, chosen: Any) -> None:
    """New tokens for the programmes ``chosen`` selects, in id order (so two writers lock the
    version rows in the same order); a programme deleted meanwhile is simply not there."""
    token = new_id()
    source = select(Programme.id, literal(token, String)).where(chosen).order_by(Programme.id)
    if conn.dialect.name == "postgresql":
        pg = postgresql.insert(versions).from_select(["programme_id", "token"], source)
        conn.execute(
            pg.on_conflict_do_update(index_elements=["programme_id"], set_={"token": token})
        )
    else:
        lite = sqlite.insert(versions).from_select(["programme_id", "token"], source)
        conn.execute(
            lite.on_conflict_do_update(index_elements=["programme_id"], set_={"token": token})
        )


def bump(conn: Connection, programme_ids: Iterable[str]) -> None:
    """Give these programmes, and the series they are rounds of, a new data version (in the
    caller's transaction): a series' summary rolls up its rounds."""
    ids = sorted(set(programme_ids))
    if ids:
        parents = select(Programme.parent_id).where(Programme.id.in_(ids))
        _upsert(conn, or_(Programme.id.in_(ids), Programme.id.in_(parents)))


def bump_all(conn: Connection) -> None:
    """Give every programme a new data version: for writes that do not say what they touch."""
    _upsert(conn, true())


# ---- the read side --------------------------------------------------------------------------

_BY_PROGRAMME = select(versions.c.programme_id, versions.c.token).where(
    versions.c.programme_id == bindparam("id")
)
_BY_TEAM = (
    select(versions.c.programme_id, versions.c.token)
    .join(Team, Team.programme_id == versions.c.programme_id)
    .where(Team.id == bindparam("id"))
)


async def current(
    conn: "AsyncConnection | PooledReader",
    *,
    programme_id: str | None = None,
    team_id: str | None = None,
) -> tuple[str, str] | None:
    """(programme id, data version) of a programme, or of a team's programme: one indexed
    lookup, on a SQLAlchemy connection or a connection of the asyncpg read pool. None when
    there is none yet (a programme written around the ORM, or missing)."""
    stmt, key = (_BY_TEAM, team_id) if team_id is not None else (_BY_PROGRAMME, programme_id)
    if isinstance(conn, AsyncConnection):
        row = (await conn.execute(stmt, {"id": key})).first()
    else:
        rows = await fetch_native(conn, stmt, {"id": key})
        row = rows[0] if rows else None
    return (row[0], row[1]) if row is not None else None
