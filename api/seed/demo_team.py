"""One demo team in the load format: its organisation, the team, its award, budget lines, an
approved spend report and payments, every tenth team an award amendment, 19 milestones, a
quality goal with an indicator and its quarterly periods, a diagnostic, coaching and a piece of
evidence. Its draws come from its own random stream, a fixed number before the quarterly
periods (the only draws whose count moves with the calendar), which come last."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from api.models.enums import CorporateService, EvidenceKind, QualityDimension
from api.seed.demo_rows import AWARD_CAP, DAY, DemoRows

# Each team's 18 milestones inside its award, in order (title, kind); a check-in follows after.
TEAM_STEPS = [
    *[("Project plan agreed", "project"), ("Corporate and clinical leads named", "project")],
    *[("Diagnostic findings shared", "learning"), ("Baseline data collected", "reporting")],
    *[("First quarterly report", "reporting"), ("First test of change", "project")],
    *[("Learning event presentation", "learning"), ("Interim report", "reporting")],
    *[("Second test of change", "project"), ("Staff survey", "evaluation")],
    *[("Changes adopted on the pilot ward", "project"), ("Peer review visit", "learning")],
    *[("Third quarterly report", "reporting"), ("Spread to a second service", "project")],
    *[("Patient feedback review", "evaluation"), ("Business case for continuation", "project")],
    *[("Case study drafted", "learning"), ("Final report", "reporting")],
]
INTERIM, FINAL = 8, 18  # the steps whose reports release the interim and final payments
CLINICAL = "Surgery,Maternity,Emergency department,Outpatients,Mental health,Diabetes".split(",")
THEMES = "safer wards,faster clinics,fairer access,less waste,better discharge".split(",")


@dataclass
class Award:
    amount: int
    begin: date
    finish: date
    left: date | None  # the day a withdrawn team left


def team_rows(demo: DemoRows, i: int) -> None:
    rnd, t, n = demo.rng(f"t{i:05d}"), f"t{i:05d}", demo.n
    withdrawn = rnd.random() < 0.02
    mine = {"programme_ref": demo.prog, "team_ref": t}
    award = _award(demo, rnd, i, mine, withdrawn)  # its rows go to their own file
    left = award.left
    org = f"demo-{n}-org-{i:05d}"
    demo.add(
        "organisations",
        org,
        name=f"Demo Organisation {i:05d} (synthetic)",
        org_identifier=f"XI-SYNTH-DEMO{n}-{i:05d}",
        kind="nhs_trust",
        url=None,
    )
    demo.add(
        "teams",
        t,
        programme_ref=demo.prog,
        lead_organisation_ref=org,
        name=f"Demo Team {i:05d} (synthetic)",
        project_title=f"Synthetic demo project {i:05d}: {THEMES[i % len(THEMES)]}",
        summary="Synthetic team generated for benchmarks; not a real award holder.",
        status="withdrawn" if left else "active",
        status_changed_on=left,
        provenance="synthetic",
        source_url=None,
    )
    demo.add("team-partners", "lead", **mine, organisation_ref=org, role="lead")
    # 18 milestones spread over the award in short dependency chains, then a check-in after.
    step = (award.finish - award.begin) / len(TEAM_STEPS)
    for k, (title, kind) in enumerate(TEAM_STEPS, 1):
        deps = [f"{t}-m{k - 1:02d}"] if k % 3 != 1 else []
        demo.milestone(rnd, f"{t}-m{k:02d}", title, kind, award.begin + step * k, t, deps)
    after = demo.end + rnd.randint(90, 365) * DAY
    title = "Check-in after the funding"
    demo.milestone(rnd, f"{t}-m19", title, "sustainability", after, t, [f"{t}-m18"])
    _payments(demo, rnd, mine, award, step)
    _budget(demo, mine, award)
    _report(demo, mine, award)
    if i % 10 == 1:
        _amendment(demo, mine, award)
    diag = award.begin + rnd.randint(0, 30) * DAY
    days = (diag, diag + rnd.randint(1, 30) * DAY)
    kind = "diagnostic_needs_assessment"
    demo.activity(rnd, f"{t}-diagnostic", kind, f"Diagnostic – {t}", days, [t])
    coach = demo.day(rnd, award.begin, demo.end - 200 * DAY)
    demo.activity(
        rnd, f"{t}-coaching", "coaching", f"Coaching – {t}", (coach, coach + 180 * DAY), [t]
    )
    kind = list(EvidenceKind)[rnd.randrange(6)].value
    demo.evidence(rnd, t, kind, t, f"{t}-coaching" if rnd.random() < 0.3 else None)
    _results(demo, rnd, i, mine)  # last: how many periods it draws depends on the day


def _award(
    demo: DemoRows, rnd: random.Random, i: int, mine: dict[str, str], withdrawn: bool
) -> Award:
    """The award: a few below the cap, so the dashboard shows cap-difference warnings; a
    withdrawn team's is closed some months after it started."""
    below = rnd.choice((1, 2, 4)) * 1_000_000
    amount = AWARD_CAP if rnd.random() < 0.9 else AWARD_CAP - below
    awarded = demo.day(rnd, demo.start, demo.start + 30 * DAY)
    begin = awarded + rnd.randint(30, 60) * DAY
    finish = demo.end - rnd.randint(0, 90) * DAY
    started = begin <= demo.today
    stayed = rnd.randint(30, 300) * DAY  # drawn for every team: a fixed number of draws
    left = min(begin + stayed, demo.today) if withdrawn and started else None
    demo.add(
        "awards",
        "award",
        **mine,
        identifier=f"360G-SYNTHDEMO-{demo.n}-{i:05d}",
        amount_pence=amount,
        currency="GBP",
        award_date=awarded,
        planned_start_date=begin,
        planned_end_date=finish,
        actual_start_date=begin if started else None,
        actual_end_date=None,
        status="withdrawn" if left else "active" if started else "awarded",
        activated_on=begin if started else None,
        closed_on=left,
    )
    return Award(amount, begin, finish, left)


