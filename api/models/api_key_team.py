"""The teams a ``team_editor`` API key may write (its scope)."""

from sqlalchemy import Column, ForeignKey, Table

from api.models.base import Base

api_key_teams = Table(
    "api_key_teams",
    Base.metadata,
    Column("api_key_id", ForeignKey("api_keys.id", ondelete="CASCADE"), primary_key=True),
    Column("team_id", ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True, index=True),
)
