"""Calendar feeds (iCalendar, RFC 5545) of what is due, behind revocable feed tokens."""
