"""A real SMTP server (aiosmtpd) on 127.0.0.1, worker contexts on a fixed clock, and people."""

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import message_from_bytes
from email.message import Message
from typing import Any

import httpx
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from sqlalchemy import insert, text

from api.config import Settings
from api.db import Database
from api.models import User, user_teams
from api.models.base import new_id, utcnow
from api.models.enums import Role
from api.worker.context import FixedClock, WorkerContext
from tests.auth.test_users import PASSWORD
from tests.factories import API

# 08:00 UTC, after the default reminder hour (07:00), inside the test programme's window.
MORNING = datetime(2013, 3, 1, 8, tzinfo=UTC)


@dataclass
class Inbox:
    """What the SMTP server accepted; ``refuse`` makes it answer every message with a 554."""

    received: list[Envelope] = field(default_factory=list)
    refuse: bool = False
    logins: list[str] = field(default_factory=list)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.refuse:
            return "554 5.7.1 refused by the test"
        self.received.append(envelope)
        return "250 OK"

    def messages(self) -> list[Message]:
        return [message_from_bytes(bytes(e.original_content or b"")) for e in self.received]

    def to(self) -> list[str]:
        return sorted(addr for e in self.received for addr in e.rcpt_tos)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


LOGIN = (b"reminders", b"a long test password")


@contextmanager
def smtp_server(auth: bool = False) -> Iterator[tuple[Inbox, int]]:
    """A server on a free port; with ``auth`` it offers LOGIN for the account above (no TLS:
    loopback) and records who signed in."""
    inbox = Inbox()
    port = free_port()

    def login(server: SMTP, session: Session, envelope: Envelope, mech: str, data: Any) -> Any:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == LOGIN
        if ok:
            inbox.logins.append(data.login.decode())
        return AuthResult(success=ok, handled=False)

    kw: dict[str, Any] = {"authenticator": login, "auth_require_tls": False} if auth else {}
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **kw)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def mail_settings(settings: Settings, port: int, **kw: Any) -> Settings:
    update = {"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_starttls": False}
    return settings.model_copy(update=update | kw)


def context(db: Database, settings: Settings, clock: FixedClock, n: int = 0) -> WorkerContext:
    # The reminders task makes no HTTP requests; the context carries a client all the same.
    return WorkerContext(db, settings, httpx.AsyncClient(), clock, f"test/{n}")


async def make_person(
    client: httpx.AsyncClient, role: str, teams: list[str] | None = None, **kw: Any
) -> dict[str, Any]:
    name = kw.pop("name", f"{role} {free_port()}")
    email = name.lower().replace(" ", ".") + "@example.org"
    body = {"email": email, "name": name, "password": PASSWORD, "role": role}
    if teams is not None:
        body["team_ids"] = teams
    response = await client.post(f"{API}/users", json=body | kw)
    assert response.status_code == 201, response.text
    person: dict[str, Any] = response.json()
    return person


async def digests(db: Database) -> list[dict[str, Any]]:
    async with db.read_engine.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT d.day, d.status, d.attempts, d.error, u.email FROM reminder_digests d "
                "JOIN users u ON u.id = d.user_id ORDER BY u.email, d.day"
            )
        )
        return [dict(r._mapping) for r in rows]


async def reminder_events(db: Database) -> list[tuple[str, str]]:
    """(type, resource_id) of every reminder event, in feed order."""
    async with db.read_engine.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT type, resource_id FROM events WHERE type LIKE '%.due-soon' "
                "OR type LIKE '%.overdue' ORDER BY position"
            )
        )
        return [(r.type, r.resource_id) for r in rows]


async def add_person(
    db: Database, role: str, teams: list[str] | None = None, *, name: str, disabled: bool = False
) -> dict[str, Any]:
    """A user written straight to the tables, as ``POST /users`` would (no password hashing: a
    digest's people never sign in, and Argon2 would cost most of a test's time)."""
    person = {
        "id": new_id(),
        "email": name.lower().replace(" ", ".") + "@example.org",
        "name": name,
        "password_hash": "-",
        "role": Role(role),
        "disabled_at": utcnow() if disabled else None,
    }
    async with db.sessionmaker() as session, session.begin():
        await session.execute(insert(User).values(person))
        if teams:
            await session.execute(
                insert(user_teams).values([{"user_id": person["id"], "team_id": t} for t in teams])
            )
    return person
