"""Ids for the rows a load creates: UUIDv7 like ``api.models.base.new_id``, but strictly
increasing within the load (RFC 9562, method 1: a 12-bit counter after the millisecond), so
rows sort by id in the order the file gave them."""

import os
import time
from collections.abc import Iterator


def monotonic_ids() -> Iterator[str]:
    last_ms, counter = 0, 0
    while True:
        ms = time.time_ns() // 1_000_000
        if ms <= last_ms:
            counter += 1
            ms = last_ms
            if counter > 0xFFF:  # 4,096 ids in one millisecond: borrow the next one
                ms, counter = last_ms + 1, 0
        else:
            counter = 0
        last_ms = ms
        rand = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
        value = (ms << 80) | (0x7 << 76) | (counter << 64) | (0x2 << 62) | rand
        h = f"{value:032x}"
        yield f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
