"""Property: on any small programme and any day, every figure of the summary, the per-team figures
(all pages), the timeline (all pages) and the results equals a from-scratch computation of the
replay rules in plain Python (``oracle``, written from ``api/dashboard/replay.py``'s docstring);
and after a write, the next read shows it (no stale body from the read-model cache)."""

import dataclasses
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from api.dashboard.schemas.results import ProgrammeResults
from api.dashboard.schemas.summary import ProgrammeSummary, TeamFiguresPage, TeamSort
from api.dashboard.schemas.timeline import ProgrammeTimeline
from tests.dashboard import oracle
from tests.dashboard.build import pages, read
from tests.factories import (
    API,
    make_award,
    make_checkin,
    make_evidence,
    make_indicator,
    make_milestone,
    make_payment,
    make_period,
    make_programme,
    make_quality_goal,
    make_support,
    make_team,
)

pytestmark = pytest.mark.anyio

# Days inside the programme's window (2012-06-01 .. 2015-12-31), with neighbours, so that rows
# often fall on, just before or just after an as_of.
DAYS = [
    "2012-06-01",
    "2012-12-31",
    "2013-03-31",
    "2013-04-01",
    "2013-06-30",
    "2013-07-01",
    "2014-01-15",
    "2014-12-31",
    "2015-12-31",
]
AS_OF = ["2012-05-31", *DAYS, "2016-06-30"]
NAMES = ["Alpha", "alpha", "Beta", "Beta", "Gamma_1", "Gamma%1", "Delta"]
VALUES = [None, 5.0, 10.0, 20.0, 30.0]

day = st.sampled_from(DAYS)
CHECK_DAYS = ["2013-06-30", "2015-12-31", "2016-06-30"]
SUSTAINABILITY = ["not_assessed", "continuing", "partly_continuing", "stopped"]


@st.composite
def dated_pair(draw: st.DrawFn) -> tuple[str, str]:
    a, b = draw(day), draw(day)
    return (a, b) if a <= b else (b, a)


payment = st.fixed_dictionaries(
    {
        "share": st.sampled_from([4, 3]),  # a quarter or a third: three never exceed the award
        "status": st.sampled_from(["scheduled", "approved", "paid", "cancelled"]),
        "scheduled_date": day,
        "paid_date": day,
    }
)
award = st.fixed_dictionaries(
    {
        "amount_pence": st.sampled_from([12_000_000, 42_000_000]),
        "award_date": day,
        "status": st.sampled_from(["awarded", "active", "closed", "withdrawn"]),
        "decided": st.lists(st.sampled_from([None, *DAYS]), min_size=2, max_size=2),
        "payments": st.lists(payment, max_size=3),
    }
)
milestone = st.fixed_dictionaries(
    {
        "due_date": day,
        "status": st.sampled_from(
            ["planned", "in_progress", "achieved", "missed", "deferred", "cancelled"]
        ),
        "completed_date": day,
        "decided_on": day,
    }
)
support = st.fixed_dictionaries(
    {
        "type": st.sampled_from(
            ["diagnostic_needs_assessment", "knowledge_capture", "learning_event", "coaching"]
        ),
        "status": st.sampled_from(["planned", "delivered", "cancelled"]),
        "dates": dated_pair(),
        "hours": st.sampled_from([1.5, 4.0]),
    }
)
evidence = st.fixed_dictionaries({"published_on": day, "is_exemplar": st.booleans()})
indicator = st.fixed_dictionaries(
    {
        "direction": st.sampled_from(["higher_is_better", "lower_is_better"]),
        "baseline_value": st.sampled_from(VALUES[:4]),
        "target_value": st.sampled_from(VALUES),
        # periods as (start, end) pairs of days, possibly the same start twice (ids break ties)
        "periods": st.lists(st.tuples(dated_pair(), st.sampled_from(VALUES)), max_size=3),
    }
)
goal = st.fixed_dictionaries(
    {
        "dimension": st.sampled_from(oracle.DIMENSIONS),
        "indicators": st.lists(indicator, max_size=2),
    }
)
team = st.fixed_dictionaries(
    {
        "name": st.sampled_from(NAMES),
        "sourced": st.booleans(),
        "awards": st.lists(award, max_size=2),
        "milestones": st.lists(milestone, max_size=3),
        "support": st.lists(support, max_size=2),
        "evidence": st.lists(evidence, max_size=2),
        "goals": st.lists(goal, max_size=1),
        "status": st.sampled_from(["active", "completed", "withdrawn"]),
        "changed_on": st.sampled_from([None, *DAYS]),
        "checkins": st.lists(
            st.tuples(st.sampled_from(CHECK_DAYS), st.sampled_from(SUSTAINABILITY)),
            max_size=2,
            unique_by=lambda c: c[0],
        ),
    }
)


