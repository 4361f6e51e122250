"""The teams a ``team_editor`` user may write (its scope)."""

from sqlalchemy import Column, ForeignKey, Table

from api.models.base import Base

user_teams = Table(
    "user_teams",
    Base.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("team_id", ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True, index=True),
)
