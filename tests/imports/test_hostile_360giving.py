"""A 360Giving file with hostile values in any field is reported (a grant problem or an
unreadable file, named in the dry run's report), never a 5xx: a generated corpus, every field of a
real export × odd values."""

import json
import random
from typing import Any

import httpx
import pytest

from tests.exports.test_giving360 import awarded
from tests.factories import API

pytestmark = pytest.mark.anyio
ODD: list[Any] = [None, 5, -1, 1e300, True, "", "x" * 300, [], {}, [5], ["x"], [{"id": []}],
                  {"id": {"a": 1}}, [[[[]]]], "2013-02-30"]  # fmt: skip


def mutations(grant: dict[str, Any], count: int) -> list[tuple[str, Any]]:
    """(path, value) pairs: top-level fields and the fields of nested objects, each set to odd
    values; a seeded sample, so every run tries the same ones."""
    paths = list(grant) + [
        f"{k}.0.{inner}"
        for k, v in grant.items()
        if isinstance(v, list) and v and isinstance(v[0], dict)
        for inner in v[0]
    ]
    everything = [(p, v) for p in paths for v in ODD]
    return random.Random(360).sample(everything, min(count, len(everything)))


def mutated(grant: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    copy = json.loads(json.dumps(grant))
    node: Any = copy
    *parents, last = path.split(".")
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    node[last] = value
    return copy


async def test_hostile_grants_are_reported(client: httpx.AsyncClient) -> None:
    await awarded(client)
    package = (await client.get(f"{API}/exports/360giving.json")).json()
    grant = package["grants"][0]
    tried = mutations(grant, 80)
    assert len(tried) >= 60
    for path, value in tried:
        body = json.dumps({**package, "grants": [mutated(grant, path, value)]})
        response = await client.post(
            f"{API}/imports", params={"dry_run": "true"}, files={"file": ("grants.json", body)}
        )
        # A dry run answers with its report, refusals included: 200, never a 5xx or a bare 4xx.
        assert response.status_code == 200, (path, value, response.text)
        report = response.json()
        assert (report["dry_run"], report["written"]) == (True, False), report
        errors = report["errors"]
        if report["status"] == "rejected":
            assert report["error_count"] >= len(errors) > 0, (path, value, report)
            assert all(e["file"].startswith("grants.json") and e["type"] for e in errors), errors
        else:
            assert (report["status"], report["error_count"], errors) == ("succeeded", 0, [])
