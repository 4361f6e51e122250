"""What a permission-table entry is: the actions, a grant of roles per action, the usual role sets.

Kept free of other imports so a resource's descriptor (``api/<pkg>/resource.py``) can declare its
grant without importing the table (``api.auth.permissions``), which is built from the descriptors.
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
    team_scoped: bool = False  # a team_editor reads and writes only its own teams' rows
    public: bool = False  # readable anonymously when SP_PUBLIC_READ=true


ADMIN = frozenset({Role.admin})
EVERYONE = frozenset(Role)
MANAGERS = frozenset({Role.admin, Role.programme_manager})
MONEY = MANAGERS | {Role.finance}
TEAM_WORK = MANAGERS | {Role.team_editor}
APPROVERS = frozenset({Role.admin, Role.finance})

R, W, A = Action.read, Action.write, Action.approve
