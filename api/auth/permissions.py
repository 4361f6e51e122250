"""Who may do what: the one permission table, deny by default.

Every API operation names a ``resource`` and an ``Action``; a principal may perform it only if its
role is listed for that pair. A CRUD resource's entry is the ``grant`` of its descriptor
(``api/<pkg>/resource.py``); the other entries are written below. Anything not listed (a new
route, a new role) is refused.
``team_scoped`` resources belong to teams: a ``team_editor`` sees and writes only the rows of its
own teams; the rows of other teams answer exactly as missing ones do (404, empty lists).
``public`` resources may be read anonymously when ``SP_PUBLIC_READ=true``.
"""

from collections.abc import Iterator, Mapping

from api.auth.grants import ADMIN, EVERYONE, MANAGERS, Action, Grant, R, W
from api.models.enums import Role

__all__ = [
    "PERMISSIONS",
    "Action",
    "Grant",
    "allowed",
    "permissions_of",
    "publicly_readable",
    "team_scoped_of",
]

# The entries that are not CRUD resources (those come from their descriptors, api/resources.py).
WRITTEN: dict[str, Grant] = {
    "dashboard": Grant({R: EVERYONE}, public=True),
    "audit-events": Grant({R: MANAGERS}),
    # The change feed: every signed-in caller, each seeing the events of what it may read.
    "events": Grant({R: EVERYONE}),
    "users": Grant({R: ADMIN, W: ADMIN}),
    "api-keys": Grant({R: ADMIN, W: ADMIN}),
    "me": Grant({R: EVERYONE}),  # who am I (any signed-in principal)
    # Loads write every resource (paid payments too), past per-row team checks: admins only.
    "imports": Grant({R: ADMIN, W: ADMIN}),
    "exports": Grant({R: EVERYONE}, public=True),  # 360Giving: open data
    "signing-keys": Grant({R: ADMIN}),  # no route: only their rotations in the audit trail
    # Calendar feed tokens: each signed-in caller its own (a team editor's for its teams only).
    "feed-tokens": Grant({R: EVERYONE, W: EVERYONE}),
    # Webhook endpoints (their secrets and deliveries): admins register and watch them.
    "webhook-endpoints": Grant({R: ADMIN, W: ADMIN}),
    # Reminder preferences: every signed-in person their own.
    "reminder-preferences": Grant({R: EVERYONE, W: EVERYONE}),
}


class PermissionTable(Mapping[str, Grant]):
    """The CRUD resources' grants in the documented order, then ``WRITTEN``.

    Built on first use, not at import: the descriptors import the services, whose modules import
    this one (through the audit trail and the routers' dependencies).
    """

    def __init__(self, written: dict[str, Grant]) -> None:
        self._written = written
        self._rows: dict[str, Grant] | None = None

    @property
    def rows(self) -> dict[str, Grant]:
        rows = self._rows
        if rows is None:
            from api.resources import DOCUMENTED  # see the class docstring

            rows = {res.name: res.grant for res in DOCUMENTED}
            clash = rows.keys() & self._written.keys()
            assert not clash, f"written twice in the permission table: {clash}"
            rows = self._rows = {**rows, **self._written}
        return rows

    def __getitem__(self, resource: str) -> Grant:
        return self.rows[resource]

    def __iter__(self) -> Iterator[str]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


PERMISSIONS = PermissionTable(WRITTEN)


def allowed(role: Role | None, resource: str, action: Action) -> bool:
    """Deny by default: an unknown resource, action or role is refused."""
    grant = PERMISSIONS.rows.get(resource)
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
    grant = PERMISSIONS.rows.get(resource)
    return grant is not None and grant.public
