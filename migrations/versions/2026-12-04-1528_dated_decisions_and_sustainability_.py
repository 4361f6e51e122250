"""Dated decisions and sustainability check-ins (issue 11).

Every decision now carries its date, so the dashboard can replay it from that day on:
milestones get ``decided_on`` and ``decision_reason``, teams ``status_changed_on``, awards
``activated_on`` and ``closed_on``, and a team's sustainability becomes a history of dated
check-ins (``sustainability_checkins``) instead of one field on the team.

Existing rows are dated by these rules (a date nothing tells is left null: "not recorded"):
- a ``missed`` milestone was decided on its due date; a ``deferred`` or ``cancelled`` one: null;
  every reason is empty;
- an award's ``activated_on`` is its ``actual_start_date`` unless it is still ``awarded``; its
  ``closed_on`` is its ``actual_end_date`` if it is ``closed`` or ``withdrawn``;
- a ``completed`` team changed status on the latest ``actual_end_date`` of its awards; a
  ``withdrawn`` one (or a completed one without such a date): null;
- a team's ``sustainability_status`` other than ``not_assessed`` becomes one check-in dated the
  programme's end date (the field meant "after the funding ended"), with a note saying so.
Downgrade puts each team's latest check-in back into ``sustainability_status``.

Revision ID: c448221236e3
Revises: f089fd7942af
Create Date: 2026-12-04 15:28:24.252079
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from api.models.base import new_id, utcnow

revision: str = "c448221236e3"
down_revision: str | None = "f089fd7942af"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sustainability_checkins",
        sa.Column("team_id", sa.String(length=36), nullable=False),
        sa.Column("checked_on", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "not_assessed",
                "continuing",
                "partly_continuing",
                "stopped",
                name="sustainabilitystatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("ref", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_sustainability_checkins_team_id_teams")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sustainability_checkins")),
        sa.UniqueConstraint(
            "team_id", "checked_on", name=op.f("uq_sustainability_checkins_team_id_checked_on")
        ),
        sa.UniqueConstraint("team_id", "ref", name=op.f("uq_sustainability_checkins_team_id_ref")),
    )
    with op.batch_alter_table("sustainability_checkins", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sustainability_checkins_team_id"), ["team_id"], unique=False
        )

    with op.batch_alter_table("awards", schema=None) as batch_op:
        batch_op.add_column(sa.Column("activated_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("closed_on", sa.Date(), nullable=True))

    with op.batch_alter_table("milestones", schema=None) as batch_op:
        batch_op.add_column(sa.Column("decided_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("decision_reason", sa.String(length=200), nullable=False, server_default="")
        )
    with op.batch_alter_table("milestones", schema=None) as batch_op:
        batch_op.alter_column("decision_reason", server_default=None)

    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status_changed_on", sa.Date(), nullable=True))

    _date_existing_rows()
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.drop_column("sustainability_status")


MIGRATED_NOTE = "Recorded before check-ins were dated: dated the programme's end."


def _date_existing_rows() -> None:
    op.execute("UPDATE milestones SET decided_on = due_date WHERE status = 'missed'")
    op.execute("UPDATE awards SET activated_on = actual_start_date WHERE status <> 'awarded'")
    op.execute(
        "UPDATE awards SET closed_on = actual_end_date WHERE status IN ('closed', 'withdrawn')"
    )
    op.execute(
        "UPDATE teams SET status_changed_on = (SELECT max(a.actual_end_date) FROM awards a"
        " WHERE a.team_id = teams.id) WHERE status = 'completed'"
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT t.id, t.sustainability_status, p.end_date FROM teams t"
            " JOIN programmes p ON p.id = t.programme_id"
            " WHERE t.sustainability_status <> 'not_assessed'"
        )
    ).all()
    checkins = sa.table(
        "sustainability_checkins",
        *(sa.column(n) for n in ("id", "ref", "team_id", "checked_on", "status", "note")),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)),
        sa.column("version", sa.Integer()),
    )
    now = utcnow()
    values = [
        {
            "id": new_id(),
            "ref": "migrated",
            "team_id": team_id,
            "checked_on": end_date,
            "status": status,
            "note": MIGRATED_NOTE,
            "created_at": now,
            "updated_at": now,
            "version": 1,
        }
        for team_id, status, end_date in rows
    ]
    if values:
        op.bulk_insert(checkins, values)


def downgrade() -> None:
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "sustainability_status",
                sa.VARCHAR(length=40),
                nullable=False,
                server_default="not_assessed",
            )
        )
        batch_op.drop_column("status_changed_on")
    op.execute(
        "UPDATE teams SET sustainability_status = (SELECT c.status FROM sustainability_checkins c"
        " WHERE c.team_id = teams.id ORDER BY c.checked_on DESC LIMIT 1)"
        " WHERE EXISTS (SELECT 1 FROM sustainability_checkins c WHERE c.team_id = teams.id)"
    )
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.alter_column("sustainability_status", server_default=None)

    with op.batch_alter_table("milestones", schema=None) as batch_op:
        batch_op.drop_column("decision_reason")
        batch_op.drop_column("decided_on")

    with op.batch_alter_table("awards", schema=None) as batch_op:
        batch_op.drop_column("closed_on")
        batch_op.drop_column("activated_on")

    with op.batch_alter_table("sustainability_checkins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sustainability_checkins_team_id"))

    op.drop_table("sustainability_checkins")
