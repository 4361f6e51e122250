"""The rows of the Shared Purpose seed, built from ``shared_purpose.json``.

The JSON file holds the facts and the synthetic teams' descriptions; this module expands them
into rows (milestone plans, payment schedules, support packages, indicator periods), parents first.

A row's fields are what the resource's Create schema takes, except that every reference to
another row (the fields in ``REF_FIELDS``) holds that row's seed ``ref`` instead of its id; the
loader swaps the ids in. Seed refs are unique across the whole seed, which is stricter than the
database asks (unique within the parent), so a ref names one row of its kind.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).with_name("shared_purpose.json")
PROGRAMME = "ctg-sp"  # the seeded default programme
EXAMPLE = "https://example.org/shared-purpose/synthetic"
PROVIDER = "Programme support team (illustrative: the provider is not published)"

# The order rows load in (parents first) and the order the report lists them.
KINDS = (
    "organisation",
    "programme",
    "team",
    "checkin",
    "partner",
    "milestone",
    "award",
    "payment",
    "support_activity",
    "quality_goal",
    "indicator",
    "period",
    "evidence",
)

# Fields naming other rows, and the kind of row they name.
REF_FIELDS = {
    "funder_id": "organisation",
    "parent_id": "programme",
    "programme_id": "programme",
    "lead_organisation_id": "organisation",
    "organisation_id": "organisation",
    "team_id": "team",
    "quality_goal_id": "quality_goal",
    "indicator_id": "indicator",
    "award_id": "award",
    "milestone_id": "milestone",
    "support_activity_id": "support_activity",
    "depends_on_ids": "milestone",
    "team_ids": "team",
}

# Each team's sustainability check-ins, by the status it reached (none: not assessed); the days
# are the programme's own sustainability milestones.
CHECKINS = {
    "continuing": (("2016-06-30", "continuing"), ("2017-06-30", "continuing")),
    "partly_continuing": (("2016-06-30", "continuing"), ("2017-06-30", "partly_continuing")),
    "stopped": (("2016-06-30", "partly_continuing"), ("2017-06-30", "stopped")),
}
FUNDING_ENDED = "2015-12-18"  # the day the finished teams' awards closed
# When a missed, deferred or cancelled team milestone was so decided (days after its due date;
# negative: before it), and why.
DECISIONS = {
    "missed": (14, "Not reached by the due date; recorded at the next monthly review."),
    "deferred": (-30, "Deferred at the team's request: the work it needs was running late."),
    "cancelled": (-60, "Cancelled: the team's plan changed and this step was no longer needed."),
}
# Share of the improvement lost in 2016 and 2017, by sustainability status (none: not assessed).
AFTER_FUNDING = {"continuing": (0.0, 0.0), "partly_continuing": (0.3, 0.4), "stopped": (0.6, 0.85)}
Add = Callable[..., None]  # add(kind, ref, /, **fields)
HALF_YEARS = [
    (date(year, month, 1), date(year, month + 5, 30 if month == 1 else 31))
    for year in (2013, 2014, 2015)
    for month in (1, 7)
]


@dataclass(frozen=True)
class Row:
    """One row to upsert: its kind, its seed ref and its fields (references as seed refs)."""

    kind: str
    ref: str
    fields: dict[str, Any]


def _public(item: dict[str, Any]) -> dict[str, Any]:
    """The fields of a JSON item, without its ref and ``_comment``-style notes."""
    return {k: v for k, v in item.items() if k != "ref" and not k.startswith("_")}


def _days_before(iso: str, days: int) -> str:
    return (date.fromisoformat(iso) - timedelta(days=days)).isoformat()


@cache
def _load() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return data


def seed_rows() -> list[Row]:
    """Every row of the seed, parents first."""
    data = _load()
    out: dict[str, list[Row]] = {kind: [] for kind in KINDS}

    def add(kind: str, ref: str, /, **fields: Any) -> None:
        out[kind].append(Row(kind, ref, fields))

    for org in data["organisations"]:
        add("organisation", org["ref"], **_public(org))
    for prog in data["programmes"]:
        add("programme", prog["ref"], **_public(prog))
    for m in data["programme_milestones"]:
        add("milestone", m["ref"], **_milestone(m["status"], m["due_date"]), **_public(m))
    orgs = {o["ref"]: o for o in data["organisations"]}
    teams = data["teams"]
    for n, team in enumerate(teams, 1):
        _team(add, n, team, orgs[team["lead"]]["name"], data["team_milestones"])
        _results(add, team)
    _support(add, teams, data["programme_milestones"])
    for ev in data["programme_evidence"]:
        add("evidence", ev["ref"], programme_id=PROGRAMME, **_public(ev))
    return [row for kind in KINDS for row in out[kind]]


def _milestone(status: str, due: str) -> dict[str, Any]:
    """Programme and status defaults; an achieved milestone was completed a few days early."""
    done = _days_before(due, 4) if status == "achieved" else None
    return {"programme_id": PROGRAMME, "completed_date": done}


def _team(add: Add, n: int, t: dict[str, Any], lead_name: str, plan: list[dict[str, Any]]) -> None:
    """The team, its partners and milestones, then its funding."""
    ref = t["ref"]
    statuses = ["achieved"] * (len(plan) - 4) + t["milestone_statuses"]
    finished = statuses[5] not in ("planned", "in_progress")  # the final report
    if t.get("provenance") == "sourced":
        name, summary = t["name"], t["summary"]
    else:
        name = f"Synthetic Team {t['letter']} – {lead_name}"
        summary = (
            "Synthetic team made up for the demonstration: its organisations, people, dates and "
            "figures are invented. It is not a real award holder."
        )
    add(
        "team",
        ref,
        programme_id=PROGRAMME,
        lead_organisation_id=t["lead"],
        name=name,
        project_title=t["project_title"],
        summary=summary,
        status="completed" if finished else "active",
        status_changed_on=FUNDING_ENDED if finished else None,
        provenance=t.get("provenance", "synthetic"),
        source_url=t.get("source_url"),
    )
    for checked_on, status in CHECKINS.get(t["sustainability_status"], ()):
        add(
            "checkin",
            f"{ref}-checkin-{checked_on[:4]}",
            team_id=ref,
            checked_on=checked_on,
            status=status,
            note="Synthetic: found at the programme's sustainability check-in.",
        )
    for org, role in [(t["lead"], "lead"), *((p, "partner") for p in t["partners"])]:
        add("partner", f"{ref}-{org}", team_id=ref, organisation_id=org, role=role)
    for step, status in zip(plan, statuses, strict=True):
        deps = [f"{ref}-{d}" for d in step.get("depends_on", [])]
        add(
            "milestone",
            f"{ref}-{step['suffix']}",
            team_id=ref,
            title=step["title"],
            kind=step["kind"],
            due_date=step["due_date"],
            status=status,
            depends_on_ids=deps,
            **_milestone(status, step["due_date"]),
            **_decision(status, step["due_date"]),
        )
    _funding(add, n, t, statuses)


def _decision(status: str, due: str) -> dict[str, Any]:
    if status not in DECISIONS:
        return {}
    days, reason = DECISIONS[status]
    return {"decided_on": _days_before(due, -days), "decision_reason": reason}


def _funding(add: Add, n: int, t: dict[str, Any], statuses: list[str]) -> None:
    """The team's award, its payment schedule and its piece of evidence."""
    ref, interim_report, final_report = t["ref"], statuses[3], statuses[5]
    finished = final_report not in ("planned", "in_progress")
    add(
        "award",
        f"{ref}-award",
        team_id=ref,
        identifier=f"360G-THF-SP-{n:03d}",
        amount_pence=42_000_000,
        currency="GBP",
        award_date="2012-06-29",
        planned_start_date="2012-09-01",
        planned_end_date="2015-11-30",
        actual_start_date="2012-09-01",
        actual_end_date=FUNDING_ENDED if finished else None,
        status="closed" if finished else "active",
        activated_on="2012-09-01",
        closed_on=FUNDING_ENDED if finished else None,
    )

    def pay(
        key: str,
        instalment: str,
        pence: int,
        due: str,
        status: str,
        paid: str | None = None,
        released_by: str | None = None,
    ) -> None:
        add(
            "payment",
            f"{ref}-pay-{key}",
            award_id=f"{ref}-award",
            instalment=instalment,
            scheduled_date=due,
            paid_date=paid,
            amount_pence=pence,
            currency="GBP",
            status=status,
            milestone_id=f"{ref}-{released_by}" if released_by else None,
        )

    # £420,000 in three instalments: 30% on starting, 40% on the interim report, 30% at the end.
    pay("initial", "initial", 12_600_000, "2012-09-03", "paid", "2012-09-14")
    if t.get("split_interim"):  # raised in one, then cancelled and paid in two halves
        pay("interim", "interim", 16_800_000, "2014-04-30", "cancelled")
        pay("interim-a", "interim", 8_400_000, "2014-06-30", "paid", "2014-07-04", "m4")
        pay("interim-b", "interim", 8_400_000, "2014-10-31", "paid", "2014-11-07")
    else:
        paid = "2014-05-09" if interim_report == "achieved" else "2014-07-18"  # paid once late
        pay("interim", "interim", 16_800_000, "2014-04-30", "paid", paid, "m4")
    final = {"achieved": "paid", "missed": "approved"}.get(final_report, "scheduled")
    pay(
        "final",
        "final",
        12_600_000,
        "2015-12-15",
        final,
        "2015-12-18" if final == "paid" else None,
        "m6",
    )
    ev = t["evidence"]
    url = ev.get("url") or f"{EXAMPLE}/{ref}/{ev['kind'].replace('_', '-')}"
    add(
        "evidence",
        f"{ref}-evidence",
        programme_id=PROGRAMME,
        team_id=ref,
        kind=ev["kind"],
        title=ev["title"],
        url=url,
        published_on=ev.get("published_on", "2015-11-30"),
        summary=ev.get("summary", "Synthetic: made up for the demonstration."),
        is_exemplar=ev.get("is_exemplar", False),
        support_activity_id=ev.get("support_activity_id"),
    )


