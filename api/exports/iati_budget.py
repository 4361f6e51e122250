"""An award's money as IATI budget periods: never longer than a year, never overlapping, and
summing exactly to what was planned (``api.exports.iati`` writes them).

Budget lines may each have their own period (a financial year, a two-year evaluation). IATI's
``budget`` has no categories and its periods should not overlap, so the periods are the
stretches between every line's start and end (each cut to at most a year), and each line's
pence are shared over the stretches it covers by days. Every share is rounded down on the
running total, so a line's shares add up to the line exactly and nothing is lost or made up.
"""

from collections.abc import Iterable
from datetime import date, timedelta

Period = tuple[date, date]
DAY = timedelta(days=1)


def _year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return date(day.year + 1, 3, 1)


def years(start: date, end: date) -> list[Period]:
    """``start``..``end`` (inclusive) cut into periods of at most a year, from ``start``."""
    out = []
    day = start
    while day <= end:
        last = min(_year_after(day) - DAY, end)
        out.append((day, last))
        day = last + DAY
    return out or [(start, start)]


def spread(pence: int, periods: list[Period]) -> list[int]:
    """``pence`` shared over ``periods`` by their days, summing to ``pence`` exactly."""
    total = sum((last - first).days + 1 for first, last in periods)
    out, given, days = [], 0, 0
    for first, last in periods:
        days += (last - first).days + 1
        upto = pence * days // total
        out.append(upto - given)
        given = upto
    return out


def budget_periods(start: date, end: date, pence: int) -> list[tuple[date, date, int]]:
    """``pence`` over ``start``..``end`` in periods of at most a year."""
    periods = years(start, end)
    return [(a, b, p) for (a, b), p in zip(periods, spread(pence, periods), strict=True)]


def line_periods(lines: Iterable[tuple[date, date, int]]) -> list[tuple[date, date, int]]:
    """Budget lines (start, end, pence) as non-overlapping periods of at most a year."""
    lines = [(a, max(a, b), p) for a, b, p in lines]
    cuts = sorted({a for a, _, _ in lines} | {b + DAY for _, b, _ in lines})
    stretches = [(a, b - DAY) for a, b in zip(cuts, cuts[1:], strict=False)]
    covered = [s for s in stretches if any(a <= s[0] and s[1] <= b for a, b, _ in lines)]
    periods = [y for a, b in covered for y in years(a, b)]
    sums = dict.fromkeys(periods, 0)
    for a, b, pence in lines:
        mine = [p for p in periods if a <= p[0] and p[1] <= b]
        for period, share in zip(mine, spread(pence, mine), strict=True):
            sums[period] += share
    return [(a, b, p) for (a, b), p in sums.items()]
