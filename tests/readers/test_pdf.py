"""PDF reader tests on PDFs written here byte by byte (fictional 示例镇人民政府 and made-up
numbers), plus the real sample report when the shared corpus is present."""

from __future__ import annotations

import json
import math
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from ogi.blocks import Block, Document, ReadError
from ogi.extract import extract
from ogi.readers import read_file
from ogi.readers.pdf import read_pdf
from ogi.readers.pdf_text import is_page_number
from tests.shared import SAMPLES, sample_cells

# ---------------------------------------------------------------------------------------
# A minimal PDF writer. No CJK font is needed: text is drawn with the built-in Helvetica,
# each Chinese character getting a byte code (128 per font, as many fonts as needed)
# whose ToUnicode entry is that character; every code draws a real Helvetica glyph so
# pdfium sees a non-empty glyph box, and /Widths makes Chinese codes one em wide.
# `to_unicode` may remap a character, to imitate producers that write radical
# look-alikes or private-use garbage into the text layer.


class Page:
    def __init__(self, width: float = 595.0, height: float = 842.0) -> None:
        self.width, self.height = width, height
        self.ops: list[str | tuple[float, float, str, float]] = []
        self.image = False
        self.forms: list[list[str | tuple[float, float, str, float, float, str]]] = []

    def text(
        self,
        x: float,
        top: float,
        s: str,
        size: float = 10.5,
        turn: float = 0,
        actual: str = "",
    ) -> Page:
        """Draw `s` with its em box's top edge at `top` (top-down page coordinates),
        turned anticlockwise by `turn` degrees; the characters of `s` found in `actual`
        each in a marked span with that character as its ActualText (as Chromium prints
        some glyphs)."""
        self.ops.append((x, self.height - top - size * 0.88, s, size, turn, actual))
        return self

    def hline(self, y: float, x0: float, x1: float, width: float = 0.5) -> Page:
        y = self.height - y
        self.ops.append(f"{width:g} w {x0:.2f} {y:.2f} m {x1:.2f} {y:.2f} l S")
        return self

    def vline(self, x: float, y0: float, y1: float, width: float = 0.5) -> Page:
        y0, y1 = self.height - y0, self.height - y1
        self.ops.append(f"{width:g} w {x:.2f} {y0:.2f} m {x:.2f} {y1:.2f} l S")
        return self

    def bar(self, x0: float, y0: float, x1: float, y1: float) -> Page:
        """A filled rectangle (a rule drawn as a thin box, or a shaded cell)."""
        self.ops.append(f"{x0:.2f} {self.height - y1:.2f} {x1 - x0:.2f} {y1 - y0:.2f} re f")
        return self

    def group(
        self, inner: Page, dx: float, dy: float, scale: float = 1.0, text: bool = False
    ) -> Page:
        """Draw `inner`'s rules (and its text, when `text`) as a form XObject, shifted by
        dx, dy (top-down) and scaled by `scale` about the page's top left corner, the way
        some producers wrap a whole table (Chromium: a table with opacity or a CSS
        transform)."""
        self.forms.append([op for op in inner.ops if text or isinstance(op, str)])
        n = len(self.forms)
        top = self.height * (1 - scale)
        self.ops.append(f"q {scale:g} 0 0 {scale:g} {dx:.2f} {top - dy:.2f} cm /Fm{n} Do Q")
        return self

    def picture(self) -> Page:
        self.image = True
        self.ops.append("q 400 0 0 600 100 100 cm /Im1 Do Q")
        return self


def _text_op(
    x: float,
    base: float,
    s: str,
    size: float,
    turn: float,
    actual: str,
    codes: dict[str, tuple[int, int]],
) -> str:
    cos, sin = math.cos(math.radians(turn)), math.sin(math.radians(turn))
    parts = [f"BT {cos:.4f} {sin:.4f} {-sin:.4f} {cos:.4f} {x:.2f} {base:.2f} Tm"]
    font = -1
    for ch in s:
        f, code = codes[ch]
        if f != font:
            parts.append(f"/F{f} {size:g} Tf")
            font = f
        if ch in actual:
            parts.append(f"/Span << /ActualText <FEFF{ord(ch):04X}> >> BDC <{code:02X}> Tj EMC")
        else:
            parts.append(f"<{code:02X}> Tj")
    return " ".join(parts) + " ET"


def build_pdf(
    pages: list[Page],
    to_unicode: dict[str, str] | None = None,
    metrics: tuple[int, int] | None = None,
) -> bytes:
    """`metrics`: the fonts' ascent and descent (thousandths of an em), given in a font
    descriptor of a font not among the standard ones; without, Helvetica's own."""
    remap = to_unicode or {}
    wide = sorted(
        {
            c
            for p in pages
            for op in [*p.ops, *(op for f in p.forms for op in f)]
            if isinstance(op, tuple)
            for c in op[2]
            if not (c.isascii() and c.isprintable())
        }
    )
    nfonts = max(1, (len(wide) + 127) // 128)
    codes: dict[str, tuple[int, int]] = {chr(c): (0, c) for c in range(32, 127)}
    for i, ch in enumerate(wide):
        codes[ch] = (1 + i // 128, 128 + i % 128)
    objs: list[bytes] = []

    def add(body: bytes) -> int:
        objs.append(body)
        return len(objs)

    def stream(data: bytes, extra: str = "") -> bytes:
        packed = zlib.compress(data)
        head = f"<< /Length {len(packed)} /Filter /FlateDecode {extra}>>\nstream\n".encode()
        return head + packed + b"\nendstream"

    def font(chars: dict[int, str], width: int) -> int:
        cmap = (
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            "/CMapName /Test def /CMapType 2 def\n"
            "1 begincodespacerange <00> <FF> endcodespacerange\n"
            f"{len(chars)} beginbfchar\n"
            + "\n".join(
                f"<{code:02X}> <{''.join(f'{ord(u):04X}' for u in remap.get(ch, ch))}>"
                for code, ch in sorted(chars.items())
            )
            + "\nendbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end"
        ).encode()
        tu = add(stream(cmap))
        widths = " ".join(str(width) for _ in range(32, 256))
        diffs = "/Differences [128 " + " ".join("/H" for _ in range(128)) + "]"
        name = "/Helvetica"
        if metrics is not None:
            up, down = metrics
            described = add(
                f"<< /Type /FontDescriptor /FontName /TestSans /Flags 32 /ItalicAngle 0"
                f" /FontBBox [0 {-down} 1000 {up}] /Ascent {up} /Descent {-down}"
                f" /CapHeight 700 /StemV 80 >>".encode()
            )
            name = f"/TestSans /FontDescriptor {described} 0 R"
        return add(
            f"<< /Type /Font /Subtype /Type1 /BaseFont {name} /FirstChar 32 /LastChar 255"
            f" /Widths [{widths}] /Encoding << /BaseEncoding /WinAnsiEncoding {diffs} >>"
            f" /ToUnicode {tu} 0 R >>".encode()
        )

    catalog = add(b"")  # filled in below
    pages_id = add(b"")
    fonts = [font({c: chr(c) for c in range(32, 127)}, 500)]
    for f in range(1, nfonts + 1):
        fonts.append(font({code: ch for ch, (g, code) in codes.items() if g == f}, 1000))
    image = add(
        stream(
            b"\x80",
            "/Type /XObject /Subtype /Image /Width 1 /Height 1"
            " /ColorSpace /DeviceGray /BitsPerComponent 8 ",
        )
    )
    font_dict = " ".join(f"/F{i} {ref} 0 R" for i, ref in enumerate(fonts))
    kids = []
    for p in pages:
        ops = [op if isinstance(op, str) else _text_op(*op, codes=codes) for op in p.ops]
        content = add(stream("\n".join(ops).encode()))
        forms = [
            add(
                stream(
                    "\n".join(
                        op if isinstance(op, str) else _text_op(*op, codes=codes) for op in f
                    ).encode(),
                    f"/Type /XObject /Subtype /Form /BBox [0 0 {p.width:g}"
                    f" {p.height:g}] /Matrix [1 0 0 1 0 0]"
                    f" /Resources << /Font << {font_dict} >> >> ",
                )
            )
            for f in p.forms
        ]
        names = [f"/Im1 {image} 0 R"] + [f"/Fm{i} {ref} 0 R" for i, ref in enumerate(forms, 1)]
        xobj = f"/XObject << {' '.join(names)} >>"
        kids.append(
            add(
                f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {p.width:g} {p.height:g}]"
                f" /Resources << /Font << {font_dict} >> {xobj}"
                " /ExtGState << /Clear << /ca 0 /CA 0 >> >> >>"
                f" /Contents {content} 0 R >>".encode()
            )
        )
    objs[catalog - 1] = f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode()
    objs[pages_id - 1] = (
        f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    ).encode()
    return _serialise(objs, f"/Root {catalog} 0 R")


def _serialise(objs: list[bytes], trailer: str) -> bytes:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} {trailer} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def encrypted_pdf() -> bytes:
    """A PDF under the standard security handler with a user password: the /U entry
    does not match the empty password, so no reader can open it without one."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Filter /Standard /V 1 /R 2 /P -44"
        b" /O <" + b"6F" * 32 + b"> /U <" + b"75" * 32 + b"> >>",
    ]
    ident = "<00112233445566778899AABBCCDDEEFF>"
    return _serialise(objs, f"/Root 1 0 R /Encrypt 4 0 R /ID [{ident} {ident}]")


def read(pages: list[Page], **kw: object) -> Document:
    return read_pdf("test.pdf", build_pdf(pages, **kw))  # type: ignore[arg-type]


def read_without_ocr(pages: list[Page], **kw: object) -> Document:
    """`read` with OCR off: how a page without a usable text layer is told apart (with
    OCR on, such a page is read by OCR: tests/readers/test_ocr.py)."""
    return read_pdf("test.pdf", build_pdf(pages, **kw), ocr=False)  # type: ignore[arg-type]


def tables(doc: Document) -> list[Block]:
    return [b for b in doc.blocks if b.is_table]


def grid(block: Block) -> list[list[tuple[str, int, int, int, int]]]:
    return [[(c.text, c.row, c.col, c.rowspan, c.colspan) for c in row] for row in block.rows]


# ---------------------------------------------------------------------------------------
# Text outside tables


def text_page(number: int) -> Page:
    p = Page()
    p.text(200, 60, "示例镇人民政府", 22)
    p.text(90, 120, "一、总体情况", 16)
    p.text(122, 150, "本年度示例镇共主动公开政府信息", 16)
    p.text(90, 178, "一百二十条，⽂件均已归档。", 16)
    p.text(122, 206, "（一）主动公开情况。本年制发", 16)
    p.text(90, 234, "规范性⽂件3件。", 16)
    p.text(285, 800, f"- {number} -", 12)
    return p


def test_paragraphs_headings_and_page_numbers() -> None:
    doc = read([text_page(1)])
    assert [(b.kind, b.text, b.where.describe()) for b in doc.blocks] == [
        ("paragraph", "示例镇人民政府", "第1页第1行"),
        ("paragraph", "一、总体情况", "第1页第2行"),
        ("paragraph", "本年度示例镇共主动公开政府信息\n一百二十条，文件均已归档。", "第1页第3行"),
        ("paragraph", "（一）主动公开情况。本年制发\n规范性文件3件。", "第1页第5行"),
    ]
    assert doc.problems == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3", True),
        ("- 3 -", True),
        ("—12—", True),
        ("第 3 页", True),
        ("第3页 共5页", True),
        ("3 / 5", True),
        ("Page 3 of 5", True),
        ("－ ３ －", True),
        ("2023年", False),
        ("一、总体情况", False),
        ("3.5", False),
        ("0 0 0 0 0 1 1", False),  # a table row at the top of a page
        ("1 2 3", False),
    ],
)
def test_page_number_forms(text: str, expected: bool) -> None:
    assert is_page_number(text) is expected


def test_running_header_dropped_on_every_page() -> None:
    pages = [text_page(1).text(90, 30, "示例镇政务公开专栏", 10), text_page(2)]
    pages[1].text(90, 30, "示例镇政务公开专栏", 10)
    texts = [b.text for b in read(pages).blocks]
    assert "示例镇政务公开专栏" not in "".join(texts)
    assert texts.count("一、总体情况") == 2


def test_paragraph_cut_by_page_break_is_joined() -> None:
    first = Page().text(122, 700, "本年度示例镇共主动公开政府信息一百", 16)
    first.text(90, 728, "二十条，其中规范性文件三件，政策解读", 16)
    second = Page().text(90, 60, "五篇。", 16).text(122, 88, "下一段从这里开始。", 16)
    second.text(90, 116, "它占两行，并且结束。", 16)
    blocks = read([first, second]).blocks
    assert [(b.text, b.where.describe()) for b in blocks] == [
        (
            "本年度示例镇共主动公开政府信息一百\n二十条，其中规范性文件三件，政策解读\n五篇。",
            "第1页第1行",
        ),
        ("下一段从这里开始。\n它占两行，并且结束。", "第2页第2行"),
    ]


def test_diagonal_watermark_ignored() -> None:
    p = text_page(1).text(150, 600, "示例镇人民政府内部资料", 40, turn=45)
    assert [b.text for b in read([p]).blocks] == [b.text for b in read([text_page(1)]).blocks]


def test_table_without_rules_keeps_column_gaps() -> None:
    p = Page()
    p.text(60, 100, "信息内容", 12).text(300, 100, "本年处理决定数量", 12)
    p.text(60, 130, "行政许可", 12).text(300, 130, "5", 12).text(306.6, 130, "50", 12)
    assert [b.text for b in read([p]).blocks] == ["信息内容 本年处理决定数量\n行政许可 550"]


def test_supplement_radicals_are_folded() -> None:
    p = Page().text(90, 100, "⻓期坚持，⻔户网站")
    assert read([p]).blocks[0].text == "长期坚持，门户网站"


def test_fake_bold_copy_dropped() -> None:
    p = Page().text(90, 100, "政务公开", 16).text(90.3, 100.2, "政务公开", 16)
    assert read([p]).blocks[0].text == "政务公开"


# ---------------------------------------------------------------------------------------
# Tables

XS = [60.0, 160.0, 260.0, 340.0, 420.0]


def ruled(p: Page, ys: list[float], xs: list[float], skip: set[tuple[str, int, int]]) -> None:
    """Rules of a grid; `skip` leaves out one segment: ("v", row, boundary index) or
    ("h", boundary index, col) — a missing rule is what makes a merged cell."""
    for i, y in enumerate(ys):
        for c in range(len(xs) - 1):
            if ("h", i, c) not in skip:
                p.hline(y, xs[c], xs[c + 1])
    for j, x in enumerate(xs):
        for r in range(len(ys) - 1):
            if ("v", r, j) not in skip:
                p.vline(x, ys[r], ys[r + 1])


def cell(p: Page, x: float, top: float, s: str, size: float = 10.5) -> None:
    p.text(x + 3, top + 4, s, size)


@pytest.mark.parametrize("spacing", [1.5, 3.75])
def test_cells_drawn_apart_each_in_its_own_box_read_as_one_table(spacing: float) -> None:
    """A web table's cell spacing (cellspacing="2", the default of <table border=1>, or
    border-spacing: 5px) or Word's 单元格间距: every cell is a box of its own, the sides
    of neighbours a few points apart. The boxes are the table's cells, the label cell
    spanning two rows included."""
    p = Page()
    ys, xs = [100.0, 120.0, 140.0, 160.0], XS
    half = spacing / 2

    def box(x0: float, top: float, x1: float, bottom: float) -> None:
        x0, top, x1, bottom = x0 + half, top + half, x1 - half, bottom - half
        p.hline(top, x0, x1).hline(bottom, x0, x1).vline(x0, top, bottom).vline(x1, top, bottom)

    box(xs[0], ys[0], xs[1], ys[1])
    cell(p, xs[0], ys[0], "项目")
    for c in range(1, 4):
        box(xs[c], ys[0], xs[c + 1], ys[1])
        cell(p, xs[c], ys[0], ["制发", "废止", "有效"][c - 1])
    box(xs[0], ys[1], xs[1], ys[3])  # spans rows 1 and 2
    cell(p, xs[0], ys[1] + 10, "规章")
    for r, values in ((1, ["3", "0", "27"]), (2, ["5", "1", "40"])):
        for c, v in enumerate(values, 1):
            box(xs[c], ys[r], xs[c + 1], ys[r + 1])
            cell(p, xs[c], ys[r], v)
    [t] = tables(read([p]))
    assert grid(t) == [
        [("项目", 0, 0, 1, 1), ("制发", 0, 1, 1, 1), ("废止", 0, 2, 1, 1), ("有效", 0, 3, 1, 1)],
        [("规章", 1, 0, 2, 1), ("3", 1, 1, 1, 1), ("0", 1, 2, 1, 1), ("27", 1, 3, 1, 1)],
        [("5", 2, 1, 1, 1), ("1", 2, 2, 1, 1), ("40", 2, 3, 1, 1)],
    ]


def spaced_table(
    p: Page, top: float, xs: list[float], spacing: float, frame: bool = False
) -> float:
    """The table of the test above (项目 | 制发 废止 有效, 规章 spanning two rows), every
    cell its own box `spacing` apart from its neighbours and, with `frame`, the table's
    own border the spacing outside them; returns the table's bottom."""
    ys = [top, top + 30, top + 60, top + 90]
    half = spacing / 2

    def box(x0: float, y0: float, x1: float, y1: float) -> None:
        x0, y0, x1, y1 = x0 + half, y0 + half, x1 - half, y1 - half
        p.hline(y0, x0, x1).hline(y1, x0, x1).vline(x0, y0, y1).vline(x1, y0, y1)

    box(xs[0], ys[0], xs[1], ys[1])
    cell(p, xs[0] + half, ys[0] + half, "项目")
    for c in range(1, 4):
        box(xs[c], ys[0], xs[c + 1], ys[1])
        cell(p, xs[c] + half, ys[0] + half, ["制发", "废止", "有效"][c - 1])
    box(xs[0], ys[1], xs[1], ys[3])
    cell(p, xs[0] + half, ys[1] + 20, "规章")
    for r, values in ((1, ["3", "0", "27"]), (2, ["5", "1", "40"])):
        for c, v in enumerate(values, 1):
            box(xs[c], ys[r], xs[c + 1], ys[r + 1])
            cell(p, xs[c] + half, ys[r] + half, v)
    if frame:
        x0, y0, x1, y1 = xs[0] - half, ys[0] - half, xs[-1] + half, ys[-1] + half
        p.hline(y0, x0, x1).hline(y1, x0, x1).vline(x0, y0, y1).vline(x1, y0, y1)
    return ys[-1]


