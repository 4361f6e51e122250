"""``shared-purpose webhooks …``: register, list, rotate, disable, enable and remove webhook
endpoints. Same services and checks as the HTTP API; every change lands in the audit trail as
``cli:<os user>``. A new secret is printed once, alone on stdout; everything else goes to stderr.
A refusal (a bad URL, an unknown event type or id) is one line on stderr and exit code 2.
"""

import asyncio
import getpass
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.cli import show
from api.auth.principal import Principal, act_as
from api.config import Settings, get_settings
from api.db import Database
from api.errors import ProblemError
from api.kit.schemas import ListParams
from api.models.enums import Role
from api.models.webhook import EndpointStatus
from api.webhooks import service
from api.webhooks.schemas import MAX_URL

webhooks_app = typer.Typer(help="Webhook endpoints that are sent events.", no_args_is_help=True)
console = Console(stderr=True)
T = TypeVar("T")
BAD_INPUT = 2  # as a usage error: the command, not the system, is at fault

EndpointArg = Annotated[str, typer.Argument(help="The endpoint's id (see webhooks list).")]


def run(work: Callable[[AsyncSession, Settings], Awaitable[T]]) -> T:
    """Run ``work`` in one transaction as the CLI's principal; a refusal exits with 2."""

    async def main() -> T:
        settings = get_settings()
        db = Database(settings.database_url, settings)
        try:
            async with db.sessionmaker() as session, session.begin():
                act_as(session, Principal("system", None, f"cli:{getpass.getuser()}", Role.admin))
                return await work(session, settings)
        finally:
            await db.dispose()

    try:
        return asyncio.run(main())
    except ProblemError as exc:
        where = ".".join(str(p) for p in exc.errors[0]["loc"][1:]) if exc.errors else ""
        about = f" {where}:" if where else ""
        line = f"Refused ({exc.type}):{about} {exc.detail or exc}"
        console.print(line, markup=False, highlight=False, soft_wrap=True)  # one line
        raise typer.Exit(BAD_INPUT) from exc


def _when(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "-"


@webhooks_app.command("add")
def add(
    url: Annotated[str, typer.Argument(help="Where deliveries are POSTed (https://…).")],
    event: Annotated[
        list[str] | None,
        typer.Option("--event", help="An event type to send (repeat for several; none: all)."),
    ] = None,
    programme: Annotated[
        str | None, typer.Option("--programme", help="Only this programme's events (its id).")
    ] = None,
    description: Annotated[str, typer.Option(help="What the endpoint is for.")] = "",
) -> None:
    """Register an endpoint and print its signing secret once, alone on stdout."""
    if len(url) > MAX_URL or len(description) > 200:
        why = f"Refused: the URL has at most {MAX_URL} characters, the description 200."
        console.print(why, markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(BAD_INPUT)
    body = {
        "url": url.strip(),
        "description": description.strip(),
        "event_types": event or [],
        "programme_id": programme,
    }
    user = f"cli:{getpass.getuser()}"
    row, secret = run(
        lambda s, settings: service.create_endpoint(
            s, body, created_by=user, allow_private=settings.webhook_allow_private
        )
    )
    console.print(
        f"Registered {row['url']} ({row['id']}). Its signing secret is shown once, below.",
        markup=False,
    )
    print(secret, flush=True)


@webhooks_app.command("list")
def list_() -> None:
    """Every endpoint (never a secret)."""

    async def work(session: AsyncSession, _: Settings) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        params = ListParams(limit=500)
        while True:
            page, cursor = await service.list_endpoints(session, params)
            rows += page
            if cursor is None:
                return rows
            params = ListParams(limit=500, cursor=cursor)

    rows = run(work)
    show(
        ["id", "url", "status", "events", "programme", "failures", "secrets", "old secret ends"],
        [
            [
                r["id"],
                r["url"],
                r["status"] + (f" ({r['disabled_reason']})" if r["disabled_reason"] else ""),
                ",".join(r["event_types"]) or "all",
                r["programme_id"] or "all",
                str(r["failures_in_a_row"]),
                str(r["secrets_active"]),
                _when(r["previous_secret_expires_at"]),
            ]
            for r in rows
        ],
    )


@webhooks_app.command("rotate")
def rotate(endpoint_id: EndpointArg) -> None:
    """A new signing secret, printed once; the old one signs too until the overlap ends."""
    secret, ends = run(
        lambda s, settings: service.rotate_secret(
            s, endpoint_id, settings.webhook_secret_overlap_hours
        )
    )
    console.print(f"Rotated. The previous secret signs until {_when(ends)} UTC.", markup=False)
    print(secret, flush=True)


def _set_status(endpoint_id: str, status: EndpointStatus) -> dict[str, Any]:
    return run(
        lambda s, settings: service.update_endpoint(
            s, endpoint_id, {"status": status}, allow_private=settings.webhook_allow_private
        )
    )


@webhooks_app.command("disable")
def disable(endpoint_id: EndpointArg) -> None:
    """Stop sending to an endpoint (recorded as disabled by an admin)."""
    row = _set_status(endpoint_id, EndpointStatus.disabled)
    console.print(f"Disabled {row['url']} ({row['id']}).", markup=False)


@webhooks_app.command("enable")
def enable(endpoint_id: EndpointArg) -> None:
    """Send to a disabled endpoint again (its run of failures starts from 0)."""
    row = _set_status(endpoint_id, EndpointStatus.active)
    console.print(f"Enabled {row['url']} ({row['id']}).", markup=False)


@webhooks_app.command("remove")
def remove(endpoint_id: EndpointArg) -> None:
    """Remove an endpoint with its secrets and its deliveries."""
    run(lambda s, _: service.delete_endpoint(s, endpoint_id))
    console.print(f"Removed {endpoint_id}.", markup=False)
