"""Reading and changing a person's own preferences. Only users have them: an API key (or the
system) is refused. Services flush, never commit. Not audited: the event catalogue declares no
event for them, and the audit trail's ``record`` would give one."""

from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.principal import Principal
from api.errors import ProblemError
from api.models import ReminderPreference
from api.reminders.schemas import DEFAULTS
from api.reminders.sql import insert_new

Row = dict[str, Any]
FIELDS = tuple(DEFAULTS)
PREFERENCES = cast(Table, ReminderPreference.__table__)


class NotAUser(ProblemError):
    status = 409
    type = "not-a-user"
    title = "Only a signed-in person has reminder preferences"


def user_of(principal: Principal) -> str:
    if principal.kind != "user" or principal.id is None:
        raise NotAUser(
            f"reminders are e-mailed to people: sign in as a user ({principal.label} has no "
            "e-mail address to remind)"
        )
    return principal.id


def shown(row: ReminderPreference | None) -> Row:
    if row is None:
        return dict(DEFAULTS)
    return {name: getattr(row, name) for name in FIELDS}


async def get_preferences(session: AsyncSession, principal: Principal) -> Row:
    user_id = user_of(principal)
    return shown(await session.get(ReminderPreference, user_id))


async def update_preferences(session: AsyncSession, principal: Principal, changes: Row) -> Row:
    """Apply a merge patch to the caller's row (made on the first change)."""
    user_id = user_of(principal)
    # Made with the defaults unless there (two first patches at once: one inserts), then locked:
    # two patches of one person's row apply one after the other.
    await session.execute(insert_new(session, PREFERENCES, [{"user_id": user_id, **DEFAULTS}]))
    stmt = select(ReminderPreference).where(ReminderPreference.user_id == user_id)
    row = (await session.execute(stmt.with_for_update())).scalar_one()
    for name, value in changes.items():
        setattr(row, name, DEFAULTS[name] if value is None else value)
    await session.flush()
    return shown(row)
