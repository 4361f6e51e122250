"""Ids a load gives new rows: UUIDv7, unique, increasing in the order they are made."""

import time
import uuid
from itertools import islice

from api.imports.ids import monotonic_ids


def test_ids_are_uuid7_strictly_increasing_and_unique() -> None:
    ids = list(islice(monotonic_ids(), 20_000))  # several pools; more than 4,096 a millisecond
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    for text in ids[::97]:
        value = uuid.UUID(text)
        assert (value.version, value.variant, str(value)) == (7, uuid.RFC_4122, text)


def test_ids_carry_the_time_they_were_made() -> None:
    made = int(next(monotonic_ids()).replace("-", "")[:12], 16)
    assert abs(made - time.time() * 1000) < 60_000
