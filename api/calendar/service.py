"""Feed tokens: made (the secret shown once, its SHA-256 kept), listed and revoked by their
owner, and looked up by a calendar's fetch. Services flush, never commit; changes are audited
without the secret or its hash."""

import hashlib
import logging
import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.service import record
from api.auth.principal import Principal
from api.db import Database, write_if_free
from api.errors import Forbidden, InvalidReference, NotFound, RuleBroken
from api.models import FeedToken, Programme, Team
from api.models.base import new_id, utcnow

PREFIX = "spf_"
LAST_USED_EVERY = timedelta(minutes=1)
log = logging.getLogger(__name__)
Row = dict[str, Any]

COLUMNS = (
    FeedToken.id,
    FeedToken.name,
    FeedToken.programme_id,
    FeedToken.team_id,
    FeedToken.created_at,
    FeedToken.last_used_at,
)


def new_secret() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def owner_of(principal: Principal) -> str:
    """Tokens belong to a signed-in user or a key (anonymous callers never get here)."""
    if principal.id is None:
        raise Forbidden("only a signed-in user or an API key has feed tokens")
    return principal.id


async def _check(session: AsyncSession, principal: Principal, body: Row) -> None:
    """The programme exists; the team is one of its teams, and one of the caller's if it is
    limited to teams (another team answers as a missing one)."""
    programme_id, team_id = body["programme_id"], body["team_id"]
    if await session.get(Programme, programme_id) is None:
        raise InvalidReference(f"no programme with id {programme_id}", field="programme_id")
    if principal.team_scope is not None:
        if team_id is None:
            raise RuleBroken("a team editor's feed names one of its teams", field="team_id")
        if team_id not in principal.team_ids:
            raise InvalidReference(f"no team with id {team_id}", field="team_id")
    if team_id is not None:
        team = await session.get(Team, team_id)
        if team is None or team.programme_id != programme_id:
            raise InvalidReference(f"no team with id {team_id} in the programme", field="team_id")


async def _row(session: AsyncSession, token_id: str, owner: str) -> Row:
    stmt = select(*COLUMNS).where(
        FeedToken.id == token_id, FeedToken.created_by == owner, FeedToken.revoked_at.is_(None)
    )
    row = (await session.execute(stmt)).first()
    if row is None:
        raise NotFound(f"no feed token with id {token_id}", loc=["path", "feed_token_id"])
    return dict(row._mapping)


async def create_token(session: AsyncSession, principal: Principal, body: Row) -> tuple[Row, str]:
    """A new token: its row and the secret (to show once)."""
    owner = owner_of(principal)
    await _check(session, principal, body)
    secret, token_id = new_secret(), new_id()
    session.add(
        FeedToken(
            id=token_id,
            token_hash=hash_secret(secret),
            programme_id=body["programme_id"],
            team_id=body["team_id"],
            name=body["name"],
            created_by=owner,
            created_at=utcnow(),
        )
    )
    await session.flush()
    after = await _row(session, token_id, owner)
    await record(
        session,
        resource="feed-tokens",
        resource_id=token_id,
        action="create",
        before=None,
        after=after,
        team_id=body["team_id"],
    )
    return after, secret


async def list_tokens(session: AsyncSession, principal: Principal) -> list[Row]:
    stmt = (
        select(*COLUMNS)
        .where(FeedToken.created_by == owner_of(principal), FeedToken.revoked_at.is_(None))
        .order_by(FeedToken.created_at, FeedToken.id)
    )
    return [dict(r._mapping) for r in await session.execute(stmt)]


async def revoke_token(session: AsyncSession, principal: Principal, token_id: str) -> None:
    """Revoke one of the caller's tokens (kept, with ``revoked_at``, for the audit trail)."""
    before = await _row(session, token_id, owner_of(principal))
    revoked = utcnow()
    await session.execute(
        update(FeedToken).where(FeedToken.id == token_id).values(revoked_at=revoked)
    )
    await record(
        session,
        resource="feed-tokens",
        resource_id=token_id,
        action="update",
        before=before,
        after={**before, "revoked_at": revoked},
        team_id=before["team_id"],
    )


async def find_feed(db: Database, secret: str) -> Row | None:
    """The live token a secret stands for (programme, team, last use), or None."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    stmt = select(FeedToken.id, FeedToken.programme_id, FeedToken.team_id, FeedToken.last_used_at)
    stmt = stmt.where(FeedToken.token_hash == hash_secret(secret), FeedToken.revoked_at.is_(None))
    async with db.read_engine.connect() as conn:
        row = (await conn.execute(stmt)).first()
    return dict(row._mapping) if row is not None else None


async def touch(db: Database, token: Row, busy_timeout_ms: int) -> None:
    """Record the fetch, at most once a minute and never waiting for a lock (as API keys do)."""
    now = utcnow()
    last = token["last_used_at"]
    if last is not None and last >= now - LAST_USED_EVERY:
        return
    stmt = (
        update(FeedToken)
        .where(
            FeedToken.id == token["id"],
            or_(FeedToken.last_used_at.is_(None), FeedToken.last_used_at < now - LAST_USED_EVERY),
        )
        .values(last_used_at=now)
    )
    if not await write_if_free(db, stmt, busy_timeout_ms):
        log.info("last use of feed token %s not recorded: the database is busy", token["id"])
