"""Every table, imported here so ``Base.metadata`` is complete for Alembic and the services."""

from api.models.amendment import AwardAmendment
from api.models.api_key import ApiKey
from api.models.api_key_team import api_key_teams
from api.models.audit_event import AuditEvent
from api.models.base import Base, RowMixin
from api.models.budget import BudgetLine
from api.models.event import Event
from api.models.evidence import Evidence
from api.models.feed_token import FeedToken
from api.models.funding import Award, Payment
from api.models.idempotency_key import IdempotencyKey
from api.models.import_job import ImportJob, ImportStatus
from api.models.milestone import Milestone, milestone_dependencies
from api.models.organisation import Organisation
from api.models.programme import Programme
from api.models.programme_version import ProgrammeVersion
from api.models.rate_limit import RateLimit
from api.models.reminder import DigestStatus, ReminderDigest, ReminderPreference
from api.models.report import SpendLine, SpendReport
from api.models.results import Indicator, IndicatorPeriod, QualityGoal
from api.models.signing_key import SigningKey
from api.models.support import SupportActivity, support_activity_teams
from api.models.team import SustainabilityCheckin, Team, TeamPartner
from api.models.user import User
from api.models.user_team import user_teams
from api.models.webhook import (
    DeliveryStatus,
    EndpointStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookSecret,
    WorkerCursor,
)

__all__ = [
    "WorkerCursor",
    "WebhookSecret",
    "WebhookEndpoint",
    "WebhookDelivery",
    "WebhookAttempt",
    "ReminderPreference",
    "ReminderDigest",
    "EndpointStatus",
    "DigestStatus",
    "DeliveryStatus",
    "ApiKey",
    "AuditEvent",
    "Award",
    "AwardAmendment",
    "Base",
    "BudgetLine",
    "Event",
    "Evidence",
    "FeedToken",
    "IdempotencyKey",
    "ImportJob",
    "ImportStatus",
    "Indicator",
    "IndicatorPeriod",
    "Milestone",
    "Organisation",
    "Payment",
    "Programme",
    "ProgrammeVersion",
    "QualityGoal",
    "RateLimit",
    "RowMixin",
    "SigningKey",
    "SpendLine",
    "SpendReport",
    "SupportActivity",
    "SustainabilityCheckin",
    "Team",
    "TeamPartner",
    "User",
    "api_key_teams",
    "milestone_dependencies",
    "support_activity_teams",
    "user_teams",
]
