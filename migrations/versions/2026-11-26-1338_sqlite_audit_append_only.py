"""On SQLite too, the audit trail refuses UPDATE and DELETE, as PostgreSQL's trigger does.

Written by hand: triggers are not part of the models, so there is nothing to generate (and
``alembic check`` does not see them). SQLite has no TRUNCATE; a DELETE without WHERE fires the
trigger like any other.

Revision ID: 97647dee35e4
Revises: 2fe6bc4edb76
Create Date: 2026-11-26 13:38:42.504272
"""

from collections.abc import Sequence

from alembic import op

revision: str = "97647dee35e4"
down_revision: str | None = "2fe6bc4edb76"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIONS = ("UPDATE", "DELETE")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for action in ACTIONS:
            op.execute(
                f"CREATE TRIGGER audit_events_no_{action.lower()} BEFORE {action} ON audit_events "
                "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for action in ACTIONS:
            op.execute(f"DROP TRIGGER IF EXISTS audit_events_no_{action.lower()}")
