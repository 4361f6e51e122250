"""Engines and sessions.

Writes go through an ORM ``AsyncSession`` that the request owns: the dependency commits after the
route returns (before the response is sent) and rolls back on any error. Reads go through a Core
connection in autocommit mode, so a one-query read costs one round trip (no BEGIN/ROLLBACK).
"""

from collections.abc import Callable
from typing import Any

import asyncpg
from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    async_sessionmaker,
    create_async_engine,
)

from api.config import Settings


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


# An asyncpg connection (PostgreSQL read pool) or a SQLAlchemy connection (SQLite).
Reader = Any


async def _keep_session(_conn: Any) -> None:
    """Read connections change no session state, so skip asyncpg's reset round trip on release
    (``RESET ALL; UNLISTEN *; …``), which would double the statements per read."""


class Database:
    """The engines of one process; held on ``app.state.db``."""

    def __init__(self, url: str, settings: Settings) -> None:
        self.url = url
        aurl = async_url(url)
        self.is_sqlite = aurl.get_backend_name() == "sqlite"
        kwargs: dict[str, Any] = {}
        if not self.is_sqlite:
            kwargs = {
                "pool_size": settings.db_pool_size,
                "max_overflow": settings.db_max_overflow,
                "pool_timeout": settings.db_pool_timeout,
            }
        self.engine: AsyncEngine = create_async_engine(aurl, **kwargs)
        if self.is_sqlite:
            # A second engine for writers: same file, immediate transactions.
            self.write_engine = create_async_engine(aurl)
            configure_sqlite(self.engine.sync_engine, settings.sqlite_busy_timeout_ms, False)
            configure_sqlite(self.write_engine.sync_engine, settings.sqlite_busy_timeout_ms, True)
        else:
            self.write_engine = self.engine
        self.read_engine = self.engine.execution_options(isolation_level="AUTOCOMMIT")
        self.sessionmaker = async_sessionmaker(self.write_engine, expire_on_commit=False)

        self.read_pool: Any = None  # asyncpg.Pool on PostgreSQL, once start() has run
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
        )

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
