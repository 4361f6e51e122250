"""The OpenAPI document's paths as regexes: what a request's path documents.

One index serves the middleware (405 before routing, the media types a body may have), the
405 handler's ``Allow`` and the metrics' and logs' route label (``api.observe``); it is built on
first use, from the finished document.
"""

import re
from collections.abc import Callable, Iterator
from typing import Any

HTTP_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE"})
KEY_SEGMENTS = 4  # ``/api/v1/<resource>``: the literal head of every API path

# method → the request media types it takes (empty: no body)
Operations = dict[str, frozenset[str]]
Index = dict[tuple[int, str], list[tuple[re.Pattern[str], Operations, str]]]


def path_pattern(template: str) -> re.Pattern[str]:
    """``/teams/{team_id}/partners`` → a regex matching its URLs (with or without a final /)."""
    return re.compile(re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "/?")


def path_key(path: str) -> tuple[int, str]:
    """Paths of one template share this key (its segment count and literal head), so a request
    is matched against a few templates, not all of them."""
    if len(path) > 1 and path.endswith("/"):
        path = path[:-1]  # the templates' patterns allow one final /
    segments = path.split("/", KEY_SEGMENTS)
    return path.count("/"), "/".join(segments[:KEY_SEGMENTS])


def build(paths: dict[str, Any]) -> Index:
    index: Index = {}
    for template, operations in paths.items():
        methods = {
            name.upper(): frozenset(op.get("requestBody", {}).get("content", {}))
            for name, op in operations.items()
            if name.upper() in HTTP_METHODS
        }
        # A parameter within the head: keyed by segment count alone (none today).
        key = path_key(template)
        key = (key[0], "") if "{" in key[1] else key
        index.setdefault(key, []).append((path_pattern(template), methods, template))
    return index


class RoutesIndex:
    def __init__(self, openapi: Callable[[], dict[str, Any]]) -> None:
        self.openapi = openapi
        self._index: Index | None = None

    def operations(self, path: str) -> Operations | None:
        """The documented operations at ``path``; None when the document has no such path."""
        found: Operations = {}
        for _template, methods in self._matches(path):
            found.update(methods)
        return found or None

    def template(self, path: str) -> str | None:
        """The documented template ``path`` matches (``/api/v1/teams/{team_id}``), if any."""
        for template, _methods in self._matches(path):
            return template
        return None

    def _matches(self, path: str) -> Iterator[tuple[str, Operations]]:
        if self._index is None:
            self._index = build(self.openapi().get("paths", {}))
        key = path_key(path)
        for candidates in (self._index.get(key, ()), self._index.get((key[0], ""), ())):
            for pattern, methods, template in candidates:
                if pattern.fullmatch(path):
                    yield template, methods

    def methods(self, path: str) -> list[str]:
        """The methods documented at ``path``, sorted (a 405's ``Allow``)."""
        return sorted(self.operations(path) or ())
