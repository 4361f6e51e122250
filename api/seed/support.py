"""The Shared Purpose support package of four kinds: a diagnostic and coaching per team, learning
events (one per learning milestone) and knowledge capture shared by the teams."""

from typing import Any

from api.seed.data import PROGRAMME, PROVIDER, Document


def support_rows(
    doc: Document, teams: list[dict[str, Any]], milestones: list[dict[str, Any]]
) -> None:
    every = [t["ref"] for t in teams]
    for t in teams:
        short = t.get("short") or f"Synthetic Team {t['letter']}"
        _activity(
            doc,
            f"{t['ref']}-diagnostic",
            "diagnostic_needs_assessment",
            f"Diagnostic and needs assessment – {short}",
            ("2012-09-03", "2012-11-30"),
            [t["ref"]],
            hours=24,
            people=10,
            outcomes="Needs assessment agreed with the team's corporate and clinical leads.",
        )
        _activity(
            doc,
            f"{t['ref']}-coaching",
            "coaching",
            f"Coaching for the corporate and clinical leads – {short}",
            ("2013-01-14", "2015-06-30"),
            [t["ref"]],
            fmt="blended",
            hours=36,
            people=4,
        )
    events = [m for m in milestones if m["kind"] == "learning"]
    for i, m in enumerate(events, 1):
        fmt = "online" if i == len(events) else "in_person"
        days = (m["due_date"], m["due_date"])
        ref = f"sp-sa-learning-{i}"
        _activity(
            doc, ref, "learning_event", m["title"], days, every, fmt=fmt, people=5 * len(every)
        )
    _shared(doc, every)


def _shared(doc: Document, every: list[str]) -> None:
    """The cancelled exchange visit and the two pieces of knowledge capture."""
    _activity(
        doc,
        "sp-sa-regional-exchange",
        "learning_event",
        "Regional exchange visit (cancelled)",
        ("2014-06-18", "2014-06-18"),
        every[1:4],
        status="cancelled",
        outcomes="Cancelled: folded into learning event 4.",
    )
    _activity(
        doc,
        "sp-sa-knowledge-library",
        "knowledge_capture",
        "Shared case-study library",
        ("2013-06-01", "2015-12-31"),
        every,
        fmt="online",
        hours=40,
        people=2 * len(every),
    )
    _activity(
        doc,
        "sp-sa-knowledge-synthesis",
        "knowledge_capture",
        "End-of-programme learning synthesis",
        ("2015-09-01", "2015-12-31"),
        [],
        fmt="blended",
        hours=60,
    )


def _activity(
    doc: Document,
    ref: str,
    type_: str,
    title: str,
    days: tuple[str, str],
    teams: list[str],
    fmt: str = "in_person",
    hours: float = 6,
    people: int = 0,
    status: str = "delivered",
    outcomes: str = "",
) -> None:
    doc.add(
        "support-activities",
        ref,
        programme_ref=PROGRAMME,
        type=type_,
        title=title,
        start_date=days[0],
        end_date=days[1],
        provider=PROVIDER,
        format=fmt,
        hours=hours,
        participant_count=people,
        status=status,
        outcomes=outcomes,
        team_refs=teams,
    )
