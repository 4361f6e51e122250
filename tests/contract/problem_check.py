"""Schemathesis hooks for the contract test (loaded with ``SCHEMATHESIS_HOOKS``).

``problem_details``: every response that is not a success is an RFC 9457 problem document
(``application/problem+json``) whose ``status`` is the HTTP status. 304 Not Modified is the one
exception: HTTP forbids it a body.
"""

import json
from typing import Any

import schemathesis

PROBLEM_JSON = "application/problem+json"


@schemathesis.check
def problem_details(ctx: Any, response: Any, case: Any) -> bool | None:
    status = response.status_code
    if 200 <= status < 300 or status == 304:
        return None
    content_type = (response.headers.get("content-type") or [""])[0]
    if content_type.split(";")[0].strip() != PROBLEM_JSON:
        raise AssertionError(f"{status} answered with {content_type!r}, not {PROBLEM_JSON}")
    try:
        body = json.loads(response.content)
    except ValueError as exc:
        raise AssertionError(f"{status} problem body is not JSON") from exc
    if not isinstance(body, dict) or body.get("status") != status:
        got = body.get("status") if isinstance(body, dict) else body
        raise AssertionError(f"problem status {got!r} differs from the HTTP status {status}")
    for field in ("type", "title", "detail"):
        if not isinstance(body.get(field), str):
            raise AssertionError(f"{status} problem has no {field!r}")
    return None
