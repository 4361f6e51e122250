"""Every resource router, in the order the OpenAPI document lists them."""

from fastapi import APIRouter

from api.awards.router import router as awards
from api.dashboard.router import router as dashboard
from api.evidence.router import router as evidence
from api.milestones.router import router as milestones
from api.organisations.router import router as organisations
from api.payments.router import router as payments
from api.programmes.router import router as programmes
from api.results.router import goal_router, indicator_router, period_router
from api.support.router import router as support
from api.teams.router import partner_router
from api.teams.router import router as teams

ROUTERS: list[APIRouter] = [
    programmes,
    organisations,
    teams,
    partner_router,
    goal_router,
    indicator_router,
    period_router,
    awards,
    payments,
    milestones,
    support,
    evidence,
    dashboard,
]