@dataclass
class Reads:
    """How the test reads the paged models."""

    as_ofs: list[str]
    sort: str
    q: str | None
    provenance: str | None
    window: tuple[str | None, str | None]


reads = st.builds(
    Reads,
    as_ofs=st.lists(st.sampled_from(AS_OF), min_size=2, max_size=3, unique=True),
    sort=st.sampled_from([s.value for s in TeamSort]),
    q=st.sampled_from([None, "a", "A_", "%1", "beta"]),
    provenance=st.sampled_from([None, "sourced", "synthetic"]),
    window=st.sampled_from(
        [(None, None), ("2013-03-31", None), (None, "2013-07-01"), *[("2013-04-01", "2014-12-31")]]
    ),
)


def award_decisions(a: dict[str, Any]) -> dict[str, Any]:
    """The award's status with the decision dates it may carry (started before it closed)."""
    started, closed = a["decided"]
    if started is not None and closed is not None:
        started, closed = min(started, closed), max(started, closed)
    return {
        "status": a["status"],
        "activated_on": started if a["status"] != "awarded" else None,
        "closed_on": closed if a["status"] in ("closed", "withdrawn") else None,
    }


async def load(client: httpx.AsyncClient, plan: dict[str, Any]) -> tuple[str, oracle.Data]:
    """The plan made through the API; the rows it returned, for the oracle."""
    programme = await make_programme(client, max_teams=10)
    d = oracle.Data()
    for t in plan["teams"]:
        extra = {"provenance": "sourced", "source_url": "https://www.health.org.uk/x"}
        if t["sourced"]:
            extra |= {"status": t["status"]}
        else:
            extra = {"status": t["status"]}
        if t["status"] != "active":
            extra["status_changed_on"] = t["changed_on"]
        made = await make_team(client, programme, name=t["name"], **extra)
        d.teams.append(made)
        for checked_on, status in t["checkins"]:
            d.checkins.append(
                await make_checkin(client, made, checked_on=checked_on, status=status)
            )
        for a in t["awards"]:
            row = await make_award(
                client,
                made,
                amount_pence=a["amount_pence"],
                award_date=a["award_date"],
                **award_decisions(a),
            )
            d.awards.append(row)
            for p in a["payments"]:
                paid = p["status"] == "paid"
                d.payments.append(
                    await make_payment(
                        client,
                        row,
                        amount_pence=a["amount_pence"] // p["share"],
                        status=p["status"],
                        scheduled_date=p["scheduled_date"],
                        paid_date=p["paid_date"] if paid else None,
                    )
                )
        for m in t["milestones"]:
            completed = m["completed_date"] if m["status"] == "achieved" else None
            decided = m["status"] in ("missed", "deferred", "cancelled")
            reason = "Decided so." if m["status"] in ("deferred", "cancelled") else ""
            d.milestones.append(
                await make_milestone(
                    client,
                    made,
                    due_date=m["due_date"],
                    status=m["status"],
                    completed_date=completed,
                    decided_on=m["decided_on"] if decided else None,
                    decision_reason=reason,
                )
            )
        for s in t["support"]:
            start, end = s["dates"]
            d.activities.append(
                await make_support(
                    client,
                    made,
                    type=s["type"],
                    status=s["status"],
                    start_date=start,
                    end_date=end,
                    hours=s["hours"],
                )
            )
        for e in t["evidence"]:
            d.evidence.append(await make_evidence(client, made, **e))
        for g in t["goals"]:
            made_goal = await make_quality_goal(client, made, dimension=g["dimension"])
            d.goals.append(made_goal)
            for i in g["indicators"]:
                fields = {k: v for k, v in i.items() if k != "periods"}
                made_indicator = await make_indicator(client, made_goal, **fields)
                d.indicators.append(made_indicator)
                for (start, end), value in i["periods"]:
                    if start == end:
                        continue  # a period ends after it starts
                    d.periods.append(
                        await make_period(
                            client,
                            made_indicator,
                            period_start=start,
                            period_end=end,
                            actual_value=value,
                        )
                    )
    first = d.teams[0]
    for m in plan["wide_milestones"]:
        d.milestones.append(
            await make_milestone(client, first, team_id=None, due_date=m, status="planned")
        )
    ids = [t["id"] for t in d.teams]
    event = await make_support(
        client, first, type="learning_event", team_ids=ids, status="delivered", hours=6.0
    )
    d.activities.append(event)
    return programme["id"], d