SPACED = [
    [("项目", 0, 0, 1, 1), ("制发", 0, 1, 1, 1), ("废止", 0, 2, 1, 1), ("有效", 0, 3, 1, 1)],
    [("规章", 1, 0, 2, 1), ("3", 1, 1, 1, 1), ("0", 1, 2, 1, 1), ("27", 1, 3, 1, 1)],
    [("5", 2, 1, 1, 1), ("1", 2, 2, 1, 1), ("40", 2, 3, 1, 1)],
]


@pytest.mark.parametrize("frame", [False, True])
@pytest.mark.parametrize("spacing", [5.25, 6.75, 9.0])
def test_cells_drawn_far_apart_read_as_one_table(spacing: float, frame: bool) -> None:
    """Cells further apart than the grid's lines close by themselves (border-spacing of
    7, 9 and 12 px): boxes that stand in rows and columns the same gap apart are one
    table; the table's own border around them (`frame`) is no row or column of it."""
    p = Page()
    spaced_table(p, 100.0, XS, spacing, frame)
    [t] = tables(read([p]))
    assert grid(t) == SPACED


def test_tables_of_cells_drawn_apart_stay_apart() -> None:
    """Two such tables one above the other, further apart than their cells, are two
    tables (their columns differ), and a framed text box beside the first, further from
    it than its cells are from each other, is no part of it."""
    p = Page()
    bottom = spaced_table(p, 100.0, XS, 6.75)
    spaced_table(p, bottom + 20, [60.0, 140.0, 250.0, 330.0, 420.0], 6.75)
    p.hline(96, 430, 540).hline(150, 430, 540).vline(430, 96, 150).vline(540, 96, 150)
    p.text(436, 104, "联系电话")
    first, second = tables(read([p]))
    assert grid(first) == SPACED
    assert grid(second) == SPACED


def test_table_with_merged_cells_split_digits_and_fake_bold() -> None:
    p = Page()
    p.text(90, 60, "二、收到和处理申请情况", 16)
    ys = [100.0, 120.0, 140.0, 172.0, 192.0]
    # row 0: header; "申请人情况" spans cols 2-3 ; rows 1-2 col 0: "本年度办理结果" spans 2 rows
    ruled(p, ys, XS, {("v", 0, 3), ("h", 2, 0)})
    cell(p, 60, 100, "项目")
    cell(p, 160, 100, "说明")
    cell(p, 260, 100, "申请人情况")
    cell(p, 60, 120, "本年度办理结果")
    cell(p, 160, 120, "予以公开")
    # letter-spaced number: "3" then "88" 1.5 pt apart
    cell(p, 260, 120, "3")
    p.text(263 + 5.25 + 1.5, 124, "88")
    cell(p, 340, 120, "12")
    cell(p, 160, 140, "部分公开")
    p.text(163, 156, "（区分处理的）")
    cell(p, 260, 140, "4")
    cell(p, 260.2, 140.2, "4")  # fake bold
    cell(p, 340, 140, "0")
    cell(p, 60, 172, "总计")
    cell(p, 160, 172, "合计")
    cell(p, 260, 172, "392")
    cell(p, 340, 172, "12")
    doc = read([p])
    [t] = tables(doc)
    assert grid(t) == [
        [("项目", 0, 0, 1, 1), ("说明", 0, 1, 1, 1), ("申请人情况", 0, 2, 1, 2)],
        [
            ("本年度办理结果", 1, 0, 2, 1),
            ("予以公开", 1, 1, 1, 1),
            ("388", 1, 2, 1, 1),
            ("12", 1, 3, 1, 1),
        ],
        [("部分公开\n（区分处理的）", 2, 1, 1, 1), ("4", 2, 2, 1, 1), ("0", 2, 3, 1, 1)],
        [("总计", 3, 0, 1, 1), ("合计", 3, 1, 1, 1), ("392", 3, 2, 1, 1), ("12", 3, 3, 1, 1)],
    ]
    assert [b.kind for b in doc.blocks] == ["paragraph", "table"]
    assert t.where.page == 1


def test_vertical_label_and_rules_inside_a_form() -> None:
    p, rules = Page(), Page()
    ys = [100.0, 130.0, 160.0, 190.0]
    ruled(rules, ys, [0.0, 40.0, 200.0, 280.0], {("h", 1, 0), ("h", 2, 0)})
    p.group(rules, 60, 0)  # the rules sit in a form moved 60 pt to the right
    for k, ch in enumerate("办理结果"):
        p.text(74, 110 + 14 * k, ch, 12)
    for top, label, value in zip(
        ys, ["予以公开", "部分公开", "不予公开"], ["7", "0", "12"], strict=False
    ):
        cell(p, 100, top, label)
        cell(p, 260, top, value)
    [t] = tables(read([p]))
    assert grid(t) == [
        [("办理结果", 0, 0, 3, 1), ("予以公开", 0, 1, 1, 1), ("7", 0, 2, 1, 1)],
        [("部分公开", 1, 1, 1, 1), ("0", 1, 2, 1, 1)],
        [("不予公开", 2, 1, 1, 1), ("12", 2, 2, 1, 1)],
    ]


