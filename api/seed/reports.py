"""Each Shared Purpose award's spend reports and their lines: synthetic (no team's reports are
published), marked so, against the seeded budget lines (``api/seed/teams.py``)."""

from typing import NamedTuple

from api.seed.data import PROGRAMME, Document


class Planned(NamedTuple):
    key: str
    start: str
    end: str
    due: str
    status: str
    submitted: str | None
    decided: str | None
    milestone: str | None  # the reporting milestone it satisfies (its suffix)
    spend: tuple[tuple[str, int], ...]  # (budget line key, pence)


# Two approved reports for the early years (satisfying the baseline and interim reporting
# milestones, decided before those were achieved), one awaiting review, one draft still owed.
REPORTS = (
    Planned(
        *("2012-13", "2012-09-01", "2013-03-31", "2013-04-30", "approved", "2013-04-12"),
        *("2013-04-24", "m3"),
        (("staff-2012-13", 2_850_000), ("backfill", 1_900_000), ("training", 1_300_000)),
    ),
    Planned(
        *("2013-14", "2013-04-01", "2014-02-28", "2014-03-31", "approved", "2014-03-14"),
        *("2014-03-25", "m4"),
        (("staff-2013-14", 6_300_000), ("backfill", 2_450_000), ("training", 2_600_000)),
    ),
    Planned(
        *("2014-15", "2014-03-01", "2015-02-28", "2015-03-31", "submitted", "2015-03-20"),
        *(None, None),
        (("staff-2014-15", 7_150_000), ("backfill", 2_500_000), ("evaluation", 2_000_000)),
    ),
    Planned(
        *("2015-16", "2015-03-01", "2015-11-30", "2015-12-31", "draft", None, None, None),
        (("staff-2015-16", 1_200_000),),
    ),
)
NARRATIVE = "Synthetic: made up for the demonstration, like every figure in this report."


def report_rows(doc: Document, ref: str, interim_achieved: bool) -> None:
    """The award's reports, each with its lines. A team whose interim milestone was missed
    sent its interim report late (its payment was paid in July 2014) and it satisfies nothing."""
    mine = {"programme_ref": PROGRAMME, "team_ref": ref, "award_ref": f"{ref}-award"}
    for plan in REPORTS:
        if plan.milestone == "m4" and not interim_achieved:
            plan = plan._replace(submitted="2014-06-20", decided="2014-07-11", milestone=None)
        report = f"{ref}-report-{plan.key}"
        doc.add(
            "spend-reports",
            report,
            **mine,
            period_start=plan.start,
            period_end=plan.end,
            due_date=plan.due,
            status=plan.status,
            narrative=NARRATIVE,
            submitted_on=plan.submitted,
            decided_on=plan.decided,
            review_comment="",
            milestone_ref=f"{ref}-{plan.milestone}" if plan.milestone else None,
        )
        for budget, pence in plan.spend:
            doc.add(
                "spend-lines",
                f"{report}-{budget}",
                **mine,
                report_ref=report,
                budget_line_ref=f"{ref}-budget-{budget}",
                amount_pence=pence,
                currency="GBP",
            )
