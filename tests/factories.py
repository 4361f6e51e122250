"""Small typed factories: each creates one row through the API and returns its JSON.

Defaults build a valid Shared Purpose-like programme; pass keyword arguments to override fields.
"""

import uuid
from datetime import date
from typing import Any

import httpx

from api.resources import RESOURCES

API = "/api/v1"
Row = dict[str, Any]


# Creating money needs an Idempotency-Key (a retry must never pay twice); any POST may send one.
NEEDS_IDEMPOTENCY_KEY = tuple(r.url for r in RESOURCES if r.idempotency_required)


async def post(client: httpx.AsyncClient, path: str, body: dict[str, Any]) -> Row:
    headers = {"Idempotency-Key": str(uuid.uuid4())} if path in NEEDS_IDEMPOTENCY_KEY else {}
    response = await client.post(f"{API}{path}", json=body, headers=headers)
    assert response.status_code == 201, response.text
    row: Row = response.json()
    return row


_counter = iter(range(1, 10**9))


def n() -> int:
    return next(_counter)


async def make_organisation(client: httpx.AsyncClient, **kw: Any) -> Row:
    i = n()
    body = {"name": f"Test Organisation {i}", "org_identifier": f"GB-TEST-{i}", "kind": "nhs_trust"}
    return await post(client, "/organisations", body | kw)


async def make_programme(client: httpx.AsyncClient, **kw: Any) -> Row:
    if "funder_id" not in kw:
        kw["funder_id"] = (await make_organisation(client, kind="funder"))["id"]
    body = {
        "code": f"P{n()}",
        "title": "Shared Purpose (test)",
        "start_date": "2012-06-01",
        "end_date": "2015-12-31",
        "currency": "GBP",
        "award_cap_pence": 42_000_000,
        "max_teams": 9,
    }
    return await post(client, "/programmes", body | kw)


async def make_team(client: httpx.AsyncClient, programme: Row | None = None, **kw: Any) -> Row:
    programme = programme or await make_programme(client)
    if "lead_organisation_id" not in kw:
        kw["lead_organisation_id"] = (await make_organisation(client))["id"]
    body = {
        "programme_id": programme["id"],
        "name": f"Synthetic Team {n()}",
        "project_title": "Test project",
        "provenance": "synthetic",
    }
    return await post(client, "/teams", body | kw)


async def make_award(client: httpx.AsyncClient, team: Row | None = None, **kw: Any) -> Row:
    team = team or await make_team(client)
    body = {
        "team_id": team["id"],
        "identifier": f"360G-TEST-{n()}",
        "amount_pence": 42_000_000,
        "award_date": "2012-06-01",
        "planned_start_date": "2012-06-01",
        "planned_end_date": "2015-12-31",
    }
    return await post(client, "/awards", body | kw)


async def make_payment(client: httpx.AsyncClient, award: Row | None = None, **kw: Any) -> Row:
    award = award or await make_award(client)
    body = {
        "award_id": award["id"],
        "instalment": "initial",
        "scheduled_date": "2012-07-01",
        "amount_pence": 10_000_000,
    }
    return await post(client, "/payments", body | kw)


async def make_budget_line(client: httpx.AsyncClient, award: Row | None = None, **kw: Any) -> Row:
    award = award or await make_award(client)
    body = {
        "award_id": award["id"],
        "category": "staff",
        "period_start": "2013-04-01",
        "period_end": "2014-03-31",
        "amount_pence": 10_000_000,
    }
    return await post(client, "/budget-lines", body | kw)


async def make_amendment(client: httpx.AsyncClient, award: Row | None = None, **kw: Any) -> Row:
    award = award or await make_award(client, amount_pence=30_000_000)
    return await post(client, "/award-amendments", amendment_body(award, **kw))


