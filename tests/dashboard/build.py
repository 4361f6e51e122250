"""A programme with every kind of row the dashboard reads, built through the API."""

from dataclasses import dataclass, field
from typing import Any

import httpx
from pydantic import BaseModel

from tests.factories import (
    API,
    Row,
    make_award,
    make_evidence,
    make_indicator,
    make_milestone,
    make_partner,
    make_payment,
    make_period,
    make_programme,
    make_quality_goal,
    make_support,
    make_team,
)


@dataclass
class Built:
    programme: Row
    teams: list[Row] = field(default_factory=list)


async def build_team(client: httpx.AsyncClient, programme: Row, i: int) -> Row:
    """One team with an award, payments in every state, milestones, support, evidence, results."""
    team = await make_team(client, programme, name=f"Synthetic Team {i:02d} (demo)")
    await make_partner(client, team)
    award = await make_award(client, team, amount_pence=40_000_000 + i)
    await make_payment(
        client, award, amount_pence=10_000_000, status="paid", paid_date="2012-07-03"
    )
    await make_payment(
        client,
        award,
        instalment="interim",
        scheduled_date="2013-07-01",
        amount_pence=12_000_000 + i,
        status="paid",
        paid_date="2013-07-10",
    )
    await make_payment(
        client, award, instalment="final", scheduled_date="2015-12-01", amount_pence=9_000_000
    )
    await make_payment(
        client, award, instalment="interim", amount_pence=1_000_000, status="cancelled"
    )
    await make_payment(
        client,
        award,
        instalment="interim",
        scheduled_date="2014-07-01",
        amount_pence=2_000_000,
        status="approved",
    )
    first = await make_milestone(
        client, team, due_date="2013-03-31", completed_date="2013-03-28", status="achieved"
    )
    await make_milestone(
        client,
        team,
        due_date="2015-03-31",
        status="deferred",
        decided_on="2014-09-30",
        decision_reason="Waiting for the new patient records system.",
        depends_on_ids=[first["id"]],
    )
    await make_milestone(
        client, team, due_date="2013-06-30", status="missed", decided_on="2013-07-14"
    )
    await make_milestone(client, team, due_date="2014-06-30", status="in_progress")
    await make_support(client, team, status="delivered", hours=4.5 + i)
    await make_support(
        client,
        team,
        type="diagnostic_needs_assessment",
        start_date="2014-02-01",
        end_date="2014-02-28",
        status="planned",
    )
    await make_evidence(client, team, is_exemplar=True, published_on="2013-09-30")
    await make_evidence(client, team, published_on="2015-11-30")
    goal = await make_quality_goal(client, team)
    indicator = await make_indicator(client, goal)
    await make_period(client, indicator)
    return team


async def build_programme(client: httpx.AsyncClient, teams: int) -> Built:
    programme = await make_programme(client)
    built = Built(programme)
    for i in range(teams):
        built.teams.append(await build_team(client, programme, i))
    ids = [t["id"] for t in built.teams]
    await make_support(
        client,
        built.teams[0],
        type="learning_event",
        title="Learning event",
        team_ids=ids,
        start_date="2013-05-01",
        end_date="2013-05-02",
        status="delivered",
        hours=6.0,
    )
    await make_milestone(client, built.teams[0], team_id=None, due_date="2015-12-31")
    await make_evidence(client, built.teams[0], team_id=None, published_on="2014-01-15")
    return built


async def rows(client: httpx.AsyncClient, path: str, **params: Any) -> list[Row]:
    """Every row of a list (one page of 500 is plenty for these tests)."""
    response = await client.get(f"{API}{path}", params={"limit": 500, **params})
    assert response.status_code == 200, response.text
    items: list[Row] = response.json()["items"]
    return items


async def read(client: httpx.AsyncClient, path: str, model: type[BaseModel], **params: Any) -> Row:
    """GET a read model: 200, valid against its response_model, as JSON."""
    response = await client.get(f"{API}{path}", params=params)
    assert response.status_code == 200, response.text
    model.model_validate(response.json())
    body: Row = response.json()
    return body


# ---- the replay rules again, written apart from the service: the tests' oracle ----------------


