"""Award amendments in the Shared Purpose seed: synthetic (no team's amendments are published),
marked so. Every award is at the programme's £420,000 cap and its payments commit all of it,
so no uplift or reduction could be approved under the rules: two awards were extended by a
month (approved), and one team's uplift was asked for and rejected for the cap."""

from api.seed.data import PROGRAMME, Document

# team ref -> (amendment key, kind, change in pence, new end, effective, status, decided, why)
AMENDMENTS = {
    "sp-synth-b": (
        *("extension", "extension", 0, "2015-12-31", "2015-10-01", "approved", "2015-09-24"),
        "Synthetic: the spread phase started late; the final report moves to December.",
    ),
    "sp-synth-g": (
        *("extension", "extension", 0, "2015-12-31", "2015-09-01", "approved", "2015-08-20"),
        "Synthetic: the deferred milestones need another month before the final report.",
    ),
    "sp-synth-d": (
        *("uplift", "uplift", 3_000_000, None, "2014-10-01", "rejected", "2014-09-26"),
        "Synthetic: extra analyst time asked for; declined, the award is at the programme's "
        "£420,000 cap.",
    ),
}


def amendment_rows(doc: Document, ref: str) -> None:
    """The team's award's amendment, if it has one."""
    if ref not in AMENDMENTS:
        return
    key, kind, change, new_end, effective, status, decided, reason = AMENDMENTS[ref]
    doc.add(
        "award-amendments",
        f"{ref}-amendment-{key}",
        programme_ref=PROGRAMME,
        team_ref=ref,
        award_ref=f"{ref}-award",
        kind=kind,
        amount_change_pence=change,
        currency="GBP",
        new_start_date=None,
        new_end_date=new_end,
        reason=reason,
        effective_date=effective,
        status=status,
        decided_on=decided,
    )