async def make_milestone(client: httpx.AsyncClient, team: Row | None = None, **kw: Any) -> Row:
    team = team or await make_team(client)
    body = {
        "programme_id": team["programme_id"],
        "team_id": team["id"],
        "title": f"Milestone {n()}",
        "kind": "project",
        "due_date": date(2013, 3, 31).isoformat(),
    }
    body |= kw
    # A decision needs its day (and a deferral or cancellation its reason): the due date's,
    # unless the test gives its own.
    if body.get("status") in ("missed", "deferred", "cancelled"):
        body.setdefault("decided_on", body["due_date"])
        if body["status"] != "missed":
            body.setdefault("decision_reason", "Decided by the test.")
    return await post(client, "/milestones", body)


async def make_support(client: httpx.AsyncClient, team: Row | None = None, **kw: Any) -> Row:
    team = team or await make_team(client)
    body = {
        "programme_id": team["programme_id"],
        "type": "coaching",
        "title": f"Coaching {n()}",
        "start_date": "2013-02-01",
        "end_date": "2013-06-30",
        "provider": "Coach",
        "format": "in_person",
        "team_ids": [team["id"]],
    }
    return await post(client, "/support-activities", body | kw)


async def make_quality_goal(client: httpx.AsyncClient, team: Row | None = None, **kw: Any) -> Row:
    team = team or await make_team(client)
    body = {
        "team_id": team["id"],
        "statement": "Recruit for values",
        "dimension": "person_centred",
        "corporate_services": ["hr"],
        "clinical_services": ["Nursing"],
    }
    return await post(client, "/quality-goals", body | kw)


async def make_indicator(client: httpx.AsyncClient, goal: Row | None = None, **kw: Any) -> Row:
    goal = goal or await make_quality_goal(client)
    body = {
        "quality_goal_id": goal["id"],
        "title": f"Indicator {n()}",
        "unit": "%",
        "measure": "percentage",
        "direction": "lower_is_better",
    }
    return await post(client, "/indicators", body | kw)


async def make_evidence(client: httpx.AsyncClient, team: Row | None = None, **kw: Any) -> Row:
    team = team or await make_team(client)
    body = {
        "programme_id": team["programme_id"],
        "team_id": team["id"],
        "kind": "case_study",
        "title": f"Case study {n()}",
        "url": "https://example.org/case-study",
        "published_on": "2015-11-30",
    }
    return await post(client, "/evidence", body | kw)


async def make_partner(client: httpx.AsyncClient, team: Row | None = None, **kw: Any) -> Row:
    team = team or await make_team(client)
    if "organisation_id" not in kw:
        kw["organisation_id"] = (await make_organisation(client))["id"]
    body = {"role": "partner"}
    return await post(client, f"/teams/{team['id']}/partners", body | kw)


async def make_period(client: httpx.AsyncClient, indicator: Row | None = None, **kw: Any) -> Row:
    indicator = indicator or await make_indicator(client)
    body = {"period_start": "2013-01-01", "period_end": "2013-03-31", "actual_value": 18.2}
    return await post(client, f"/indicators/{indicator['id']}/periods", body | kw)


# Request bodies (not posted), for tests that expect a write to be refused.


def programme_body(funder: Row, **kw: Any) -> dict[str, Any]:
    body = {
        "code": f"P{n()}",
        "title": "Shared Purpose (test)",
        "funder_id": funder["id"],
        "start_date": "2012-06-01",
        "end_date": "2015-12-31",
        "currency": "GBP",
        "award_cap_pence": 42_000_000,
        "max_teams": 9,
    }
    return body | kw


def team_body(programme: Row, lead: Row, **kw: Any) -> dict[str, Any]:
    body = {
        "programme_id": programme["id"],
        "lead_organisation_id": lead["id"],
        "name": f"Synthetic Team {n()}",
        "project_title": "Test project",
        "provenance": "synthetic",
    }
    return body | kw


