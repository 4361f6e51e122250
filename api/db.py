"""Engines and sessions.

Writes go through an ORM ``AsyncSession`` that the request owns: the dependency commits after the
route returns (before the response is sent) and rolls back on any error. Reads go through a Core
connection in autocommit mode, so a one-query read costs one round trip (no BEGIN/ROLLBACK).

Faults (README, "Faults and recovery"): connection attempts are bounded by a short timeout; a
pooled connection the server has closed is never handed out (checked locally at checkout, no
round trip); a read, or a transaction whose BEGIN finds its connection dropped, runs again once on
a fresh one; ``unavailable`` names the errors that mean "try again shortly" (HTTP 503).
"""

import asyncio
import contextlib
import errno
import os
import socket
import sqlite3
from collections.abc import Callable
from typing import Any, Literal

import asyncpg
from sqlalchemy import event, exc
from sqlalchemy import text as sql_text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.util import await_only

# Imported for its listeners: every write session gives the programmes it touched a new version.
import api.kit.versions  # noqa: F401
from api.config import Settings

CONNECT_TIMEOUT = 5.0  # seconds, at most (SP_DB_POOL_TIMEOUT if shorter): a dead server fails fast
APP_NAME_PREFIX = "shared-purpose/"  # application_name of every connection: prefix/host/pid


def _with_driver(url: str, sqlite: str, postgresql: str) -> URL:
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return parsed.set(drivername=sqlite)
    if backend == "postgresql":
        return parsed.set(drivername=postgresql)
    raise ValueError(f"unsupported database backend {backend!r}: use sqlite or postgresql")


def sync_url(url: str) -> URL:
    """The URL for Alembic and other blocking tools (sqlite3 / psycopg)."""
    return _with_driver(url, "sqlite", "postgresql+psycopg")


def async_url(url: str) -> URL:
    """The URL the server uses (aiosqlite / asyncpg, the fastest asyncio PostgreSQL driver)."""
    return _with_driver(url, "sqlite+aiosqlite", "postgresql+asyncpg")


def configure_sqlite(engine: Any, busy_timeout_ms: int, immediate: bool) -> None:
    """Foreign keys on, WAL, and (for writers) ``BEGIN IMMEDIATE``.

    An immediate transaction takes SQLite's write lock up front, so two requests checking the same
    rule (payments within an award) run one after the other instead of both reading, then one
    failing with "database is locked".
    """

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        if conn.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
            return  # the read path: each statement on its own
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


Unavailable = Literal["busy", "down"]
_DOWN_ERRNOS = {errno.EHOSTUNREACH, errno.ENETUNREACH, errno.ETIMEDOUT, errno.EADDRNOTAVAIL}
_DOWN_SQLSTATES = {"57P01", "57P02", "57P03", "53300"}  # shut down, crashed, starting, too many


def unavailable(error: BaseException) -> Unavailable | None:
    """``busy`` (SQLite's writer lock, a full pool) or ``down`` (no connection) when ``error``
    means the database cannot serve this request now but may shortly; None for anything else."""
    seen: set[int] = set()
    e: BaseException | None = error
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        if isinstance(e, exc.TimeoutError):  # no free pooled connection in SP_DB_POOL_TIMEOUT
            return "busy"
        if isinstance(e, exc.DBAPIError) and e.connection_invalidated:
            return "down"
        if isinstance(e, sqlite3.OperationalError):
            text = str(e)
            if "database is locked" in text or "database is busy" in text:
                return "busy"
            return "down" if "unable to open database" in text else None
        if isinstance(e, asyncpg.PostgresConnectionError | asyncpg.TooManyConnectionsError):
            return "down"
        if getattr(e, "sqlstate", None) in _DOWN_SQLSTATES:
            return "down"
        if isinstance(e, asyncpg.InterfaceError) and "connection is closed" in str(e):
            return "down"
        if isinstance(e, TimeoutError | ConnectionError | socket.gaierror):
            return "down"
        if isinstance(e, OSError) and e.errno in _DOWN_ERRNOS:
            return "down"
        e = e.orig if isinstance(e, exc.DBAPIError) else e.__cause__
    return None


