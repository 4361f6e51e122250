"""The money read models against the rules computed from scratch in plain Python (written from
``api/dashboard/replay.py``'s docstring), on seeded random amendments, reports and spend, on many
days: every total, category, year, report count and team row."""

import random
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from api.dashboard.schemas.money import ProgrammeMoney, TeamMoneyDetail
from api.db import Database
from tests.dashboard.build import pages, read
from tests.dashboard.money_build import add_rows, amendment, report, spend
from tests.factories import make_award, make_budget_line, make_payment, make_programme, make_team

pytestmark = pytest.mark.anyio

DAYS = ["2012-06-01", "2013-01-01", "2013-04-01", "2013-10-15", "2014-03-31", "2014-04-01"]
AS_OF = ["2012-05-31", *DAYS, "2014-12-31", "2016-01-01"]
PERIODS = [("2012-06-01", "2013-03-31"), ("2013-04-01", "2014-03-31"), ("2014-04-01", "2015-03-31")]
CATEGORIES = ["staff", "training", "evaluation"]


def maybe(rng: random.Random) -> str | None:
    return rng.choice([None, *DAYS])


def by(day: str | None, as_of: str) -> bool:
    return day is None or day <= as_of


def fy(day: str) -> str:
    year = int(day[:4]) - (1 if day[5:7] < "04" else 0)
    return f"{year}-04-01"


def counts(a: dict[str, Any], as_of: str) -> bool:
    return a["status"] == "approved" and by(a["decided_on"], as_of) and a["effective"] <= as_of


def status(r: dict[str, Any], as_of: str) -> str:
    if r["status"] in ("approved", "returned") and by(r["decided_on"], as_of):
        return str(r["status"])
    if r["status"] != "draft" and by(r["submitted_on"], as_of):
        return "submitted"
    if r["status"] == "submitted" and r["decided_on"] is not None and r["decided_on"] <= as_of:
        return "returned"  # returned by D, submitted again after it
    return "draft"


def amend(rng: random.Random, award: dict[str, Any]) -> list[Any]:
    """1 to 3 amendments of ``award`` (noted on it) as rows to write."""
    award["amendments"] = []
    rows = []
    for _ in range(rng.randint(1, 3)):
        a = {
            "status": rng.choice(["proposed", "approved", "approved", "approved", "rejected"]),
            "decided_on": maybe(rng),
            "effective": rng.choice(DAYS),
            "change": rng.randint(-20, 20) * 10_000,
        }
        award["amendments"].append(a)
        rows.append(
            amendment(
                award,
                "uplift",
                a["change"],
                a["effective"],
                a["status"],
                decided_on=a["decided_on"],
            )
        )
    return rows


def reports(rng: random.Random, award: dict[str, Any]) -> list[Any]:
    """1 or 2 spend reports of ``award`` (noted on it), due 30 days after their period."""
    award["reports"] = []
    for period in rng.sample(PERIODS, rng.randint(1, 2)):
        due = (date.fromisoformat(period[1]) + timedelta(days=30)).isoformat()
        r = {
            "status": rng.choice(["draft", "submitted", "returned", "approved", "approved"]),
            "submitted_on": maybe(rng),
            "decided_on": maybe(rng),
            "due": due,
            "end": period[1],
        }
        r["row"] = report(
            award,
            period,
            due,
            r["status"],
            submitted_on=r["submitted_on"],
            decided_on=r["decided_on"],
        )
        award["reports"].append(r)
    return [r["row"] for r in award["reports"]]


async def build(client: httpx.AsyncClient, db: Database, rng: random.Random) -> dict[str, Any]:
    programme = await make_programme(client)
    world: dict[str, Any] = {"programme": programme, "teams": [], "awards": []}
    rows: list[Any] = []
    for t in range(4):
        team = await make_team(client, programme, name=f"Team {t}")
        world["teams"].append(team)
        for _ in range(rng.randint(1, 2)):
            award = await make_award(client, team, award_date=rng.choice(DAYS))
            award["lines"] = []
            for period in rng.sample(PERIODS, rng.randint(1, 2)):
                line = await make_budget_line(
                    client,
                    award,
                    category=rng.choice(CATEGORIES),
                    period_start=period[0],
                    period_end=period[1],
                    amount_pence=rng.randint(1, 50) * 100_000,
                )
                award["lines"].append(line)
            paid = rng.choice([None, *DAYS])
            await make_payment(
                client, award, status="paid" if paid else "scheduled", paid_date=paid
            )
            award["paid"] = paid
            rows += amend(rng, award) + reports(rng, award)
            world["awards"].append((team, award))
    await add_rows(db, *rows)
    spent = []
    for _, award in world["awards"]:
        for r in award["reports"]:
            r["spend"] = []
            for line in rng.sample(award["lines"], rng.randint(1, len(award["lines"]))):
                pence = rng.randint(0, 30) * 10_000
                r["spend"].append((line, pence))
                spent.append(spend(r["row"], line, pence))
    await add_rows(db, *spent)
    return world


