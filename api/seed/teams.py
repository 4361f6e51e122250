"""One Shared Purpose team expanded into its rows: the team, its check-ins and partners, its
milestones, its award and payment schedule, its evidence, and its goal, indicator and periods."""

from datetime import date
from typing import Any

from api.seed.amendments import amendment_rows
from api.seed.data import EXAMPLE, PROGRAMME, Document, decision, milestone_dates
from api.seed.reports import report_rows

# Each team's sustainability check-ins, by the status it reached (none: not assessed); the days
# are the programme's own sustainability milestones.
CHECKINS = {
    "continuing": (("2016-06-30", "continuing"), ("2017-06-30", "continuing")),
    "partly_continuing": (("2016-06-30", "continuing"), ("2017-06-30", "partly_continuing")),
    "stopped": (("2016-06-30", "partly_continuing"), ("2017-06-30", "stopped")),
}
FUNDING_ENDED = "2015-12-18"  # the day the finished teams' awards closed
# Share of the improvement lost in 2016 and 2017, by sustainability status (none: not assessed).
AFTER_FUNDING = {"continuing": (0.0, 0.0), "partly_continuing": (0.3, 0.4), "stopped": (0.6, 0.85)}
HALF_YEARS = [
    (date(year, month, 1), date(year, month + 5, 30 if month == 1 else 31))
    for year in (2013, 2014, 2015)
    for month in (1, 7)
]
SYNTHETIC_SUMMARY = (
    "Synthetic team made up for the demonstration: its organisations, people, dates and "
    "figures are invented. It is not a real award holder."
)


def team_rows(
    doc: Document, n: int, t: dict[str, Any], lead_name: str, plan: list[dict[str, Any]]
) -> None:
    """The team, its partners and milestones, then its funding and results."""
    ref = t["ref"]
    statuses = ["achieved"] * (len(plan) - 4) + t["milestone_statuses"]
    finished = statuses[5] not in ("planned", "in_progress")  # the final report
    sourced = t.get("provenance") == "sourced"
    doc.add(
        "teams",
        ref,
        programme_ref=PROGRAMME,
        lead_organisation_ref=t["lead"],
        name=t["name"] if sourced else f"Synthetic Team {t['letter']} – {lead_name}",
        project_title=t["project_title"],
        summary=t["summary"] if sourced else SYNTHETIC_SUMMARY,
        status="completed" if finished else "active",
        status_changed_on=FUNDING_ENDED if finished else None,
        provenance=t.get("provenance", "synthetic"),
        source_url=t.get("source_url"),
    )
    mine = {"programme_ref": PROGRAMME, "team_ref": ref}
    for checked_on, status in CHECKINS.get(t["sustainability_status"], ()):
        note = "Synthetic: found at the programme's sustainability check-in."
        checkin = f"{ref}-checkin-{checked_on[:4]}"
        doc.add(
            "sustainability-checkins",
            checkin,
            **mine,
            checked_on=checked_on,
            status=status,
            note=note,
        )
    for org, role in [(t["lead"], "lead"), *((p, "partner") for p in t["partners"])]:
        doc.add("team-partners", f"{ref}-{org}", **mine, organisation_ref=org, role=role)
    for step, status in zip(plan, statuses, strict=True):
        due = step["due_date"]
        doc.add(
            "milestones",
            f"{ref}-{step['suffix']}",
            **milestone_dates(status, due),
            team_ref=ref,
            title=step["title"],
            kind=step["kind"],
            due_date=due,
            status=status,
            depends_on_refs=[f"{ref}-{d}" for d in step.get("depends_on", [])],
            **decision(status, due),
        )
    _award(doc, n, ref, finished)
    _budget(doc, ref)
    amendment_rows(doc, ref)
    report_rows(doc, ref, interim_achieved=statuses[3] == "achieved")
    _payments(doc, t, statuses)
    _evidence(doc, t)
    _results(doc, t)