def _payments(
    demo: DemoRows, rnd: random.Random, mine: dict[str, str], award: Award, step: timedelta
) -> None:
    """30% on starting, 40% on the interim report, the rest with the final report."""
    amount, begin, t = award.amount, award.begin, mine["team_ref"]
    first, second = amount * 3 // 10, amount * 4 // 10
    plan = [
        ("initial", first, begin + 14 * DAY, None),
        ("interim", second, begin + step * INTERIM + 14 * DAY, f"{t}-m{INTERIM:02d}"),
        ("final", amount - first - second, award.finish - 14 * DAY, f"{t}-m{FINAL:02d}"),
    ]
    for instalment, pence, due, released_by in plan:
        delay = rnd.randint(0, 10)
        status, paid = "scheduled", None
        if due <= demo.today - 14 * DAY:
            status, paid = "paid", due + delay * DAY
        elif (due - demo.today).days < 30:
            status = "approved"
        if award.left and status != "paid":
            status = "cancelled"
        demo.add(
            "payments",
            instalment,
            **mine,
            award_ref="award",
            instalment=instalment,
            scheduled_date=due,
            paid_date=paid,
            amount_pence=pence,
            currency="GBP",
            status=status,
            milestone_ref=released_by,
        )


# The demo's budget: three lines over the award, adding up to it (no draws: the random stream
# stays as it was).
BUDGET = (("staff", 6), ("backfill", 3))  # tenths of the award; evaluation takes the rest


