"""Rules several resources share: the programme window and date order.

The checks are plain functions over values; the ``*_by_id`` loaders fetch what they need for a
whole batch of rows in one query (a batch of one for the HTTP API, thousands for bulk loads).
"""

from collections.abc import Iterable
from datetime import date
from typing import Any, Protocol, cast

from sqlalchemy import Row, Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import NotFound, RuleBroken
from api.models import Programme, Team

PROGRAMMES = cast(Table, Programme.__table__)


class Window(Protocol):
    """What the window rules read of a programme (an ORM object or a Core row)."""

    @property
    def code(self) -> str: ...
    @property
    def start_date(self) -> date: ...
    @property
    def end_date(self) -> date: ...


class OutsideWindow(RuleBroken):
    type = "outside-window"
    title = "Date outside the programme window"


class DatesOutOfOrder(RuleBroken):
    type = "dates-out-of-order"
    title = "A start date must come before its end date"


class WrongProgramme(RuleBroken):
    type = "wrong-programme"
    title = "Rows must belong to the same programme"


async def programme(session: AsyncSession, programme_id: str, *, lock: bool = False) -> Programme:
    stmt = select(Programme).where(Programme.id == programme_id)
    if lock:
        stmt = stmt.with_for_update()
    found = (await session.execute(stmt)).scalar_one_or_none()
    if found is None:
        raise NotFound(f"no programme with id {programme_id}", field="programme_id")
    return found


async def programmes_by_id(
    session: AsyncSession, ids: Iterable[str | None], *, lock: bool = False
) -> dict[str, Row[Any]]:
    """Programme rows by id (locked ``FOR UPDATE`` when asked), in one query."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    stmt = select(PROGRAMMES).where(PROGRAMMES.c.id.in_(wanted))
    if lock:
        stmt = stmt.with_for_update()
    return {r.id: r for r in (await session.execute(stmt)).all()}


async def programme_of_teams(session: AsyncSession, ids: Iterable[str | None]) -> dict[str, str]:
    """Each team's programme id, in one query."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    stmt = select(Team.id, Team.programme_id).where(Team.id.in_(wanted))
    return dict((await session.execute(stmt)).all())


def in_window(prog: Window, value: date | None, field: str) -> None:
    if value is None:
        return
    if not prog.start_date <= value <= prog.end_date:
        raise OutsideWindow(
            f"{field} {value.isoformat()} is outside {prog.code}'s window "
            f"{prog.start_date.isoformat()} – {prog.end_date.isoformat()}",
            field=field,
        )


def in_order(start: date | None, end: date | None, field: str, strict: bool = True) -> None:
    if start is None or end is None:
        return
    if start > end or (strict and start == end):
        raise DatesOutOfOrder(
            f"{field} {end.isoformat()} must be after {start.isoformat()}", field=field
        )


def team_in_programme(teams: dict[str, str], team_id: str | None, prog_id: str) -> None:
    """``teams`` maps team ids to their programme (``programme_of_teams``)."""
    if team_id is not None and teams.get(team_id) != prog_id:
        raise WrongProgramme("the team belongs to another programme", field="team_id")