@pytest.mark.parametrize(("dx", "dy", "scale"), [(20, 40, 0.5), (60, 300, 1.0)])
def test_table_and_its_text_inside_a_moved_form(dx: float, dy: float, scale: float) -> None:
    """Chromium prints a table with opacity or a CSS transform inside a form XObject,
    some glyphs (行, and here the digit 3) under ActualText; pdfium gives those chars a
    box without the form's matrix. Read from it, 1234 lost its 3 and 行 left its label."""
    inner = Page()
    ys = [100.0, 130.0, 160.0, 190.0]
    ruled(inner, ys, [60.0, 260.0, 400.0], set())
    for top, label, value in zip(
        ys, ["信息内容", "行政许可", "行政处罚"], ["本年处理决定数量", "1234", "89"], strict=False
    ):
        inner.text(63, top + 8, label, 14, actual="行")
        inner.text(263, top + 8, value, 14, actual="3")
    p = Page()
    p.group(inner, dx, dy, scale=scale, text=True)
    [t] = tables(read([p]))
    assert grid(t) == [
        [("信息内容", 0, 0, 1, 1), ("本年处理决定数量", 0, 1, 1, 1)],
        [("行政许可", 1, 0, 1, 1), ("1234", 1, 1, 1, 1)],
        [("行政处罚", 2, 0, 1, 1), ("89", 2, 1, 1, 1)],
    ]
    three = t.rows[1][1]
    # the cell's box is where the form puts it: (260, 130) to (400, 160) scaled and moved
    assert three.box == pytest.approx(
        (260 * scale + dx, 130 * scale + dy, 400 * scale + dx, 160 * scale + dy), abs=0.5
    )


def test_rules_drawn_as_thin_filled_boxes_and_shading_ignored() -> None:
    p = Page()
    p.bar(60, 100, 260, 140)  # a shaded background behind the table: not a rule
    for y in (100.0, 120.0, 140.0):
        p.bar(60, y - 0.4, 260, y + 0.4)
    for x in (60.0, 160.0, 260.0):
        p.bar(x - 0.4, 100, x + 0.4, 140)
    cell(p, 60, 100, "A1")
    cell(p, 160, 100, "B1")
    cell(p, 60, 120, "A2")
    cell(p, 160, 120, "B2")
    [t] = tables(read([p]))
    assert [[c.text for c in row] for row in t.rows] == [["A1", "B1"], ["A2", "B2"]]


def _licensing_row(extra: Callable[[Page], None]) -> list[list[str]]:
    """The cells of a one-row table, 行政许可 and 46, with `extra` drawing what follows
    the 46 (at 173.5, where a third digit would stand)."""
    p = Page()
    extra(p)
    ruled(p, [100.0, 120.0], [60.0, 160.0, 260.0], set())
    cell(p, 60, 100, "行政许可")
    cell(p, 160, 100, "46")
    [t] = tables(read([p]))
    return [[c.text for c in row] for row in t.rows]


def _seven(state: str, size: float = 10.5) -> Callable[[Page], None]:
    """A 7 after the 46, drawn in the graphics state `state` sets."""

    def draw(p: Page) -> None:
        p.ops.append(f"q {state}")
        p.text(173.5, 104, "7", size)
        p.ops.append("Q")

    return draw


def test_digit_whose_font_names_no_character_is_kept_unread() -> None:
    """A glyph the font maps to no character (private use, U+FFFD: a CID font without a
    ToUnicode entry for it) was left out: 176 with its 7 so read as 16. Beside a digit,
    or alone in a cell, it is kept as U+FFFD, for the number not to be read; elsewhere
    (a bullet before a line of text) it is left out as before."""
    for glyph in ("\ue007", "\ufffd"):

        def bullet(p: Page) -> None:
            p.text(60, 60, "7 本表为示例", 10.5)

        p = Page()
        bullet(p)
        ruled(p, [100.0, 120.0], [60.0, 160.0, 260.0, 360.0], set())
        cell(p, 60, 100, "行政许可")
        cell(p, 160, 100, "176")
        cell(p, 260, 100, "7")
        doc = read([p], to_unicode={"7": glyph})
        [t] = tables(doc)
        assert [[c.text for c in row] for row in t.rows] == [["行政许可", "1\ufffd6", "\ufffd"]]
        assert doc.blocks[0].text == "本表为示例"


def test_digit_of_a_type3_font_without_tounicode_is_kept_unread() -> None:
    """A 9 drawn as a Type3 glyph named /g57, its font without ToUnicode: pdfium gives
    it with a mapping error, and it was left out (19 read as 1, 192 as 12, the page
    showing a glyph between). It is kept as U+FFFD."""
    glyph = b"600 0 0 0 500 700 d1 50 0 m 450 0 l 450 700 l 50 700 l f"
    content = (
        b"0.5 w 100 700 m 300 700 l S 100 680 m 300 680 l S 100 680 m 100 700 l S"
        b" 200 680 m 200 700 l S 300 680 m 300 700 l S\n"
        b"BT /F0 10 Tf 110 686 Td (A) Tj ET\n"
        b"BT /F0 10 Tf 230 686 Td (1) Tj /F9 10 Tf (9) Tj ET\n"
        b"BT /F0 10 Tf 110 650 Td (1) Tj /F9 10 Tf (9) Tj /F0 10 Tf (2) Tj ET"
    )

    def stream(data: bytes) -> bytes:
        return f"<< /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"

    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        b" /Resources << /Font << /F0 4 0 R /F9 5 0 R >> >> /Contents 7 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 600 700]"
        b" /FontMatrix [0.001 0 0 0.001 0 0] /CharProcs << /g57 6 0 R >>"
        b" /Encoding << /Type /Encoding /Differences [57 /g57] >>"
        b" /FirstChar 57 /LastChar 57 /Widths [600] /Resources << >> >>",
        stream(glyph),
        stream(content),
    ]
    doc = read_pdf("test.pdf", _serialise(objs, "/Root 1 0 R"))
    [t] = tables(doc)
    assert [[c.text for c in row] for row in t.rows] == [["A", "1\ufffd"]]
    assert [b.text for b in doc.blocks if not b.is_table] == ["1\ufffd2"]


def test_invisible_digit_after_a_number_is_left_out() -> None:
    # render mode 3 draws nothing: the page shows 46, not 467
    assert _licensing_row(_seven("3 Tr")) == [["行政许可", "46"]]
    assert _licensing_row(_seven("0 Tr")) == [["行政许可", "467"]]


def test_invisible_text_over_a_picture_is_read_as_it_was() -> None:
    # a picture's own recognised text (as a scanner or an editor adds it) lies over it
    # drawn invisible: the picture's text, left to the picture and scan paths
    p = text_page(1).picture()
    p.ops.append("q 3 Tr")
    p.text(120, 600, "本年度共作出行政许可决定46件。", 12)
    p.ops.append("Q")
    doc = read_without_ocr([p])
    assert any("本年度共作出行政许可决定46件。" in b.text for b in doc.blocks)


def test_digit_filled_with_a_clear_paint_is_left_out() -> None:
    # a fill of alpha 0 (a graphics state with /ca 0) draws nothing, as render mode 3
    # does: in the usual mode 0 (fill only) and in mode 2 (fill and stroke, both clear)
    assert _licensing_row(_seven("/Clear gs")) == [["行政许可", "46"]]
    assert _licensing_row(_seven("/Clear gs 2 Tr")) == [["行政许可", "46"]]


def test_white_digit_after_a_number_is_marked_unseen() -> None:
    # white on the white page: kept, marked, so that no value is read from the cell
    assert _licensing_row(_seven("1 1 1 rg")) == [["行政许可", "467\u0337"]]
    assert _licensing_row(_seven("0 0 0 rg", size=0.5)) == [["行政许可", "467\u0337"]]


def test_white_digit_drawn_by_its_outline_only_is_marked_unseen() -> None:
    # render mode 1 strokes the outline only: in white (its fill, black, is not drawn)
    # it does not show; nor in mode 2 when fill and outline are both white
    assert _licensing_row(_seven("1 Tr 1 1 1 RG")) == [["行政许可", "467\u0337"]]
    assert _licensing_row(_seven("2 Tr 1 1 1 RG 1 1 1 rg")) == [["行政许可", "467\u0337"]]
    # a black outline shows, whatever the fill; and so does a black fill in mode 2
    assert _licensing_row(_seven("1 Tr 0 0 0 RG 1 1 1 rg")) == [["行政许可", "467"]]
    assert _licensing_row(_seven("2 Tr 1 1 1 RG 0 0 0 rg")) == [["行政许可", "467"]]


def test_digit_a_clip_path_leaves_out_is_left_out() -> None:
    # the 7 (x 173.5 to 179) drawn inside a clip of x 100 to 170: the page shows 46
    assert _licensing_row(_seven("100 600 70 200 re W n")) == [["行政许可", "46"]]
    # a clip that holds it, and one of two paths that overlap where it stands, show it
    assert _licensing_row(_seven("100 600 100 200 re W n")) == [["行政许可", "467"]]
    two = "100 600 100 200 re W n 150 700 50 50 re W n"
    assert _licensing_row(_seven(two)) == [["行政许可", "467"]]


def test_white_digit_on_a_dark_box_is_read() -> None:
    def on_dark(p: Page) -> None:
        p.ops.append("q 0.1 0.2 0.5 rg")
        p.bar(161, 101, 259, 119)
        p.ops.append("Q")
        _seven("1 1 1 rg")(p)

    assert _licensing_row(on_dark) == [["行政许可", "467"]]


def test_white_digit_on_a_dark_box_inside_a_moved_form_is_read() -> None:
    def on_dark(p: Page) -> None:
        shading = Page()
        shading.ops.append("q 0.1 0.2 0.5 rg")
        shading.bar(131, 101, 229, 119)  # drawn 30 pt to the right: under the 46
        shading.ops.append("Q")
        p.group(shading, 30, 0)
        _seven("1 1 1 rg")(p)

    assert _licensing_row(on_dark) == [["行政许可", "467"]]


def test_white_heading_is_read_as_it_was() -> None:
    # CJK text makes labels: not marked, whatever lies under it
    def white_label(p: Page) -> None:
        p.ops.append("q 1 1 1 rg")
        cell(p, 60, 100, "行政许可")
        p.ops.append("Q")

    p = Page()
    ruled(p, [100.0, 120.0], [60.0, 160.0, 260.0], set())
    white_label(p)
    cell(p, 160, 100, "46")
    [t] = tables(read([p]))
    assert [[c.text for c in row] for row in t.rows] == [["行政许可", "46"]]


@pytest.mark.parametrize(
    ("left", "top", "crop"),
    [
        (-400.0, 300.0, b""),  # left of the page
        (90.0, 900.0, b""),  # below it
        (90.0, 700.0, b" /CropBox [0 300 595 842]"),  # in the part cropped away
    ],
)
def test_text_off_the_page_shown_is_not_read(left: float, top: float, crop: bytes) -> None:
    p = text_page(1)
    p.text(left, top, "本年度共作出行政许可决定99件。", 16)
    data = build_pdf([p]).replace(b"/MediaBox [0 0 595 842]", b"/MediaBox [0 0 595 842]" + crop)
    doc = read_pdf("test.pdf", data)
    assert not [b.text for b in doc.blocks if "99" in b.text]
    assert any("一百二十条" in b.text for b in doc.blocks)


@pytest.mark.parametrize("clip", [False, True])
def test_a_table_column_off_the_page_shown_is_kept_marked_unseen(clip: bool) -> None:
    # a table running past the crop box's right edge: its last column is in the file
    # but not on the page a reader sees; its numbers are neither read nor lost as blanks,
    # also where a clip the size of the page cuts them off too (as LibreOffice clips)
    p = Page()
    ruled(p, [100.0, 120.0, 140.0], XS, set())
    if clip:
        p.ops.append("q 0 0 340 842 re W n")
    for x, text in zip(XS, ["项目", "制发", "废止", "合计"], strict=False):
        cell(p, x, 100, text)
    for x, text in zip(XS, ["规章", "3", "24", "27"], strict=False):
        cell(p, x, 120, text)
    if clip:
        p.ops.append("Q")
    data = build_pdf([p]).replace(
        b"/MediaBox [0 0 595 842]", b"/MediaBox [0 0 595 842] /CropBox [0 0 340 842]"
    )
    [t] = tables(read_pdf("test.pdf", data))
    assert [[c.text for c in row] for row in t.rows] == [
        ["项目", "制发", "废止", "合计"],
        ["规章", "3", "24", "2\u03377\u0337"],
    ]


