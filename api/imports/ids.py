"""Ids for the rows a load creates: UUIDv7 like ``api.models.base.new_id``, but strictly
increasing within the load (RFC 9562, method 1: a 12-bit counter after the millisecond), so
rows sort by id in the order the file gave them."""

import os
import time
from collections.abc import Iterator

POOL = 4096  # ids' worth of random bits fetched at once (one system call, not one per id)
CLOCK_EVERY = 64  # ids made between readings of the clock (each takes the counter's next value)
VARIANT = {c: "89ab"[int(c, 16) & 3] for c in "0123456789abcdef"}  # 0b10xx: RFC 9562


def monotonic_ids() -> Iterator[str]:
    last_ms, counter = 0, -1
    while True:
        pool = os.urandom(8 * POOL).hex()
        for start in range(0, 16 * POOL, 16 * CLOCK_EVERY):
            ms = time.time_ns() // 1_000_000
            if ms > last_ms:
                last_ms, counter = ms, -1
            for at in range(start, start + 16 * CLOCK_EVERY, 16):
                counter += 1
                if counter > 0xFFF:  # 4,096 ids in one millisecond: borrow the next one
                    last_ms, counter = last_ms + 1, 0
                if counter == 0 or at == start:
                    h = f"{last_ms:012x}"
                    prefix = f"{h[:8]}-{h[8:]}-7"
                rand = pool[at : at + 16]
                yield f"{prefix}{counter:03x}-{VARIANT[rand[0]]}{rand[1:4]}-{rand[4:]}"
