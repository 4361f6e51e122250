"""Test databases, the app and an HTTP client, on both engines.

Every test that uses ``client`` (or ``db_url``) runs twice: on SQLite and on PostgreSQL. Each engine
gets a fresh database built by running the Alembic migrations; rows are removed after every test.
Requests really commit (as in production), which is what the concurrency and transaction tests
need; isolation comes from that cleanup rather than an outer rollback.

PostgreSQL comes from ``SP_TEST_DATABASE_URL`` (default: the local server's ``test`` database);
a throw-away database is created beside it for each run, so parallel runs do not collide. Without
a reachable server the PostgreSQL half is skipped locally and fails under ``CI=true``.
"""

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from fastapi import FastAPI
from sqlalchemy import event, text
from sqlalchemy.engine import make_url

from api.auth.service import create_key
from api.config import Settings
from api.db import Database
from api.imports import recovery
from api.main import create_app
from api.migrate import upgrade
from api.models import Base
from api.models.enums import Role
from api.resources import RESOURCES

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def missing(what: str) -> None:
    """A missing part fails in CI and skips on a developer's machine."""
    if IN_CI:
        pytest.fail(f"{what} (CI=true: a missing part is a failure)", pytrace=False)
    pytest.skip(what)  # only outside CI: under CI=true the line above fails instead


def _pg_admin_url() -> str:
    return os.environ.get("SP_TEST_DATABASE_URL", PG_DEFAULT)


def _psycopg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


@contextmanager
def fresh_database(kind: str, tmp_dir: Path) -> Iterator[str]:
    """An empty database of ``kind`` (sqlite or postgresql), dropped afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_dir / f'{uuid.uuid4().hex[:8]}.db'}"
        return
    admin = _pg_admin_url()
    name = f"sp_test_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(_psycopg_dsn(admin), autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        missing(f"PostgreSQL is not reachable at {make_url(admin).render_as_string()}: {exc}")
    try:
        yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(_psycopg_dsn(admin), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


ENGINES = ["sqlite", "postgresql"]


@pytest.fixture(scope="session", params=ENGINES)
def db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The session's migrated database, one per engine."""
    with fresh_database(request.param, tmp_path_factory.mktemp("db")) as url:
        upgrade(url)
        yield url


@pytest.fixture(params=ENGINES)
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database of its own for a test that migrates or breaks it."""
    with fresh_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def postgres_url(tmp_path: Path) -> Iterator[str]:
    """A migrated PostgreSQL database, for a test about PostgreSQL's own behaviour."""
    with fresh_database("postgresql", tmp_path) as url:
        upgrade(url)
        yield url


@pytest.fixture(scope="session")
def settings(db_url: str) -> Settings:
    # A long principal cache: a looked-up key costs no query later in the test, so query counts
    # stay exact; revocations in this process clear it at once (tests of expiry make their own).
    # No worker inside the app: the tests of deliveries, reminders and imports run their own.
    return Settings(
        database_url=db_url,
        frontend_dist="/nonexistent",
        auth_cache_seconds=600,
        worker_in_process=False,
    )


@pytest.fixture(scope="session")
async def app(settings: Settings, anyio_backend: str) -> AsyncIterator[FastAPI]:
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture(scope="session")
def db(app: FastAPI) -> Database:
    database: Database = app.state.db
    return database


# The collections whose POST needs an Idempotency-Key (awards, budget lines, payments).
MUST_BE_IDEMPOTENT = tuple(f"/api/v1{r.url}" for r in RESOURCES if r.idempotency_required)


async def _idempotency_key(request: httpx.Request) -> None:
    """Like a careful integration: a fresh Idempotency-Key on every POST that requires one."""
    if request.method == "POST" and request.url.path in MUST_BE_IDEMPOTENT:
        request.headers.setdefault("Idempotency-Key", str(uuid.uuid4()))


async def api_key(db: Database, role: Role, teams: Sequence[str] = ()) -> str:
    """A new API key of ``role`` (scoped to ``teams``), made as ``shared-purpose keys create``."""
    async with db.sessionmaker() as session, session.begin():
        _, key = await create_key(session, name=f"test-{role.value}", role=role, team_ids=[*teams])
    return key


@asynccontextmanager
async def http(app: FastAPI, key: str | None = None) -> AsyncIterator[httpx.AsyncClient]:
    """A client of ``app``, authenticated with ``key`` (anonymous without)."""
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    hooks = {"request": [_idempotency_key]}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver", headers=headers, event_hooks=hooks
    ) as c:
        yield c


