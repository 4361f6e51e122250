"""The feed's cursor: an opaque token for a position, validated before it reaches SQL."""

import base64
import binascii
import re

from api.pagination import INT64, InvalidCursor

PREFIX = "p:"
DIGITS = re.compile(r"0|[1-9][0-9]{0,18}")


def encode(position: int) -> str:
    return base64.urlsafe_b64encode(f"{PREFIX}{position}".encode()).decode().rstrip("=")


def decode(cursor: str | None) -> int:
    """The position a cursor names (0 for none: from the start); a malformed one is a 400
    naming ``after``."""
    if cursor is None:
        return 0
    bad = InvalidCursor(
        "after is not a cursor this feed issued (pass `next` from a page)", loc=["query", "after"]
    )
    if len(cursor) > 40:
        raise bad
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, ValueError) as exc:
        raise bad from exc
    digits = text.removeprefix(PREFIX)
    if not text.startswith(PREFIX) or not DIGITS.fullmatch(digits) or int(digits) >= INT64:
        raise bad
    return int(digits)
