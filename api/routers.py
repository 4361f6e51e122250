"""Every resource router.

Starlette matches a request against routes in order, so the most requested resources come first;
the documentation's order is set by ``TAGS`` instead.
"""

from fastapi import APIRouter

from api.audit.router import router as audit
from api.auth.router import auth_router, keys_router, users_router
from api.awards.router import router as awards
from api.calendar.router import calendar_router, tokens_router
from api.checkins.router import router as checkins
from api.dashboard.due_router import router as due
from api.dashboard.router import router as dashboard
from api.evidence.router import router as evidence
from api.exports.router import router as exports
from api.imports.router import router as imports
from api.milestones.router import router as milestones
from api.organisations.router import router as organisations
from api.payments.router import router as payments
from api.programmes.router import router as programmes
from api.results.router import goal_router, indicator_router, period_router
from api.support.router import router as support
from api.teams.router import partner_router
from api.teams.router import router as teams

ROUTERS: list[APIRouter] = [
    milestones,
    programmes,
    teams,
    dashboard,
    due,
    payments,
    awards,
    support,
    evidence,
    checkins,
    goal_router,
    indicator_router,
    period_router,
    partner_router,
    organisations,
    auth_router,
    audit,
    users_router,
    keys_router,
    imports,
    exports,
    tokens_router,
    calendar_router,
]

TAGS: list[dict[str, str]] = [
    {"name": "programmes", "description": "Programmes and the series they are rounds of."},
    {"name": "organisations", "description": "Funders, award holders and partners (org-ids)."},
    {"name": "teams", "description": "Award-holder teams, sourced or synthetic."},
    {"name": "team-partners", "description": "The organisations in a team and their roles."},
    {"name": "quality-goals", "description": "Each team's common corporate-clinical goal."},
    {"name": "indicators", "description": "Measures of a quality goal, with baseline and target."},
    {"name": "indicator-periods", "description": "Measured values of an indicator over time."},
    {"name": "awards", "description": "Money awarded to a team, in pence."},
    {"name": "payments", "description": "Instalments that pay an award out."},
    {"name": "milestones", "description": "Team and programme milestones, with dependencies."},
    {"name": "support-activities", "description": "The support package: four kinds of support."},
    {"name": "evidence", "description": "Case studies, reports and exemplars of what works."},
    {
        "name": "sustainability-checkins",
        "description": "Dated checks of whether a team's work carried on after its funding.",
    },
    {"name": "dashboard", "description": "Read models of the programme as it stood on a day."},
    {"name": "auth", "description": "Sign in (a session token) and who the caller is."},
    {"name": "audit-events", "description": "Every successful write, append-only."},
    {"name": "users", "description": "People who sign in (admins only)."},
    {"name": "api-keys", "description": "Keys for integrations, shown once (admins only)."},
    {"name": "imports", "description": "Loads of CSV, JSON, NDJSON, XLSX and 360Giving files."},
    {"name": "exports", "description": "The awards as 360Giving open data."},
    {"name": "feed-tokens", "description": "Your calendar feed tokens, shown once, revocable."},
    {"name": "calendar", "description": "iCalendar feeds of what is due, opened by a feed token."},
    {"name": "health", "description": "Liveness and readiness."},
]
