"""Award amendments, spend reports and their lines (spend per budget line).

Revision ID: e87dfeb8d275
Revises: 75db23d2666f
Create Date: 2026-12-04 21:22:08.364590
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e87dfeb8d275"
down_revision: str | None = "75db23d2666f"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "award_amendments",
        sa.Column("award_id", sa.String(length=36), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "uplift",
                "reduction",
                "extension",
                "reprofile",
                name="amendmentkind",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("amount_change_pence", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("new_start_date", sa.Date(), nullable=True),
        sa.Column("new_end_date", sa.Date(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "proposed",
                "approved",
                "rejected",
                name="amendmentstatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("ref", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["award_id"], ["awards.id"], name=op.f("fk_award_amendments_award_id_awards")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_award_amendments")),
        sa.UniqueConstraint("award_id", "ref", name=op.f("uq_award_amendments_award_id_ref")),
    )
    with op.batch_alter_table("award_amendments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_award_amendments_award_id"), ["award_id"], unique=False
        )

    op.create_table(
        "spend_reports",
        sa.Column("award_id", sa.String(length=36), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "submitted",
                "returned",
                "approved",
                name="reportstatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("narrative", sa.Text(), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("review_comment", sa.Text(), nullable=False),
        sa.Column("milestone_id", sa.String(length=36), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("ref", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["award_id"], ["awards.id"], name=op.f("fk_spend_reports_award_id_awards")
        ),
        sa.ForeignKeyConstraint(
            ["milestone_id"],
            ["milestones.id"],
            name=op.f("fk_spend_reports_milestone_id_milestones"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spend_reports")),
        sa.UniqueConstraint("award_id", "ref", name=op.f("uq_spend_reports_award_id_ref")),
        sa.UniqueConstraint("milestone_id", name=op.f("uq_spend_reports_milestone_id")),
    )
    with op.batch_alter_table("spend_reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_spend_reports_award_id"), ["award_id"], unique=False)

    op.create_table(
        "spend_lines",
        sa.Column("report_id", sa.String(length=36), nullable=False),
        sa.Column("budget_line_id", sa.String(length=36), nullable=False),
        sa.Column("amount_pence", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("ref", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["budget_line_id"],
            ["budget_lines.id"],
            name=op.f("fk_spend_lines_budget_line_id_budget_lines"),
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["spend_reports.id"],
            name=op.f("fk_spend_lines_report_id_spend_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_spend_lines")),
        sa.UniqueConstraint(
            "report_id", "budget_line_id", name=op.f("uq_spend_lines_report_id_budget_line_id")
        ),
        sa.UniqueConstraint("report_id", "ref", name=op.f("uq_spend_lines_report_id_ref")),
    )
    with op.batch_alter_table("spend_lines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_spend_lines_budget_line_id"), ["budget_line_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_spend_lines_report_id"), ["report_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("spend_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_spend_lines_report_id"))
        batch_op.drop_index(batch_op.f("ix_spend_lines_budget_line_id"))

    op.drop_table("spend_lines")
    with op.batch_alter_table("spend_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_spend_reports_award_id"))

    op.drop_table("spend_reports")
    with op.batch_alter_table("award_amendments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_award_amendments_award_id"))

    op.drop_table("award_amendments")
