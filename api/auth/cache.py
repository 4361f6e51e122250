"""A small in-process cache of looked-up principals, so a request with a known key costs no
database round trip. Entries live ``SP_AUTH_CACHE_SECONDS`` (default 10): a key revoked or a user
disabled in another process is refused within that time; in this process, at once (``forget``).
"""

import time

from api.auth.principal import Principal

MAX_ENTRIES = 10_000


class PrincipalCache:
    def __init__(self, ttl_seconds: float) -> None:
        self.ttl = ttl_seconds
        self._entries: dict[str, tuple[float, Principal]] = {}

    def get(self, key: str) -> Principal | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry[0] <= time.monotonic():
            self._entries.pop(key, None)
            return None
        return entry[1]

    def put(self, key: str, principal: Principal) -> None:
        if self.ttl <= 0:
            return
        if len(self._entries) >= MAX_ENTRIES:
            now = time.monotonic()
            self._entries = {k: v for k, v in self._entries.items() if v[0] > now}
            if len(self._entries) >= MAX_ENTRIES:
                self._entries.clear()
        self._entries[key] = (time.monotonic() + self.ttl, principal)

    def forget(self, principal_id: str) -> None:
        """Drop every entry of a principal (its key was revoked, its user disabled or changed)."""
        self._entries = {k: v for k, v in self._entries.items() if v[1].id != principal_id}
