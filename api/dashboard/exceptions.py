"""The exceptions list: each team flagged red, amber or green on a day (``GET .../exceptions``).

The rules (the README's "Exceptions" states them for programme managers); a team's flag is the
worst level any rule gives it:
- late milestones on D: 1 or 2 is amber, 3 or more red;
- money behind time: its paid share of its award (awards made by D) trails the share of the
  programme's window gone by D by 20 percentage points or more: amber; by 40 or more: red
  (teams with no award yet are not judged on money);
- indicators: one indicator worsening against its baseline is amber, two or more red;
- support: no support activity delivered to it by D once a quarter of the window is gone is
  amber, once half is gone red.

Every figure comes from the replay rules' per-team subqueries (``replay``, ``results``); the
levels and the flag are computed in SQL over them, so sorting by flag and paging stay in the
database: 3 queries whatever the team count (programme and count, counts by flag, the page).
"""

from datetime import date
from typing import Any

from sqlalchemy import BigInteger, Integer, case, cast, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.elements import ColumnElement

from api.dashboard.compare_schemas import ExceptionSort, Flag
from api.dashboard.figures import (
    awarded_by_team,
    fetch_programme,
    milestones_by_team,
    paid_by_team,
)
from api.dashboard.paging import TeamFilter, fetch_page
from api.dashboard.replay import (
    AnySelect,
    Row,
    snapshot,
    support_delivered_by,
)
from api.dashboard.results import classified_indicators
from api.models import SupportActivity, Team, support_activity_teams
from api.pagination import SortKey

LATE = (1, 3)  # late milestones for amber, red
BEHIND = (20, 40)  # percentage points the paid share trails the time gone, for amber, red
WORSENING = (1, 2)  # worsening indicators for amber, red
NO_SUPPORT = (25, 50)  # % of the window gone with no support delivered, for amber, red
LEVELS = {0: "green", 1: "amber", 2: "red"}
RULES = ("late_level", "money_level", "indicator_level", "support_level")


