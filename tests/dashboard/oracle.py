"""The read models computed from scratch in plain Python, from the rows the API returned when they
were made, following the replay rules written in ``api/dashboard/replay.py`` (not its SQL)."""

from dataclasses import dataclass, field

import httpx

from tests.dashboard.build import (
    counts,
    milestone_replay,
    paid_by,
    rows,
    support_totals,
    sustainability,
    team_replay,
    unpaid_on,
)
from tests.factories import Row

DIMENSIONS = ["safe", "effective", "person_centred", "timely", "efficient", "equitable"]


@dataclass
class Data:
    """Every row of one programme, as made."""

    teams: list[Row] = field(default_factory=list)
    awards: list[Row] = field(default_factory=list)
    payments: list[Row] = field(default_factory=list)
    milestones: list[Row] = field(default_factory=list)
    activities: list[Row] = field(default_factory=list)
    evidence: list[Row] = field(default_factory=list)
    goals: list[Row] = field(default_factory=list)
    indicators: list[Row] = field(default_factory=list)
    periods: list[Row] = field(default_factory=list)
    checkins: list[Row] = field(default_factory=list)


def money(awards: list[Row], payments: list[Row], as_of: str) -> Row:
    made = [a for a in awards if a["award_date"] <= as_of]
    ids = {a["id"] for a in made}
    counted = [p for p in payments if p["award_id"] in ids]
    awarded = sum(a["amount_pence"] for a in made)
    paid = sum(p["amount_pence"] for p in counted if paid_by(p, as_of))
    return {
        "awarded_pence": awarded,
        "paid_pence": paid,
        "scheduled_unpaid_pence": sum(p["amount_pence"] for p in counted if unpaid_on(p, as_of)),
        "remaining_pence": awarded - paid,
    }


def team_row(d: Data, team: Row, as_of: str) -> Row:
    awards = [a for a in d.awards if a["team_id"] == team["id"]]
    ids = {a["id"] for a in awards}
    published = [e for e in d.evidence if e["team_id"] == team["id"] and e["published_on"] <= as_of]
    replayed = team_replay(team, as_of)
    checkins = [c for c in d.checkins if c["team_id"] == team["id"]]
    return (
        {"id": team["id"], "name": team["name"], "provenance": team["provenance"]}
        | {k: replayed[k] for k in ("status", "status_undated")}
        | {"sustainability_status": sustainability(checkins, as_of)}
        | money(awards, [p for p in d.payments if p["award_id"] in ids], as_of)
        | {
            "milestones": counts([m for m in d.milestones if m["team_id"] == team["id"]], as_of),
            "support": support_totals(
                [a for a in d.activities if team["id"] in a["team_ids"]], as_of
            ),
            "evidence": {
                "total": len(published),
                "exemplars": sum(1 for e in published if e["is_exemplar"]),
            },
        }
    )


def team_rows(d: Data, as_of: str, sort: str = "name") -> list[Row]:
    """Every team's figures in ``sort`` order (ties by name, then id)."""
    rows = [team_row(d, t, as_of) for t in d.teams]
    key = sort.lstrip("-")
    sign = -1 if sort.startswith("-") else 1

    def figure(r: Row) -> int:
        if key in ("late", "achieved"):
            return int(r["milestones"][key])
        return int(r[key])

    if key == "name":
        rows.sort(key=lambda r: r["id"])
        return sorted(rows, key=lambda r: r["name"], reverse=sign < 0)
    return sorted(rows, key=lambda r: (sign * figure(r), r["name"], r["id"]))