def _award(doc: Document, n: int, ref: str, finished: bool) -> None:
    doc.add(
        "awards",
        f"{ref}-award",
        programme_ref=PROGRAMME,
        team_ref=ref,
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


# Each award's budget: synthetic (no team's budget is published), by the funder's financial
# years (1 April – 31 March) within the award's planned dates, adding up to its £420,000.
BUDGET = [
    ("staff-2012-13", "staff", "2012-09-01", "2013-03-31", 3_000_000),
    ("staff-2013-14", "staff", "2013-04-01", "2014-03-31", 7_000_000),
    ("staff-2014-15", "staff", "2014-04-01", "2015-03-31", 7_000_000),
    ("staff-2015-16", "staff", "2015-04-01", "2015-11-30", 4_000_000),
    ("backfill", "backfill", "2012-09-01", "2015-11-30", 8_400_000),
    ("training", "training", "2012-09-01", "2014-03-31", 4_200_000),
    ("evaluation", "evaluation", "2014-04-01", "2015-11-30", 6_300_000),
    ("sharing", "other", "2015-04-01", "2015-11-30", 2_100_000),
]
BUDGET_NOTE = {
    "staff": "Synthetic: project lead and analyst time.",
    "backfill": "Synthetic: cover for clinical and corporate staff released to the project.",
    "training": "Synthetic: training in improvement methods.",
    "evaluation": "Synthetic: independent evaluation.",
    "other": "Synthetic: sharing what was learnt (events and publications).",
}


def _budget(doc: Document, ref: str) -> None:
    """The award's budget lines (illustrative figures, the same for every team)."""
    for key, category, start, end, pence in BUDGET:
        doc.add(
            "budget-lines",
            f"{ref}-budget-{key}",
            programme_ref=PROGRAMME,
            team_ref=ref,
            award_ref=f"{ref}-award",
            category=category,
            period_start=start,
            period_end=end,
            amount_pence=pence,
            currency="GBP",
            description=BUDGET_NOTE[category],
        )


def _payments(doc: Document, t: dict[str, Any], statuses: list[str]) -> None:
    """£420,000 in three instalments: 30% on starting, 40% on the interim report, 30% at the end."""
    ref, interim_report, final_report = t["ref"], statuses[3], statuses[5]

    def pay(
        key: str,
        instalment: str,
        pence: int,
        due: str,
        status: str,
        paid: str | None = None,
        released_by: str | None = None,
    ) -> None:
        doc.add(
            "payments",
            f"{ref}-pay-{key}",
            programme_ref=PROGRAMME,
            team_ref=ref,
            award_ref=f"{ref}-award",
            instalment=instalment,
            scheduled_date=due,
            paid_date=paid,
            amount_pence=pence,
            currency="GBP",
            status=status,
            milestone_ref=f"{ref}-{released_by}" if released_by else None,
        )

    pay("initial", "initial", 12_600_000, "2012-09-03", "paid", "2012-09-14")
    if t.get("split_interim"):  # raised in one, then cancelled and paid in two halves
        pay("interim", "interim", 16_800_000, "2014-04-30", "cancelled")
        pay("interim-a", "interim", 8_400_000, "2014-06-30", "paid", "2014-07-04", "m4")
        pay("interim-b", "interim", 8_400_000, "2014-10-31", "paid", "2014-11-07")
    else:
        paid = "2014-05-09" if interim_report == "achieved" else "2014-07-18"  # paid once late
        pay("interim", "interim", 16_800_000, "2014-04-30", "paid", paid, "m4")
    final = {"achieved": "paid", "missed": "approved"}.get(final_report, "scheduled")
    final_paid = "2015-12-18" if final == "paid" else None
    pay("final", "final", 12_600_000, "2015-12-15", final, final_paid, "m6")


def _evidence(doc: Document, t: dict[str, Any]) -> None:
    ref, ev = t["ref"], t["evidence"]
    doc.add(
        "evidence",
        f"{ref}-evidence",
        programme_ref=PROGRAMME,
        team_ref=ref,
        kind=ev["kind"],
        title=ev["title"],
        url=ev.get("url") or f"{EXAMPLE}/{ref}/{ev['kind'].replace('_', '-')}",
        published_on=ev.get("published_on", "2015-11-30"),
        summary=ev.get("summary", "Synthetic: made up for the demonstration."),
        is_exemplar=ev.get("is_exemplar", False),
        support_activity_ref=ev.get("support_activity_ref"),
    )


def _results(doc: Document, t: dict[str, Any]) -> None:
    """The team's quality goal, its indicator and the measured periods."""
    ref, ind = t["ref"], t["indicator"]
    synthetic = t.get("provenance") != "sourced"
    mine = {"programme_ref": PROGRAMME, "team_ref": ref}
    doc.add(
        "quality-goals",
        f"{ref}-goal",
        **mine,
        **t["goal"],
        corporate_lead="Director of corporate services (synthetic)" if synthetic else None,
        clinical_lead="Clinical director (synthetic)" if synthetic else None,
    )
    baseline, target = ind.get("baseline_value"), ind.get("target_value")
    doc.add(
        "indicators",
        f"{ref}-indicator",
        **mine,
        quality_goal_ref=f"{ref}-goal",
        **ind,
        baseline_date="2012-12-31" if baseline is not None else None,
        target_date="2015-12-31" if target is not None else None,
    )
    if baseline is None or target is None:
        return  # nothing published, nothing invented
    for k, (start, end, value, comment) in enumerate(_periods(t, baseline, target), 1):
        doc.add(
            "indicator-periods",
            f"{ref}-indicator-p{k}",
            **mine,
            quality_goal_ref=f"{ref}-goal",
            indicator_ref=f"{ref}-indicator",
            period_start=start.isoformat(),
            period_end=end.isoformat(),
            actual_value=round(value, 1),
            comment=comment,
        )


def _periods(t: dict[str, Any], baseline: float, target: float) -> list[tuple[Any, ...]]:
    """Half-years moving evenly to the target, then what was lost after the funding."""
    gap = target - baseline
    periods: list[tuple[Any, ...]] = [
        (start, end, baseline + gap * (k + 1) / len(HALF_YEARS), "Synthetic value.")
        for k, (start, end) in enumerate(HALF_YEARS)
    ]
    lost = AFTER_FUNDING.get(t["sustainability_status"], ())
    for year, share in zip((2016, 2017), lost, strict=False):
        note = "Synthetic value, after the funding ended (sustainability)."
        periods.append((date(year, 1, 1), date(year, 12, 31), target - gap * share, note))
    return periods
