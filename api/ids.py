"""The one UUIDv7 generator: every id this process makes (rows, API keys, tokens, imports).

Ids are opaque to callers but time-ordered, so keyset pages follow creation, and strictly
increasing within the process (RFC 9562, method 1: a 12-bit counter after the millisecond), so
the rows a load creates sort by id in the order its file gave them. Safe to call from several
threads (the import jobs run in threads): a lock is held while the next id is taken. Across
processes ids are ordered to the millisecond and kept apart by their 62 random bits.
"""

import os
import threading
import time
from collections.abc import Iterator

POOL = 4096  # ids' worth of random bits fetched at once (one system call, not one per id)
VARIANT = {c: "89ab"[int(c, 16) & 3] for c in "0123456789abcdef"}  # 0b10xx: RFC 9562


def uuid7s() -> Iterator[str]:
    """UUIDv7 strings, each greater than the one before (one thread at a time: ``Uuid7``)."""
    last_ms, counter, prefix = 0, 0, ""
    while True:
        pool = os.urandom(8 * POOL).hex()
        for at in range(0, 16 * POOL, 16):
            ms = time.time_ns() // 1_000_000
            if ms > last_ms:
                last_ms, counter = ms, 0
            elif counter < 0xFFF:
                counter += 1
            else:  # 4,096 ids in one millisecond (or the clock went back): borrow the next one
                last_ms, counter = last_ms + 1, 0
            if counter == 0:
                h = f"{last_ms:012x}"
                prefix = f"{h[:8]}-{h[8:]}-7"
            rand = pool[at : at + 16]
            yield f"{prefix}{counter:03x}-{VARIANT[rand[0]]}{rand[1:4]}-{rand[4:]}"


class Uuid7:
    """The process's source of ids: call it for the next one."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ids = uuid7s()

    def __call__(self) -> str:
        with self._lock:
            return next(self._ids)

    def after_fork(self) -> None:
        """A forked process (a server worker) draws random bits of its own, never its parent's
        pool, and a new lock (another thread may have held the old one at the fork)."""
        self._lock = threading.Lock()
        self._ids = uuid7s()


new_id = Uuid7()
os.register_at_fork(after_in_child=new_id.after_fork)
