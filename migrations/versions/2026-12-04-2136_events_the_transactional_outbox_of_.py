"""Events: the transactional outbox of domain events, read by the change feed in position order.

Revision ID: b5a394acd17d
Revises: e87dfeb8d275
Create Date: 2026-12-04 21:36:22.444461
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b5a394acd17d"
down_revision: str | None = "e87dfeb8d275"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("type", sa.String(length=60), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("programme_id", sa.String(length=36), nullable=True),
        sa.Column("team_id", sa.String(length=36), nullable=True),
        sa.Column("resource", sa.String(length=50), nullable=False),
        sa.Column("resource_id", sa.String(length=36), nullable=False),
        sa.Column("actor", sa.String(length=300), nullable=False),
        sa.Column("request_id", sa.String(length=64), nullable=True),
        sa.Column("data", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index("ix_events_position", ["position"], unique=True)
        batch_op.create_index(
            "ix_events_programme_id_position", ["programme_id", "position"], unique=False
        )
        batch_op.create_index("ix_events_type_position", ["type", "position"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_type_position")
        batch_op.drop_index("ix_events_programme_id_position")
        batch_op.drop_index("ix_events_position")

    op.drop_table("events")
