"""Rules several resources share: the programme window and date order."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import NotFound, RuleBroken
from api.models import Programme, Team


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


async def programme_of_team(session: AsyncSession, team_id: str) -> Programme:
    stmt = select(Programme).join(Team, Team.programme_id == Programme.id).where(Team.id == team_id)
    found = (await session.execute(stmt)).scalar_one_or_none()
    if found is None:
        raise NotFound(f"no team with id {team_id}", field="team_id")
    return found


def in_window(prog: Programme, value: date | None, field: str) -> None:
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


async def team_in_programme(session: AsyncSession, team_id: str | None, prog_id: str) -> None:
    if team_id is None:
        return
    owner = await session.scalar(select(Team.programme_id).where(Team.id == team_id))
    if owner != prog_id:
        raise WrongProgramme("the team belongs to another programme", field="team_id")
