"""A corpus of hostile load files, generated in code: each is a few files named after their
resources, and each must be answered with a report (never a crash, a hang or a 5xx)."""

import codecs
import io
import json
import random
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date

import openpyxl

ORG_HEADER = "ref,name,org_identifier,kind\r\n"
ORGS_CSV = (ORG_HEADER + "thf,The Health Foundation,GB-CHC-286967,funder\r\n").encode()
PROG_HEADER = "ref,code,title,funder_ref,start_date,end_date"
PROG_ROW = "sp,CTG-SP,Shared Purpose,thf,2012-06-01,2015-12-31"
BIG = 2**63  # one past the largest BIGINT
DIGITS = "1" + "0" * 5000  # past Python's int max str digits (4300)
DEEP = 100_000


@dataclass
class Case:
    id: str
    files: dict[str, bytes]
    loads: bool = False  # odd but well-formed: it loads
    json_body: bool = field(default=False)  # also sent as the JSON body of POST /imports


def org_row(name: str) -> dict[str, str]:
    return {"ref": "o1", "name": name, "org_identifier": "GB-CHC-1", "kind": "charity"}


def escaped(doc: object) -> bytes:
    """JSON text with ``\\uXXXX`` escapes for what UTF-8 cannot carry (lone surrogates)."""
    return json.dumps(doc).encode()


def programmes_csv(column: str, value: str) -> dict[str, bytes]:
    body = f"{PROG_HEADER},{column}\r\n{PROG_ROW},{value}\r\n"
    return {"organisations.csv": ORGS_CSV, "programmes.csv": body.encode()}


def programmes_json(column: str, value: str) -> bytes:
    row = dict(zip(PROG_HEADER.split(","), PROG_ROW.split(","), strict=True))
    doc = json.dumps({"organisations": [org_row("T")], "programmes": [{**row, column: 0}]})
    doc = doc.replace('"organisations": [{"ref": "o1"', '"organisations": [{"ref": "thf"')
    return doc.replace(f'"{column}": 0', f'"{column}": {value}').encode()


