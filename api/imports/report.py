"""What a load did (or, for a dry run, would do): counts per resource and every bad row."""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from api.errors import ProblemError
from api.imports.resources import RESOURCES

OUTCOMES = ("created", "updated", "unchanged", "rejected")
# The report lists every bad row up to this many (and counts them all), so a file that is wrong
# on every one of a million lines cannot fill the memory with messages.
MAX_ERRORS = 10_000


@dataclass
class RowError:
    file: str
    resource: str | None
    line: int  # the line (CSV, NDJSON, JSON) or sheet row (XLSX) the row starts on; 0: the file
    ref: str | None
    field: str | None  # the column at fault (None: the row or file as a whole)
    type: str  # the rule or check, e.g. "payment-exceeds-award", "missing", "unknown-column"
    message: str

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Report:
    dry_run: bool = False
    files: list[str] = field(default_factory=list)
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    rows: int = 0
    seconds: float = 0.0

    def count(self, resource: str, outcome: str, n: int = 1) -> None:
        self.counts.setdefault(resource, Counter())[outcome] += n

    def error(self, error: RowError) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(error)

    def problem(
        self,
        problem: ProblemError,
        file: str,
        resource: str,
        line: int,
        ref: str | None,
        column: Any,
    ) -> None:
        """A rule's refusal, naming the column it blames (``column`` maps field → column)."""
        for item in problem.errors or [{"loc": [], "msg": str(problem), "type": problem.type}]:
            loc = item.get("loc") or []
            where = column(str(loc[1])) if len(loc) > 1 and loc[0] == "body" else None
            msg = str(item.get("msg") or problem.detail or problem.title)
            self.error(RowError(file, resource, line, ref, where, problem.type, msg))

    def _position(self, error: RowError) -> tuple[int, str, int]:
        base = error.file.split("#")[0]
        number = self.files.index(base) if base in self.files else len(self.files)
        return number, error.file, error.line

    @property
    def rejected(self) -> int:
        return sum(c["rejected"] for c in self.counts.values())

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def total(self, outcome: str) -> int:
        return sum(c[outcome] for c in self.counts.values())

    @property
    def status(self) -> str:
        return "succeeded" if self.ok else "rejected"

    def as_dict(self) -> dict[str, Any]:
        order = [r for r in RESOURCES if r in self.counts]
        return {
            "status": self.status,
            "dry_run": self.dry_run,
            "written": self.ok and not self.dry_run,
            "files": self.files,
            "rows": self.rows,
            "totals": {o: self.total(o) for o in OUTCOMES},
            "resources": {r: {o: self.counts[r][o] for o in OUTCOMES} for r in order},
            "error_count": self.error_count,
            "errors": [e.as_dict() for e in sorted(self.errors, key=self._position)],
            "errors_truncated": self.error_count > len(self.errors),
            "seconds": round(self.seconds, 3),
        }