@pytest.fixture
async def client(app: FastAPI, db: Database) -> AsyncIterator[httpx.AsyncClient]:
    """An admin's client (an API key made for this test); every table is wiped afterwards."""
    try:
        async with http(app, await api_key(db, Role.admin)) as c:
            yield c
    finally:
        await wipe(db)
        app.state.auth.keyring.forget()  # its signing keys went with the tables


@pytest.fixture
async def anon(app: FastAPI, client: httpx.AsyncClient) -> AsyncIterator[httpx.AsyncClient]:
    """A client without credentials (``client`` alongside builds rows and wipes them)."""
    async with http(app) as c:
        yield c


RoleClient = Callable[..., Awaitable[httpx.AsyncClient]]


@pytest.fixture
async def as_role(
    app: FastAPI, db: Database, client: httpx.AsyncClient
) -> AsyncIterator[RoleClient]:
    """``await as_role(Role.team_editor, teams=[team_id])``: a client with a key of that role."""
    async with AsyncExitStack() as stack:

        async def make(role: Role, teams: Sequence[str] = ()) -> httpx.AsyncClient:
            return await stack.enter_async_context(http(app, await api_key(db, role, teams)))

        yield make


@pytest.fixture
def public_read(app: FastAPI) -> Iterator[None]:
    """The app as ``make run`` serves it: anonymous callers may read (SP_PUBLIC_READ=true)."""
    before = app.state.settings
    app.state.settings = before.model_copy(update={"public_read": True})
    yield
    app.state.settings = before


async def wipe(db: Database) -> None:
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    async with db.write_engine.begin() as conn:
        if db.is_sqlite:
            # The audit trail's triggers refuse DELETE: set aside for this transaction only.
            found = await conn.execute(
                text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            )
            triggers = found.all()
            for name, _sql in triggers:
                await conn.execute(text(f'DROP TRIGGER "{name}"'))
            for name in tables:
                await conn.execute(text(f'DELETE FROM "{name}"'))
            for _name, sql in triggers:
                await conn.execute(text(sql))
        else:
            # The audit trail refuses TRUNCATE (its append-only trigger); replica mode, open to
            # the tests' superuser only, skips triggers for this one transaction.
            await conn.execute(text("SET LOCAL session_replication_role = replica"))
            await conn.execute(text("TRUNCATE " + ", ".join(f'"{n}"' for n in tables)))


async def count_rows(db: Database, table: str) -> int:
    async with db.read_engine.connect() as conn:
        return int((await conn.execute(text(f'SELECT count(*) FROM "{table}"'))).scalar_one())


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


@pytest.fixture
async def queries(app: FastAPI, db: Database) -> AsyncIterator[QueryCounter]:
    """Counts the SQL statements the app sends while the test runs (not BEGIN/COMMIT).

    SQLAlchemy's events see what goes through SQLAlchemy; on PostgreSQL the CRUD reads use the
    plain asyncpg read pool, whose connections get asyncpg's query logger. The import-recovery
    watch, which checks every 30 s on PostgreSQL, is paused meanwhile: its statements are not
    the test's (it finished after its one check on SQLite).
    """
    paused = not db.is_sqlite and not app.state.recovery.done()
    if paused:
        app.state.recovery.cancel()
        await asyncio.gather(app.state.recovery, return_exceptions=True)
    counter = QueryCounter()

    def statement(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        if not sql.lstrip().upper().startswith(TRANSACTION_CONTROL):
            counter.statements.append(sql)

    def on_read_connection(conn: Any) -> None:
        conn.add_query_logger(lambda query: statement(None, None, query.query))

    engines = {db.engine.sync_engine, db.write_engine.sync_engine}
    for engine in engines:
        event.listen(engine, "before_cursor_execute", statement)
    if db.read_pool is not None:
        db.read_hooks.append(on_read_connection)
        await db.read_pool.expire_connections()  # new connections carry the logger
    yield counter
    for engine in engines:
        event.remove(engine, "before_cursor_execute", statement)
    if db.read_pool is not None:
        db.read_hooks.remove(on_read_connection)
        await db.read_pool.expire_connections()
    if paused:
        app.state.recovery = asyncio.create_task(recovery.watch(db))