def text_cases() -> list[Case]:
    noise = random.Random(9).randbytes(4096)
    cases = [
        Case("csv-empty", {"payments.csv": b""}),
        Case("csv-whitespace", {"payments.csv": b"  \r\n\t \n"}),
        Case("csv-bom-only", {"payments.csv": codecs.BOM_UTF8}),
        Case("csv-utf16-bom-only", {"payments.csv": codecs.BOM_UTF16_LE}),
        Case(
            "csv-utf16-odd-byte",
            {"payments.csv": codecs.BOM_UTF16_LE + "ref,".encode("utf-16-le") + b"x"},
        ),
        Case("csv-binary", {"payments.csv": noise}),
        Case("csv-png", {"payments.csv": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + noise[:512]}),
        Case("csv-long-header", {"payments.csv": b"ref," + b"x" * 200_000 + b"\r\n"}),
        Case(
            "csv-long-field",
            {"payments.csv": b"ref,amount_pence\r\np1," + b"9" * 200_000 + b"\r\n"},
        ),
        Case(
            "csv-many-cells", {"payments.csv": b"ref,amount_pence\r\n" + b"," * 1_000_000 + b"\r\n"}
        ),
        Case(
            "csv-sniffer-quadratic",
            {"payments.csv": b"ref,amount_pence\r\n" + b',"' * 30_000 + b"\r\n"},
        ),
        Case(
            "csv-nul",
            {"organisations.csv": (ORG_HEADER + "o1,Caf\x00e,GB-CHC-1,charity\r\n").encode()},
        ),
        Case(
            "csv-nul-ref",
            {"organisations.csv": (ORG_HEADER + "o\x001,Cafe,GB-CHC-1,charity\r\n").encode()},
        ),
        Case("csv-deep-list", programmes_csv("aims", "[" * DEEP), loads=True),
        Case("csv-long-int-list", programmes_csv("aims", f'"[{DIGITS}]"'), loads=True),
        Case("csv-int-digits", programmes_csv("award_cap_pence", DIGITS)),
        Case("csv-int-past-64-bits", programmes_csv("award_cap_pence", str(BIG))),
        Case("csv-int-past-32-bits", programmes_csv("max_teams", str(2**31))),
        Case(
            "csv-old-mac-line-ends",
            {
                "organisations.csv": (ORG_HEADER + "o1,Cafe,GB-CHC-1,charity\r\n")
                .replace("\r\n", "\r")
                .encode()
            },
            loads=True,
        ),
        Case("ndjson-empty", {"payments.ndjson": b""}),
        Case("ndjson-whitespace", {"payments.ndjson": b"\n \r\n\t\n"}),
        Case("ndjson-bom-only", {"payments.ndjson": codecs.BOM_UTF8}),
        Case("ndjson-binary", {"payments.ndjson": noise}),
        Case("ndjson-deep-array", {"payments.ndjson": b"[" * DEEP + b"\n"}),
        Case("ndjson-deep-object", {"payments.ndjson": b'{"a":' * DEEP + b"\n"}),
        Case(
            "ndjson-int-digits",
            {"payments.ndjson": f'{{"ref": "p", "amount_pence": {DIGITS}}}\n'.encode()},
        ),
        Case("ndjson-bad-utf8", {"payments.ndjson": b'{"ref": "\xff\xfe"}\n'}),
        Case("ndjson-nul", {"organisations.ndjson": json.dumps(org_row("Caf\x00e")).encode()}),
        Case(
            "ndjson-lone-surrogate",
            {"organisations.ndjson": escaped(org_row("\ud800"))},
        ),
        Case(
            "ndjson-surrogate-ref",
            {"organisations.ndjson": escaped({**org_row("N"), "ref": "\udfff"})},
        ),
        Case(
            "ndjson-old-mac-line-ends",
            {"organisations.ndjson": (json.dumps(org_row("A")) + "\r").encode()},
            loads=True,
        ),
    ]
    json_cases = [
        Case("json-empty", {"payments.json": b""}),
        Case("json-whitespace", {"payments.json": b" \r\n\t"}),
        Case("json-bom-only", {"payments.json": codecs.BOM_UTF8}),
        Case("json-binary", {"payments.json": noise}),
        Case("json-bad-utf8-head", {"payments.json": b'[{"ref": "\xff\xfe"}]'}),
        Case("json-deep-array", {"payments.json": b"[" * DEEP}),
        Case("json-deep-object", {"payments.json": b'{"payments": ' + b"[" * DEEP}),
        Case("json-deep-value", {"payments.json": b'{"payments": [{"ref": ' + b"[" * DEEP}),
        Case(
            "json-int-digits",
            {"payments.json": f'[{{"ref": "p", "amount_pence": {DIGITS}}}]'.encode()},
        ),
        Case("json-int-digits-key", {"payments.json": f'{{"x": {DIGITS}}}'.encode()}),
        Case("json-nul", {"organisations.json": json.dumps([org_row("Caf\x00e")]).encode()}),
        Case(
            "json-lone-surrogate",
            {"organisations.json": escaped({"organisations": [org_row("\ud800x")]})},
        ),
        Case("json-scalar", {"payments.json": b"42"}),
        Case("json-resource-not-rows", {"upload.json": b'{"payments": 5}'}),
        Case("json-resource-of-numbers", {"upload.json": b'{"payments": [1, 2]}'}),
        Case("json-float-inf", {"programmes.json": programmes_json("award_cap_pence", "1e400")}),
        Case(
            "json-int-past-64-bits",
            {"programmes.json": programmes_json("award_cap_pence", str(BIG))},
        ),
        Case(
            "json-int-past-32-bits", {"programmes.json": programmes_json("max_teams", str(2**31))}
        ),
    ]
    for case in json_cases:
        case.json_body = True
    return cases + json_cases


def workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def patched(book: bytes, part: str, edit: object) -> bytes:
    """``book`` with ``part`` rewritten by ``edit`` (bytes -> bytes), or replaced (bytes)."""
    src = zipfile.ZipFile(io.BytesIO(book))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == part:
                data = edit(data) if callable(edit) else edit  # type: ignore[assignment]
            dst.writestr(info.filename, data)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
PAYMENTS = [["ref", "amount_pence"], ["p1", 100]]


def sheet_data(rows: str, dimension: str | None = None) -> object:
    """An edit that puts ``rows`` (XML) in the sheet's data, and ``dimension`` if given."""

    def edit(xml: bytes) -> bytes:
        text = xml.decode()
        text = re.sub(
            r"<sheetData>.*</sheetData>|<sheetData/>",
            f"<sheetData>{rows}</sheetData>",
            text,
            flags=re.S,
        )
        text = re.sub(
            r"<dimension [^>]*/>", f'<dimension ref="{dimension}"/>' if dimension else "", text
        )
        return text.encode()

    return edit


