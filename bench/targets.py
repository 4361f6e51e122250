"""Which rows bench/api_bench.py measures (the table in bench/README.md), which of them ``--only``
keeps, and which of the service's the running tree can answer (a route it lacks is skipped)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

import httpx
from common import API
from database import Ids
from rows import Measured, Target, skipped
from servers import Server


def list_path(ids: Ids) -> str:
    """The service's milestone page of the team with most milestones (also the burst's URL)."""
    return f"{API}/milestones?team_id={ids.team_id}&limit=50"


def orm_target(ids: Ids) -> Target:
    return Target("ORM + Pydantic list (team, 50)", f"/milestones?team_id={ids.team_id}")


def postgrest_targets(ids: Ids, read_model_connections: int) -> list[Target]:
    today = date.today().isoformat()
    summary = f"/programmes/{ids.programme_id}/summary?as_of={today}"
    return [
        Target("PostgREST-style list (team, 50)", f"/milestones?team_id={ids.team_id}&limit=50"),
        Target(
            "PostgREST-style summary figures",
            summary,
            read_model=True,
            connections=read_model_connections,
        ),
    ]


def service_targets(ids: Ids, read_model_connections: int) -> list[Target]:
    """The service's rows; the read models' (those that ``need`` a route) at their own load."""
    prog = f"{API}/programmes/{ids.programme_id}"
    today = date.today().isoformat()
    first_day = ids.programme_start or date.today() - timedelta(days=730)
    plain = [
        Target("healthz (no DB)", "/healthz"),
        Target("milestones list (team, 50)", list_path(ids)),
        Target("programme by id", prog),
        Target("milestone by id", f"{API}/milestones/{ids.milestone_id}"),
    ]

    def read_model(
        name: str, query: str, route: str, cold: bool = False, status: int = 200
    ) -> Target:
        """A read model's row: skipped when the service lacks ``route``; ``cold``: a new as_of
        on every request, so no cache can answer."""
        return Target(
            name,
            f"{prog}/{route}{query}",
            status,
            as_of_from=first_day if cold else None,
            connections=read_model_connections,
            needs=f"{prog}/{route}",
        )

    return [
        *plain,
        read_model("summary cold (new as_of each)", "", "summary", cold=True),
        read_model("summary warm (one URL)", f"?as_of={today}", "summary"),
        # the If-None-Match header is filled in once the server is up (its current ETag)
        read_model("summary 304 (If-None-Match)", f"?as_of={today}", "summary", status=304),
        read_model("team figures (50)", "?limit=50", "team-figures"),
        read_model("team figures (50, -late)", "?limit=50&sort=-late", "team-figures"),
        read_model("timeline (25 teams)", "?limit=25", "timeline"),
        read_model("exceptions (50, red first)", "?limit=50", "exceptions"),
        read_model("due (next 30 days, 50)", "?limit=50", "due"),
        read_model("changes (two days)", f"?from={first_day}&to={today}", "changes"),
        read_model("money (50)", "?limit=50", "money"),
        read_model("money (50, -variance)", "?limit=50&sort=-variance_pence", "money"),
        read_model("money cold (50, new as_of each)", "?limit=50", "money", cold=True),
        read_model("exceptions cold (50, new as_of each)", "?limit=50", "exceptions", cold=True),
        # the same pages with a new as_of every request: what a page costs when no cache has it
        read_model(
            "team figures cold (50, new as_of each)", "?limit=50", "team-figures", cold=True
        ),
        read_model("timeline cold (25, new as_of each)", "?limit=25", "timeline", cold=True),
    ]


def chooser(only: str) -> Callable[[Target], bool]:
    """``--only WORDS``: the rows whose name contains one of the comma-separated words (all
    when there are none)."""
    wanted = [w.strip().lower() for w in only.split(",") if w.strip()]

    def chosen(target: Target) -> bool:
        return not wanted or any(w in target.name.lower() for w in wanted)

    return chosen


def api_paths(base: str) -> set[str]:
    """The paths the service's OpenAPI document declares (under the API prefix)."""
    doc = httpx.get(f"{base}{API}/openapi.json", timeout=30.0).json()
    return {API + p if not p.startswith(API) else p for p in doc.get("paths", {})}


def etag_of(base: str, path: str) -> str | None:
    tag: str | None = httpx.get(base + path, timeout=30.0).headers.get("etag")
    return tag


def service_rows(
    api: Server,
    targets: list[Target],
    programme_id: str,
    load: Callable[[Server, Target], Measured],
) -> list[Measured]:
    """Each target ``load``ed in turn, or skipped when the running service lacks its route (or,
    for the 304 row, gives no ETag to revalidate)."""
    declared = {re.sub(r"\{[^}]+\}", "{}", p) for p in api_paths(api.base)}
    rows: list[Measured] = []
    for target in targets:
        if target.needs and re.sub(programme_id, "{}", target.needs) not in declared:
            rows.append(skipped(target, f"endpoint missing ({target.needs.split('/')[-1]})"))
            continue
        if target.status == 304:
            tag = etag_of(api.base, target.path)
            if tag is None:
                rows.append(skipped(target, "no ETag on the 200"))
                continue
            target.headers["If-None-Match"] = tag
        rows.append(load(api, target))
    return rows
