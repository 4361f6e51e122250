"""The vocabulary of rules that check many rows at once.

A write (one HTTP request, or a batch of a bulk load) is a list of ``Change``; a service's
``check_rows`` answers with one verdict per change, so a load can report every bad row while the
API reports the one it was given.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from api.errors import ProblemError


@dataclass(slots=True)
class Change:
    """One row a write would leave behind, as the rules see it.

    ``row`` holds every column's new value (``id`` included), ``links`` the id lists of the
    many-to-many fields, ``before`` the columns as they were (None for a new row).
    """

    row: dict[str, Any]
    links: dict[str, list[str]]
    before: dict[str, Any] | None = None


Verdicts = list[ProblemError | None]
Memo = dict[str, Any]


def each(changes: Sequence[Change], check: Callable[[Change], None]) -> Verdicts:
    """Run ``check`` on every change in order: the first rule each breaks, or None."""
    out: Verdicts = []
    for change in changes:
        try:
            check(change)
        except ProblemError as exc:
            out.append(exc)
        else:
            out.append(None)
    return out
