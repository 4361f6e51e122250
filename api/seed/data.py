"""The Shared Purpose seed as a load document, built from ``shared_purpose.json``.

The JSON file holds the facts and the synthetic teams' descriptions: its organisations,
programmes, programme milestones and programme evidence are rows in the load format already;
``teams``/``support`` expand each team into its rows (milestone plans, payment schedules,
support packages, indicator periods). The result is what ``shared-purpose load`` reads from a
JSON file (``{"organisations": [...], "programmes": [...], ...}``): every row names other rows
by ref (``team_ref``, ``depends_on_refs``), with the qualifiers (``programme_ref``,
``team_ref``) that keep it unambiguous beside other programmes in the same database.
``shared-purpose seed --write FILE`` writes it out, a worked example of the load format.
"""

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from api.resources import RESOURCES as DESCRIPTORS

DATA_FILE = Path(__file__).with_name("shared_purpose.json")
PROGRAMME = "ctg-sp"  # the seeded default programme
EXAMPLE = "https://example.org/shared-purpose/synthetic"
PROVIDER = "Programme support team (illustrative: the provider is not published)"

# The resources of the load format, in the order the import engine loads them (parents first).
RESOURCES = tuple(res.name for res in DESCRIPTORS)

# When a missed, deferred or cancelled team milestone was so decided (days after its due date;
# negative: before it), and why.
DECISIONS = {
    "missed": (14, "Not reached by the due date; recorded at the next monthly review."),
    "deferred": (-30, "Deferred at the team's request: the work it needs was running late."),
    "cancelled": (-60, "Cancelled: the team's plan changed and this step was no longer needed."),
}

Row = dict[str, Any]


@dataclass
class Document:
    """A load document: each resource's rows (``ref`` first), in the order they were added."""

    rows: dict[str, list[Row]] = field(default_factory=lambda: {r: [] for r in RESOURCES})

    def add(self, resource: str, ref: str, /, **columns: Any) -> None:
        self.rows[resource].append({"ref": ref, **columns})

    def as_json(self) -> bytes:
        """The document as ``shared-purpose load`` reads it (resources without rows left out)."""
        body = {name: rows for name, rows in self.rows.items() if rows}
        return json.dumps(body, ensure_ascii=False, indent=1).encode()

    def count(self) -> int:
        return sum(len(rows) for rows in self.rows.values())


def public(item: dict[str, Any]) -> dict[str, Any]:
    """The columns of a JSON item, without its ref and ``_comment``-style notes."""
    return {k: v for k, v in item.items() if k != "ref" and not k.startswith("_")}


def days_before(iso: str, days: int) -> str:
    return (date.fromisoformat(iso) - timedelta(days=days)).isoformat()


def milestone_dates(status: str, due: str) -> dict[str, Any]:
    """The programme, and the completion of an achieved milestone (a few days early)."""
    done = days_before(due, 4) if status == "achieved" else None
    return {"programme_ref": PROGRAMME, "completed_date": done}


def decision(status: str, due: str) -> dict[str, Any]:
    """When (and why) a missed, deferred or cancelled milestone was so decided."""
    if status not in DECISIONS:
        return {}
    days, reason = DECISIONS[status]
    return {"decided_on": days_before(due, -days), "decision_reason": reason}


@cache
def _load() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return data


def seed_document() -> Document:
    """Every row of the seed, in the load format."""
    from api.seed.support import support_rows
    from api.seed.teams import team_rows

    data = _load()
    doc = Document()
    for org in data["organisations"]:
        doc.add("organisations", org["ref"], **public(org))
    for prog in data["programmes"]:
        doc.add("programmes", prog["ref"], **public(prog))
    for m in data["programme_milestones"]:
        dates = milestone_dates(m["status"], m["due_date"])
        doc.add("milestones", m["ref"], **dates, **public(m))
    orgs = {o["ref"]: o for o in data["organisations"]}
    teams = data["teams"]
    for n, team in enumerate(teams, 1):
        team_rows(doc, n, team, orgs[team["lead"]]["name"], data["team_milestones"])
    support_rows(doc, teams, data["programme_milestones"])
    for ev in data["programme_evidence"]:
        doc.add("evidence", ev["ref"], programme_ref=PROGRAMME, **public(ev))
    return doc