def _budget(demo: DemoRows, mine: dict[str, str], award: Award) -> None:
    shares = [(c, award.amount * tenths // 10) for c, tenths in BUDGET]
    shares.append(("evaluation", award.amount - sum(p for _, p in shares)))
    for category, pence in shares:
        demo.add(
            "budget-lines",
            category,
            **mine,
            award_ref="award",
            category=category,
            period_start=award.begin,
            period_end=award.finish,
            amount_pence=pence,
            currency="GBP",
            description="Synthetic budget line generated for benchmarks.",
        )


def _amendment(demo: DemoRows, mine: dict[str, str], award: Award) -> None:
    """An extension to the programme's end, approved three weeks after the award started; an
    award that already ends then, or was withdrawn, had an uplift rejected instead (no draws,
    as for the budget)."""
    extend = award.finish < demo.end and award.left is None
    demo.add(
        "award-amendments",
        "amendment",
        **mine,
        award_ref="award",
        kind="extension" if extend else "uplift",
        amount_change_pence=0 if extend else 1_000_000,
        currency="GBP",
        new_start_date=None,
        new_end_date=demo.end if extend else None,
        reason="Synthetic amendment generated for benchmarks.",
        effective_date=award.begin + 30 * DAY,
        status="approved" if extend else "rejected",
        decided_on=award.begin + 21 * DAY,
    )


# The demo's first half-year reported and approved, a share of each budget line spent (no
# draws, as for the budget).
SPENT = {"staff": 8, "backfill": 6, "evaluation": 2}  # hundredths of the line


def _report(demo: DemoRows, mine: dict[str, str], award: Award) -> None:
    end = award.begin + 181 * DAY
    decided = end + 35 * DAY
    if decided > demo.today:
        return  # not reported yet
    demo.add(
        "spend-reports",
        "report-1",
        **mine,
        award_ref="award",
        period_start=award.begin,
        period_end=end,
        due_date=end + 30 * DAY,
        status="approved",
        narrative="Synthetic spend report generated for benchmarks.",
        submitted_on=end + 20 * DAY,
        decided_on=decided,
        review_comment="",
        milestone_ref=None,
    )
    shares = [(c, award.amount * tenths // 10) for c, tenths in BUDGET]
    shares.append(("evaluation", award.amount - sum(p for _, p in shares)))
    for category, budgeted in shares:
        demo.add(
            "spend-lines",
            f"report-1-{category}",
            **mine,
            award_ref="award",
            report_ref="report-1",
            budget_line_ref=category,
            amount_pence=budgeted * SPENT[category] // 100,
            currency="GBP",
        )


def _results(demo: DemoRows, rnd: random.Random, i: int, mine: dict[str, str]) -> None:
    corporate = [c.value for c in rnd.sample(list(CorporateService), rnd.randint(1, 2))]
    demo.add(
        "quality-goals",
        "goal",
        **mine,
        statement=f"Synthetic goal {i:05d}: corporate and clinical services improve together.",
        dimension=list(QualityDimension)[i % 6].value,
        corporate_services=corporate,
        clinical_services=rnd.sample(CLINICAL, rnd.randint(1, 2)),
        corporate_lead="Corporate lead (synthetic)",
        clinical_lead="Clinical lead (synthetic)",
    )
    baseline = round(rnd.uniform(20, 60), 1)
    target = round(baseline * rnd.uniform(1.2, 1.5), 1)
    demo.add(
        "indicators",
        "indicator",
        **mine,
        quality_goal_ref="goal",
        title="Share of patients reporting good care (synthetic)",
        unit="%",
        measure="percentage",
        direction="higher_is_better",
        baseline_value=baseline,
        baseline_date=demo.start,
        target_value=target,
        target_date=demo.end,
    )
    q, start, span = 1, demo.start, (demo.end - demo.start).days
    while (end := _quarter_end(start)) < demo.today:
        share = (end - demo.start).days / span
        value = round(baseline + (target - baseline) * share + rnd.uniform(-2, 2), 1)
        period = {"period_start": start, "period_end": end, "actual_value": value}
        demo.add(
            "indicator-periods",
            f"q{q:02d}",
            **mine,
            quality_goal_ref="goal",
            indicator_ref="indicator",
            **period,
            comment="Synthetic value.",
        )
        q, start = q + 1, end + DAY


def _quarter_end(day: date) -> date:
    month = (day.month - 1) // 3 * 3 + 3
    return date(day.year + (month == 12), month % 12 + 1, 1) - DAY
