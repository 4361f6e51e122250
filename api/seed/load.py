"""``shared-purpose seed``: the Shared Purpose load document, loaded by the import engine.

The seed is loaded as any file is (``api.imports``): every row through its Create schema and its
resource's rules (``check_rows``, the code the HTTP API runs), all in one transaction, so a
refused row leaves nothing behind. Rows are upserted by ref within their parent: created when
missing, updated (only when a field differs; the version is bumped) when changed, and left
``unchanged`` otherwise, so a second run writes nothing and bumps no version. The load is one
``imports`` event in the audit trail, as every load is.
"""

import io

from api.config import Settings
from api.imports.commands import load_sources
from api.imports.readers import Source
from api.imports.report import OUTCOMES, Report
from api.seed.data import seed_document

SOURCE_NAME = "shared-purpose-seed.json"
ERRORS_SHOWN = 10


class SeedError(Exception):
    """The engine refused the seed (nothing was written); the message names the rows."""

    def __init__(self, report: Report) -> None:
        shown = [
            f"{e.resource} {e.ref!r} (line {e.line}), {e.field or 'row'}: {e.type}: {e.message}"
            for e in report.errors[:ERRORS_SHOWN]
        ]
        more = report.error_count - len(shown)
        super().__init__("; ".join(shown) + (f"; and {more} more" if more > 0 else ""))
        self.report = report


def memory_source(name: str, data: bytes) -> Source:
    """A load file held in memory (the engine reads it twice: its keys, then its rows)."""
    return Source(name, lambda: io.BytesIO(data), len(data), format="json")


async def load_seed(settings: Settings) -> Report:
    """Load (or bring up to date) the Shared Purpose seed; raises ``SeedError`` if refused."""
    report = await load_sources(settings, [memory_source(SOURCE_NAME, seed_document().as_json())])
    if not report.ok:
        raise SeedError(report)
    return report


def summary(report: Report, title: str = "Shared Purpose seed") -> str:
    """Created / updated / unchanged rows per resource, as a small table."""
    shown = OUTCOMES[:3]  # a load that succeeded rejected nothing
    counts = report.as_dict()["resources"]
    lines = [
        f"{title}: {report.rows:,} rows, "
        + ", ".join(f"{report.total(o):,} {o}" for o in shown)
        + f" in {report.seconds:.1f}s",
        f"  {'resource':<24}" + "".join(f"{o:>11}" for o in shown),
    ]
    for name, row in counts.items():
        lines.append(f"  {name:<24}" + "".join(f"{row[o]:>11,}" for o in shown))
    return "\n".join(lines)
