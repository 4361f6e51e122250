"""What each write is called: ``<resource>.created|updated|deleted``, and the domain events.

A CRUD write is named by its resource's singular (``support-activity.updated``). A domain event
is fired beside it when a write brings a row to a status a declared rule names (``DOMAIN``): a
milestone becoming ``achieved``, a payment ``approved`` or ``paid``, an award amendment
``approved``, a spend report ``submitted``, ``approved`` or ``returned``. A rule is keyed by the
resource's name and a field's value, so it fires for the API's writes and for loads alike, and
for a resource only once that resource exists (award amendments and spend reports are being
added). A row created already in a rule's status fires it too (it became so by that write).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

ACTIONS = {"create": "created", "update": "updated", "delete": "deleted", "rotate": "rotated"}
# Writes named otherwise than ``<singular>.<action>d``.
SPECIAL = {("imports", "create"): "import.completed"}
# Reminders (api/reminders): given by the worker, once for each row and kind, as days pass.
REMINDERS: dict[tuple[str, str], tuple[str, str]] = {
    ("milestones", "due-soon"): (
        "milestone.due-soon",
        "A milestone not yet achieved comes within the reminder window of its due date.",
    ),
    ("milestones", "overdue"): (
        "milestone.overdue",
        "A milestone's due date passed and it is not achieved.",
    ),
    ("spend-reports", "due-soon"): (
        "report.due-soon",
        "A spend report not yet submitted comes within the reminder window of its due date.",
    ),
    ("spend-reports", "overdue"): (
        "report.overdue",
        "A spend report's due date passed and it has not been submitted.",
    ),
}
SPECIAL |= {key: kind for key, (kind, _) in REMINDERS.items()}


@dataclass(frozen=True)
class DomainRule:
    type: str
    resource: str
    field: str
    value: str
    description: str


DOMAIN: tuple[DomainRule, ...] = (
    DomainRule(
        "milestone.achieved", "milestones", "status", "achieved", "A milestone was achieved."
    ),
    DomainRule("payment.approved", "payments", "status", "approved", "Finance approved a payment."),
    DomainRule("payment.paid", "payments", "status", "paid", "A payment was paid."),
    DomainRule(
        "award.amended",
        "award-amendments",
        "status",
        "approved",
        "An award amendment was approved: the award's terms change from its effective date.",
    ),
    DomainRule(
        "report.submitted", "spend-reports", "status", "submitted", "A spend report was submitted."
    ),
    DomainRule(
        "report.approved", "spend-reports", "status", "approved", "Finance approved a spend report."
    ),
    DomainRule(
        "report.returned",
        "spend-reports",
        "status",
        "returned",
        "A spend report was returned to its team with comments.",
    ),
)
RULES: dict[str, tuple[DomainRule, ...]] = {}
for _rule in DOMAIN:
    RULES[_rule.resource] = (*RULES.get(_rule.resource, ()), _rule)

# Events of writes that are not CRUD resources (the users, keys, tokens and loads that record
# audit events), with their actions.
OTHER_WRITES: dict[str, tuple[str, ...]] = {
    "users": ("create", "update"),
    "api-keys": ("create", "update"),
    "feed-tokens": ("create", "update"),
    "signing-keys": ("rotate",),
    "imports": ("create",),
    # ``disable``: by an admin or by the worker after a run of failures (``data`` says which).
    "webhook-endpoints": ("create", "update", "delete", "rotate", "disable"),
}
SINGULAR = {"users": "user", "api-keys": "api-key", "feed-tokens": "feed-token"}
SINGULAR |= {"signing-keys": "signing-key", "imports": "import"}
SINGULAR |= {"webhook-endpoints": "webhook-endpoint"}


def singular(resource: str) -> str:
    """The resource's singular as its descriptor spells it (``support-activity``)."""
    from api.resources import BY_NAME  # the descriptors import the services, which import this

    described = BY_NAME.get(resource)
    if described is not None:
        return described.one
    return SINGULAR.get(resource, resource)


def write_type(resource: str, action: str) -> str:
    """``milestones``, ``update`` → ``milestone.updated``."""
    special = SPECIAL.get((resource, action))
    return special or f"{singular(resource)}.{ACTIONS.get(action, action + 'd')}"


def fired(
    resource: str, before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> list[str]:
    """The domain events a write fires: a rule's field came to its value with this write."""
    if after is None:
        return []
    return [
        rule.type
        for rule in RULES.get(resource, ())
        if after.get(rule.field) == rule.value
        and (before is None or before.get(rule.field) != rule.value)
    ]


def types_of(
    resource: str,
    action: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
) -> list[str]:
    """Every event one write gives: its own, then the domain events it fires."""
    return [write_type(resource, action), *fired(resource, before, after)]


@dataclass(frozen=True)
class EventType:
    type: str
    resource: str
    description: str


def catalogue() -> list[EventType]:
    """Every event type, for the OpenAPI document and the feed's ``type`` filter: each CRUD
    resource's three, the other writes', then the domain events."""
    from api.resources import DOCUMENTED

    out: list[EventType] = []
    for res in DOCUMENTED:
        for action, verb in (("create", "created"), ("update", "updated"), ("delete", "deleted")):
            what = f"A {res.label} was {verb}: `data` is the row as the API shows it "
            what += "before the delete." if action == "delete" else "after the write."
            out.append(EventType(write_type(res.name, action), res.name, what))
    for name, actions in OTHER_WRITES.items():
        for action in actions:
            kind = write_type(name, action)
            out.append(EventType(kind, name, OTHER_DESCRIPTIONS.get(kind, f"{kind} (audited).")))
    out += [EventType(rule.type, rule.resource, rule.description) for rule in DOMAIN]
    out += [EventType(kind, res, what) for (res, _), (kind, what) in REMINDERS.items()]
    return out


OTHER_DESCRIPTIONS = {
    "import.completed": "A load committed: `data` holds its files, row counts and totals; "
    "each row it wrote has its own event before this one.",
    "signing-key.rotated": "The keys that sign session tokens were rotated.",
    "webhook-endpoint.rotated": "A webhook endpoint's signing secret was rotated (the old one "
    "signs too until `data.previous_secret_expires_at`).",
    "webhook-endpoint.disabled": "A webhook endpoint was disabled: by an admin, or by the worker "
    "after a run of failed deliveries (`data.disabled_reason` says which).",
}
