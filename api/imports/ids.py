"""Ids for the rows a load creates: UUIDv7 like ``api.models.base.new_id``, but strictly
increasing within the load (RFC 9562, method 1: a 12-bit counter after the millisecond), so
rows sort by id in the order the file gave them."""

import os
import time
from collections.abc import Iterator

POOL = 4096  # ids' worth of random bits fetched at once (one system call, not one per id)
VARIANT = {c: "89ab"[int(c, 16) & 3] for c in "0123456789abcdef"}  # 0b10xx: RFC 9562


def monotonic_ids() -> Iterator[str]:
    last_ms, counter, prefix = 0, 0, ""
    while True:
        pool = os.urandom(8 * POOL).hex()
        for at in range(0, 16 * POOL, 16):
            ms = time.time_ns() // 1_000_000
            if ms <= last_ms:
                counter += 1
                if counter > 0xFFF:  # 4,096 ids in one millisecond: borrow the next one
                    last_ms, counter = last_ms + 1, 0
                    prefix = _prefix(last_ms)
            else:
                last_ms, counter = ms, 0
                prefix = _prefix(ms)
            rand = pool[at : at + 16]
            yield f"{prefix}{counter:03x}-{VARIANT[rand[0]]}{rand[1:4]}-{rand[4:]}"


def _prefix(ms: int) -> str:
    h = f"{ms:012x}"
    return f"{h[:8]}-{h[8:]}-7"
