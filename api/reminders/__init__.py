"""Reminders: each person's preferences, reminder events as due dates come near or pass, and one
e-mail digest a person a day (see docs/reminders.md). The worker runs ``send_reminders``."""
