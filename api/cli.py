"""The ``shared-purpose`` command: serve, the worker, migrate, seed, demo data, users and API keys.

Every command reads ``SP_DATABASE_URL`` (default: the embedded SQLite file).
"""

import asyncio
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from api.auth.cli import first_admin_hint, keys_app, secret_app, users_app
from api.config import Settings, get_settings
from api.imports.commands import register as register_data_commands
from api.webhooks.cli import webhooks_app

app = typer.Typer(
    help="Shared Purpose Tracker: run an improvement programme.", no_args_is_help=True
)
console = Console(stderr=True)
app.add_typer(users_app, name="users")
app.add_typer(keys_app, name="keys")
app.add_typer(secret_app, name="secret")
app.add_typer(webhooks_app, name="webhooks")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
) -> None:
    """Serve the API (and the dashboard, once built) with uvicorn (uvloop + httptools)."""
    settings = get_settings()
    console.print(f"Serving on http://{host}:{port} (docs at /docs)")
    reads = "open to anyone" if settings.public_read else "for signed-in callers only"
    console.print(f"Reads are {reads} (SP_PUBLIC_READ); writes always need a key or sign-in.")
    console.print(signing_note(settings), markup=False)
    if hint := first_admin_hint(settings):
        console.print(hint, markup=False)
    with metrics_folder(workers):
        if settings.metrics_address:
            from api.observe.exposition import serve_metrics

            serve_metrics(settings)
            console.print(f"Metrics at http://{settings.metrics_address}/metrics (no sign-in).")
        run_uvicorn(settings, host, port, workers)


@app.command()
def worker(
    concurrency: Annotated[
        int, typer.Option(min=1, max=64, help="Loops side by side in this process.")
    ] = 1,
) -> None:
    """Run webhook deliveries, reminders and background imports until SIGTERM or SIGINT."""
    import logging.config

    from api.observe.logs import config as log_config
    from api.worker.loop import run_until_signalled

    settings = get_settings()
    logging.config.dictConfig(log_config(settings))  # as `serve` logs (api/observe/logs.py)
    asyncio.run(run_until_signalled(settings, concurrency))


def run_uvicorn(settings: Settings, host: str, port: int, workers: int) -> None:
    import uvicorn

    from api.observe.logs import config as log_config

    uvicorn.run(
        "api.asgi:app",
        host=host,
        port=port,
        workers=workers,
        loop="uvloop",
        http="httptools",
        log_config=log_config(settings),
        log_level=settings.log_level,
        access_log=False,  # api.access logs each request (api/observe/middleware.py)
        timeout_graceful_shutdown=settings.shutdown_timeout,
    )


@contextmanager
def metrics_folder(workers: int) -> Iterator[None]:
    """Several workers: a fresh folder for their metrics (prometheus_client's multiprocess mode),
    removed at exit; set before anything imports prometheus_client. An operator's own
    ``PROMETHEUS_MULTIPROC_DIR`` is used as it is."""
    if workers == 1 or os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        yield
        return
    with tempfile.TemporaryDirectory(prefix="sp-metrics-") as folder:
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder
        try:
            yield
        finally:
            del os.environ["PROMETHEUS_MULTIPROC_DIR"]


def signing_note(settings: Settings) -> str:
    """What ``serve`` says about the secret that signs sessions."""
    signer = (
        "SP_SECRET_KEY"
        if settings.secret_key is not None
        else "this installation's own secret, made once and kept in its database "
        "(rotate: shared-purpose secret rotate)"
    )
    return f"Sign-in sessions are signed with {signer}; SP_ENV={settings.env}."


@app.command()
def migrate(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
) -> None:
    """Bring the database schema up to date (Alembic upgrade)."""
    from api.migrate import upgrade

    upgrade(get_settings().database_url, revision)
    console.print(f"Database at revision {revision}.")


@app.command()
def seed(
    write: Annotated[
        Path | None,
        typer.Option(help="Write the seed's load document (JSON) to this file; load nothing."),
    ] = None,
) -> None:
    """Load the Shared Purpose programme through the load engine (a second run changes nothing)."""
    from api.seed.data import seed_document
    from api.seed.load import SeedError, load_seed, summary

    if write is not None:
        doc = seed_document()
        write.write_bytes(doc.as_json())
        console.print(f"Wrote {doc.count():,} rows in the load format to {write}.")
        return
    try:
        report = asyncio.run(load_seed(get_settings()))
    except SeedError as exc:
        console.print(f"Seed refused, nothing written: {exc}", markup=False, style="red")
        raise typer.Exit(1) from exc
    console.print(summary(report), markup=False)


@app.command()
def demo(
    teams: Annotated[int, typer.Option(min=1, max=100_000, help="How many synthetic teams.")] = 100,
) -> None:
    """Generate a large synthetic programme for benchmarks, loaded through the load engine."""
    import gc

    from api.seed.demo import generate_demo
    from api.seed.load import SeedError

    gc.freeze()  # as `load` does: a load's many short-lived rows need no cyclic collection
    gc.set_threshold(500_000, 20, 20)
    try:
        summary = asyncio.run(generate_demo(get_settings(), teams))
    except SeedError as exc:
        console.print(f"Demo refused, nothing written: {exc}", markup=False, style="red")
        raise typer.Exit(1) from exc
    console.print(summary)


# load, export, dump and restore (api/imports/commands.py)
register_data_commands(app)

if __name__ == "__main__":
    app()