def _cut_by_the_edge(clip: bool) -> bytes:
    """A page of 表二's blocks (五) and (六) printed without rules, its value column
    running past the crop box's right edge at x 340: 12 of 行政许可 stands over it, its
    1 on the page and its 2 off it; `clip`: a clip the size of the page around the
    text, as LibreOffice draws a table wider than the page."""
    p = Page()
    p.text(60, 30, "示例镇人民政府2024年政府信息公开工作年度报告", 12)
    p.text(60, 60, "二、主动公开政府信息情况", 12)
    p.text(60, 90, "第二十条第（五）项", 12)
    p.text(60, 120, "信息内容", 12).text(280, 120, "本年处理决定数量", 12)
    if clip:
        p.ops.append("q 0 0 340 842 re W n")
    p.text(60, 150, "行政许可", 12).text(332, 150, "12", 12)
    p.text(60, 180, "第二十条第（六）项", 12)
    p.text(60, 210, "信息内容", 12).text(280, 210, "本年处理决定数量", 12)
    p.text(60, 240, "行政处罚", 12).text(300, 240, "5", 12)
    p.text(60, 270, "行政强制", 12).text(300, 270, "0", 12)
    if clip:
        p.ops.append("Q")
    return build_pdf([p]).replace(
        b"/MediaBox [0 0 595 842]", b"/MediaBox [0 0 595 842] /CropBox [0 0 340 842]"
    )


@pytest.mark.parametrize("clip", [False, True])
def test_a_number_the_page_s_edge_cuts_in_a_table_without_rules_is_kept_marked(
    clip: bool,
) -> None:
    # the 2 off the page was left out with the rest off it, and 行政许可 read 1
    doc = read_pdf("test.pdf", _cut_by_the_edge(clip))
    lines = "\n".join(b.text for b in doc.blocks).split("\n")
    assert "行政许可 12\u0337" in lines
    assert "行政处罚 5" in lines


@pytest.mark.parametrize("clip", [False, True])
def test_a_value_the_page_s_edge_cuts_is_withheld(tmp_path: Path, clip: bool) -> None:
    path = tmp_path / "报告.pdf"
    path.write_bytes(_cut_by_the_edge(clip))
    got = extract(path)
    assert got.cells["t2.art20_5.licensing.decisions"] is None
    assert got.cells["t2.art20_6.penalty.decisions"] == 5
    assert got.cells["t2.art20_6.coercion.decisions"] == 0
    assert (
        "t2.art20_5.licensing.decisions",
        "单元格中有看不见的文字“2”（以白色或极小字号印出，或在页面显示范围之外），未取数",
    ) in [(p.path, p.message) for p in got.problems]


@pytest.mark.parametrize("clip", [False, True])
def test_a_table_running_off_the_page_s_left_edge_keeps_its_labels_whole(clip: bool) -> None:
    # a table wider than the page, set out into the left margin and past the edge, its
    # rules cut at the edge (as LibreOffice prints it): the first chars of its labels
    # stand off the page, and were left out (规章 read 章, 行政规范性文件 政规范性文件),
    # so that no row of the table was found
    p = Page()
    xs = [0.0, 100.0, 200.0, 300.0, 400.0]
    if clip:
        p.ops.append("q 0 0 595 842 re W n")
    ruled(p, [100.0, 120.0, 140.0, 160.0], xs, set())
    rows = [("信息内容", ["制发", "废止", "有效"]), ("规章", ["0", "0", "2"])]
    rows.append(("行政规范性文件", ["5", "1", "38"]))
    for r, (label, values) in enumerate(rows):
        p.text(-12, 104 + 20 * r, label, 10.5)
        for c, v in enumerate(values):
            cell(p, xs[c + 1], 100 + 20 * r, v)
    if clip:
        p.ops.append("Q")
    [t] = tables(read_pdf("test.pdf", build_pdf([p])))
    assert [[c.text for c in row] for row in t.rows] == [
        ["信息内容", "制发", "废止", "有效"],
        ["规章", "0", "0", "2"],
        ["行政规范性文件", "5", "1", "38"],
    ]


@pytest.mark.parametrize("metrics", [None, (2000, 1000)])
def test_cells_of_a_font_whose_ascent_and_descent_reach_far_past_its_glyphs(
    metrics: tuple[int, int] | None,
) -> None:
    # a font subset re-embedded by cairo (a PDF printed again) says its ascent and
    # descent are three ems apart: the box rebuilt for it stood an em below each char,
    # as for vertical writing, and every value was read in the row under its own
    p = Page()
    ys = [100.0, 120.0, 140.0, 160.0, 180.0]
    ruled(p, ys, [60.0, 200.0, 300.0], set())
    rows = [["信息内容", "数量"], ["行政许可", "46"], ["行政处罚", "18"], ["行政强制", "0"]]
    for top, row in zip(ys, rows, strict=False):
        cell(p, 60, top, row[0])
        cell(p, 200, top, row[1])
    [t] = tables(read_pdf("test.pdf", build_pdf([p], metrics=metrics)))
    assert [[c.text for c in row] for row in t.rows] == rows


@pytest.mark.parametrize(("x", "value"), [(331.5, None), (300.0, 1)])
def test_a_value_against_the_page_s_edge_in_a_table_without_rules_is_withheld(
    tmp_path: Path, x: float, value: int | None
) -> None:
    # a table wider than the page printed by a producer that leaves out the glyphs
    # off the page (cairo): of 12 the page keeps 1, against its right edge (x 340),
    # and nothing else in the file tells that a 2 is gone; one standing clear of the
    # edge is read
    p = Page(width=340)
    p.text(20, 30, "示例镇人民政府2024年政府信息公开工作年度报告", 12)
    p.text(20, 60, "二、主动公开政府信息情况", 12)
    p.text(20, 90, "第二十条第（五）项", 12)
    p.text(20, 120, "信息内容", 12).text(200, 120, "本年处理决定数量", 12)
    p.text(20, 150, "行政许可", 12).text(x, 150, "1", 12)
    p.text(20, 180, "第二十条第（六）项", 12)
    p.text(20, 210, "信息内容", 12).text(200, 210, "本年处理决定数量", 12)
    p.text(20, 240, "行政处罚", 12).text(300, 240, "5", 12)
    p.text(20, 270, "行政强制", 12).text(300, 270, "0", 12)
    path = tmp_path / "报告.pdf"
    path.write_bytes(build_pdf([p]))
    got = extract(path)
    assert got.cells["t2.art20_5.licensing.decisions"] == value
    assert got.cells["t2.art20_6.penalty.decisions"] == 5
    said = [(p.path, p.message) for p in got.problems]
    edge = "单元格中的数字“1”紧贴页面边缘印出，可能被页面边缘截去一部分，未取数"
    assert (("t2.art20_5.licensing.decisions", edge) in said) is (value is None)


def _printed_a_line_a_cell(footer: Callable[[int], str] | None) -> bytes:
    """The sample text report (its table cells one a line) printed as plain text, 52
    lines a page from the top margin to the foot, as a text editor prints it, lines
    wrapped at 50 characters; `footer`: what each page prints below them for its number."""
    rows: list[str] = []
    for line in (SAMPLES / "示例镇-2024.txt").read_text("utf-8").split("\n"):
        rows += [line[k : k + 50] for k in range(0, len(line), 50)]
    pages = []
    for k in range(0, len(rows), 52):
        p = Page()
        for j, row in enumerate(rows[k : k + 52]):
            p.text(50, 40 + 15 * j, row, 9)
        if footer is not None:
            p.text(290, 815, footer(len(pages) + 1), 9)
        pages.append(p)
    return build_pdf(pages)


@pytest.mark.parametrize("footer", [None, str, lambda n: f"- {n} -"])
def test_values_at_the_top_and_foot_of_pages_are_no_page_numbers(
    tmp_path: Path, footer: Callable[[int], str] | None
) -> None:
    # a cell's 0 or 1 alone on the first or last line of a page was dropped as a page
    # number, and a 0 on several pages' first lines as a running header: 50 cells of
    # the sample were lost, their rows withheld, whether or not the pages were numbered
    path = tmp_path / "报告.pdf"
    path.write_bytes(_printed_a_line_a_cell(footer))
    got = extract(path)
    assert got.cells == sample_cells("示例镇-2024.txt")
    assert got.problems == []


def test_page_frame_with_header_rule_is_not_a_table() -> None:
    p = text_page(1)
    ruled(p, [40.0, 90.0, 820.0], [50.0, 545.0], set())
    doc = read([p])
    assert tables(doc) == []
    assert [b.text for b in doc.blocks] == [b.text for b in read([text_page(1)]).blocks]


T4_OUTCOMES = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
# 表四's values with 总计 printed first under 未经复议直接起诉 (2 1 3 0 6 in the format)
TOTAL_FIRST = ["1", "0", "0", "0", "1", "6", "2", "1", "3", "0", "0", "0", "2", "0", "2"]


def _part_page(heading: str, top: float) -> Page:
    """A page of the 示例镇 report: its title, and the heading of one part at `top`."""
    p = Page()
    p.text(90, 60, "示例镇人民政府2024年政府信息公开工作年度报告", 14)
    p.text(60, top, heading, 12)
    return p


def _centred(p: Page, left: float, width: float) -> Callable[..., None]:
    """Put 9 pt text on `p` centred over columns `first` to `end` of a table whose
    columns `width` pt wide start at `left` (a Chinese character 9 pt, a digit 4.5),
    `shift` pt right of centre."""

    def centred(s: str, first: int, end: int, top: float, shift: float = 0) -> None:
        p.text(left + (first + end) / 2 * width - len(s) * 4.5 + shift, top, s, 9)

    return centred


def borderless_table_four(direct: list[str], values: list[str], shift: float = 0) -> Page:
    """Part 四 of the 示例镇 report with its table printed without rules, as some
    agencies print it: fifteen columns 31 pt wide, headings of 9 pt centred in them, a
    four-character outcome wrapped over two lines at line pitch ("结果" over "维持"), the
    values on one line, `shift` pt right of the columns' centres (set right, or left).
    `direct`: the outcomes printed under 未经复议直接起诉."""
    p = _part_page("四、政府信息公开行政复议、行政诉讼情况", 100)
    p.text(60, 125, "本年度政府信息公开行政复议、行政诉讼情况如下。", 12)
    centred = _centred(p, 64, 31)

    centred("行政复议", 0, 5, 160)
    centred("行政诉讼", 5, 15, 160)
    centred("未经复议直接起诉", 5, 10, 178)
    centred("复议后起诉", 10, 15, 178)
    for c, s in enumerate([*T4_OUTCOMES, *direct, *T4_OUTCOMES]):
        top = 178 if c < 5 else 196
        if len(s) > 2:
            centred(s[:2], c, c + 1, top)
            centred(s[2:], c, c + 1, top + 11.25)
        else:
            centred(s, c, c + 1, top)
    for c, v in enumerate(values):
        p.text(64 + (c + 0.5) * 31 - len(v) * 2.25 + shift, 230, v, 9)
    p.text(60, 270, "五、存在的主要问题及改进情况", 12)
    p.text(60, 295, "一是部分栏目更新不够及时。", 12)
    return p


def test_wrapped_headings_of_a_table_without_rules_are_put_back_together() -> None:
    """Over a row of numbers printed without rules, each header line read as one run of
    every column's part ("结果结果其他尚未总计", then "维持纠正结果审结"): no heading
    could be told. Each heading is read whole, the headings of a line apart."""
    doc = read([borderless_table_four(["总计", *T4_OUTCOMES[:4]], TOTAL_FIRST)])
    assert tables(doc) == []
    assert [b.text for b in doc.blocks][3:7] == [
        "行政复议 行政诉讼",
        "结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉",
        "总计 结果维持 结果纠正 其他结果 尚未审结 结果维持 结果纠正 其他结果 尚未审结 总计",
        "1 0 0 0 1 6 2 1 3 0 0 0 2 0 2",
    ]


