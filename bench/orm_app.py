"""The "straightforward" baseline: FastAPI + SQLAlchemy ORM + Pydantic, as tutorials write it.

An ``async def`` route, an AsyncSession per request, ORM objects validated by a response_model.
bench/api_bench.py serves it like the real service (same workers, uvloop + httptools) so the
real list route can be read against it; it is not part of the product.
"""

import os
from collections.abc import AsyncIterator
from datetime import date, datetime
from typing import Annotated

from fastapi import Depends, FastAPI
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from api.db import async_url
from api.models import Milestone

engine = create_async_engine(async_url(os.environ["SP_DATABASE_URL"]), pool_size=16)
Session = async_sessionmaker(engine, expire_on_commit=False)
app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)


class MilestoneOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    ref: str
    programme_id: str
    team_id: str | None
    title: str
    description: str
    kind: str
    due_date: date
    completed_date: date | None
    status: str
    created_at: datetime
    updated_at: datetime
    version: int


async def session() -> AsyncIterator[AsyncSession]:
    async with Session() as s:
        yield s


@app.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/milestones", response_model=list[MilestoneOut])
async def milestones(
    team_id: str, s: Annotated[AsyncSession, Depends(session)], limit: int = 50
) -> list[Milestone]:
    stmt = (
        select(Milestone)
        .where(Milestone.team_id == team_id)
        .order_by(Milestone.due_date, Milestone.id)
        .limit(limit)
    )
    return list((await s.scalars(stmt)).all())