def lying_sizes(book: bytes, part: str, size: int) -> bytes:
    """``book`` with the central directory claiming ``part`` unzips to ``size`` bytes."""
    src = zipfile.ZipFile(io.BytesIO(book))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == part:
                with dst.open(info.filename, "w", force_zip64=True) as fp:
                    fp.write(data)
                dst.filelist[-1].file_size = size
            else:
                dst.writestr(info.filename, data)
    return out.getvalue()


def xlsx_cases() -> list[Case]:
    payments = workbook({"payments": PAYMENTS})
    header = '<row r="1"><c r="A1" t="inlineStr"><is><t>ref</t></is></c></row>'
    dated = workbook({"payments": [["ref", "scheduled_date"], ["p1", date(2013, 1, 1)]]})
    money = workbook(
        {
            "organisations": [
                ["ref", "name", "org_identifier", "kind"],
                ["thf", "T", "GB-CHC-1", "funder"],
            ],
            "programmes": [
                [*PROG_HEADER.split(","), "award_cap_pence"],
                [*PROG_ROW.split(","), BIG],
            ],
        }
    )
    empty_rows = header + "<row/>" * 3_000_000
    styled_rows = header + '<row><c s="0"/><c s="0"/></row>' * 1_000_000
    return [
        Case("xlsx-empty", {"payments.xlsx": b""}),
        Case("xlsx-binary", {"payments.xlsx": random.Random(3).randbytes(4096)}),
        Case("xlsx-text", {"payments.xlsx": b"ref,amount_pence\r\np1,100\r\n"}),
        Case(
            "xlsx-zip-not-a-workbook",
            {"payments.xlsx": patched(payments, "[Content_Types].xml", b"<x/>")},
        ),
        Case("xlsx-truncated", {"payments.xlsx": payments[: len(payments) // 2]}),
        Case(
            "xlsx-bad-sheet-xml",
            {"payments.xlsx": patched(payments, SHEET, b"<worksheet><sheetData><row>")},
        ),
        Case(
            "xlsx-int-digits",
            {
                "payments.xlsx": patched(
                    payments,
                    SHEET,
                    sheet_data(header + f'<row r="2"><c r="A2"><v>{DIGITS}</v></c></row>'),
                )
            },
        ),
        Case(
            "xlsx-shared-string-missing",
            {
                "payments.xlsx": patched(
                    payments,
                    SHEET,
                    sheet_data(header + '<row r="2"><c r="A2" t="s"><v>999</v></c></row>'),
                )
            },
        ),
        Case(
            "xlsx-bad-coordinate",
            {
                "payments.xlsx": patched(
                    payments,
                    SHEET,
                    sheet_data(header + '<row r="2"><c r="ZZZZ2"><v>1</v></c></row>'),
                )
            },
        ),
        Case(
            "xlsx-date-out-of-range",
            {
                "payments.xlsx": patched(
                    dated,
                    SHEET,
                    lambda x: re.sub(rb"(<c r=\"B2\"[^>]*><v>)[^<]*", rb"\g<1>1e20", x),
                )
            },
        ),
        Case(
            "xlsx-rows-out-of-order",
            {
                "payments.xlsx": patched(
                    payments,
                    SHEET,
                    sheet_data(header + '<row r="3"/><row r="2"><c r="A2"><v>1</v></c></row>'),
                )
            },
        ),
        Case(
            "xlsx-declares-XFD1048576",
            {"payments.xlsx": patched(payments, SHEET, sheet_data(header, "A1:XFD1048576"))},
        ),
        Case(
            "xlsx-cell-at-XFD1048576",
            {
                "payments.xlsx": patched(
                    payments,
                    SHEET,
                    sheet_data(header + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'),
                )
            },
        ),
        Case(
            "xlsx-row-past-limit",
            {
                "payments.xlsx": patched(
                    payments,
                    SHEET,
                    sheet_data(header + '<row r="9999999"><c r="A9999999"><v>1</v></c></row>'),
                )
            },
        ),
        Case(
            "xlsx-3-million-empty-rows",
            {"payments.xlsx": patched(payments, SHEET, sheet_data(empty_rows))},
        ),
        Case(
            "xlsx-million-styled-empty-rows",
            {"payments.xlsx": patched(payments, SHEET, sheet_data(styled_rows))},
        ),
        Case("xlsx-bomb-declared", {"payments.xlsx": lying_sizes(payments, SHEET, 1 << 40)}),
        Case(
            "xlsx-bomb-understated",
            {
                "payments.xlsx": lying_sizes(
                    patched(payments, SHEET, sheet_data(empty_rows)), SHEET, 5000
                )
            },
        ),
        Case("xlsx-int-past-64-bits", {"programme.xlsx": money}),
    ]


CORPUS = text_cases() + xlsx_cases()