def _results(add: Add, t: dict[str, Any]) -> None:
    """The team's quality goal, its indicator and the measured periods."""
    ref, ind = t["ref"], t["indicator"]
    synthetic = t.get("provenance") != "sourced"
    add(
        "quality_goal",
        f"{ref}-goal",
        team_id=ref,
        **t["goal"],
        corporate_lead="Director of corporate services (synthetic)" if synthetic else None,
        clinical_lead="Clinical director (synthetic)" if synthetic else None,
    )
    baseline, target = ind.get("baseline_value"), ind.get("target_value")
    add(
        "indicator",
        f"{ref}-indicator",
        quality_goal_id=f"{ref}-goal",
        **ind,
        baseline_date="2012-12-31" if baseline is not None else None,
        target_date="2015-12-31" if target is not None else None,
    )
    if baseline is None or target is None:
        return  # nothing published, nothing invented
    gap = target - baseline
    periods = [
        (start, end, baseline + gap * (k + 1) / len(HALF_YEARS), "Synthetic value.")
        for k, (start, end) in enumerate(HALF_YEARS)
    ]
    lost = AFTER_FUNDING.get(t["sustainability_status"], ())
    for year, share in zip((2016, 2017), lost, strict=False):
        note = "Synthetic value, after the funding ended (sustainability)."
        periods.append((date(year, 1, 1), date(year, 12, 31), target - gap * share, note))
    for k, (start, end, value, comment) in enumerate(periods, 1):
        add(
            "period",
            f"{ref}-indicator-p{k}",
            indicator_id=f"{ref}-indicator",
            period_start=start.isoformat(),
            period_end=end.isoformat(),
            actual_value=round(value, 1),
            comment=comment,
        )