def award_body(team: Row, **kw: Any) -> dict[str, Any]:
    body = {
        "team_id": team["id"],
        "identifier": f"360G-TEST-{n()}",
        "amount_pence": 42_000_000,
        "award_date": "2012-06-01",
        "planned_start_date": "2012-06-01",
        "planned_end_date": "2015-12-31",
    }
    return body | kw


def payment_body(award: Row, **kw: Any) -> dict[str, Any]:
    body = {
        "award_id": award["id"],
        "instalment": "initial",
        "scheduled_date": "2012-07-01",
        "amount_pence": 10_000_000,
    }
    return body | kw


def budget_line_body(award: Row, **kw: Any) -> dict[str, Any]:
    body = {
        "award_id": award["id"],
        "category": "staff",
        "period_start": "2013-04-01",
        "period_end": "2014-03-31",
        "amount_pence": 10_000_000,
    }
    return body | kw


def amendment_body(award: Row, **kw: Any) -> dict[str, Any]:
    """An uplift of £20,000, proposed (pass status and decided_on to decide it)."""
    body = {
        "award_id": award["id"],
        "kind": "uplift",
        "amount_change_pence": 2_000_000,
        "reason": "Extra coaching for the spread phase",
        "effective_date": "2014-04-01",
    }
    return body | kw


def milestone_body(team: Row, **kw: Any) -> dict[str, Any]:
    body = {
        "programme_id": team["programme_id"],
        "team_id": team["id"],
        "title": f"Milestone {n()}",
        "kind": "project",
        "due_date": "2013-03-31",
    }
    return body | kw


def support_body(team: Row, **kw: Any) -> dict[str, Any]:
    body = {
        "programme_id": team["programme_id"],
        "type": "coaching",
        "title": f"Coaching {n()}",
        "start_date": "2013-02-01",
        "end_date": "2013-06-30",
        "provider": "Coach",
        "format": "in_person",
        "team_ids": [team["id"]],
    }
    return body | kw


def quality_goal_body(team: Row, **kw: Any) -> dict[str, Any]:
    body = {
        "team_id": team["id"],
        "statement": "Recruit for values",
        "dimension": "person_centred",
        "corporate_services": ["hr"],
        "clinical_services": ["Nursing"],
    }
    return body | kw


def evidence_body(team: Row, **kw: Any) -> dict[str, Any]:
    body = {
        "programme_id": team["programme_id"],
        "team_id": team["id"],
        "kind": "case_study",
        "title": f"Case study {n()}",
        "url": "https://example.org/case-study",
        "published_on": "2015-11-30",
    }
    return body | kw


async def make_checkin(client: httpx.AsyncClient, team: Row | None = None, **kw: Any) -> Row:
    team = team or await make_team(client)
    body = {"team_id": team["id"], "checked_on": "2016-06-30", "status": "continuing"}
    return await post(client, "/sustainability-checkins", body | kw)


async def make_spend_report(client: httpx.AsyncClient, award: Row | None = None, **kw: Any) -> Row:
    award = award or await make_award(client)
    return await post(client, "/spend-reports", spend_report_body(award, **kw))


def spend_report_body(award: Row, **kw: Any) -> dict[str, Any]:
    body = {
        "award_id": award["id"],
        "period_start": "2013-04-01",
        "period_end": "2014-03-31",
        "due_date": "2014-04-30",
    }
    return body | kw


async def make_spend_line(
    client: httpx.AsyncClient,
    report: Row | None = None,
    budget_line: Row | None = None,
    **kw: Any,
) -> Row:
    """A line of ``report`` (a new draft, of the budget line's award if given) against
    ``budget_line`` (a new one of the report's award)."""
    award = {"id": budget_line["award_id"]} if budget_line is not None else None
    report = report or await make_spend_report(client, award)
    budget_line = budget_line or await make_budget_line(client, {"id": report["award_id"]})
    body = {
        "report_id": report["id"],
        "budget_line_id": budget_line["id"],
        "amount_pence": 2_000_000,
    }
    return await post(client, "/spend-lines", body | kw)
