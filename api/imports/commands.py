"""``shared-purpose load | export | dump | restore``: straight against the database, no server.

They run the same engine as ``POST /api/v1/imports`` (``api.imports.service``) and the same
exports as ``GET /api/v1/<resource>?format=csv``.
"""

import asyncio
import gc
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import orjson
import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from api.config import Settings, get_settings
from api.db import Database

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncConnection

    from api.imports.readers import Source
    from api.imports.report import Report
    from api.imports.service import Progress as LoadProgress

console = Console(stderr=True)
ERRORS_SHOWN = 50


def _database(settings: Settings) -> Database:
    return Database(settings.database_url, settings)


async def load_sources(
    settings: Settings,
    sources: Sequence["Source"],
    *,
    dry_run: bool = False,
    progress: "LoadProgress | None" = None,
) -> "Report":
    """Load ``sources`` in one transaction of their own, all or nothing: the engine's entry
    point for code in the same process (``load``, ``shared-purpose seed`` and ``demo``)."""
    from api.imports.service import Loader

    db = _database(settings)
    try:
        async with db.sessionmaker() as session, session.begin():
            return await Loader(session, dry_run=dry_run, progress=progress).load(sources)
    finally:
        await db.dispose()


def load(
    paths: Annotated[list[Path], typer.Argument(help="CSV, JSON, NDJSON or XLSX files.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and count; write nothing.")
    ] = False,
    format: Annotated[
        str | None, typer.Option("--format", help="csv|json|ndjson|xlsx (default: by suffix).")
    ] = None,
    resource: Annotated[
        str | None, typer.Option(help="The resource of files not named after one.")
    ] = None,
    encoding: Annotated[
        str | None, typer.Option(help="Text encoding of CSV files (default: detected).")
    ] = None,
    report: Annotated[
        Path | None, typer.Option(help="Also write the full report (every error) as JSON.")
    ] = None,
) -> None:
    """Load files, parents first; all or nothing. Exit code 1 when any row is refused."""
    from api.imports.readers import Source

    for path in paths:
        if not path.is_file():
            console.print(f"No such file: {path}", style="red")
            raise typer.Exit(2)
    sources = [Source.path(p, format=format, resource=resource, encoding=encoding) for p in paths]
    total = sum(s.size for s in sources)
    # A load allocates many short-lived rows: start from a frozen heap and collect young
    # objects only past the two batches in flight (~200,000 objects), which refcounting frees
    # anyway (the cyclic collector otherwise costs a tenth of a big load).
    gc.freeze()
    gc.set_threshold(500_000, 20, 20)

    async def run() -> Any:
        with _progress() as bar:
            task = bar.add_task("loading", total=total or None)

            def progress(what: str, rows: int, done: int) -> None:
                bar.update(task, completed=done, description=f"{what}: {rows:,} rows")

            return await load_sources(get_settings(), sources, dry_run=dry_run, progress=progress)

    result = asyncio.run(run())
    if report is not None:
        report.write_bytes(orjson.dumps(result.as_dict(), option=orjson.OPT_INDENT_2))
    _summary(result)
    if not result.ok:
        raise typer.Exit(1)


def _progress() -> Progress:
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn())
    return Progress(*columns, TimeElapsedColumn(), console=console, transient=True)


def _summary(result: Any) -> None:
    data = result.as_dict()
    table = Table(title=f"{'Dry run' if result.dry_run else 'Load'}: {data['status']}")
    table.add_column("resource")
    for outcome in data["totals"]:
        table.add_column(outcome, justify="right")
    for name, counts in data["resources"].items():
        table.add_row(name, *(f"{v:,}" for v in counts.values()))
    table.add_row("total", *(f"{v:,}" for v in data["totals"].values()), style="bold")
    console.print(table)
    rate = data["rows"] / data["seconds"] if data["seconds"] else 0
    console.print(f"{data['rows']:,} rows in {data['seconds']:.2f}s ({rate:,.0f} rows/s).")
    if data["error_count"]:
        errors = Table(title=f"{data['error_count']:,} problems: nothing was written")
        for column in ("file", "line", "ref", "field", "problem", "message"):
            errors.add_column(column, overflow="fold")
        for e in data["errors"][:ERRORS_SHOWN]:
            errors.add_row(
                e["file"], str(e["line"]), e["ref"] or "", e["field"] or "", e["type"], e["message"]
            )
        console.print(errors)
        if data["error_count"] > ERRORS_SHOWN:
            console.print(f"… and {data['error_count'] - ERRORS_SHOWN:,} more (see --report).")
    elif result.dry_run:
        console.print("Dry run: nothing was written.")


