"""Budget lines: how an award's money is planned, per category and period.

Revision ID: 75db23d2666f
Revises: 7543784898a0
Create Date: 2026-12-04 19:42:40.742895
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "75db23d2666f"
down_revision: str | None = "7543784898a0"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "budget_lines",
        sa.Column("award_id", sa.String(length=36), nullable=False),
        sa.Column(
            "category",
            sa.Enum(
                "staff",
                "backfill",
                "training",
                "evaluation",
                "equipment",
                "other",
                name="budgetcategory",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("amount_pence", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("ref", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["award_id"], ["awards.id"], name=op.f("fk_budget_lines_award_id_awards")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_lines")),
        sa.UniqueConstraint("award_id", "ref", name=op.f("uq_budget_lines_award_id_ref")),
    )
    with op.batch_alter_table("budget_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_budget_lines_award_id"), ["award_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("budget_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_lines_award_id"))

    op.drop_table("budget_lines")
