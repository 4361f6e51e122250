"""Every router: the CRUD resources' from their descriptors (``api/resources.py``), and the rest.

Starlette matches a request against routes in order, so the most requested resources come first
(that order is also the OpenAPI document's order of paths); the documentation's order of
sections is set by ``TAGS`` instead.
"""

from fastapi import APIRouter

from api.audit.router import router as audit
from api.auth.router import auth_router, keys_router, users_router
from api.calendar.router import calendar_router, tokens_router
from api.dashboard.due_router import router as due
from api.dashboard.money_router import router as money
from api.dashboard.router import router as dashboard
from api.events.router import router as events
from api.exports.router import router as exports
from api.imports.router import router as imports
from api.reminders.router import router as reminder_preferences
from api.reports.router import summary_router as report_summary
from api.resources import DOCUMENTED, RESOURCES
from api.webhooks.deliveries_router import router as webhook_deliveries
from api.webhooks.router import router as webhook_endpoints

_crud = {res.name: res.router() for res in RESOURCES}


def _take(*names: str) -> list[APIRouter]:
    return [_crud.pop(name) for name in names]


ROUTERS: list[APIRouter] = [
    *_take("milestones", "programmes", "teams"),
    dashboard,
    due,
    money,
    *_take("payments", "awards", "support-activities", "evidence", "sustainability-checkins"),
    *_take("quality-goals", "indicators", "indicator-periods", "team-partners", "organisations"),
    *_crud.values(),  # a resource not named above (a new one) is served after those
    report_summary,
    auth_router,
    audit,
    events,
    webhook_endpoints,
    webhook_deliveries,
    users_router,
    keys_router,
    imports,
    exports,
    tokens_router,
    calendar_router,
    reminder_preferences,
]

TAGS: list[dict[str, str]] = [
    *(res.openapi_tag for res in DOCUMENTED),
    {"name": "dashboard", "description": "Read models of the programme as it stood on a day."},
    {"name": "reviews", "description": "A spend report as its reviewer reads it."},
    {"name": "auth", "description": "Sign in (a session token) and who the caller is."},
    {"name": "audit-events", "description": "Every successful write, append-only."},
    {"name": "events", "description": "The change feed: domain events in commit order."},
    {"name": "webhook-endpoints", "description": "Where events are sent, signed (admins only)."},
    {"name": "users", "description": "People who sign in (admins only)."},
    {"name": "api-keys", "description": "Keys for integrations, shown once (admins only)."},
    {"name": "imports", "description": "Loads of CSV, JSON, NDJSON, XLSX and 360Giving files."},
    {"name": "exports", "description": "The awards as 360Giving open data."},
    {"name": "feed-tokens", "description": "Your calendar feed tokens, shown once, revocable."},
    {"name": "calendar", "description": "iCalendar feeds of what is due, opened by a feed token."},
    {"name": "reminder-preferences", "description": "Your daily reminder digest's settings."},
    {"name": "health", "description": "Liveness and readiness."},
]