def summary(d: Data, as_of: str) -> Row:
    """Every figure of the programme summary but ``programme`` and ``as_of``."""
    rows = [team_row(d, t, as_of) for t in d.teams]
    made = [a for a in d.awards if a["award_date"] <= as_of]
    ids = {a["id"] for a in made}
    months: dict[str, list[int]] = {}
    for p in d.payments:
        if p["award_id"] not in ids or p["status"] == "cancelled":
            continue
        if paid_by(p, as_of):
            months.setdefault(p["paid_date"][:7], [0, 0])[0] += p["amount_pence"]
        else:
            months.setdefault(p["scheduled_date"][:7], [0, 0])[1] += p["amount_pence"]
    due: dict[str, list[Row]] = {}
    for m in d.milestones:
        due.setdefault(m["due_date"][:7], []).append(m)
    bands = [0] * 10
    for r in rows:
        if r["awarded_pence"]:
            bands[min(9, r["paid_pence"] * 10 // r["awarded_pence"])] += 1
    late = [r["milestones"]["late"] for r in rows]
    ranked = sorted(
        (r for r in rows if r["milestones"]["late"]),
        key=lambda r: (-r["milestones"]["late"], r["name"], r["id"]),
    )
    top = [{"id": r["id"], "name": r["name"], "late": r["milestones"]["late"]} for r in ranked]
    published = [e for e in d.evidence if e["published_on"] <= as_of]
    return {
        "teams": team_counts(d, rows),
        "funding": {"currency": "GBP", "awards": len(made)} | money(d.awards, d.payments, as_of),
        "milestones": counts(d.milestones, as_of),
        "support": support_totals(d.activities, as_of),
        "evidence": {
            "total": len(published),
            "exemplars": sum(1 for e in published if e["is_exemplar"]),
        },
        "funding_by_month": [
            {"month": k, "paid_pence": v[0], "scheduled_unpaid_pence": v[1]}
            for k, v in sorted(months.items())
        ],
        "milestones_by_month": [counts(ms, as_of) | {"month": k} for k, ms in sorted(due.items())],
        "team_distributions": {
            "paid_share": [
                {"from_percent": 10 * k, "to_percent": 10 * k + 10, "teams": n}
                for k, n in enumerate(bands)
            ],
            "not_awarded": sum(1 for r in rows if not any_award(d, r["id"], as_of)),
            "late_milestones": [
                {"late": k, "teams": sum(1 for n in late if min(n, 3) == k)} for k in range(4)
            ],
        },
        "most_late": {
            "teams": top[:10],
            "others_teams": len(top[10:]),
            "others_late": sum(t["late"] for t in top[10:]),
        },
        "rounds": [],  # a single programme; series: tests/dashboard/test_rounds.py
    }


def team_counts(d: Data, rows: list[Row]) -> Row:
    """The summary's ``teams``: by provenance, replayed status and sustainability."""
    out: Row = {"total": len(rows)}
    for key, values in (
        ("provenance", ("sourced", "synthetic")),
        ("status", ("active", "completed", "withdrawn")),
    ):
        out |= {v: sum(1 for r in rows if r[key] == v) for v in values}
    out["status_undated"] = sum(1 for r in rows if r["status_undated"])
    kinds = ("not_assessed", "continuing", "partly_continuing", "stopped")
    out["sustainability"] = {
        k: sum(1 for r in rows if r["sustainability_status"] == k) for k in kinds
    }
    return out


def any_award(d: Data, team_id: str, as_of: str) -> bool:
    return any(a["team_id"] == team_id and a["award_date"] <= as_of for a in d.awards)


def timeline_item(m: Row, as_of: str) -> Row:
    """The replayed fields of a milestone on the timeline."""
    return {"id": m["id"], "team_id": m["team_id"], "due_date": m["due_date"]} | milestone_replay(
        m, as_of
    )


def timeline(
    d: Data, as_of: str, start: str | None = None, end: str | None = None
) -> tuple[list[Row], list[Row]]:
    """(programme-wide milestones, every team by name with its milestones) in the window."""

    def shown(team_id: str | None) -> list[Row]:
        found = [
            m
            for m in d.milestones
            if m["team_id"] == team_id
            and (start is None or m["due_date"] >= start)
            and (end is None or m["due_date"] <= end)
        ]
        found.sort(key=lambda m: (m["due_date"], m["id"]))
        return [timeline_item(m, as_of) for m in found]

    teams = sorted(d.teams, key=lambda t: (t["name"], t["id"]))
    return shown(None), [
        {"id": t["id"], "name": t["name"]}
        | {k: v for k, v in team_replay(t, as_of).items() if k != "status_changed_on"}
        | {"milestones": shown(t["id"])}
        for t in teams
    ]


def progress(indicator: Row, periods: list[Row], as_of: str) -> tuple[str, str | None, bool]:
    """(trend, "met" / "not_met" / None, improving since the previous period) on ``as_of``."""
    measured = [
        p
        for p in periods
        if p["indicator_id"] == indicator["id"]
        and p["period_end"] <= as_of
        and p["actual_value"] is not None
    ]
    measured.sort(key=lambda p: (p["period_start"], p["id"]))
    value = measured[-1]["actual_value"] if measured else None
    higher = indicator["direction"] == "higher_is_better"
    baseline, target = indicator["baseline_value"], indicator["target_value"]
    if value is None or baseline is None:
        trend = "no_data"
    elif value == baseline:
        trend = "no_change"
    else:
        trend = "improving" if (value > baseline) == higher else "worsening"
    before = measured[-2]["actual_value"] if len(measured) > 1 else None
    both = trend == "improving" and (
        before is None or (value > before if higher else value < before)
    )
    if value is None or target is None:
        return trend, None, both
    met = value >= target if higher else value <= target
    return trend, "met" if met else "not_met", both


def results(d: Data, as_of: str) -> Row:
    """``indicators`` and ``by_dimension`` of the results read model."""
    keys = ["total", "improving", "worsening", "no_change", "no_data"]
    keys += ["improving_since_previous", "target_met", "target_not_met"]
    goal_dimension = {g["id"]: g["dimension"] for g in d.goals}
    by: dict[str, Row] = {dim: dict.fromkeys(keys, 0) for dim in DIMENSIONS}
    for indicator in d.indicators:
        trend, target, both = progress(indicator, d.periods, as_of)
        entry = by[goal_dimension[indicator["quality_goal_id"]]]
        entry["total"] += 1
        entry[trend] += 1
        entry["improving_since_previous"] += both
        if target is not None:
            entry[f"target_{target}"] += 1
    overall = {k: sum(by[dim][k] for dim in DIMENSIONS) for k in keys}
    return {
        "indicators": overall,
        "by_dimension": [
            {"dimension": dim, "goals": sum(1 for g in d.goals if g["dimension"] == dim)} | by[dim]
            for dim in DIMENSIONS
        ],
    }


async def gather(client: httpx.AsyncClient, programme_id: str) -> Data:
    """Every row of the programme, read back through the lists."""
    d = Data()
    d.teams = await rows(client, "/teams", programme_id=programme_id)
    d.awards = await rows(client, "/awards", programme_id=programme_id)
    d.payments = await rows(client, "/payments", programme_id=programme_id)
    d.milestones = await rows(client, "/milestones", programme_id=programme_id)
    d.activities = await rows(client, "/support-activities", programme_id=programme_id)
    d.evidence = await rows(client, "/evidence", programme_id=programme_id)
    for team in d.teams:
        d.goals += await rows(client, "/quality-goals", team_id=team["id"])
    for goal in d.goals:
        d.indicators += await rows(client, "/indicators", quality_goal_id=goal["id"])
    for indicator in d.indicators:
        d.periods += await rows(client, f"/indicators/{indicator['id']}/periods")
    return d