def elapsed_percent(start: date, end: date, as_of: date) -> int:
    """Share of the window [start, end] gone by ``as_of``, rounded down, 0 to 100."""
    span = (end - start).days
    if span <= 0:
        return 100 if as_of >= end else 0
    return max(0, min(100, (as_of - start).days * 100 // span))


def _level(value: ColumnElement[Any], amber: int, red: int) -> ColumnElement[int]:
    return cast(case((value >= red, 2), (value >= amber, 1), else_=0), Integer)


def _figures(programme_id: str, as_of: date, where: ColumnElement[bool]) -> Any:
    """A subquery of the matching teams with the figures the rules read."""
    late = milestones_by_team(programme_id, as_of, "late").subquery()
    awarded = awarded_by_team(programme_id, as_of).subquery()
    paid = paid_by_team(programme_id, as_of).subquery()
    trends = classified_indicators(programme_id, as_of).subquery()
    worse = (
        select(trends.c.team_id, func.count().label("n"))
        .where(trends.c.trend == "worsening")
        .group_by(trends.c.team_id)
        .subquery()
    )
    links = support_activity_teams.c
    support = (
        select(links.team_id, func.count().label("n"))
        .join(SupportActivity, SupportActivity.id == links.support_activity_id)
        .where(SupportActivity.programme_id == programme_id, support_delivered_by(as_of))
        .group_by(links.team_id)
        .subquery()
    )
    return (
        select(
            Team.id,
            Team.name,
            Team.provenance,
            cast(func.coalesce(late.c.n, 0), BigInteger).label("late"),
            cast(awarded.c.awarded, BigInteger).label("awarded_pence"),
            cast(func.coalesce(paid.c.paid, 0), BigInteger).label("paid_pence"),
            func.coalesce(worse.c.n, 0).label("worsening"),
            func.coalesce(support.c.n, 0).label("support_delivered"),
        )
        .outerjoin(late, late.c.team_id == Team.id)
        .outerjoin(awarded, awarded.c.team_id == Team.id)
        .outerjoin(paid, paid.c.team_id == Team.id)
        .outerjoin(worse, worse.c.team_id == Team.id)
        .outerjoin(support, support.c.team_id == Team.id)
        .where(where)
        .subquery("figures")
    )


def flagged(programme_id: str, as_of: date, where: ColumnElement[bool], elapsed: int) -> Any:
    """A subquery of the matching teams with their figures, each rule's level and the flag."""
    figures = _figures(programme_id, as_of, where)
    f = figures.c
    # paid / awarded <= (elapsed - behind) / 100, in integers (awarded > 0, as amounts are).
    money = case(
        (f.awarded_pence.is_(None), 0),
        (f.paid_pence * 100 <= f.awarded_pence * (elapsed - BEHIND[1]), 2),
        (f.paid_pence * 100 <= f.awarded_pence * (elapsed - BEHIND[0]), 1),
        else_=0,
    )
    gone = 2 if elapsed >= NO_SUPPORT[1] else 1 if elapsed >= NO_SUPPORT[0] else 0
    levels = select(
        *figures.c,
        _level(f.late, *LATE).label("late_level"),
        cast(money, Integer).label("money_level"),
        _level(f.worsening, *WORSENING).label("indicator_level"),
        cast(case((f.support_delivered > 0, 0), else_=literal(gone)), Integer).label(
            "support_level"
        ),
    ).subquery("levels")
    lv = levels.c
    flag = case(
        (or_(*(lv[r] == 2 for r in RULES)), 2),
        (or_(*(lv[r] == 1 for r in RULES)), 1),
        else_=0,
    )
    return select(*levels.c, cast(flag, Integer).label("flag")).subquery("flagged")


def _keys(rows: Any, sort: ExceptionSort) -> list[SortKey]:
    field = sort.value.lstrip("-")
    descending = sort.value.startswith("-")
    keys = [] if field == "name" else [SortKey(field, rows.c[field], descending)]
    name_desc = field == "name" and descending
    return [*keys, SortKey("name", rows.c.name, name_desc), SortKey("id", rows.c.id, False)]


async def exceptions(
    conn: AsyncConnection,
    teams: TeamFilter,
    as_of: date,
    *,
    sort: ExceptionSort = ExceptionSort.flag_desc,
    flag: Flag | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> Row:
    """One page of ``TeamException`` rows, the counts by flag and the next cursor."""
    async with snapshot(conn):
        programme = await fetch_programme(conn, teams.programme_id)
        elapsed = elapsed_percent(programme["start_date"], programme["end_date"], as_of)
        rows = flagged(teams.programme_id, as_of, teams.condition(), elapsed)
        counts = dict.fromkeys(LEVELS.values(), 0)
        for level, n in await conn.execute(select(rows.c.flag, func.count()).group_by(rows.c.flag)):
            counts[LEVELS[int(level)]] = int(n)
        stmt: AnySelect = select(*rows.c)
        if flag is not None:
            wanted = next(k for k, v in LEVELS.items() if v == flag.value)
            stmt = stmt.where(rows.c.flag == wanted)
        page, next_cursor = await fetch_page(conn, stmt, _keys(rows, sort), limit, cursor)
    return {
        "as_of": as_of,
        "programme": programme,
        "elapsed_percent": elapsed,
        "total": counts[flag.value] if flag is not None else sum(counts.values()),
        "counts": {f: counts[f] for f in ("red", "amber", "green")},
        "items": [_item(r, elapsed) for r in page],
        "next_cursor": next_cursor,
    }


def _item(row: Row, elapsed: int) -> Row:
    awarded = row["awarded_pence"]
    paid_percent = int(row["paid_pence"]) * 100 // int(awarded) if awarded else None
    return {
        "id": row["id"],
        "name": row["name"],
        "provenance": row["provenance"],
        "flag": LEVELS[int(row["flag"])],
        "reasons": reasons(row, paid_percent, elapsed),
        "late": int(row["late"]),
        "awarded_pence": None if awarded is None else int(awarded),
        "paid_pence": int(row["paid_pence"]),
        "paid_percent": paid_percent,
        "worsening": int(row["worsening"]),
        "support_delivered": int(row["support_delivered"]),
    }


def reasons(row: Row, paid_percent: int | None, elapsed: int) -> list[str]:
    """One short sentence per rule that fired (level from SQL), the worst first."""
    said: list[tuple[int, str]] = []

    def say(rule: str, text: str) -> None:
        if int(row[rule]) > 0:
            said.append((-int(row[rule]), text))

    late, worse = int(row["late"]), int(row["worsening"])
    say("late_level", f"{late} milestone{'s' if late != 1 else ''} late")
    say("money_level", f"paid {paid_percent}% with {elapsed}% of time gone")
    say("indicator_level", f"{worse} indicator{'s' if worse != 1 else ''} worsening")
    say("support_level", f"no support delivered with {elapsed}% of time gone")
    return [text for _, text in sorted(said, key=lambda s: s[0])]
