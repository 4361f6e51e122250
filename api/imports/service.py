"""The load engine the CLI and ``POST /imports`` share: read, resolve, check, upsert, report.

**One pass, one transaction, rolled back on any error.** Rows stream through in batches; each
batch is resolved, validated by the resource's Create schema, checked by the resource's own
rules (``CrudService.check_rows``, the code the API runs) and written, inside a savepoint of the
caller's transaction. A bad row is reported and skipped and the load goes on, so the report
names every bad row; at the end the savepoint is rolled back if any row was bad (or on a dry
run) and released otherwise. Memory stays flat: only the current batch is held, and rules that
span rows (payments within their award, teams within a programme's places) see the earlier
batches in the database. A validate-then-write pair of passes would have to read each file
twice or hold every parent key and running total of the file in memory between them.

A batch's write starts as a task once the next batch's stored rows are found (the rows of the
batch being held count as stored); the next batch is diffed and checked, and the one after read,
shaped and (when the refs it names are known) validated, while the database takes the rows. The
connection carries one statement at a time: a query waits for the write.
Files are opened, parsed and shaped on a worker thread (a slice of rows at a time), never on
the event loop: a server keeps answering while a workbook is opened or a file is read.

Upserts go by ``ref`` within the parent: a row that matches its stored version field for field
is ``unchanged`` and not written, so loading a file twice writes nothing the second time.
Every row a load writes carries the load's timestamp, which is how a ref given twice in one
load is told from one already in the database.
"""

import asyncio
import contextlib
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from typing import TypeVar

from anyio import to_thread
from sqlalchemy.ext.asyncio import AsyncSession

from api.audit.service import record
from api.imports.batch import BatchRun
from api.imports.giving360 import Translation, is_360giving
from api.imports.readers import ReadError, Section, Source
from api.imports.report import Report, RowError
from api.imports.resolve import Resolver
from api.imports.rows import Pending, Shaper
from api.imports.sources import Entry, plan
from api.kit.changes import Memo
from api.models.base import new_id, utcnow

BATCH = 10_000
FIRST_BATCH = 1_000  # batches grow from this to BATCH: the first write starts sooner
Progress = Callable[[str, int, int], None]  # (what is loading, rows so far, bytes so far)