def _table_four_read(tmp_path: Path, page: Page) -> tuple[dict[str, object], list[str]]:
    f = tmp_path / "报告.pdf"
    f.write_bytes(build_pdf([page]))
    r = extract(f)
    cells = {k: v for k, v in r.cells.items() if k.startswith("t4.")}
    return cells, [p.message for p in r.problems if (p.path or "").startswith("t4")]


@pytest.mark.parametrize("shift", [0, 10, -10])
def test_table_without_rules_whose_header_puts_a_group_otherwise_is_withheld(
    tmp_path: Path, shift: float
) -> None:
    """The borderless 表四 above, 总计 printed first under 未经复议直接起诉 (6 2 1 3 0 for
    2 1 3 0 6): its header could not be read, so its values were read in the format's
    order, all five of that group wrong. Its headings read, the group's order is told
    from the format's and the table withheld. With the numbers set 10 pt off their
    columns' centres the headings over the outer columns reached past the numbers'
    columns and were not taken for the header: five wrong again."""
    cells, problems = _table_four_read(
        tmp_path, borderless_table_four(["总计", *T4_OUTCOMES[:4]], TOTAL_FIRST, shift)
    )
    assert cells == {}
    assert problems == [
        "表头“未经复议直接起诉”下各列的次序与法定格式不同（总计、结果维持、结果纠正、"
        "其他结果、尚未审结），无法确定各数值所在的列，未取值"
    ]


def test_table_without_rules_with_the_format_s_header_is_read(tmp_path: Path) -> None:
    values = ["1", "0", "0", "0", "1", "2", "1", "3", "0", "6", "0", "0", "2", "0", "2"]
    cells, problems = _table_four_read(tmp_path, borderless_table_four(T4_OUTCOMES, values))
    assert problems == []
    assert cells == {
        "t4.review.upheld": 1,
        "t4.review.corrected": 0,
        "t4.review.other": 0,
        "t4.review.pending": 0,
        "t4.review.total": 1,
        "t4.litigation.direct.upheld": 2,
        "t4.litigation.direct.corrected": 1,
        "t4.litigation.direct.other": 3,
        "t4.litigation.direct.pending": 0,
        "t4.litigation.direct.total": 6,
        "t4.litigation.after_review.upheld": 0,
        "t4.litigation.after_review.corrected": 0,
        "t4.litigation.after_review.other": 2,
        "t4.litigation.after_review.pending": 0,
        "t4.litigation.after_review.total": 2,
    }


# 表三's rows of the 示例镇 report printed without rules: label, then the values of
# 自然人, the five kinds of 法人 and 总计 as the format has them
T3_ROWS = [
    ("一、本年新收政府信息公开申请数量", ["10", "4", "1", "0", "2", "0", "17"]),
    ("二、上年结转政府信息公开申请数量", ["2", "3", "0", "1", "0", "0", "6"]),
    ("（一）予以公开", ["5", "2", "1", "0", "1", "0", "9"]),
    ("（二）部分公开", ["1", "3", "0", "0", "0", "0", "4"]),
    ("（七）总计", ["6", "5", "1", "0", "1", "0", "13"]),
    ("四、结转下年度继续办理", ["6", "2", "0", "1", "1", "0", "10"]),
]
T3_KINDS = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


def borderless_table_three(kinds: list[int]) -> Page:
    """表三 printed without rules: a label column, seven value columns 40 pt wide, the
    kinds of 法人 printed in the order `kinds` (indices into T3_KINDS) over their values,
    a six-character kind wrapped over two lines ("社会公益" over "组织")."""
    p = _part_page("三、收到和处理政府信息公开申请情况", 100)
    centred = _centred(p, 240, 40)

    centred("申请人情况", 0, 7, 130)
    centred("自然人", 0, 1, 148)
    centred("法人或其他组织", 1, 6, 148)
    centred("总计", 6, 7, 148)
    for c, k in enumerate(kinds, 1):
        name = T3_KINDS[k]
        centred(name[:4], c, c + 1, 166)
        if name[4:]:
            centred(name[4:], c, c + 1, 177.25)
    for r, (label, values) in enumerate(T3_ROWS):
        top = 200 + r * 20
        p.text(60, top, label, 9)
        printed = [values[0], *(values[1 + k] for k in kinds), values[6]]
        for c, v in enumerate(printed):
            centred(v, c, c + 1, top)
    p.text(60, 340, "四、政府信息公开行政复议、行政诉讼情况", 12)
    return p


def test_header_of_table_three_without_rules_is_read_as_printed(tmp_path: Path) -> None:
    """表三 printed without rules, 科研机构 printed before 商业企业 with its numbers: the
    header stood outside the table the numbers make, unchecked, and the rows were read
    in the format's order (two cells of each row swapped: 科研机构's 4 read as 商业企业's).
    The header lines above the rows are now the table's first rows, each heading over
    the column it is centred on, and the columns are read as printed."""
    page = borderless_table_three([1, 0, 2, 3, 4])
    [t] = tables(read([page]))
    assert [c.text for c in t.rows[2]][-7:] == [
        "",
        "科研机构",
        "商业企业",
        "社会公益\n组织",
        "法律服务\n机构",
        "其他",
        "",
    ]
    f = tmp_path / "报告.pdf"
    f.write_bytes(build_pdf([page]))
    cells = extract(f).cells
    assert {k: v for k, v in cells.items() if k.startswith("t3.new_received.")} == {
        "t3.new_received.natural_person": 10,
        "t3.new_received.commercial_enterprise": 4,
        "t3.new_received.research_institution": 1,
        "t3.new_received.social_welfare_org": 0,
        "t3.new_received.legal_service_org": 2,
        "t3.new_received.other_org": 0,
        "t3.new_received.total": 17,
    }
    assert cells["t3.carried_forward.commercial_enterprise"] == 2
    assert cells["t3.carried_forward.research_institution"] == 0


def ruled_table_three(kinds: list[int], natural_shift: float = 0) -> Page:
    """表三 ruled between its rows and columns of values, its header without inner
    rules: one cell over the seven columns (40 pt wide) holding every heading, centred
    over its column, the kinds of 法人 in the order `kinds` (indices into T3_KINDS) over
    their values; 自然人 moved `natural_shift` pt right."""
    p = _part_page("三、收到和处理政府信息公开申请情况", 90)
    xs = [60.0, 240.0, *(240.0 + 40 * (c + 1) for c in range(7))]
    ys = [110.0, 170.0, *(170.0 + 20 * (r + 1) for r in range(len(T3_ROWS)))]
    # the header's cells: no rule across it, nor between the columns of values
    ruled(p, ys, xs, {("v", 0, j) for j in range(2, 8)})
    centred = _centred(p, 240, 40)

    centred("申请人情况", 0, 7, 114)
    centred("自然人", 0, 1, 128, natural_shift)
    centred("法人或其他组织", 1, 6, 128)
    centred("总计", 6, 7, 128)
    for c, k in enumerate(kinds, 1):
        name = T3_KINDS[k]
        centred(name[:4], c, c + 1, 144)
        if name[4:]:
            centred(name[4:], c, c + 1, 154)
    for r, (label, values) in enumerate(T3_ROWS):
        top = ys[r + 1] + 5
        p.text(64, top, label, 9)
        printed = [values[0], *(values[1 + k] for k in kinds), values[6]]
        for c, v in enumerate(printed):
            centred(v, c, c + 1, top)
    p.text(60, ys[-1] + 30, "四、政府信息公开行政复议、行政诉讼情况", 12)
    return p


def test_headings_in_one_cell_over_ruled_columns_are_read_as_printed(tmp_path: Path) -> None:
    """表三 ruled between its values, its header without inner rules, 科研机构 printed
    before 商业企业 with its numbers: every heading stood in one merged cell, the
    header could not be checked and the rows were read in the format's order (科研机构's
    4 read as 商业企业's). The cell is now read as rows of headings, each over the
    column its text stands in, and the columns are read as printed."""
    page = ruled_table_three([1, 0, 2, 3, 4])
    [t] = tables(read([page]))
    assert [c.text for c in t.rows[2]][-7:] == [
        "",
        "科研机构",
        "商业企业",
        "社会公益\n组织",
        "法律服务\n机构",
        "其他",
        "",
    ]
    assert [(c.text, c.col, c.colspan) for c in t.rows[1]][-5:] == [
        ("自然人", 1, 1),
        ("", 2, 1),
        ("法人或其他组织", 3, 3),
        ("", 6, 1),
        ("总计", 7, 1),
    ]
    f = tmp_path / "报告.pdf"
    f.write_bytes(build_pdf([page]))
    r = extract(f)
    assert {k: v for k, v in r.cells.items() if k.startswith("t3.new_received.")} == {
        "t3.new_received.natural_person": 10,
        "t3.new_received.commercial_enterprise": 4,
        "t3.new_received.research_institution": 1,
        "t3.new_received.social_welfare_org": 0,
        "t3.new_received.legal_service_org": 2,
        "t3.new_received.other_org": 0,
        "t3.new_received.total": 17,
    }
    assert r.cells["t3.carried_forward.commercial_enterprise"] == 2
    assert r.cells["t3.carried_forward.research_institution"] == 0
    assert [p.message for p in r.problems if p.path == "t3"] == []


def test_headings_in_one_cell_in_the_format_s_order_are_read(tmp_path: Path) -> None:
    f = tmp_path / "报告.pdf"
    f.write_bytes(build_pdf([ruled_table_three([0, 1, 2, 3, 4])]))
    cells = extract(f).cells
    assert cells["t3.new_received.commercial_enterprise"] == 4
    assert cells["t3.new_received.research_institution"] == 1
    assert cells["t3.results.granted.commercial_enterprise"] == 2
    assert cells["t3.results.granted.total"] == 9


def test_heading_in_one_cell_crossing_a_rule_withholds_a_reordered_table(
    tmp_path: Path,
) -> None:
    """The same header, 自然人 printed 14 pt right, across the rule between its column
    and 商业企业's (or 科研机构's): the column it heads is not told, so the order the
    header prints the kinds of 法人 in is not taken for sure and the table is withheld,
    not read in the format's order."""
    f = tmp_path / "报告.pdf"
    f.write_bytes(build_pdf([ruled_table_three([1, 0, 2, 3, 4], natural_shift=14)]))
    r = extract(f)
    assert {k: v for k, v in r.cells.items() if k.startswith("t3.")} == {}
    assert [p.message for p in r.problems if p.path == "t3"] == [
        "表头各列的次序与法定格式不同（科研机构、商业企业、社会公益组织、法律服务机构、"
        "其他），无法确定各数值所在的列，未取值"
    ]


def ruled_table_four(direct: list[str], values: list[str]) -> Page:
    """Part 四 of the 示例镇 report, its table ruled around its row of values and between
    its columns there (fifteen, 31 pt wide), its header without inner rules: one cell
    holding every heading centred over its columns, a four-character outcome wrapped
    over two lines. `direct`: the outcomes printed under 未经复议直接起诉."""
    p = Page()
    p.text(90, 60, "示例镇人民政府2024年政府信息公开工作年度报告", 14)
    p.text(60, 100, "四、政府信息公开行政复议、行政诉讼情况", 12)
    ruled(p, [150, 222, 245], [64 + 31 * c for c in range(16)], {("v", 0, j) for j in range(1, 15)})

    def centred(s: str, first: int, end: int, top: float) -> None:
        p.text(64 + (first + end) / 2 * 31 - len(s) * 4.5, top, s, 9)

    centred("行政复议", 0, 5, 160)
    centred("行政诉讼", 5, 15, 160)
    centred("未经复议直接起诉", 5, 10, 178)
    centred("复议后起诉", 10, 15, 178)
    for c, s in enumerate([*T4_OUTCOMES, *direct, *T4_OUTCOMES]):
        top = 178 if c < 5 else 196
        centred(s[:2], c, c + 1, top)
        if s[2:]:
            centred(s[2:], c, c + 1, top + 11.25)
    for c, v in enumerate(values):
        centred(v, c, c + 1, 228)
    p.text(60, 270, "五、存在的主要问题及改进情况", 12)
    return p


