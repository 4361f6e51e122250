"""When a failed delivery is tried again: exponential back-off for at least a day.

The delay after failed attempt *n* is 5 s × 2^(n−1), capped at 4 h; there are as many attempts
as it takes for the delays to add up to at least 24 h. The schedule is data (``DELAYS``), so
the documentation's table and the tests use the very numbers the worker does. No jitter: every
delivery of a burst retries at the same offsets from its own last try, and the tries of a batch
are spread by the worker's batches anyway.
"""

from datetime import datetime, timedelta

FIRST = timedelta(seconds=5)
CAP = timedelta(hours=4)
SPAN = timedelta(hours=24)


def _delays() -> tuple[timedelta, ...]:
    delays: list[timedelta] = []
    while sum(delays, timedelta()) < SPAN:
        delays.append(min(FIRST * 2 ** len(delays), CAP))
    return tuple(delays)


DELAYS: tuple[timedelta, ...] = _delays()
"""``DELAYS[n - 1]``: the wait after failed attempt ``n``."""
ATTEMPTS = len(DELAYS) + 1  # the first try and one after each delay


def next_attempt(made: int, now: datetime) -> datetime | None:
    """When to try again after ``made`` attempts, the last of which failed ``now``; None when
    the schedule is exhausted (the delivery has failed)."""
    if made < 1 or made > len(DELAYS):
        return None
    return now + DELAYS[made - 1]
