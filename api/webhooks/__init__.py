"""Webhooks: admin-registered endpoints that are sent the change feed's events, signed."""