def test_ruled_table_four_whose_headings_share_a_cell_is_checked(tmp_path: Path) -> None:
    """表四 ruled around its values, every heading in one cell, 总计 printed first under
    未经复议直接起诉 (6 2 1 3 0 for 2 1 3 0 6): the header could not be read and the
    group was read in the format's order, its five cells wrong. Its headings now
    stand over their columns, the group's order is told from the format's and the
    table withheld; printed in the format's order, all fifteen are read."""
    cells, problems = _table_four_read(
        tmp_path, ruled_table_four(["总计", *T4_OUTCOMES[:4]], TOTAL_FIRST)
    )
    assert cells == {}
    assert problems == [
        "表头各列的次序与法定格式不同（总计、结果维持、结果纠正、其他结果、尚未审结、"
        "结果维持、结果纠正、其他结果、尚未审结、总计），无法确定各数值所在的列，未取值"
    ]
    values = ["1", "0", "0", "0", "1", "2", "1", "3", "0", "6", "0", "0", "2", "0", "2"]
    cells, problems = _table_four_read(tmp_path, ruled_table_four(T4_OUTCOMES, values))
    assert problems == []
    assert cells["t4.litigation.direct.upheld"] == 2
    assert cells["t4.litigation.direct.total"] == 6
    assert cells["t4.litigation.after_review.total"] == 2
    assert len(cells) == 15


def test_table_with_inner_rules_only_keeps_its_label_column() -> None:
    # Word's inside borders: no frame. The rules of the rows under the merged label
    # "三、办理结果" start right of it and the header's top row is crossed by one rule
    # only, so few rules reach the outer label column and the header row; they are the
    # table's own all the same
    p = Page()
    ys = [100.0 + 20 * i for i in range(11)]
    for i in range(1, len(ys) - 1):
        p.hline(ys[i], XS[0] if i in (1, 2, 3, 9) else XS[1], XS[-1])
    p.vline(XS[1], ys[1], ys[2])
    p.vline(XS[1], ys[3], ys[9])
    p.vline(XS[2], ys[0], ys[-1])
    p.vline(XS[3], ys[1], ys[-1])
    cell(p, XS[0], ys[0], "项目")
    cell(p, XS[2], ys[0], "申请人情况")
    cell(p, XS[0], ys[1], "说明")
    cell(p, XS[1], ys[1], "合计")
    cell(p, XS[2], ys[1], "自然人")
    cell(p, XS[3], ys[1], "法人")
    rows = [
        ["一、本年新收", "", "3", "4"],
        ["三、办理结果", "予以公开", "1", "2"],
        ["", "部分公开", "0", "1"],
        ["", "不予公开", "2", "0"],
        ["", "其他处理", "0", "1"],
        ["", "不予处理", "1", "0"],
        ["", "不予受理", "0", "0"],
        ["四、结转下年", "", "0", "0"],
    ]
    for top, texts in zip(ys[2:], rows, strict=False):
        for x, s in zip(XS, texts, strict=False):
            if s:
                cell(p, x, top, s)
    [t] = tables(read([p]))
    assert grid(t) == [
        [("项目", 0, 0, 1, 2), ("申请人情况", 0, 2, 1, 2)],
        [("说明", 1, 0, 1, 1), ("合计", 1, 1, 1, 1), ("自然人", 1, 2, 1, 1), ("法人", 1, 3, 1, 1)],
        [("一、本年新收", 2, 0, 1, 2), ("3", 2, 2, 1, 1), ("4", 2, 3, 1, 1)],
        [
            ("三、办理结果", 3, 0, 6, 1),
            ("予以公开", 3, 1, 1, 1),
            ("1", 3, 2, 1, 1),
            ("2", 3, 3, 1, 1),
        ],
        [("部分公开", 4, 1, 1, 1), ("0", 4, 2, 1, 1), ("1", 4, 3, 1, 1)],
        [("不予公开", 5, 1, 1, 1), ("2", 5, 2, 1, 1), ("0", 5, 3, 1, 1)],
        [("其他处理", 6, 1, 1, 1), ("0", 6, 2, 1, 1), ("1", 6, 3, 1, 1)],
        [("不予处理", 7, 1, 1, 1), ("1", 7, 2, 1, 1), ("0", 7, 3, 1, 1)],
        [("不予受理", 8, 1, 1, 1), ("0", 8, 2, 1, 1), ("0", 8, 3, 1, 1)],
        [("四、结转下年", 9, 0, 1, 2), ("0", 9, 2, 1, 1), ("0", 9, 3, 1, 1)],
    ]


def two_page_table(repeat_header: bool) -> list[Page]:
    first, second = Page(), Page()
    ys1 = [700.0, 720.0, 740.0, 760.0]
    # col 0 of the last two rows is one cell, and it runs on to the next page
    ruled(first, ys1, XS, {("h", 2, 0), ("h", 3, 0)})
    for top, texts in zip(
        ys1,
        [
            ["项目", "甲", "乙", "合计"],
            ["不予处理", "1.重复申请", "2", "2"],
            ["", "2.信访举报", "1", "1"],
        ],
        strict=False,
    ):
        for x, s in zip(XS, texts, strict=False):
            if s:
                cell(first, x, top, s)
    first.vline(XS[0], 760, 770)  # the cut-off merged cell reaches the page foot
    rows2 = [["", "3.其他", "5", "5"], ["总计", "", "8", "8"]]
    if repeat_header:
        rows2.insert(0, ["项目", "甲", "乙", "合计"])
    ys2 = [60.0 + 20 * i for i in range(len(rows2) + 1)]
    # without a repeated header the cut cell has no rule above it
    skip = set() if repeat_header else {("h", 0, 0)}
    ruled(second, ys2, XS, skip)
    for top, texts in zip(ys2, rows2, strict=False):
        for x, s in zip(XS, texts, strict=False):
            if s:
                cell(second, x, top, s)
    return [first, second]


def test_table_continues_over_page_break() -> None:
    doc = read(two_page_table(repeat_header=False))
    [t] = tables(doc)
    assert [[c.text for c in row] for row in t.rows] == [
        ["项目", "甲", "乙", "合计"],
        ["不予处理", "1.重复申请", "2", "2"],
        ["2.信访举报", "1", "1"],
        ["3.其他", "5", "5"],
        ["总计", "", "8", "8"],
    ]
    assert (t.rows[1][0].rowspan, t.rows[4][0].row) == (3, 4)
    assert t.where.page == 1


def test_repeated_header_row_dropped_on_continuation() -> None:
    [t] = tables(read(two_page_table(repeat_header=True)))
    assert [c.text for c in t.rows[3]] == ["", "3.其他", "5", "5"]
    assert [c.text for c in t.rows[4]] == ["总计", "", "8", "8"]
    assert len(t.rows) == 5


def test_row_cut_by_page_break_is_one_row() -> None:
    first, second = Page(), Page()
    ruled(first, [700.0, 720.0, 760.0], XS, set())
    first.hline(780, XS[0], XS[-1], 0)  # stray zero-width rule: ignored
    for x, s in zip(XS, ["项目", "甲", "乙", "合计"], strict=False):
        cell(first, x, 700, s)
    for x, s in zip(XS, ["5.要求机关确认或", "1", "2", "3"], strict=False):
        cell(first, x, 720, s)
    ruled(second, [60.0, 80.0, 100.0], XS, {("h", 0, c) for c in range(4)})
    cell(second, XS[0], 60, "重新出具已获取信息")
    for x, s in zip(XS, ["总计", "4", "5", "9"], strict=False):
        cell(second, x, 80, s)
    [t] = tables(read([first, second]))
    assert grid(t) == [
        [("项目", 0, 0, 1, 1), ("甲", 0, 1, 1, 1), ("乙", 0, 2, 1, 1), ("合计", 0, 3, 1, 1)],
        [
            ("5.要求机关确认或\n重新出具已获取信息", 1, 0, 1, 1),
            ("1", 1, 1, 1, 1),
            ("2", 1, 2, 1, 1),
            ("3", 1, 3, 1, 1),
        ],
        [("总计", 2, 0, 1, 1), ("4", 2, 1, 1, 1), ("5", 2, 2, 1, 1), ("9", 2, 3, 1, 1)],
    ]


def _table_page(ys: list[float], rows: list[list[str]], skip: set[tuple[str, int, int]]) -> Page:
    p = Page()
    ruled(p, ys, XS, skip)
    for top, texts in zip(ys, rows, strict=False):
        for x, s in zip(XS, texts, strict=False):
            if s:
                cell(p, x, top, s)
    return p


def test_cell_cut_by_two_page_breaks_is_one_cell() -> None:
    # "不予处理" runs from page 1 over all of page 2 to page 3: the cell page 3 finds
    # above its cut cell is the one page 2 already lengthened
    head = ["项目", "甲", "乙", "合计"]
    first = _table_page(
        [700.0, 720.0, 740.0], [head, ["不予处理", "1.重复申请", "2", "2"]], {("h", 2, 0)}
    )
    first.vline(XS[0], 740, 770)
    middle = [["", "2.信访举报", "1", "1"], ["", "3.其他", "5", "5"]]
    # (a rule under the last row, as Word draws one at the page foot)
    second = _table_page([60.0, 80.0, 100.0], middle, {("h", 0, 0), ("h", 1, 0)})
    last = [["", "4.重复提交", "3", "3"], ["总计", "", "11", "11"]]
    third = _table_page([60.0, 80.0, 100.0], last, {("h", 0, 0)})
    [t] = tables(read([first, second, third]))
    assert [[c.text for c in row] for row in t.rows] == [
        head,
        ["不予处理", "1.重复申请", "2", "2"],
        ["2.信访举报", "1", "1"],
        ["3.其他", "5", "5"],
        ["4.重复提交", "3", "3"],
        ["总计", "", "11", "11"],
    ]
    assert (t.rows[1][0].rowspan, t.rows[5][0].row) == (4, 5)


def test_table_over_many_pages_with_its_header_on_each() -> None:
    head = ["项目", "甲", "乙", "合计"]
    pages = [
        _table_page(
            [60.0, 80.0, 100.0], [head, [f"{n + 1}.第{n + 1}项", str(n), "0", str(n)]], set()
        )
        for n in range(30)
    ]
    [t] = tables(read(pages))
    assert len(t.rows) == 31
    assert [c.text for c in t.rows[0]] == head
    assert [c.text for c in t.rows[30]] == ["30.第30项", "29", "0", "29"]
    assert [c.row for c in t.rows[17]] == [17] * 4


def test_different_columns_on_next_page_start_a_new_table() -> None:
    pages = two_page_table(repeat_header=False)
    other = Page()
    ruled(other, [60.0, 80.0, 100.0], [60.0, 300.0, 420.0], set())
    cell(other, 60, 60, "信息内容")
    cell(other, 300, 60, "数量")
    cell(other, 60, 80, "行政许可")
    cell(other, 300, 80, "17")
    doc = read([pages[0], other])
    assert len(tables(doc)) == 2
    assert [c.text for c in tables(doc)[1].rows[1]] == ["行政许可", "17"]


# ---------------------------------------------------------------------------------------
# Pages without text, limits, bad files


def test_image_only_page_reported() -> None:
    doc = read_without_ocr([text_page(1), Page().picture(), text_page(3)])
    assert doc.problems == ["第2页没有文字层（可能是扫描件），需要 OCR"]
    assert [b.text for b in doc.blocks].count("一、总体情况") == 2


def test_garbage_text_layer_reported() -> None:
    p = Page().text(90, 100, "示例镇人民政府信息公开")
    doc = read_without_ocr([p], to_unicode={c: "\ue000" for c in "示例镇人民政府信息公开"})
    assert doc.problems == ["第1页没有文字层（可能是扫描件），需要 OCR"]
    assert doc.blocks == []


def test_control_characters_in_text_layer_are_garbage() -> None:
    # pdfium's text of a whole page leaves control characters out (or shows them as
    # U+FFFE), so it no longer lines up with the chars; the reader then asks char by
    # char, and a layer mostly of control characters counts as garbage, not as text
    p = Page().text(90, 100, "示例镇人民政府信息公开")
    doc = read_without_ocr([p], to_unicode={c: "\x02" for c in "镇人民政府信息"})
    assert doc.problems == ["第1页没有文字层（可能是扫描件），需要 OCR"]
    assert doc.blocks == []


