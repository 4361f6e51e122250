"""``shared-purpose users …`` and ``shared-purpose keys …``: the first admin, and keys for
integrations. Same services as the HTTP API; every change lands in the audit trail as ``cli:<os
user>``. A new key is printed once, alone on stdout; everything else goes to stderr."""

import asyncio
import getpass
import sys
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import create_engine, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.pool import NullPool

from api.auth import service
from api.auth.principal import Principal, act_as
from api.config import Settings, get_settings
from api.db import Database, sync_url
from api.errors import ProblemError
from api.models import User
from api.models.base import utcnow
from api.models.enums import Role

users_app = typer.Typer(help="People who sign in to the dashboard.", no_args_is_help=True)
keys_app = typer.Typer(help="API keys for integrations.", no_args_is_help=True)
console = Console(stderr=True)
T = TypeVar("T")

RoleOption = Annotated[Role, typer.Option(help="What it may do.", case_sensitive=False)]
TeamOption = Annotated[
    list[str] | None,
    typer.Option("--team", help="A team id a team_editor may write (repeat for several)."),
]


def run(work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Run ``work`` in one transaction, as the CLI's principal; a refusal exits with 1."""

    async def main() -> T:
        settings = get_settings()
        db = Database(settings.database_url, settings)
        try:
            async with db.sessionmaker() as session, session.begin():
                act_as(session, Principal("system", None, f"cli:{getpass.getuser()}", Role.admin))
                return await work(session)
        finally:
            await db.dispose()

    try:
        return asyncio.run(main())
    except ProblemError as exc:
        console.print(f"Refused ({exc.type}): {exc}", markup=False, style="red")
        raise typer.Exit(1) from exc


def show(columns: list[str], rows: list[list[str]]) -> None:
    """A table on a terminal; tab-separated lines (header first) for scripts and pipes."""
    if sys.stdout.isatty():
        table = Table(*columns)
        for row in rows:
            table.add_row(*row)
        Console().print(table)
        return
    for row in [columns, *rows]:
        print("\t".join(row))


def _when(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "-"


# ---- users ---------------------------------------------------------------------------------------


@users_app.command("create")
def users_create(
    email: Annotated[str, typer.Option(help="Signs in with this.")],
    name: Annotated[str, typer.Option(help="Full name.")],
    role: RoleOption = Role.viewer,
    team: TeamOption = None,
    password_stdin: Annotated[
        bool, typer.Option(help="Read the password from stdin (for scripts) instead of asking.")
    ] = False,
) -> None:
    """Create a user; asks for the password (never an argument, so never in shell history)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt(
            "Password (12+ characters)", hide_input=True, confirmation_prompt=True
        )
    user = run(
        lambda s: service.create_user(
            s, email=email, name=name, password=password, role=role, team_ids=team or []
        )
    )
    console.print(f"Created {user['role']} {user['email']} ({user['id']}).", markup=False)


@users_app.command("list")
def users_list() -> None:
    """Every user, by e-mail."""
    users = run(service.list_users)
    show(
        ["id", "email", "name", "role", "teams", "status", "last login"],
        [
            [
                u["id"],
                u["email"],
                u["name"],
                u["role"],
                ",".join(u["team_ids"]) or "-",
                "disabled" if u["disabled"] else "active",
                _when(u["last_login_at"]),
            ]
            for u in users
        ],
    )


@users_app.command("disable")
def users_disable(
    user: Annotated[str, typer.Argument(help="The user's e-mail or id.")],
) -> None:
    """Disable a user: sign-in refused, tokens stop working."""

    async def work(session: AsyncSession) -> dict[str, Any]:
        found = await service.find_user(session, user)
        return await service.update_user(session, found["id"], {"disabled": True})

    done = run(work)
    console.print(f"Disabled {done['email']}.", markup=False)


# ---- API keys ------------------------------------------------------------------------------------


@keys_app.command("create")
def keys_create(
    name: Annotated[str, typer.Option(help="What uses the key, e.g. grants-system.")],
    role: RoleOption,
    team: TeamOption = None,
    expires_in_days: Annotated[
        int | None, typer.Option(min=1, help="Stops working after this many days.")
    ] = None,
) -> None:
    """Create an API key and print it once, alone on stdout (only its hash is kept)."""
    expires = utcnow() + timedelta(days=expires_in_days) if expires_in_days else None
    row, key = run(
        lambda s: service.create_key(
            s,
            name=name,
            role=role,
            team_ids=team or [],
            expires_at=expires,
            created_by=f"cli:{getpass.getuser()}",
        )
    )
    console.print(
        f"Created {row['role']} key {row['name']!r} ({row['id']}). It is shown once, below; "
        "send it as `Authorization: Bearer <key>`.",
        markup=False,
    )
    print(key, flush=True)


@keys_app.command("list")
def keys_list(
    all_: Annotated[bool, typer.Option("--all", help="Revoked keys too.")] = False,
) -> None:
    """API keys (their first characters, never the keys)."""
    keys = run(lambda s: service.list_keys(s, include_revoked=all_))
    show(
        ["id", "name", "prefix", "role", "teams", "expires", "last used", "revoked"],
        [
            [
                k["id"],
                k["name"],
                k["prefix"],
                k["role"],
                ",".join(k["team_ids"]) or "-",
                _when(k["expires_at"]),
                _when(k["last_used_at"]),
                _when(k["revoked_at"]),
            ]
            for k in keys
        ],
    )


@keys_app.command("revoke")
def keys_revoke(
    key_id: Annotated[str, typer.Argument(help="The key's id (see keys list).")],
) -> None:
    """Revoke a key (running servers refuse it within SP_AUTH_CACHE_SECONDS)."""
    row = run(lambda s: service.revoke_key(s, key_id))
    console.print(f"Revoked {row['name']!r} ({row['id']}).", markup=False)


def first_admin_hint(settings: Settings) -> str | None:
    """What ``serve`` prints while no admin can sign in (None once one can, or without a DB)."""
    engine = create_engine(sync_url(settings.database_url), poolclass=NullPool)
    try:
        with engine.connect() as conn:
            stmt = select(func.count()).select_from(User)
            stmt = stmt.where(User.role == Role.admin, User.disabled_at.is_(None))
            if conn.execute(stmt).scalar_one() > 0:
                return None
    except Exception:  # not migrated yet, or no database: serve says nothing more
        return None
    finally:
        engine.dispose()
    return (
        "No admin yet. Create the first one with:\n"
        "  shared-purpose users create --email you@example.org --name 'Your Name' --role admin\n"
        "and a key for an integration with:\n"
        "  shared-purpose keys create --name my-integration --role viewer"
    )


secret_app = typer.Typer(help="The secret that signs sign-in sessions.", no_args_is_help=True)


@secret_app.command("rotate")
def rotate_secret(
    sign_everyone_out: Annotated[
        bool, typer.Option(help="Drop the old keys now: every session ends (after a leak).")
    ] = False,
) -> None:
    """Sign new sessions with a new random key; old sessions stay valid until they expire."""
    from api.auth.keyring import rotate

    settings = get_settings()
    if settings.secret_key is not None:
        console.print("SP_SECRET_KEY is set: rotate by changing it (that signs everyone out).")
        raise typer.Exit(1)
    key_id = run(lambda session: rotate(session, settings, sign_everyone_out))
    ended = "every session has ended" if sign_everyone_out else "old sessions run to expiry"
    console.print(f"New signing key {key_id}; {ended}.", markup=False)