def counts_on(day: str | None, as_of: str) -> bool:
    """A decision dated ``day`` counts on ``as_of`` (a decision with no date always does)."""
    return day is None or day <= as_of


def milestone_decided(m: Row, as_of: str) -> bool:
    return m["status"] in ("cancelled", "deferred") and counts_on(m["decided_on"], as_of)


def milestone_status(m: Row, as_of: str) -> str:
    if m["status"] == "achieved" and m["completed_date"] <= as_of:
        return "achieved"
    if milestone_decided(m, as_of):
        return str(m["status"])
    if m["due_date"] < as_of:
        return "late"
    return "in_progress" if m["status"] == "in_progress" else "planned"


def milestone_replay(m: Row, as_of: str) -> Row:
    """A milestone's replayed fields (the read models' ``MilestoneAsOf``)."""
    decided = milestone_decided(m, as_of)
    done = m["completed_date"]
    return {
        "status": milestone_status(m, as_of),
        "status_undated": m["status"] in ("cancelled", "deferred") and m["decided_on"] is None,
        "completed_date": done if done is not None and done <= as_of else None,
        "decided_on": m["decided_on"] if decided else None,
        "decision_reason": m["decision_reason"] if decided else "",
    }


def team_replay(t: Row, as_of: str) -> Row:
    changed, ended = t["status_changed_on"], t["status"] != "active"
    shown = ended and counts_on(changed, as_of)
    return {
        "status": t["status"] if shown else "active",
        "status_undated": ended and changed is None,
        "status_changed_on": changed if changed is not None and changed <= as_of else None,
    }


def award_replay(a: Row, as_of: str) -> Row:
    status, started, closed = a["status"], a["activated_on"], a["closed_on"]
    ended = status in ("closed", "withdrawn")
    if ended and counts_on(closed, as_of):
        shown, undated = status, closed is None
    elif status != "awarded" and started is not None and started <= as_of:
        shown, undated = "active", False
    elif status in ("active", "closed") and started is None:
        shown, undated = "active", True
    else:
        shown, undated = "awarded", False
    return {
        "counted": a["award_date"] <= as_of,
        "status": shown,
        "status_undated": undated,
        "activated_on": started if started is not None and started <= as_of else None,
        "closed_on": closed if closed is not None and closed <= as_of else None,
    }


def sustainability(checkins: list[Row], as_of: str) -> str:
    """The status of the latest check-in on or before ``as_of`` (``checkins``: one team's)."""
    made = [c for c in checkins if c["checked_on"] <= as_of]
    return str(max(made, key=lambda c: c["checked_on"])["status"]) if made else "not_assessed"


def paid_by(p: Row, as_of: str) -> bool:
    return p["status"] == "paid" and p["paid_date"] <= as_of


def unpaid_on(p: Row, as_of: str) -> bool:
    return p["status"] != "cancelled" and not paid_by(p, as_of)


def delivered_by(s: Row, as_of: str) -> bool:
    return s["status"] == "delivered" and s["end_date"] <= as_of


STATUSES = ["planned", "in_progress", "achieved", "late", "deferred", "cancelled"]
SUPPORT_TYPES = ["diagnostic_needs_assessment", "knowledge_capture", "learning_event", "coaching"]


def counts(milestones: list[Row], as_of: str) -> Row:
    found = [milestone_status(m, as_of) for m in milestones]
    return {s: found.count(s) for s in STATUSES} | {"total": len(found)}


def support_totals(activities: list[Row], as_of: str) -> list[Row]:
    done = [a for a in activities if delivered_by(a, as_of)]
    return [
        {
            "type": t,
            "activities": sum(1 for a in done if a["type"] == t),
            "hours": sum(a["hours"] for a in done if a["type"] == t),
        }
        for t in SUPPORT_TYPES
    ]


async def pages(
    client: httpx.AsyncClient, path: str, model: type[BaseModel], **params: Any
) -> list[Row]:
    """Every page of a paged read model, following ``next_cursor`` to the end."""
    found = [await read(client, path, model, **params)]
    while found[-1]["next_cursor"] is not None:
        found.append(await read(client, path, model, **params, cursor=found[-1]["next_cursor"]))
        assert len(found) < 1000
    return found
