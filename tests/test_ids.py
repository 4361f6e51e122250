"""The one id generator (api/ids.py): UUIDv7, unique, strictly increasing in the order ids are
made, from one thread or several."""

import threading
import time
import uuid
from itertools import islice
from types import SimpleNamespace

import pytest

from api import ids
from api.ids import Uuid7, new_id, uuid7s
from api.models.base import new_id as base_new_id


def test_ids_are_uuid7_strictly_increasing_and_unique() -> None:
    ids = [new_id() for _ in range(20_000)]  # several pools; more than 4,096 a millisecond
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    for text in ids[::97]:
        value = uuid.UUID(text)
        assert (value.version, value.variant, str(value)) == (7, uuid.RFC_4122, text)


def test_ids_carry_the_time_they_were_made() -> None:
    made = int(new_id().replace("-", "")[:12], 16)
    assert abs(made - time.time() * 1000) < 60_000


def test_rows_and_loads_take_ids_from_the_same_source() -> None:
    assert base_new_id is new_id
    assert base_new_id() < new_id() < base_new_id()


def test_a_full_millisecond_borrows_the_next(monkeypatch: pytest.MonkeyPatch) -> None:
    ms = 1_764_806_400_000  # 2025-12-04T00:00Z, 0x019ae6a89800
    monkeypatch.setattr(ids, "time", SimpleNamespace(time_ns=lambda: ms * 1_000_000))
    made = list(islice(uuid7s(), 4097))
    assert [i[:18] for i in made[:2]] == ["019ae6a8-9800-7000", "019ae6a8-9800-7001"]
    assert made[4095][:18] == "019ae6a8-9800-7fff"  # the 12-bit counter's last value
    assert made[4096][:18] == "019ae6a8-9801-7000"  # the next millisecond's first
    assert made == sorted(made) and len(set(made)) == 4097


def test_a_clock_that_goes_back_does_not_take_ids_back(monkeypatch: pytest.MonkeyPatch) -> None:
    readings = iter([1_764_806_400_000, 1_764_806_399_990, 1_764_806_400_001])
    monkeypatch.setattr(ids, "time", SimpleNamespace(time_ns=lambda: next(readings) * 1_000_000))
    made = [i[:18] for i in islice(uuid7s(), 3)]
    assert made == ["019ae6a8-9800-7000", "019ae6a8-9800-7001", "019ae6a8-9801-7000"]


def test_several_threads_get_unique_ids_increasing_in_each() -> None:
    source = Uuid7()
    made: dict[int, list[str]] = {}
    start = threading.Barrier(4)

    def take(thread: int) -> None:
        start.wait()
        made[thread] = [source() for _ in range(5_000)]

    threads = [threading.Thread(target=take, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(made) == [0, 1, 2, 3]
    for taken in made.values():
        assert taken == sorted(taken) and len(taken) == 5_000
    assert len({i for taken in made.values() for i in taken}) == 20_000
