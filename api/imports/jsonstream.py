"""Stream the items of a JSON document one at a time, with the line each starts on.

Loads and restores take ``[{...}, ...]`` or ``{"key": [{...}, ...], "other": value, ...}``: the
array items are decoded one by one from a sliding buffer (``json.JSONDecoder.raw_decode``), so a
file of a million rows is never held whole. Other values are decoded whole. Whatever the text,
the outcome is items or a ``JSONStreamError`` (nesting past the recursion limit and integers
past Python's digit limit included).
"""

import json
from collections.abc import Iterator
from typing import IO, Any

CHUNK = 1 << 16
MAX_ITEM = 64 << 20  # one item larger than this is refused rather than buffered
WHITESPACE = " \t\r\n"
_decoder = json.JSONDecoder()


class JSONStreamError(ValueError):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


class _Buffer:
    def __init__(self, fp: IO[str]) -> None:
        self.fp = fp
        self.text = ""
        self.pos = 0
        self.mark = 0  # lines are counted up to here ...
        self.line = 1  # ... and this is the line at ``mark``
        self.eof = False

    def fill(self) -> bool:
        if self.eof:
            return False
        chunk = self.fp.read(CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.here()
        self.text = self.text[self.pos :] + chunk
        self.pos = self.mark = 0
        return True

    def peek(self) -> str:
        """The next character that is not whitespace ('' at the end)."""
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in WHITESPACE:
                self.pos += 1
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.fill():
                return ""

    def expect(self, chars: str) -> str:
        char = self.peek()
        if not char or char not in chars:
            raise JSONStreamError(
                f"expected one of {chars!r}, found {char or 'the end'!r}", self.here()
            )
        self.pos += 1
        return char

    def here(self) -> int:
        """The line at ``pos`` (counted incrementally: each character once)."""
        self.line += self.text.count("\n", self.mark, self.pos)
        self.mark = self.pos
        return self.line

    def value(self) -> tuple[Any, int]:
        """Decode the next whole value; returns it with the line it starts on."""
        self.peek()
        line = self.here()
        while True:
            try:
                value, end = _decoder.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as exc:
                # Incomplete at the buffer's end (or a number cut short): read more and retry.
                if len(self.text) - self.pos < MAX_ITEM and self.fill():
                    continue
                raise JSONStreamError(exc.msg, line + exc.lineno - 1) from None
            except RecursionError:
                raise JSONStreamError("nested too deeply", line) from None
            except ValueError as exc:  # Python's limit on the digits of an integer
                raise JSONStreamError(str(exc).split(";")[0], line) from None
            if end == len(self.text) and not self.eof and isinstance(value, int | float):
                self.fill()  # a number may go on in the next chunk
                continue
            self.pos = end
            return value, line


def iter_json(fp: IO[str]) -> Iterator[tuple[str | None, int, Any]]:
    """Yield ``(key, line, item)``: the items of a top-level array (key None), or, for a
    top-level object, each array item under its key and any other value whole."""
    buf = _Buffer(fp)
    first = buf.expect("[{")
    if first == "[":
        yield from _array(buf, None)
    else:
        if buf.peek() == "}":
            buf.pos += 1
        else:
            while True:
                key, _ = buf.value()
                if not isinstance(key, str):
                    raise JSONStreamError("object keys must be strings", buf.here())
                buf.expect(":")
                if buf.peek() == "[":
                    buf.pos += 1
                    yield from _array(buf, key)
                else:
                    value, line = buf.value()
                    yield key, line, value
                if buf.expect(",}") == "}":
                    break
    if buf.peek():
        raise JSONStreamError("unexpected data after the document", buf.here())


def _array(buf: _Buffer, key: str | None) -> Iterator[tuple[str | None, int, Any]]:
    if buf.peek() == "]":
        buf.pos += 1
        return
    while True:
        item, line = buf.value()
        yield key, line, item
        if buf.expect(",]") == "]":
            return
