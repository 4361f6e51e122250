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


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    async with get_db(request).sessionmaker() as session, session.begin():
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
    async with db.read_pool.acquire(timeout=db.pool_timeout) as raw:
        yield raw


SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
ConnDep = Annotated[AsyncConnection, Depends(get_connection)]
ReaderDep = Annotated[Reader, Depends(get_reader)]