def matching(d: oracle.Data, q: str | None, provenance: str | None = None) -> oracle.Data:
    """``d`` with only the teams a ``q`` and ``provenance`` filter picks."""
    teams = [
        t
        for t in d.teams
        if (q is None or q.lower() in t["name"].lower())
        and (provenance is None or t["provenance"] == provenance)
    ]
    return dataclasses.replace(d, teams=teams)


async def check(client: httpx.AsyncClient, pid: str, d: oracle.Data, r: Reads) -> None:
    base = f"/programmes/{pid}"
    for as_of in r.as_ofs:
        body = await read(client, f"{base}/summary", ProgrammeSummary, as_of=as_of)
        assert {k: v for k, v in body.items() if k not in ("as_of", "programme")} == (
            oracle.summary(d, as_of)
        ), as_of

        filters = {k: v for k, v in (("q", r.q), ("provenance", r.provenance)) if v}
        found = await pages(
            client, f"{base}/team-figures", TeamFiguresPage, as_of=as_of, limit=2,
            sort=r.sort, **filters,
        )  # fmt: skip
        expected = oracle.team_rows(matching(d, r.q, r.provenance), as_of, r.sort)
        assert [t for p in found for t in p["items"]] == expected, (as_of, r.sort)
        assert {p["total"] for p in found} == {len(expected)}

        start, end = r.window
        window = {k: v for k, v in (("from", start), ("to", end)) if v}
        search = {"q": r.q} if r.q else {}
        found = await pages(
            client, f"{base}/timeline", ProgrammeTimeline, as_of=as_of, limit=2, **window,
            **search,
        )  # fmt: skip
        wide, teams = oracle.timeline(matching(d, r.q), as_of, start, end)
        keys = ("id", "team_id", "due_date", "status", "completed_date")
        keys += ("status_undated", "decided_on", "decision_reason")
        assert [{k: m[k] for k in keys} for m in found[0]["programme_milestones"]] == wide
        assert all(p["programme_milestones"] == [] for p in found[1:])
        got = [
            {"id": t["id"], "name": t["name"], "status": t["status"],
             "status_undated": t["status_undated"],
             "milestones": [{k: m[k] for k in keys} for m in t["milestones"]]}
            for p in found
            for t in p["teams"]
        ]  # fmt: skip
        assert got == teams, as_of
        assert {p["total_teams"] for p in found} == {len(teams)}

        body = await read(client, f"{base}/results", ProgrammeResults, as_of=as_of)
        assert {k: body[k] for k in ("indicators", "by_dimension")} == oracle.results(d, as_of)


async def write_then_read(client: httpx.AsyncClient, pid: str, d: oracle.Data, as_of: str) -> None:
    """A write through the API, then the same read again: it shows the write."""
    unpaid = [p for p in d.payments if p["status"] in ("scheduled", "approved")]
    if unpaid:
        target = unpaid[0]
        response = await client.patch(
            f"{API}/payments/{target['id']}",
            json={"status": "paid", "paid_date": "2012-06-01"},
            headers={"Content-Type": "application/merge-patch+json"},
        )
        assert response.status_code == 200, response.text
        d.payments[d.payments.index(target)] = response.json()
    else:
        d.milestones.append(await make_milestone(client, d.teams[0], due_date="2012-06-01"))
    body = await read(client, f"/programmes/{pid}/summary", ProgrammeSummary, as_of=as_of)
    assert {k: v for k, v in body.items() if k not in ("as_of", "programme")} == (
        oracle.summary(d, as_of)
    )
    found = await pages(
        client, f"/programmes/{pid}/team-figures", TeamFiguresPage, as_of=as_of, limit=2
    )
    assert [t for p in found for t in p["items"]] == oracle.team_rows(d, as_of)


@settings(
    max_examples=15,
    deadline=None,
    database=None,
    # No shrinking: each example loads a programme, so shrinking a failure takes minutes (past
    # the per-test timeout); the unshrunk example is small enough to read.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    plan=st.fixed_dictionaries(
        {
            "teams": st.lists(team, min_size=2, max_size=5),
            "wide_milestones": st.lists(day, max_size=2),
        }
    ),
    r=reads,
)
async def test_every_figure_equals_the_replay_rules(
    client: httpx.AsyncClient, plan: dict[str, Any], r: Reads
) -> None:
    pid, d = await load(client, plan)
    await check(client, pid, d, r)
    await write_then_read(client, pid, d, max(r.as_ofs))
