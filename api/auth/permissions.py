"""Who may do what: the one permission table, deny by default.

Every API operation names a ``resource`` and an ``Action``; a principal may perform it only if its
role is listed for that pair below. Anything not listed (a new route, a new role) is refused.
``team_scoped`` resources belong to teams: a ``team_editor`` sees and writes only the rows of its
own teams; the rows of other teams answer exactly as missing ones do (404, empty lists).
``public`` resources may be read anonymously when ``SP_PUBLIC_READ=true``.
"""

from dataclasses import dataclass
from enum import StrEnum

from api.models.enums import Role


class Action(StrEnum):
    read = "read"
    write = "write"  # create, update, delete
    approve = "approve"  # set a payment to approved or paid


@dataclass(frozen=True)
class Grant:
    roles: dict[Action, frozenset[Role]]
    team_scoped: bool = False
    public: bool = False


ADMIN = frozenset({Role.admin})
EVERYONE = frozenset(Role)
MANAGERS = frozenset({Role.admin, Role.programme_manager})
MONEY = MANAGERS | {Role.finance}
TEAM_WORK = MANAGERS | {Role.team_editor}
APPROVERS = frozenset({Role.admin, Role.finance})

R, W, A = Action.read, Action.write, Action.approve

PERMISSIONS: dict[str, Grant] = {
    "programmes": Grant({R: EVERYONE, W: MANAGERS}, public=True),
    "organisations": Grant({R: EVERYONE, W: MANAGERS}, public=True),
    "teams": Grant({R: EVERYONE, W: MANAGERS}, public=True),
    "team-partners": Grant({R: EVERYONE, W: MANAGERS}, public=True),
    "quality-goals": Grant({R: EVERYONE, W: MANAGERS}, team_scoped=True, public=True),
    "indicators": Grant({R: EVERYONE, W: TEAM_WORK}, team_scoped=True, public=True),
    "indicator-periods": Grant({R: EVERYONE, W: TEAM_WORK}, team_scoped=True, public=True),
    "awards": Grant({R: EVERYONE, W: MONEY}, public=True),
    "payments": Grant({R: EVERYONE, W: MONEY, A: APPROVERS}, public=True),
    "milestones": Grant({R: EVERYONE, W: TEAM_WORK}, team_scoped=True, public=True),
    "support-activities": Grant({R: EVERYONE, W: TEAM_WORK}, team_scoped=True, public=True),
    "evidence": Grant({R: EVERYONE, W: TEAM_WORK}, team_scoped=True, public=True),
    "sustainability-checkins": Grant({R: EVERYONE, W: TEAM_WORK}, team_scoped=True, public=True),
    "dashboard": Grant({R: EVERYONE}, public=True),
    "audit-events": Grant({R: MANAGERS}),
    "users": Grant({R: ADMIN, W: ADMIN}),
    "api-keys": Grant({R: ADMIN, W: ADMIN}),
    "me": Grant({R: EVERYONE}),  # who am I (any signed-in principal)
    # Loads write every resource (paid payments too), past per-row team checks: admins only.
    "imports": Grant({R: ADMIN, W: ADMIN}),
    "exports": Grant({R: EVERYONE}, public=True),  # 360Giving: open data
    "signing-keys": Grant({R: ADMIN}),  # no route: only their rotations in the audit trail
    # Calendar feed tokens: each signed-in caller its own (a team editor's for its teams only).
    "feed-tokens": Grant({R: EVERYONE, W: EVERYONE}),
}


def allowed(role: Role | None, resource: str, action: Action) -> bool:
    """Deny by default: an unknown resource, action or role is refused."""
    grant = PERMISSIONS.get(resource)
    return role is not None and grant is not None and role in grant.roles.get(action, ())


def permissions_of(role: Role | None) -> dict[str, list[Action]]:
    """The table's row for ``role``: each resource it may act on, with its actions in order."""
    if role is None:
        return {}
    mine = {
        resource: [action for action in Action if role in grant.roles.get(action, ())]
        for resource, grant in PERMISSIONS.items()
    }
    return {resource: actions for resource, actions in mine.items() if actions}


def team_scoped_of(role: Role | None) -> list[str]:
    """The resources on which ``role`` reads and writes only its own teams' rows."""
    if role != Role.team_editor:
        return []
    return [resource for resource, grant in PERMISSIONS.items() if grant.team_scoped]


def publicly_readable(resource: str) -> bool:
    grant = PERMISSIONS.get(resource)
    return grant is not None and grant.public
