"""Sustainability check-ins: whether a team's work was carrying on, as found on a day."""