def test_blank_page_is_not_a_scan() -> None:
    doc = read([text_page(1), Page().hline(100, 60, 500), Page()])
    assert doc.problems == []


def test_text_drawn_as_outlines_reported() -> None:
    p = Page()
    for k in range(80):  # glyph outlines: many small filled paths and no text
        p.bar(60 + 6 * (k % 40), 100 + 20 * (k // 40), 64 + 6 * (k % 40), 110 + 20 * (k // 40))
    doc = read_without_ocr([text_page(1), p])
    assert doc.problems == ["第2页没有文字层（可能是扫描件），需要 OCR"]


def test_page_limit() -> None:
    doc = read_pdf("t.pdf", build_pdf([text_page(n) for n in (1, 2, 3)]), max_pages=2)
    assert doc.problems == ["PDF 共 3 页，超过上限 2 页，只读取了前 2 页"]
    assert {b.where.page for b in doc.blocks} == {1, 2}


def test_time_limit_stops_between_pages() -> None:
    doc = read_pdf("t.pdf", build_pdf([text_page(1), text_page(2)]), time_limit=0)
    assert doc.problems == ["读取超时（超过 0 秒），只读取了前 1 页，共 2 页"]
    assert {b.where.page for b in doc.blocks} == {1}


def test_encrypted_pdf_refused() -> None:
    with pytest.raises(ReadError) as e:
        read_pdf("x.pdf", encrypted_pdf())
    assert str(e.value) == "PDF 文件已加密，无法读取（请提供未加密的文件）"


def test_garbage_bytes_refused() -> None:
    with pytest.raises(ReadError) as e:
        read_pdf("x.pdf", b"%PDF-1.7\nthis is not a pdf at all\n")
    assert str(e.value) == "PDF 文件已损坏：文件结构无法识别或不完整"


@pytest.mark.parametrize("keep", [0.2, 0.5, 0.8, 0.99])
def test_truncated_pdf_refused(keep: float) -> None:
    data = build_pdf([text_page(1), text_page(2)])
    with pytest.raises(ReadError) as e:
        read_pdf("x.pdf", data[: int(len(data) * keep)])
    assert str(e.value) == "PDF 文件已损坏：文件结构无法识别或不完整"


def _refusal(data: bytes) -> str:
    with pytest.raises(ReadError) as e:
        read_pdf("x.pdf", data)
    return str(e.value)


@pytest.mark.parametrize("before", ["nothing", "encrypted", "garbage"])
def test_empty_page_tree_refused_alike_whatever_was_read_before(before: str) -> None:
    # pdfium refuses a document without pages when loading it, without setting its last
    # error: the message must not be the previous file's
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    if before == "encrypted":
        assert _refusal(encrypted_pdf()) == "PDF 文件已加密，无法读取（请提供未加密的文件）"
    elif before == "garbage":
        assert _refusal(b"%PDF-1.7\nnot a pdf\n") == "PDF 文件已损坏：文件结构无法识别或不完整"
    assert _refusal(_serialise(objs, "/Root 1 0 R")) == "PDF 文件已损坏：文件结构无法识别或不完整"


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The processes forked while the test runs (the open guard forks one per file)."""
    import os

    real, pids = os.fork, []

    def counted() -> int:
        pid = real()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counted)
    return pids


def _first_texts(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks[:2]]


def test_well_formed_pdf_opens_without_a_child_process(forks: list[int]) -> None:
    doc = read_pdf("x.pdf", build_pdf([text_page(1), text_page(2)]))
    assert _first_texts(doc) == ["示例镇人民政府", "一、总体情况"]
    assert forks == []


def test_incremental_update_opens_without_a_child_process(forks: list[int]) -> None:
    data = build_pdf([text_page(1)])
    old_xref = int(data.rsplit(b"startxref", 1)[1].split()[0])
    # an update that replaces the catalog: a new object 1, a one-entry table, /Prev
    out = bytearray(data)
    at = len(out)
    out += b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Lang (zh) >>\nendobj\n"
    xref = len(out)
    out += f"xref\n1 1\n{at:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size 2 /Root 1 0 R /Prev {old_xref} >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    doc = read_pdf("x.pdf", bytes(out))
    assert _first_texts(doc) == ["示例镇人民政府", "一、总体情况"]
    assert forks == []


def test_cross_reference_stream_opens_without_a_child_process(forks: list[int]) -> None:
    data = build_pdf([text_page(1)])
    table = data.rindex(b"xref\n0 ")
    body = data[:table]
    offsets = [int(line[:10]) for line in data[table:].split(b"\n") if line.endswith(b" n ")]
    n = len(offsets) + 1  # the stream itself is the next object
    rows = b"\x00\x00\x00\x00\x00\xff\xff" + b"".join(
        b"\x01" + o.to_bytes(4, "big") + b"\x00\x00" for o in [*offsets, len(body)]
    )
    stream = (
        (
            f"{n} 0 obj\n<< /Type /XRef /Size {n + 1} /W [1 4 2] /Root 1 0 R"
            f" /Length {len(rows)} >>\nstream\n"
        ).encode()
        + rows
        + b"\nendstream\nendobj\n"
    )
    out = body + stream + f"startxref\n{len(body)}\n%%EOF\n".encode()
    doc = read_pdf("x.pdf", out)
    assert _first_texts(doc) == ["示例镇人民政府", "一、总体情况"]
    assert forks == []


_READ = ["示例镇人民政府", "一、总体情况"]


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        pytest.param(lambda d: d.replace(b"startxref\n", b"startxref\n1"), _READ, id="startxref"),
        pytest.param(lambda d: d.replace(b"%%EOF", b"%%EOX"), _READ, id="no-eof"),
        pytest.param(lambda d: d.replace(b"00000 n \n", b"00000 n\n", 1), _READ, id="entry"),
        # spaces inside object 2: every later object is no longer where the table says
        pytest.param(
            lambda d: d.replace(b"\n2 0 obj", b"\n2 0 obj" + b" " * 40, 1), _READ, id="shifted"
        ),
        pytest.param(
            lambda d: d.replace(b"/Root 1 0 R", b"/Root 9 0 R"),
            "PDF 文件已损坏：",  # under the code of whichever load failed last (pdfium)
            id="root",
        ),
    ],
)
def test_damaged_cross_reference_is_opened_in_a_child_first(
    forks: list[int], damage: object, expected: list[str] | str
) -> None:
    # pdfium rebuilds such a cross-reference by scanning the whole file, which a
    # hostile file can make last for minutes; the child is killed at the bound
    data = damage(build_pdf([text_page(1)]))  # type: ignore[operator]
    assert data != build_pdf([text_page(1)])
    if isinstance(expected, str):
        with pytest.raises(ReadError) as e:
            read_pdf("x.pdf", data)
        assert str(e.value).startswith(expected)
    else:
        assert _first_texts(read_pdf("x.pdf", data)) == expected
    assert len(forks) == 1


def test_damaged_cross_reference_that_hangs_is_cut_off(monkeypatch: pytest.MonkeyPatch) -> None:
    # a file that looks well formed up to its cross-reference is still bounded when the
    # cross-reference is not where the trailer says
    import pypdfium2 as pdfium

    import ogi.readers.pdf
    from ogi import limits

    real = pdfium.PdfDocument
    data = build_pdf([text_page(1)]).replace(b"startxref\n", b"startxref\n1")

    def hangs(given: bytes) -> object:
        if given == data:
            time.sleep(600)
        return real(given)

    monkeypatch.setattr(ogi.readers.pdf.pdfium, "PdfDocument", hangs)
    monkeypatch.setattr(
        limits, "PDF_OPEN_SECONDS", limits.Limit(1, limits.PDF_OPEN_SECONDS.message, "1")
    )
    with pytest.raises(ReadError) as e:
        read_pdf("x.pdf", data)
    assert str(e.value) == "PDF 文件已损坏：文件结构需要重建，1 秒内未能打开"


def test_read_file_dispatches_pdf(tmp_path: Path) -> None:
    f = tmp_path / "报告.pdf"
    f.write_bytes(build_pdf([text_page(1)]))
    doc = read_file(f)
    assert doc.form == "pdf"
    assert doc.blocks[1].text == "一、总体情况"


# ---------------------------------------------------------------------------------------
# The real sample report (skipped where the shared corpus is not present)

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
SAMPLE = CORPUS / "huaian-hongze-2023.pdf"


@pytest.fixture(scope="module")
def sample() -> Document:
    if not SAMPLE.exists():
        pytest.skip("共享语料不在本机")
    return read_file(SAMPLE)


def _truth() -> dict[str, float]:
    for line in (CORPUS / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        if d["file"] == SAMPLE.name:
            return d["cells"]
    raise AssertionError("truth line missing")


def _row(t: Block, label: str) -> list[str]:
    for row in t.rows:
        texts = [c.text for c in row]
        if label in texts:
            return texts[texts.index(label) + 1 :]
    raise AssertionError(label)


def test_sample_table_three_is_one_table_across_pages(sample: Document) -> None:
    ts = tables(sample)
    assert len(ts) == 3
    t2, t3, t4 = ts
    assert (t2.where.page, t3.where.page, t4.where.page) == (2, 3, 4)
    truth = _truth()
    people = [
        "natural_person",
        "commercial_enterprise",
        "research_institution",
        "social_welfare_org",
        "legal_service_org",
        "other_org",
        "total",
    ]

    def want(key: str) -> list[str]:
        return [str(int(truth[f"t3.{key}.{p}"])) for p in people]

    assert _row(t3, "一、本年新收政府信息公开申请数量") == want("new_received")
    assert _row(t3, "1.属于国家秘密") == want("results.withheld.state_secret")
    assert _row(t3, "2.没有现成信息需要另行制作") == want("results.unable.needs_creation")
    # this row is printed on page 4, the table started on page 3
    assert _row(t3, "3.补正后申请内容仍不明确") == want("results.unable.still_unclear")
    assert _row(t3, "四、结转下年度继续办理") == want("carried_forward")
    assert _row(t3, "（六）其他处理") == ["0"] * 7
    assert t3.rows[5][0].text == "三、本年度办理结果"
    assert (t3.rows[5][0].rowspan, t3.rows[5][0].colspan) == (20, 1)
    assert t3.rows[15][0].text == "（四）无法提供"
    assert t3.rows[15][0].rowspan == 3
    assert _row(t2, "行政许可") == ["550"]
    assert _row(t2, "行政事业性收费") == ["7730.28"]


def test_sample_table_four_values(sample: Document) -> None:
    t4 = tables(sample)[2]
    truth = _truth()
    order = [f"t4.review.{k}" for k in ("upheld", "corrected", "other", "pending", "total")]
    for part in ("direct", "after_review"):
        order += [
            f"t4.litigation.{part}.{k}"
            for k in ("upheld", "corrected", "other", "pending", "total")
        ]
    assert [c.text for c in t4.rows[-1]] == [str(int(truth[k])) for k in order]
    assert [c.text for c in t4.rows[0]] == ["行政复议", "行政诉讼"]


def test_sample_text(sample: Document) -> None:
    texts = [b.text for b in sample.blocks if not b.is_table]
    assert texts[:2] == ["洪泽区人民政府", "2023年政府信息公开工作年度报告"]
    assert "一、总体情况" in texts
    assert not any(t.startswith("-") for t in texts)  # page numbers dropped
    assert sample.problems == []


# ---------------------------------------------------------------------------------------
# Tables printed by browsers and into narrow columns


def test_rules_at_the_same_x_in_two_tables_stay_apart() -> None:
    # table 一's column rule at x=142, table 二's at x=140.6 lower down: joining the two
    # (they are within two points of each other) would lose table 一's column
    p = Page()
    ruled(p, [100.0, 120.0, 140.0], [60.0, 142.0, 300.0], set())
    ruled(p, [300.0, 320.0, 340.0], [60.0, 140.6, 220.0, 300.0], set())
    cell(p, 60, 100, "甲")
    cell(p, 142, 100, "乙")
    cell(p, 60, 300, "丙")
    cell(p, 140.6, 300, "丁")
    cell(p, 220, 300, "戊")
    first, second = tables(read([p]))
    assert grid(first)[0] == [("甲", 0, 0, 1, 1), ("乙", 0, 1, 1, 1)]
    assert grid(second)[0] == [("丙", 0, 0, 1, 1), ("丁", 0, 1, 1, 1), ("戊", 0, 2, 1, 1)]


def test_number_wrapped_in_a_narrow_cell_is_one_number() -> None:
    p = Page()
    xs = [60.0, 200.0, 224.0, 340.0]  # the middle column is 24 pt wide
    ruled(p, [100.0, 140.0], xs, set())
    cell(p, 60, 100, "行政许可")
    p.text(203, 104, "300")  # 3001 wrapped by the cell's width: 300 over 1
    p.text(203, 118, "1")
    # a wide cell with two short numbers stacked: not a wrap, left for the layout step
    p.text(230, 104, "5")
    p.text(230, 118, "7")
    [t] = tables(read([p]))
    assert [c.text for c in t.rows[0]] == ["行政许可", "3001", "5\n7"]


def test_browser_continued_table_starts_new_rows() -> None:
    # a browser draws no rule above a table continued on the next page: the first row
    # there is a row of its own when it opens with its numbering or its numbers fill
    # the cells the row above already filled
    first, second = Page(), Page()
    ruled(first, [700.0, 720.0, 740.0], XS, set())
    for x, s in zip(XS, ["项目", "甲", "乙", "合计"], strict=False):
        cell(first, x, 700, s)
    for x, s in zip(XS, ["3.内容不明确", "0", "0", "0"], strict=False):
        cell(first, x, 720, s)
    ruled(second, [60.0, 80.0, 100.0], XS, {("h", 0, c) for c in range(4)})
    for x, s in zip(XS, ["1.信访举报", "1", "0", "1"], strict=False):
        cell(second, x, 60, s)
    for x, s in zip(XS, ["2.重复申请", "0", "1", "1"], strict=False):
        cell(second, x, 80, s)
    [t] = tables(read([first, second]))
    assert [[c.text for c in row] for row in t.rows] == [
        ["项目", "甲", "乙", "合计"],
        ["3.内容不明确", "0", "0", "0"],
        ["1.信访举报", "1", "0", "1"],
        ["2.重复申请", "0", "1", "1"],
    ]
    # each cell keeps its page and its box on that page
    assert [(c.page, c.box) for c in t.rows[2][:2]] == [
        (2, (XS[0], 60.0, XS[1], 80.0)),
        (2, (XS[1], 60.0, XS[2], 80.0)),
    ]
    assert t.rows[1][1].page == 1


def test_table_without_rules_is_read_from_its_columns() -> None:
    # no ruling lines: the numbers stand in columns; the long label wraps onto a line
    # above and a line below its row's numbers (a browser centres them in the row)
    p = Page()
    xs = [300.0, 330.0, 360.0]
    p.text(60, 100, "项目")
    for top, label, values in [
        (120.0, "1.属于国家秘密", ["0", "2", "2"]),
        (148.0, "", ["1", "0", "1"]),
        (176.0, "3.其他", ["5", "", "5"]),
    ]:
        if label:
            p.text(60, top, label)
        for x, v in zip(xs, values, strict=True):
            if v:
                p.text(x, top, v)
    p.text(60, 141, "2.申请人无正当理由逾期")  # the wrapped label of the middle row
    p.text(60, 155, "不补正")
    [t] = tables(read([p]))
    assert [[c.text for c in row] for row in t.rows] == [
        ["1.属于国家秘密", "0", "2", "2"],
        ["2.申请人无正当理由逾期\n不补正", "1", "0", "1"],
        ["3.其他", "5", "", "5"],
    ]
    # each number has its own box on the page
    assert t.rows[1][1].page == 1
    x0, top, x1, bottom = t.rows[1][1].box
    assert abs(x0 - 300) < 1 and abs(top - 148) < 2 and x1 - x0 < 8 and bottom - top < 14
    # the heading line above the numbers stays text
    assert [b.text for b in doc_text(read([p]))] == ["项目"]


@pytest.mark.parametrize("printer", ["libreoffice", "chromium"])
def test_table_without_rules_keeps_a_wrapped_number_in_its_row(printer: str) -> None:
    """A number too wide for its narrow cell wraps ("119" over "3") and the other cells
    of the row are centred: the parts stand on lines of their own, touching the row's
    line. They stay in their row's cell, one above the other (which the layout step
    reports), rather than the last part being read as the number, or the table lost."""
    p = Page()
    xs = [300.0, 330.0, 360.0]
    rows = [(120.0, "1.属于国家秘密", ["0", "2", "2"]), (180.0, "3.其他", ["5", "", "5"])]
    if printer == "libreoffice":  # one cell wrapped, its two lines about the row's one
        rows.append((150.0, "2.重复申请", ["189", "195", ""]))
        p.text(360, 145, "119")
        p.text(360, 156, "3")
        wrapped = ["2.重复申请", "189", "195", "119\n3"]
    else:  # every number wrapped, the label centred between their lines
        p.text(60, 150, "2.重复申请")
        for x, upper, lower in zip(xs, ["118", "119", "238"], ["9", "5", "4"], strict=True):
            p.text(x, 143, upper)
            p.text(x, 157, lower)
        wrapped = ["2.重复申请", "118\n9", "119\n5", "238\n4"]
    for top, label, values in rows:
        p.text(60, top, label)
        for x, v in zip(xs, values, strict=True):
            if v:
                p.text(x, top, v)
    [t] = tables(read([p]))
    assert [[c.text for c in row] for row in t.rows] == [
        ["1.属于国家秘密", "0", "2", "2"],
        wrapped,
        ["3.其他", "5", "", "5"],
    ]


def test_table_without_rules_keeps_a_wrapped_first_value_whole() -> None:
    """The first row's first and last values wrap in their narrow cells (3001 as "30"
    over "01", 3006 as "30" over "06"), the row's other numbers centred between their
    parts: the line of upper parts starts left of every number on the row's line, but
    right of its label, and is kept in the row, each part above the one below it (which
    the layout step reports), rather than dropped and "01" read as 1."""
    p = Page()
    xs = [300.0, 330.0, 360.0, 390.0, 420.0, 450.0]
    p.text(60, 100, "项目")
    p.text(60, 150, "一、本年新收政府信息公开申请数量")
    for x, upper, lower in ((xs[0], "30", "01"), (xs[5], "30", "06")):
        p.text(x, 143, upper)
        p.text(x, 157, lower)
    for x, v in zip(xs[1:5], ["3", "0", "1", "1"], strict=True):
        p.text(x, 150, v)
    rows = [(180.0, "项目甲", "2 0 0 0 0 2"), (200.0, "项目乙", "5 1 0 0 0 6")]
    for top, label, values in rows:
        p.text(60, top, label)
        for x, v in zip(xs, values.split(), strict=True):
            p.text(x, top, v)
    [t] = tables(read([p]))
    assert [[c.text for c in row] for row in t.rows] == [
        ["一、本年新收政府信息公开申请数量", "30\n01", "3", "0", "1", "1", "30\n06"],
        ["项目甲", "2", "0", "0", "0", "0", "2"],
        ["项目乙", "5", "1", "0", "0", "0", "6"],
    ]


@pytest.mark.parametrize(
    ("ruled_across", "next_top", "kept"),
    [
        (True, 194.0, True),  # rows as tight as lines, a rule drawn between them
        (False, 200.0, True),  # no rule; rows parted by more white than lines are
        (False, 194.0, False),  # no rule, rows as tight as lines: nothing tells
    ],
    ids=["ruled-across", "padded", "tight"],
)
def test_table_without_rules_down_keeps_a_label_wrapped_over_four_lines_in_its_row(
    ruled_across: bool, next_top: float, kept: bool
) -> None:
    """A table with no rule down (a browser's border-bottom on each cell, a three-line
    table's style, or no borders at all). A label wrapped over four lines has its
    numbers centred between its second and third lines, so its last line stands nearer
    the next row's numbers than its own. A rule drawn between the rows, or the white
    that parts rows being wider than that between the lines of a cell, keeps it in its
    row; with neither, nothing tells, and the line goes with the nearer row."""
    p = Page()
    xs = [300.0, 330.0, 360.0]
    for top, label, values in [
        (116.0, "1.属于国家秘密", ["0", "2", "2"]),
        (161.5, None, ["1", "0", "1"]),
        (next_top, "3.其他", ["5", "", "5"]),
    ]:
        if label:
            p.text(60, top, label)
        for x, v in zip(xs, values, strict=True):
            if v:
                p.text(x, top, v)
    wrapped = [
        "2.申请人逾期未按收费",
        "通知要求缴纳费用、行",
        "政机关不再处理其政府",
        "信息公开申请",
    ]
    for k, line in enumerate(wrapped):
        p.text(60, 142 + 13 * k, line)
    if ruled_across:
        for y in (112.0, 140.0, next_top - 1, next_top + 16):
            p.hline(y, 55, 390)
    [t] = tables(read([p]))
    label, last = "\n".join(wrapped), "3.其他"
    if not kept:
        label, last = "\n".join(wrapped[:3]), "信息公开申请\n3.其他"
    assert [[c.text for c in row] for row in t.rows] == [
        ["1.属于国家秘密", "0", "2", "2"],
        [label, "1", "0", "1"],
        [last, "5", "", "5"],
    ]


def doc_text(doc: Document) -> list[Block]:
    return [b for b in doc.blocks if not b.is_table]


@pytest.mark.parametrize(
    ("strike_y", "x1", "shown"),
    [
        # a rule through the middle of 9 and 0: crossed out, 89 written after them
        (109.5, 173.5, "9\u03360\u033689"),
        # an underline below the digits, and a rule too short to cross the 0: no strike
        (116.5, 173.5, "9089"),
        (109.5, 169.0, "9\u0336089"),
    ],
)
def test_digits_a_rule_strikes_through_are_marked(strike_y: float, x1: float, shown: str) -> None:
    p = Page()
    ruled(p, [100.0, 120.0], XS, set())
    cell(p, XS[0], 100, "行政处罚")
    cell(p, XS[1], 100, "9089")
    p.hline(strike_y, 163.0, x1)
    [t] = tables(read_without_ocr([p]))
    assert [c.text for c in t.rows[0]][:2] == ["行政处罚", shown]


def test_the_lines_ocr_was_unsure_of_stay_named_in_their_paragraph() -> None:
    """OCR names the lines whose numbers it read below the minimum confidence
    (`Line.unsure`); their paragraph keeps which (`Block.line_unsure`), joined with the
    rest of it on the next page as its text is."""
    from ogi.readers.pdf import PageContent, _assemble
    from ogi.readers.pdf_chars import Char, Line

    def line(text: str, top: float, x1: float = 520.0, unsure: str | None = None) -> Line:
        chars = [Char(text, 72.0, x1, top, top + 12, 12.0)]
        return Line(chars, text, 72.0, x1, top, top + 12, 12.0, unsure=unsure)

    why = "所在行识别置信度低（0.42）：“共收到申请12件”"
    first = PageContent(
        1,
        842.0,
        [line("本年度共收到政府信息公开申请", 100.0), line("共收到申请12件", 116.0, unsure=why)],
    )
    # the next page goes on with the paragraph: not indented, under a full last line
    second = PageContent(
        2,
        842.0,
        [line("均已按期答复，其中予以公开6件", 100.0, unsure=why), line("完。", 116.0, 110.0)],
    )
    [block] = _assemble([first, second])
    assert block.text.split("\n") == [
        "本年度共收到政府信息公开申请",
        "共收到申请12件",
        "均已按期答复，其中予以公开6件",
        "完。",
    ]
    assert block.line_unsure == [None, why, why, None]
    # a paragraph OCR was sure of all through says nothing
    [plain] = _assemble([PageContent(1, 842.0, [line("本年度共收到政府信息公开申请12件", 100.0)])])
    assert plain.line_unsure is None
