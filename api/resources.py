"""Every CRUD resource's descriptor (``api/<pkg>/resource.py``), in load order: parents first.

A load writes in this order and an export lists in it, so a row never names one that comes
later. The routers, the OpenAPI tags, the permission table, team scoping, the load and export
formats and the tests' resource lists are derived from ``RESOURCES``; see ``docs/resources.md``.
"""

from api.amendments.resource import RESOURCE as AWARD_AMENDMENTS
from api.awards.resource import RESOURCE as AWARDS
from api.budgets.resource import RESOURCE as BUDGET_LINES
from api.checkins.resource import RESOURCE as CHECKINS
from api.evidence.resource import RESOURCE as EVIDENCE
from api.kit.resource import Resource
from api.milestones.resource import RESOURCE as MILESTONES
from api.organisations.resource import RESOURCE as ORGANISATIONS
from api.payments.resource import RESOURCE as PAYMENTS
from api.programmes.resource import RESOURCE as PROGRAMMES
from api.reports.resource import SPEND_LINES, SPEND_REPORTS
from api.results.resource import INDICATOR_PERIODS, INDICATORS, QUALITY_GOALS
from api.support.resource import RESOURCE as SUPPORT_ACTIVITIES
from api.teams.resource import TEAM_PARTNERS, TEAMS

RESOURCES: tuple[Resource, ...] = (
    ORGANISATIONS,
    PROGRAMMES,
    TEAMS,
    TEAM_PARTNERS,
    QUALITY_GOALS,
    INDICATORS,
    INDICATOR_PERIODS,
    MILESTONES,
    AWARDS,
    AWARD_AMENDMENTS,
    BUDGET_LINES,
    SPEND_REPORTS,
    SPEND_LINES,
    PAYMENTS,
    SUPPORT_ACTIVITIES,
    EVIDENCE,
    CHECKINS,
)
BY_NAME = {res.name: res for res in RESOURCES}
BY_TABLE = {res.table: res for res in RESOURCES}


def ordered(names: tuple[str, ...]) -> list[Resource]:
    """The resources named, in that order, then any not named in load order (so a new
    resource needs no entry in an order to be served, documented and permitted)."""
    first = [BY_NAME[name] for name in names]
    return first + [res for res in RESOURCES if res not in first]


# The documentation's order (OpenAPI tags, the permission table): the programme's story, from
# the programme and its teams to their money, milestones, support and evidence.
DOCUMENTED = ordered(
    (
        "programmes",
        "organisations",
        "teams",
        "team-partners",
        "quality-goals",
        "indicators",
        "indicator-periods",
        "awards",
        "award-amendments",
        "budget-lines",
        "payments",
        "spend-reports",
        "spend-lines",
        "milestones",
        "support-activities",
        "evidence",
        "sustainability-checkins",
    )
)