class Loader:
    def __init__(
        self,
        session: AsyncSession,
        *,
        dry_run: bool = False,
        progress: Progress | None = None,
        import_id: str | None = None,
    ) -> None:
        self.session = session
        self.import_id = import_id or new_id()
        self.report = Report(dry_run=dry_run)
        self.progress = progress
        self.now = utcnow()
        self.bytes_done = 0
        self.ids = iter(new_id, "")  # strictly increasing: rows sort in the file's order
        self.memos: dict[str, Memo] = {}  # per resource: facts its rules keep across batches

    async def load(self, sources: Sequence[Source]) -> Report:
        """Load ``sources`` (parents first, whatever order they come in) in one savepoint."""
        started = time.perf_counter()
        self.report.files = [s.name for s in sources]
        savepoint = await self.session.begin_nested()
        try:
            entries = await self.plan(sources)
            for _order, _number, opener in sorted(entries, key=lambda e: e[:2]):
                sections = opener()
                try:
                    while (found := await to_thread.run_sync(_step, sections))[0]:
                        assert found[1] is not None
                        await self.section(found[1])
                finally:
                    if isinstance(sections, Generator):  # close its file now, not at collection
                        sections.close()
        except BaseException:
            await savepoint.rollback()
            raise
        if self.report.dry_run or not self.report.ok:
            await savepoint.rollback()
        else:
            await savepoint.commit()
            # One audit event per load (who, when, which files, what it did): a row per loaded
            # row would bury the trail under a million-row file.
            summary = self.report.as_dict()
            after = {k: summary[k] for k in ("files", "rows", "totals", "resources")}
            await record(
                self.session,
                resource="imports",
                resource_id=self.import_id,
                action="create",
                before=None,
                after=after,
            )
        self.report.seconds = time.perf_counter() - started
        return self.report

    async def plan(self, sources: Sequence[Source]) -> list[Entry]:
        """Every file's sections; a 360Giving file is first translated into resource rows."""
        entries: list[Entry] = []
        regular = []
        for number, source in enumerate(sources):
            try:
                if not await to_thread.run_sync(is_360giving, source):
                    regular.append((number, source))
                    continue
                translation = Translation(source)
                await translation.run(self.session)
            except ReadError as exc:
                self.report.error(
                    RowError(source.name, None, exc.line, None, None, "unreadable", str(exc))
                )
                continue
            for line, message in translation.problems:
                self.report.error(
                    RowError(source.name, "grants", line, None, None, "invalid-grant", message)
                )
            entries += [(order, number, op) for order, op in translation.sections()]
        return entries + await to_thread.run_sync(plan, regular, self.report)

    async def section(self, section: Section) -> None:
        start = self.bytes_done
        if section.header is None or self.header_ok(section):
            fail = self.failer(section)
            resolver = Resolver(self.session)
            writing: asyncio.Task[None] | None = None
            held: BatchRun | None = None  # checked; written once the next batch's rows are found
            items = batches(section)
            try:
                try:
                    while (found := await to_thread.run_sync(_step, items))[0]:
                        if (item := found[1]) is None:  # a slice is shaped: no batch yet
                            continue
                        rows, faults, done = item
                        for fault in faults:
                            fail(*fault)
                        run = await self.batch(section, rows, start + done, resolver, writing, held)
                        writing, held = run.writing or writing, run
                        if not run.holds:  # the next batch must find its rows written
                            writing, held = asyncio.create_task(run.write()), None
                except ReadError as exc:
                    self.file_error(section, exc.line, exc.column, "unreadable", str(exc))
                if held is not None:
                    if writing is not None:
                        await writing
                    writing = asyncio.create_task(held.write())
            finally:
                if writing is not None:
                    await writing
        if section.meter is not None:
            self.bytes_done = start + section.meter.total

    async def batch(
        self,
        section: Section,
        rows: list[Pending],
        done: int,
        resolver: Resolver,
        writing: asyncio.Task[None] | None,
        held: BatchRun | None,
    ) -> BatchRun:
        """Check a batch (``writing``, a write, running meanwhile until a query is needed);
        its own write is started by the next batch, once that batch's rows are found, so the
        database takes it while the next batch is diffed and checked and the one after is
        read, shaped and validated."""
        run = BatchRun(
            self.session,
            section.resource,
            rows,
            self.failer(section),
            self.report,
            section.file,
            self.now,
            self.memos.setdefault(section.resource.name, {}),
            self.ids,
            resolver,
        )
        try:
            await run.run(writing, held)
        except BaseException:
            if run.writing is not None:  # ``held``'s write, started: let it end first
                with contextlib.suppress(Exception):
                    await run.writing
            raise
        self.report.rows += len(rows)
        if self.progress is not None:
            self.progress(f"{section.file} ({section.resource.name})", self.report.rows, done)
        return run

    def header_ok(self, section: Section) -> bool:
        res, header = section.resource, section.header or []
        before = self.report.error_count
        for column in header:
            if column not in res.columns:
                msg = f"{column!r} is not a column of {res.name} ({', '.join(res.columns)})"
                self.file_error(section, 1, column, "unknown-column", msg)
        for column in sorted(res.required - set(header)):
            self.file_error(section, 1, column, "missing-column", f"{column!r} is required")
        for column in sorted({c for c in header if header.count(c) > 1}):
            self.file_error(section, 1, column, "duplicate-column", f"{column!r} appears twice")
        return self.report.error_count == before

    def file_error(
        self, section: Section, line: int, column: str | None, kind: str, message: str
    ) -> None:
        res = section.resource.name
        self.report.error(RowError(section.file, res, line, None, column, kind, message))

    def failer(self, section: Section) -> Callable[[Pending, str | None, str, str], None]:
        file, res = section.file, section.resource.name

        def fail(p: Pending, column: str | None, kind: str, message: str) -> None:
            p.failed = True
            self.report.error(RowError(file, res, p.line, p.ref, column, kind, message))

        return fail


T = TypeVar("T")


def _step(items: Iterator[T]) -> tuple[bool, T | None]:
    """The next item (run on a worker thread): (False, None) at the end."""
    for item in items:
        return True, item
    return False, None


Fault = tuple[Pending, str | None, str, str]
Batch = tuple[list[Pending], list[Fault], int]
SLICE = 1_000


def batches(section: Section) -> Iterator[Batch | None]:
    """The section's rows, shaped, ``BATCH`` at a time (fewer at first), with what was wrong
    with them and how far into the file they reach; ``None`` after every ``SLICE`` rows, where
    the caller may let other work (the previous batch's write) go on."""
    shaper = Shaper(section.resource, section.header)
    batch: list[Pending] = []
    faults: list[Fault] = []
    size = min(FIRST_BATCH, BATCH)

    def fault(p: Pending, column: str | None, kind: str, message: str) -> None:
        faults.append((p, column, kind, message))

    def done() -> int:
        return section.meter.done if section.meter is not None else 0

    for item in section.records:
        batch.append(shaper.shape(item.line, item.values, fault))
        if len(batch) >= size:
            yield batch, faults, done()
            batch, faults = [], []
            size = min(size * 4, BATCH)
        elif len(batch) % SLICE == 0:
            yield None
    if batch:
        yield batch, faults, done()