def expected(world: dict[str, Any], as_of: str) -> dict[str, Any]:
    """The money model's figures on ``as_of``, from the rules."""
    teams = {
        t["id"]: dict.fromkeys(("awarded", "budgeted", "spend", "paid", "overdue"), 0)
        for t in world["teams"]
    }
    category: dict[str, list[int]] = {}
    year: dict[str, list[int]] = {}
    reports = dict.fromkeys(
        ("draft", "submitted", "returned", "approved", "due_soon", "overdue"), 0
    )
    soon = (date.fromisoformat(as_of) + timedelta(days=30)).isoformat()
    for team, award in world["awards"]:
        if award["award_date"] > as_of:
            continue
        row = teams[team["id"]]
        row["awarded"] += award["amount_pence"] + sum(
            a["change"] for a in award["amendments"] if counts(a, as_of)
        )
        row["paid"] += 10_000_000 if award["paid"] and award["paid"] <= as_of else 0
        for line in award["lines"]:
            row["budgeted"] += line["amount_pence"]
            category.setdefault(line["category"], [0, 0])[0] += line["amount_pence"]
            year.setdefault(fy(line["period_start"]), [0, 0])[0] += line["amount_pence"]
        for r in award["reports"]:
            s = status(r, as_of)
            reports[s] += 1
            owed = s in ("draft", "returned")
            reports["overdue"] += owed and r["due"] < as_of
            reports["due_soon"] += owed and as_of <= r["due"] <= soon
            row["overdue"] += owed and r["due"] < as_of
            if s == "approved":
                for line, pence in r["spend"]:
                    row["spend"] += pence
                    category.setdefault(line["category"], [0, 0])[1] += pence
                    year.setdefault(fy(r["end"]), [0, 0])[1] += pence
    return {"teams": teams, "category": category, "year": year, "reports": reports}


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_the_money_models_follow_the_rules(
    client: httpx.AsyncClient, db: Database, seed: int
) -> None:
    world = await build(client, db, random.Random(seed))
    awards = [a for _, a in world["awards"]]
    # The seeds make worlds where each rule both holds and fails on some day.
    assert any(counts(x, "2016-01-01") for a in awards for x in a["amendments"])
    assert any(not counts(x, "2014-12-31") for a in awards for x in a["amendments"])
    reviewed = [status(r, "2016-01-01") for a in awards for r in a["reports"]]
    assert "approved" in reviewed and len(set(reviewed)) >= 3
    url = f"/programmes/{world['programme']['id']}/money"
    for as_of in AS_OF:
        want = expected(world, as_of)
        found = await pages(client, url, ProgrammeMoney, as_of=as_of, limit=2, sort="-spend_pence")
        items = {t["id"]: t for p in found for t in p["items"]}
        for team_id, w in want["teams"].items():
            got = items[team_id]
            assert [
                got[k]
                for k in (
                    "awarded_pence",
                    "budgeted_pence",
                    "spend_pence",
                    "paid_pence",
                    "overdue_reports",
                )
            ] == list(w.values()), as_of
            detail = await read(client, f"/teams/{team_id}/money", TeamMoneyDetail, as_of=as_of)
            assert detail["totals"]["awarded_pence"] == w["awarded"], as_of
            assert detail["totals"]["spend_pence"] == w["spend"], as_of
        body = found[0]
        assert body["totals"]["awarded_pence"] == sum(w["awarded"] for w in want["teams"].values())
        assert body["reports"] == want["reports"], as_of
        assert {
            c["category"]: [c["budgeted_pence"], c["spend_pence"]]
            for c in body["by_category"]
            if c["budgeted_pence"] or c["spend_pence"]
        } == {k: v for k, v in want["category"].items() if any(v)}, as_of
        years = {y["start"]: [y["budgeted_pence"], y["spend_pence"]] for y in body["by_year"]}
        assert years == want["year"], as_of
