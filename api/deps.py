"""Per-request database handles as FastAPI dependencies: a session in a transaction for writes,
a connection for reads. Kept apart from ``api.db`` so the command line never imports FastAPI."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from api.db import Database, Reader


def get_db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


READ_METHODS = frozenset({"GET", "HEAD"})


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    db = get_db(request)
    # A GET only reads: on SQLite it must not queue for the writer lock (a running import holds
    # it for the whole load), so it takes a deferred BEGIN, which WAL lets read alongside.
    maker = db.read_sessionmaker if request.method in READ_METHODS else db.sessionmaker
    async with maker() as session, session.begin():
        session.info["http"] = True  # writes must name their principal (api.auth.principal)
        yield session


async def get_connection(request: Request) -> AsyncIterator[AsyncConnection]:
    async with get_db(request).read_engine.connect() as conn:
        yield conn


async def get_reader(request: Request) -> AsyncIterator[Reader]:
    """A connection for one-statement reads: asyncpg's own on PostgreSQL, else SQLAlchemy's."""
    db = get_db(request)
    if db.read_pool is None:
        async with db.read_engine.connect() as conn:
            yield conn
        return
    reader = await db.reader()
    try:
        yield reader
    finally:
        await reader.release()


SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
ConnDep = Annotated[AsyncConnection, Depends(get_connection)]
ReaderDep = Annotated[Reader, Depends(get_reader)]
