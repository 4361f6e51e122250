"""Which encoding a text file is in: a BOM, else UTF-8 unless the file plainly is not.

A file is UTF-8 when its head decodes as UTF-8, or when, read on from there, it holds at least
as many valid multi-byte UTF-8 characters as bytes that do not decode: a stray bad byte in a
UTF-8 file is then an ``unreadable`` line, never a reason to read the whole file in a legacy
code page (which would store "CafÃ©" for every "Café" in it). Only a file that is not UTF-8 at
all (a legacy file reads to its end here) goes to charset-normalizer, with a sample from where
its non-ASCII bytes begin; Windows-1252 is preferred when it fits, as Excel writes in the UK.
"""

import codecs
import re
from typing import IO

import charset_normalizer

CHUNK = 1 << 20
SAMPLE = 1 << 16
BELOW_LEAD = bytes(range(0xC0))  # deleting these leaves one lead byte per multi-byte character
HIGH = re.compile(rb"[\x80-\xff]")
LATIN = {"cp1250", "cp1252", "cp1257", "latin_1", "iso8859_15", "iso8859_10", "iso8859_16"}


class Tally:
    """Valid multi-byte UTF-8 characters and bytes that do not decode, chunk by chunk."""

    def __init__(self) -> None:
        self.decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
        self.multibyte = 0
        self.bad = 0
        self.sample = b""  # where the first byte past ASCII is

    def add(self, data: bytes, final: bool = False) -> None:
        if data.isascii() and not final:
            return
        if not self.sample and (found := HIGH.search(data)):
            start = max(0, found.start() - SAMPLE // 4)
            self.sample = data[start : start + SAMPLE]
        text = self.decoder.decode(data, final)
        if text.isascii():
            return
        kept = text.encode("utf-8", "ignore")  # drops exactly the bad bytes
        self.bad += len(text.encode("utf-8", "surrogateescape")) - len(kept)
        self.multibyte += len(kept.translate(None, BELOW_LEAD))

    @property
    def utf8(self) -> bool:
        return self.bad == 0 or self.multibyte >= self.bad


def detect_encoding(sample: bytes) -> str:
    """The encoding of a file whose head is ``sample``."""
    bom = _bom(sample)
    if bom:
        return bom
    tally = Tally()
    tally.add(sample, final=True)
    return "utf-8" if tally.utf8 else legacy(tally.sample or sample)


def file_encoding(raw: IO[bytes]) -> str:
    """The encoding of the file ``raw`` (read as far as the verdict needs; the caller rewinds)."""
    head = raw.read(SAMPLE)
    bom = _bom(head)
    if bom:
        return bom
    tally = Tally()
    tally.add(head)
    while not tally.utf8:
        data = raw.read(CHUNK)
        tally.add(data, final=not data)
        if not data:
            break
    return "utf-8" if tally.utf8 else legacy(tally.sample or head)


def _bom(head: bytes) -> str | None:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def legacy(sample: bytes) -> str:
    names = [m.encoding for m in charset_normalizer.from_bytes(sample)]
    if not names or names[0] in ("ascii", "utf_8"):
        return "cp1252"
    if names[0] in LATIN and ("cp1252" in names or _fits(sample, "cp1252")):
        return "cp1252"
    return names[0]


def _fits(sample: bytes, encoding: str) -> bool:
    try:
        sample.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True
