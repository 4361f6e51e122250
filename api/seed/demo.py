"""``shared-purpose demo --teams N``: a large, clearly synthetic programme for benchmarks.

``DEMO-<N>`` gets N teams, each with an organisation, an award, three payments, 19 milestones, a
quality goal with an indicator and quarterly periods, a diagnostic, coaching and evidence; plus 22
programme-wide milestones, cohort learning events and knowledge capture. Its window runs from
1 January two years ago to 31 December next year: a programme in flight, statuses as of today.

The demo is written in the load format (``api.seed.demo_rows``), one NDJSON file per resource in
a temporary folder, a team at a time, and loaded by the import engine like any file: every row
through its Create schema and its resource's rules, in one transaction, all or nothing, upserted
by ref. Running it again with the same N therefore **updates** ``DEMO-<N>`` in place rather
than replacing it: on the same day every row is ``unchanged``; on a later day the rows the
calendar moved (statuses, decisions, periods measured since) are updated or created, and if a
rule refuses a change (a paid payment is never edited) the load is refused and nothing changes.
Rows are never deleted: for a fresh demo, start from an empty database (``bench/demo_db.py``
does).
"""

import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO, Any

import orjson
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from api.config import Settings
from api.imports.commands import load_sources
from api.imports.readers import Source
from api.seed.data import RESOURCES
from api.seed.demo_rows import COHORT, DemoRows
from api.seed.demo_team import team_rows
from api.seed.load import SeedError

BATCH = 10 * COHORT  # teams built between progress updates


@contextmanager
def _spool(folder: Path) -> Iterator[tuple[dict[str, Path], Any]]:
    """One NDJSON file per resource in ``folder``; yields the paths and ``emit(resource, row)``."""
    paths = {name: folder / f"{name}.ndjson" for name in RESOURCES}
    files: dict[str, IO[bytes]] = {}
    dumps = orjson.dumps

    def emit(resource: str, row: dict[str, Any]) -> None:
        out = files.get(resource) or files.setdefault(resource, paths[resource].open("wb"))
        out.write(dumps(row) + b"\n")

    try:
        yield paths, emit
    finally:
        for out in files.values():
            out.close()


def write_demo(folder: Path, teams: int, today: date, progress: Any = None) -> list[Path]:
    """Write ``DEMO-<teams>`` to ``folder`` as load files; returns them (parents first)."""
    with _spool(folder) as (paths, emit):
        demo = DemoRows(teams, today, emit)
        demo.header()
        for first in range(1, teams + 1, BATCH):
            last = min(teams, first + BATCH - 1)
            for i in range(first, last + 1):
                team_rows(demo, i)
            demo.cohorts(first, last)
            if progress is not None:
                progress(last)
    return [p for p in paths.values() if p.exists()]


async def generate_demo(
    settings: Settings, teams: int, *, quiet: bool = False, today: date | None = None
) -> str:
    """Write ``DEMO-<teams>`` in the load format and load it (all or nothing); a summary line.
    Raises ``SeedError`` (nothing written) if the engine refuses a row."""
    if teams < 1:
        raise ValueError("a demo needs at least one team")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="sp-demo-") as tmp, _progress(quiet) as bar:
        task = bar.add_task(f"DEMO-{teams} teams", total=teams)
        files = write_demo(Path(tmp), teams, today or date.today(), _advance(bar, task))
        sources = [Source.path(p) for p in files]
        loading = bar.add_task("loading", total=sum(s.size for s in sources))

        def progress(what: str, rows: int, done: int) -> None:
            bar.update(loading, completed=done, description=f"{what}: {rows:,} rows")

        report = await load_sources(settings, sources, progress=progress)
    if not report.ok:
        raise SeedError(report)
    seconds = time.perf_counter() - started
    counts = ", ".join(f"{report.total(o):,} {o}" for o in ("created", "updated", "unchanged"))
    engine = settings.database_url.split(":", 1)[0].split("+", 1)[0]
    return (
        f"DEMO-{teams}: {teams:,} synthetic teams, {report.rows:,} rows ({counts}) "
        f"in {seconds:.1f}s on {engine}."
    )


def _advance(bar: Progress, task: TaskID) -> Any:
    def advance(teams_done: int) -> None:
        bar.update(task, completed=teams_done)

    return advance


def _progress(quiet: bool) -> Progress:
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    return Progress(*columns, TimeElapsedColumn(), console=Console(stderr=True), disable=quiet)
