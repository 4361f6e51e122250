"""Uploads to ``POST /imports``, streamed to a private temporary folder as they arrive.

Nothing holds an upload whole in memory: a multipart body goes through python-multipart's
streaming parser and each ``file`` part straight to a file; a JSON document straight to a file.
``api.http.body_limit`` stops the body at ``SP_IMPORT_MAX_BYTES``. While spooling, the parts'
names, file names and content are hashed for the Idempotency-Key fingerprint, so a retry whose
multipart boundary differs is the same request. Temporary files are named by number: the
caller's file name (any length or characters) is only shown, never used as a path.
"""

import hashlib
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import anyio
import orjson
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from api.errors import ProblemError, RuleBroken
from api.imports.readers import Source

MULTIPART = "multipart/form-data"
MAX_PARTS = 1000
MAX_HEADER = 1 << 16  # a part's header line: room for a file name thousands of characters long
UNSHOWN = re.compile(r"[\x00-\x1f\x7f]")


class NotAnImport(RuleBroken):
    type = "not-an-import"
    title = "Send files as multipart/form-data (field `file`) or one JSON document"


class MalformedUpload(ProblemError):
    status = 400
    type = "malformed-upload"
    title = "The multipart body cannot be read"


@dataclass
class Upload:
    """Uploaded files in a private temporary folder (removed by ``remove``, or by the background
    job once ``kept`` by one)."""

    folder: Path
    sources: list[Source] = field(default_factory=list)
    digest: str = ""  # of every part's name, file name and content ("" when not asked for)
    kept: bool = False

    @property
    def size(self) -> int:
        return sum(s.size for s in self.sources)

    def read_as(self, format: str | None, resource: str | None) -> None:
        """Apply the query's ``format`` and ``resource`` (a JSON body is always JSON)."""
        for source in self.sources:
            source.format = source.format or format
            source.resource = resource

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def shown_name(raw: bytes | None) -> str:
    """The file name as reports show it: its last path segment, without control characters."""
    name = (raw or b"").decode("utf-8", "replace")
    name = UNSHOWN.sub("", re.split(r"[/\\]", name)[-1]).strip()
    return name or "upload"


async def receive(request: Request, digest: bool, root: Path | None = None) -> Upload:
    """Spool the request's files (``digest``: and hash them) into a new private folder in
    ``root`` (default: the temporary directory)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in (MULTIPART, "application/json", ""):
        raise NotAnImport(f"cannot load {kind!r}", loc=["header", "Content-Type"])
    if root is not None:
        await anyio.to_thread.run_sync(lambda: root.mkdir(parents=True, exist_ok=True))
    upload = Upload(Path(tempfile.mkdtemp(prefix="sp-import-", dir=root)))
    try:
        if kind == MULTIPART:
            await _Multipart(request, upload, digest).spool()
        else:
            await _document(request, upload, digest)
    except BaseException:
        upload.remove()
        raise
    return upload


async def _document(request: Request, upload: Upload, digest: bool) -> None:
    path = upload.folder / "0"
    hashed = hashlib.sha256()
    blank = True
    with path.open("wb") as out:
        async for chunk in request.stream():
            blank = blank and not chunk.strip()
            await anyio.to_thread.run_sync(_write, out, hashed if digest else None, chunk)
    if blank:
        raise NotAnImport("the body is empty", loc=["body"])
    upload.sources.append(_source(path, "upload.json", "json"))
    upload.digest = hashed.hexdigest() if digest else ""


def _write(out: IO[bytes], hashed: Any, chunk: bytes) -> None:
    out.write(chunk)
    if hashed is not None:
        hashed.update(chunk)


def _source(path: Path, name: str, format: str | None = None) -> Source:
    return Source(name, lambda: path.open("rb"), path.stat().st_size, format=format)


@dataclass
class _Part:
    name: bytes = b""
    filename: bytes | None = None
    hashed: Any = None  # hashlib object, when digesting
    out: IO[bytes] | None = None  # a file part of field ``file``: its temporary file
    path: Path | None = None


class _Multipart:
    """python-multipart's callbacks collect each chunk's pieces; the pieces are written (and
    hashed) on a worker thread, so the event loop never waits on the disk."""

    def __init__(self, request: Request, upload: Upload, digest: bool) -> None:
        self.request = request
        self.upload = upload
        self.digest = digest
        self.parts: list[_Part] = []
        self.pending: list[tuple[_Part, bytes]] = []
        self.header = [b"", b""]  # the current header's field and value
        self.disposition = b""

    async def spool(self) -> None:
        _, options = parse_options_header(self.request.headers.get("content-type"))
        boundary = options.get(b"boundary")
        if not boundary:
            raise MalformedUpload(
                "the Content-Type names no multipart boundary", loc=["header", "Content-Type"]
            )
        parser = MultipartParser(
            boundary,
            {
                "on_part_begin": self._begin,
                "on_part_data": self._data,
                "on_header_field": lambda d, s, e: self._header(0, d[s:e]),
                "on_header_value": lambda d, s, e: self._header(1, d[s:e]),
                "on_header_end": self._header_end,
                "on_headers_finished": self._headers_finished,
            },
            max_header_size=MAX_HEADER,
        )
        try:
            async for chunk in self.request.stream():
                parser.write(chunk)
                await anyio.to_thread.run_sync(self._flush)
            parser.finalize()
        except FormParserError as exc:
            raise MalformedUpload(f"the multipart body is malformed: {exc}", loc=["body"]) from exc
        finally:
            for part in self.parts:
                if part.out is not None:
                    part.out.close()
        files = [p for p in self.parts if p.path is not None]
        if not files:
            raise NotAnImport("the form has no `file` part", loc=["body", "file"])
        for part in files:
            assert part.path is not None
            self.upload.sources.append(_source(part.path, shown_name(part.filename)))
        if self.digest:
            whole = hashlib.sha256()
            for part in self.parts:
                text = None if part.filename is None else part.filename.decode("latin-1")
                key = [part.name.decode("latin-1"), text, part.hashed.hexdigest()]
                whole.update(orjson.dumps(key) + b"\n")
            self.upload.digest = whole.hexdigest()

    def _begin(self) -> None:
        if len(self.parts) >= MAX_PARTS:
            raise MalformedUpload(f"more than {MAX_PARTS} parts", loc=["body"])
        self.parts.append(_Part(hashed=hashlib.sha256() if self.digest else None))
        self.disposition = b""

    def _header(self, which: int, data: bytes) -> None:
        self.header[which] += data

    def _header_end(self) -> None:
        if self.header[0].strip().lower() == b"content-disposition":
            self.disposition = self.header[1]
        self.header = [b"", b""]

    def _headers_finished(self) -> None:
        part = self.parts[-1]
        _, options = parse_options_header(self.disposition)
        part.name = options.get(b"name", b"")
        part.filename = options.get(b"filename")
        if part.name == b"file" and part.filename is not None:
            part.path = self.upload.folder / str(len(self.parts))
            part.out = part.path.open("wb")

    def _data(self, data: bytes, start: int, end: int) -> None:
        self.pending.append((self.parts[-1], data[start:end]))

    def _flush(self) -> None:
        for part, data in self.pending:
            if part.out is not None:
                part.out.write(data)
            if part.hashed is not None:
                part.hashed.update(data)
        self.pending.clear()