def configure_postgresql(engine: Any) -> None:
    """Never hand out a connection the server has closed, and retry a BEGIN that finds one."""

    @event.listens_for(engine, "checkout")
    def _alive(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        # asyncpg notices a closed socket (pg_terminate_backend, failover, restart) as soon as
        # the event loop reads it: a local check, no round trip (unlike pool_pre_ping).
        if dbapi_connection.driver_connection.is_closed():
            raise exc.DisconnectionError("the server closed this connection")

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # asyncpg's adapter sends BEGIN with the first statement anyway; sent here instead, a
        # connection found dead before anything else was sent on it is replaced, once.
        options = conn.get_execution_options()
        if options.get("isolation_level") == "AUTOCOMMIT":
            return
        for attempt in (1, 2):
            adapted: Any = conn.connection.dbapi_connection
            start = getattr(adapted, "_start_transaction", None)
            if start is None or getattr(adapted, "_transaction", None) is not None:
                return
            try:
                await_only(start())
                return
            except Exception as error:
                if attempt == 2 or not dropped(error, adapted.driver_connection):
                    raise
                # As SQLAlchemy does on a disconnect: every older connection is replaced at its
                # next checkout (a failover or restart drops them all).
                conn.engine.pool._invalidate(conn.connection, error, _checkin=False)
                conn.invalidate(error)
                # The fresh connection gets this connection's isolation level and read-only flag.
                names = getattr(conn.dialect, "connection_characteristics", {})
                kept = {k: v for k, v in options.items() if k in names}
                conn.connection  # noqa: B018 (checks out the replacement)
                if kept:
                    conn.execution_options(**kept)


def dropped(error: BaseException, conn: Any) -> bool:
    """Whether asyncpg connection ``conn`` failed with ``error`` because the server dropped it.
    Right after the drop asyncpg may not have read the close yet, only the server's goodbye:
    its protocol then refuses the statement (InternalClientError) on a connection about to close.
    """
    try:
        if conn.is_closed():
            return True
    except asyncpg.InterfaceError:  # asyncpg detached it from its connection, which closed
        return True
    e: BaseException | None = error
    while e is not None:
        if isinstance(e, asyncpg.PostgresConnectionError | asyncpg.InternalClientError):
            return True
        e = e.__cause__
    return False


# A PooledReader (PostgreSQL read pool) or a SQLAlchemy connection (SQLite).
Reader = Any


class PooledReader:
    """A connection of the asyncpg read pool. A read that finds it dropped by the server runs
    again, once, on a new connection: reads are idempotent."""

    __slots__ = ("pool", "conn", "timeout", "gate")

    def __init__(
        self, pool: Any, conn: Any, timeout: float, gate: asyncio.Semaphore | None
    ) -> None:
        self.pool = pool
        self.conn = conn
        self.timeout = timeout
        self.gate = gate  # its place in Database.read_gate, given back with the connection

    async def fetch(self, sql: str, *args: Any) -> Any:
        try:
            return await self.conn.fetch(sql, *args)
        except Exception as error:
            if not dropped(error, self.conn):
                raise
            with contextlib.suppress(asyncpg.InterfaceError):  # unless asyncpg detached it
                self.conn.terminate()  # not back into the pool
            await self.pool.expire_connections()  # nor any other it opened before the drop
        conn, self.conn = self.conn, None
        await self.pool.release(conn)  # keeping this request's place in the gate
        self.conn = await self.pool.acquire(timeout=self.timeout)
        return await self.conn.fetch(sql, *args)

    async def release(self) -> None:
        conn, self.conn, gate, self.gate = self.conn, None, self.gate, None
        try:
            if conn is not None:
                await self.pool.release(conn)
        finally:
            if gate is not None:
                gate.release()  # after the pool has it back: the next request finds it


async def _keep_session(_conn: Any) -> None:
    """Read connections change no session state, so skip asyncpg's reset round trip on release
    (``RESET ALL; UNLISTEN *; …``), which would double the statements per read."""


class Database:
    """The engines of one process; held on ``app.state.db``."""

    def __init__(self, url: str, settings: Settings) -> None:
        self.url = url
        aurl = async_url(url)
        self.is_sqlite = aurl.get_backend_name() == "sqlite"
        # Other processes see this one in pg_stat_activity (api/imports/recovery.py).
        self.application_name = f"{APP_NAME_PREFIX}{socket.gethostname()[:32]}/{os.getpid()}"
        self.connect_timeout = min(settings.db_pool_timeout, CONNECT_TIMEOUT)
        kwargs: dict[str, Any] = {}
        if not self.is_sqlite:
            kwargs = {
                "pool_size": settings.db_pool_size,
                "max_overflow": settings.db_max_overflow,
                "pool_timeout": settings.db_pool_timeout,
                "connect_args": {
                    "timeout": self.connect_timeout,
                    "server_settings": {"application_name": self.application_name},
                },
            }
        self.engine: AsyncEngine = create_async_engine(aurl, **kwargs)
        if self.is_sqlite:
            # A second engine for writers: same file, immediate transactions.
            self.write_engine = create_async_engine(aurl)
            configure_sqlite(self.engine.sync_engine, settings.sqlite_busy_timeout_ms, False)
            configure_sqlite(self.write_engine.sync_engine, settings.sqlite_busy_timeout_ms, True)
        else:
            self.write_engine = self.engine
            configure_postgresql(self.engine.sync_engine)
        self.read_engine = self.engine.execution_options(isolation_level="AUTOCOMMIT")
        self.sessionmaker = async_sessionmaker(self.write_engine, expire_on_commit=False)
        # Sessions that only read (GET): on SQLite a deferred BEGIN, never behind the writer lock.
        self.read_sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)

        self.read_pool: Any = None  # asyncpg.Pool on PostgreSQL, once start() has run
        self.read_gate = asyncio.Semaphore(settings.db_pool_size)  # fair: see reader()
        self.read_hooks: list[Callable[[Any], None]] = []  # run on each new read connection
        self._pool_size = settings.db_pool_size
        self.pool_timeout = settings.db_pool_timeout

    async def start(self) -> None:
        """Open the PostgreSQL read pool: plain asyncpg, no SQLAlchemy in between.

        A read is one statement in autocommit, so SQLAlchemy's checkout, events and reset on
        return would cost more than the query; the server's CRUD reads take connections here.
        """
        if self.is_sqlite or self.read_pool is not None:
            return
        dsn = sync_url(self.url).set(drivername="postgresql")
        self.read_pool = await asyncpg.create_pool(
            dsn.render_as_string(hide_password=False),
            min_size=0,  # lazily: the process starts (and /readyz answers) without a database
            max_size=self._pool_size,
            init=self._init_read_connection,
            reset=_keep_session,
            timeout=self.connect_timeout,
            server_settings={"application_name": self.application_name},
        )

    async def reader(self) -> PooledReader:
        """A read-pool connection (``release()`` it); the pool replaces closed ones itself.

        Requests queue for a connection in ``read_gate``, first come first served, and only
        then take one from the pool, which then always has one free. asyncpg's pool alone is
        not fair: a connection handed back goes to whichever request asks next, not to the one
        that has waited longest, which left a few requests waiting seconds under load (p99
        tens of times p50).
        """
        gate = self.read_gate
        if gate.locked():
            try:
                async with asyncio.timeout(self.pool_timeout):
                    await gate.acquire()
            except TimeoutError as error:
                raise exc.TimeoutError(
                    f"no read connection free within {self.pool_timeout:g} s"
                ) from error
        else:
            await gate.acquire()
        try:
            conn = await self.read_pool.acquire()
        except BaseException:
            gate.release()
            raise
        return PooledReader(self.read_pool, conn, self.pool_timeout, gate)

    async def _init_read_connection(self, conn: Any) -> None:
        for hook in self.read_hooks:
            hook(conn)

    async def dispose(self) -> None:
        if self.read_pool is not None:
            await self.read_pool.close()
            self.read_pool = None
        await self.engine.dispose()
        if self.write_engine is not self.engine:
            await self.write_engine.dispose()


LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's lock_timeout


async def write_if_free(db: Database, stmt: Any, busy_timeout_ms: int) -> bool:
    """Run one small statement now or not at all; False if the database was busy.

    For best-effort records on a read (a key's or a feed token's last use): while a load holds
    SQLite's writer lock, or a row lock is held on PostgreSQL, the read skips the record rather
    than queueing behind it. Other errors, outages aside, are raised."""
    try:
        async with db.write_engine.connect() as conn:
            if not db.is_sqlite:
                await conn.execute(sql_text("SET LOCAL lock_timeout = '200ms'"))
                await conn.execute(stmt)
                await conn.commit()
                return True
            # One statement in autocommit (no BEGIN IMMEDIATE), failing at once if locked.
            auto = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await auto.exec_driver_sql("PRAGMA busy_timeout=0")
            try:
                await auto.execute(stmt)
            finally:
                await auto.exec_driver_sql(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            return True
    except exc.DBAPIError as error:
        locked = getattr(error.orig, "sqlstate", None) == LOCK_NOT_AVAILABLE
        if not locked and unavailable(error) is None:
            raise
        return False
