"""The fingerprint covers what changes the outcome: the query (a dry run is not the real load) and
an upload's parts (names, file names, content), not its multipart boundary."""

import httpx
import pytest

from api.db import Database
from api.idempotency.service import fingerprint
from tests.assertions import assert_problem, unchanged
from tests.conftest import count_rows
from tests.imports.test_uploads import IMPORTS, ORGS, form_type, multipart

pytestmark = pytest.mark.anyio


def orgs(boundary: bytes, name: bytes = b"organisations.csv", content: str = ORGS) -> bytes:
    return multipart([(name, content.encode())], boundary)


def keyed(key: str, boundary: bytes = b"b0undary") -> dict[str, str]:
    return {**form_type(boundary), "Idempotency-Key": key}


class TestUploads:
    async def test_the_same_file_with_another_boundary_replays(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        first = await client.post(IMPORTS, content=orgs(b"one"), headers=keyed("k", b"one"))
        assert first.status_code == 200, first.text
        async with unchanged(db, "organisations", "audit_events"):
            again = await client.post(IMPORTS, content=orgs(b"two"), headers=keyed("k", b"two"))
        assert again.headers["idempotent-replayed"] == "true", again.text
        assert again.json() == first.json()
        # httpx makes a new random boundary for every request, as a browser's retry would.
        files = [("file", ("organisations.csv", ORGS.encode()))]
        third = await client.post(IMPORTS, files=files, headers={"Idempotency-Key": "k"})
        assert third.headers["idempotent-replayed"] == "true", third.text
        assert await count_rows(db, "organisations") == 2

    @pytest.mark.parametrize(
        ("name", "content"),
        [(b"organisations-2013.csv", ORGS), (b"organisations.csv", ORGS.replace("First", "1st"))],
        ids=["file name", "content"],
    )
    async def test_another_file_is_another_request(
        self, client: httpx.AsyncClient, db: Database, name: bytes, content: str
    ) -> None:
        await client.post(IMPORTS, content=orgs(b"one"), headers=keyed("k", b"one"))
        async with unchanged(db, "organisations"):
            other = await client.post(
                IMPORTS, content=orgs(b"two", name, content), headers=keyed("k", b"two")
            )
        assert_problem(other, 422, "idempotency-key-reused", loc=["header", "Idempotency-Key"])


class TestQuery:
    async def test_a_dry_run_then_the_real_load_with_the_same_key_is_refused(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        dry = await client.post(
            IMPORTS, content=orgs(b"b0undary"), headers=keyed("k"), params={"dry_run": "true"}
        )
        assert dry.status_code == 200 and dry.json()["written"] is False, dry.text
        async with unchanged(db, "organisations"):
            real = await client.post(IMPORTS, content=orgs(b"b0undary"), headers=keyed("k"))
        assert_problem(real, 422, "idempotency-key-reused", loc=["header", "Idempotency-Key"])
        fresh = await client.post(IMPORTS, content=orgs(b"b0undary"), headers=keyed("new"))
        assert fresh.json()["written"] is True
        assert await count_rows(db, "organisations") == 2

    async def test_the_order_of_query_parameters_does_not_matter(
        self, client: httpx.AsyncClient, db: Database
    ) -> None:
        await client.post(
            f"{IMPORTS}?dry_run=true&format=csv", content=orgs(b"b0undary"), headers=keyed("k")
        )
        again = await client.post(
            f"{IMPORTS}?format=csv&dry_run=true", content=orgs(b"b0undary"), headers=keyed("k")
        )
        assert again.headers["idempotent-replayed"] == "true", again.text

    def test_the_fingerprint_sorts_the_query(self) -> None:
        one = fingerprint("POST", "/p", [("b", "2"), ("a", "1")], "body")
        assert one == fingerprint("POST", "/p", [("a", "1"), ("b", "2")], "body")
        assert one != fingerprint("POST", "/p", [("a", "1")], "body")
        assert one != fingerprint("POST", "/p", [("a", "1"), ("b", "2")], "other body")