def export(
    resource: Annotated[
        str, typer.Argument(help="A resource (payments, …), 'all', '360giving' or 'iati'.")
    ],
    format: Annotated[
        str | None, typer.Option("--format", help="csv|json|ndjson|xlsx (iati: xml).")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "--out", "-o", help="File to write (default: stdout)."),
    ] = None,
    programme: Annotated[
        str | None, typer.Option(help="iati: the programme's id, ref or code.")
    ] = None,
) -> None:
    """Export rows in the format `load` reads back (or the awards as 360Giving grants, or a
    programme's awards as IATI activities)."""
    from api.exports.giving360 import write_grants
    from api.exports.service import all_resources
    from api.exports.service import export as run_export
    from api.imports.resources import find_resource

    fmt = format or ("xml" if resource == "iati" else "csv")
    refusal = _export_refusal(resource, fmt, output, programme)
    if refusal is not None:
        console.print(refusal, style="red")
        raise typer.Exit(2)

    async def run(out: IO[bytes]) -> int:
        db = _database(get_settings())
        try:
            async with db.engine.connect() as conn:
                if resource == "iati":
                    return await _iati(conn, programme or "", out)
                if resource == "360giving":
                    return await write_grants(conn, fmt, out)
                chosen = all_resources() if resource == "all" else [find_resource(resource)]
                return await run_export(conn, [r for r in chosen if r], fmt, out)
        finally:
            await db.dispose()

    try:
        if output is None:
            n = asyncio.run(run(sys.stdout.buffer))
            sys.stdout.flush()
        else:
            with output.open("wb") as fp:
                n = asyncio.run(run(fp))
    except ValueError as exc:
        console.print(str(exc), style="red")
        raise typer.Exit(2) from exc
    console.print(f"Exported {n:,} {'activities' if resource == 'iati' else 'rows'}.")


def _export_refusal(
    resource: str, fmt: str, output: Path | None, programme: str | None
) -> str | None:
    from api.imports.resources import find_resource

    if resource == "iati":
        if fmt != "xml":
            return "IATI exports are xml."
        if not programme:
            return "An IATI export needs --programme (its id, ref or code)."
    elif resource == "360giving":
        if fmt not in ("json", "csv"):
            return "360Giving exports are json or csv."
    elif resource != "all" and find_resource(resource) is None:
        return f"No resource {resource!r}."
    if fmt == "xlsx" and output is None:
        return "An XLSX export needs --output FILE."
    return None


async def _iati(conn: "AsyncConnection", key: str, out: IO[bytes]) -> int:
    from api.exports.iati import find_programme, write_activities

    found = await find_programme(conn, key, by_ref=True)
    if found is None:
        raise ValueError(f"No programme {key!r} (give its id, ref or code).")
    return await write_activities(conn, found.id, out)


def dump(file: Annotated[Path, typer.Argument(help="The JSON file to write.")]) -> None:
    """Write the whole database (every table, every column) to one JSON file."""
    from api.exports.dump import dump as run_dump

    async def run() -> dict[str, int]:
        db = _database(get_settings())
        try:
            async with db.engine.connect() as conn, conn.begin():
                with file.open("wb") as fp:
                    return await run_dump(conn, fp)
        finally:
            await db.dispose()

    counts = asyncio.run(run())
    console.print(f"Dumped {sum(counts.values()):,} rows of {len(counts)} tables to {file}.")


def restore(file: Annotated[Path, typer.Argument(help="A file written by `dump`.")]) -> None:
    """Load a dump into an empty, migrated database (all or nothing)."""
    from api.exports.dump import DumpError
    from api.exports.dump import restore as run_restore

    async def run() -> dict[str, int]:
        db = _database(get_settings())
        try:
            async with db.sessionmaker() as session, session.begin():
                with file.open(encoding="utf-8") as fp:
                    return await run_restore(session, fp)
        finally:
            await db.dispose()

    try:
        counts = asyncio.run(run())
    except DumpError as exc:
        console.print(f"Restore refused, nothing written: {exc}", style="red")
        raise typer.Exit(1) from exc
    console.print(f"Restored {sum(counts.values()):,} rows of {len(counts)} tables.")


def register(app: typer.Typer) -> None:
    for command in (load, export, dump, restore):
        app.command()(command)
