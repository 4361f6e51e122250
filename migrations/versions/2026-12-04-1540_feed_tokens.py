"""Feed tokens: revocable secrets (stored as SHA-256) that open one calendar feed.

Revision ID: 7543784898a0
Revises: c448221236e3
Create Date: 2026-12-04 15:40:04.849785
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7543784898a0"
down_revision: str | None = "c448221236e3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "feed_tokens",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("programme_id", sa.String(length=36), nullable=False),
        sa.Column("team_id", sa.String(length=36), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_feed_tokens_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_feed_tokens_team_id_teams"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_feed_tokens_token_hash")),
    )
    with op.batch_alter_table("feed_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feed_tokens_created_by"), ["created_by"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_feed_tokens_programme_id"), ["programme_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_feed_tokens_team_id"), ["team_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("feed_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feed_tokens_team_id"))
        batch_op.drop_index(batch_op.f("ix_feed_tokens_programme_id"))
        batch_op.drop_index(batch_op.f("ix_feed_tokens_created_by"))

    op.drop_table("feed_tokens")