def _support(add: Add, teams: list[dict[str, Any]], milestones: list[dict[str, Any]]) -> None:
    """The four kinds of support: diagnostics and coaching per team, shared events and learning."""

    def activity(
        ref: str,
        type_: str,
        title: str,
        start: str,
        end: str,
        team_ids: list[str],
        fmt: str = "in_person",
        hours: float = 6,
        people: int = 0,
        status: str = "delivered",
        outcomes: str = "",
    ) -> None:
        add(
            "support_activity",
            ref,
            programme_id=PROGRAMME,
            type=type_,
            title=title,
            start_date=start,
            end_date=end,
            provider=PROVIDER,
            format=fmt,
            hours=hours,
            participant_count=people,
            status=status,
            outcomes=outcomes,
            team_ids=team_ids,
        )

    every = [t["ref"] for t in teams]
    for t in teams:
        short = t.get("short") or f"Synthetic Team {t['letter']}"
        activity(
            f"{t['ref']}-diagnostic",
            "diagnostic_needs_assessment",
            f"Diagnostic and needs assessment – {short}",
            "2012-09-03",
            "2012-11-30",
            [t["ref"]],
            hours=24,
            people=10,
            outcomes="Needs assessment agreed with the team's corporate and clinical leads.",
        )
        activity(
            f"{t['ref']}-coaching",
            "coaching",
            f"Coaching for the corporate and clinical leads – {short}",
            "2013-01-14",
            "2015-06-30",
            [t["ref"]],
            fmt="blended",
            hours=36,
            people=4,
        )
    events = [m for m in milestones if m["kind"] == "learning"]
    for i, m in enumerate(events, 1):
        activity(
            f"sp-sa-learning-{i}",
            "learning_event",
            m["title"],
            m["due_date"],
            m["due_date"],
            every,
            fmt="online" if i == len(events) else "in_person",
            people=5 * len(every),
        )
    activity(
        "sp-sa-regional-exchange",
        "learning_event",
        "Regional exchange visit (cancelled)",
        "2014-06-18",
        "2014-06-18",
        every[1:4],
        status="cancelled",
        outcomes="Cancelled: folded into learning event 4.",
    )
    activity(
        "sp-sa-knowledge-library",
        "knowledge_capture",
        "Shared case-study library",
        "2013-06-01",
        "2015-12-31",
        every,
        fmt="online",
        hours=40,
        people=2 * len(every),
    )
    activity(
        "sp-sa-knowledge-synthesis",
        "knowledge_capture",
        "End-of-programme learning synthesis",
        "2015-09-01",
        "2015-12-31",
        [],
        fmt="blended",
        hours=60,
    )
