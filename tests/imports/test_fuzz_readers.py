"""Property-based fuzzing of every reader: arbitrary bytes, text and nested structures go in,
and the only outcomes allowed are shaped rows or a ``ReadError`` reported as a file or line
error (no database: everything a load does to a file short of the write)."""

import io
import json
import zipfile
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from api.imports.readers import ReadError, Source
from api.imports.report import Report
from api.imports.rows import Shaper, column_faults
from api.imports.sources import plan
from tests.imports.hostile import PAYMENTS, SHEET, workbook

HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large]
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=HEALTH, database=None)
# Structures cost more to draw and workbooks more to open: fewer, to stay well under a minute.
FEW = settings(max_examples=100, deadline=None, suppress_health_check=HEALTH, database=None)
COLUMNS = ["ref", "name", "org_identifier", "kind", "postcode", "url"]
# Every character, lone surrogates included (JSON carries them as escapes).
CHARS = st.characters(exclude_categories=())
NASTY = st.sampled_from(
    ["\x00", "\r", "\n", '"', ",", ";", "\t", "|", "'", "=", "\ufeff", "é", "["]
)


def read_all(name: str, data: bytes) -> tuple[int, Report]:
    """Read, shape and validate every row of a file named ``name`` holding ``data``."""
    source = Source(name, lambda: io.BytesIO(data), len(data))
    report = Report()
    rows = 0
    for _order, _number, opener in plan([(0, source)], report):
        for section in opener():
            res, header = section.resource, section.header
            if header is not None and (
                len(set(header)) < len(header) or set(header) - set(res.columns)
            ):
                continue  # the load refuses the header and reads no further
            shaper = Shaper(res, header)
            try:
                for record in section.records:
                    p = shaper.shape(record.line, record.values, lambda *a: None)
                    rows += 1
                    try:
                        model = res.create.model_validate({**p.values, "ref": p.ref})
                    except ValidationError:
                        continue
                    column_faults(res, model.__dict__)
            except ReadError as exc:
                assert str(exc)
    return rows, report


@FUZZ
@given(ext=st.sampled_from(["csv", "ndjson", "json", "xlsx", "tsv"]), data=st.binary(max_size=4096))
def test_arbitrary_bytes(ext: str, data: bytes) -> None:
    read_all(f"payments.{ext}", data)


def text_table(draw: Any) -> str:
    header = draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=6, unique=True))
    cell = st.text(st.one_of(CHARS, NASTY), max_size=30)
    rows = draw(st.lists(st.lists(cell, max_size=8), max_size=8))
    sep = draw(st.sampled_from([",", ";", "\t", "|"]))
    end = draw(st.sampled_from(["\r\n", "\n", "\r"]))
    return end.join(sep.join(r) for r in [header, *rows])


@st.composite
def csv_files(draw: Any) -> bytes:
    text = text_table(draw)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]))
    data = text.encode(encoding, "surrogatepass" if encoding == "utf-8" else "replace")
    if draw(st.booleans()):  # a stray byte anywhere
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=3)) + data[at:]
    return data


@FUZZ
@given(data=csv_files())
def test_csv_text(data: bytes) -> None:
    read_all("organisations.csv", data)


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=2**62, max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(CHARS, max_size=20),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(CHARS, max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
ROWS = st.lists(
    st.one_of(st.dictionaries(st.sampled_from(COLUMNS), VALUES, max_size=6), VALUES), max_size=5
)


@st.composite
def json_text(draw: Any, document: bool) -> bytes:
    rows = draw(ROWS)
    if document:
        keyed = draw(st.booleans())
        text = json.dumps({"organisations": rows} if keyed else rows)
    else:
        text = "\n".join(json.dumps(r) for r in rows)
    hostile = draw(
        st.sampled_from(["", "deep", "digits", "cut", "bytes"]),
    )
    at = draw(st.integers(0, len(text)))
    if hostile == "deep":
        text = text[:at] + "[" * draw(st.integers(500, 20_000)) + text[at:]
    elif hostile == "digits":
        text = text[:at] + "1" * draw(st.integers(4000, 6000)) + text[at:]
    elif hostile == "cut":
        text = text[:at]
    data = text.encode("utf-8", "surrogatepass")
    if hostile == "bytes":
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:]
    return data


@FEW
@given(data=json_text(document=True))
def test_json_documents(data: bytes) -> None:
    read_all("organisations.json", data)


@FEW
@given(data=json_text(document=False))
def test_ndjson_lines(data: bytes) -> None:
    read_all("organisations.ndjson", data)


TEMPLATE = workbook({"payments": PAYMENTS})
COLUMN_NAMES = st.sampled_from(["A", "B", "C", "Z", "AA", "XFD", "XFE", "ZZZZ", ""])
CELL = st.tuples(
    COLUMN_NAMES,
    st.integers(0, 2_000_000),
    st.sampled_from(["n", "s", "b", "str", "inlineStr", "e", "d", "zz"]),
    st.one_of(st.text(max_size=12), st.integers().map(str), st.just("1" * 5000)),
)


def cell_xml(column: str, row: int, kind: str, value: str) -> str:
    escaped = value.replace("&", "&amp;").replace("<", "&lt;")
    if kind == "inlineStr":
        return f'<c r="{column}{row}" t="inlineStr"><is><t>{escaped}</t></is></c>'
    return f'<c r="{column}{row}" t="{kind}" s="1"><v>{escaped}</v></c>'


@st.composite
def workbooks(draw: Any) -> bytes:
    rows = draw(
        st.lists(st.tuples(st.integers(0, 2_000_000), st.lists(CELL, max_size=4)), max_size=6)
    )
    data = "".join(
        f'<row r="{r}">' + "".join(cell_xml(*c) for c in cells) + "</row>" for r, cells in rows
    )
    dimension = draw(st.sampled_from(["", '<dimension ref="A1:XFD1048576"/>', "<dimension/>"]))
    xml = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{dimension}<sheetData>{data}</sheetData></worksheet>"
    )
    src = zipfile.ZipFile(io.BytesIO(TEMPLATE))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = xml.encode() if info.filename == SHEET else src.read(info.filename)
            dst.writestr(info.filename, body)
    book = out.getvalue()
    if draw(st.booleans()):  # flip a byte anywhere in the package
        at = draw(st.integers(0, len(book) - 1))
        book = book[:at] + bytes([draw(st.integers(0, 255))]) + book[at + 1 :]
    return book


@FEW
@given(data=workbooks())
def test_xlsx_sheets(data: bytes) -> None:
    read_all("payments.xlsx", data)


def test_a_damaged_relationships_part_is_a_file_error() -> None:
    """Found by the fuzzer: a flipped byte in the workbook's relationships part surfaced from
    the sheet list, outside the reader's guard, as a raw BadZipFile."""
    book = bytearray(TEMPLATE)
    name = b"xl/_rels/workbook.xml.rels"
    at = book.index(name)  # the local header's copy of the name, before the directory's
    book[at] ^= 0x01
    _rows, report = read_all("payments.xlsx", bytes(book))
    assert report.errors and "not a readable XLSX workbook" in str(report.errors[0])
