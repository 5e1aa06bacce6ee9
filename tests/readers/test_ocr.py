"""OCR of scanned pages, on image-only PDFs drawn here: a ruled table with merged cells,
Chinese labels and made-up numbers, painted with a CJK font and saved as a picture at
150 and 300 dpi. No network: the recognition models ship inside rapidocr_onnxruntime.

The OCR tests take one to three seconds a page on two cores; `OGI_SKIP_SLOW=1` skips
them and leaves the fast tests of rule finding and number clean-up.
"""

from __future__ import annotations

import ctypes
import functools
import glob
import importlib.util
import io
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from ogi.blocks import Block, Document
from ogi.readers import ocr
from ogi.readers.pdf import read_pdf
from ogi.readers.pdf_chars import Char
from ogi.readers.pdf_tables import Grid, find_grids

slow = pytest.mark.skipif(os.environ.get("OGI_SKIP_SLOW") == "1", reason="慢速 OCR 测试")
needs_engine = pytest.mark.skipif(
    importlib.util.find_spec("rapidocr_onnxruntime") is None, reason="未安装 rapidocr_onnxruntime"
)

# ---------------------------------------------------------------------------------------
# A scanned page, drawn


@functools.cache
def cjk_font_file() -> str | None:
    if shutil.which("fc-match"):
        out = subprocess.run(
            ["fc-match", "-f", "%{file}", "sans:lang=zh-cn"], capture_output=True, text=True
        ).stdout.strip()
        if any(k in out for k in ("CJK", "Hei", "Ming", "Song", "Kai")):
            return out
    found = sorted(glob.glob("/usr/share/fonts/**/*CJK*.tt[cf]", recursive=True))
    return found[0] if found else None


def font(size: float) -> ImageFont.FreeTypeFont:
    path = cjk_font_file()
    if path is None:
        pytest.skip("没有中文字体（apt-get install fonts-noto-cjk）")
    # a .ttc holds several faces; the simplified-Chinese one draws the report's forms
    for index in range(10):
        try:
            f = ImageFont.truetype(path, round(size), index=index)
        except OSError:
            break
        if "SC" in " ".join(f.getname()):
            return f
    return ImageFont.truetype(path, round(size))


# (row, col, rowspan, colspan, text); a 表二-like table with a two-level header
XS = [60.0, 200.0, 290.0, 380.0, 460.0, 540.0]
YS = [110.0 + 24 * i for i in range(9)]
CELLS = [
    (0, 0, 2, 1, "信息内容"),
    (0, 1, 1, 2, "本年新增"),
    (0, 3, 2, 1, "本年废止件数"),
    (0, 4, 2, 1, "现行有效件数"),
    (1, 1, 1, 1, "制发件数"),
    (1, 2, 1, 1, "公开件数"),
    (2, 0, 1, 1, "规章"),
    (2, 1, 1, 1, "0"),
    (2, 2, 1, 1, "1"),
    (2, 3, 1, 1, "10"),
    (2, 4, 1, 1, "17"),
    (3, 0, 1, 1, "行政规范性文件"),
    (3, 1, 1, 1, "12"),
    (3, 2, 1, 1, "11"),
    (3, 3, 1, 1, "3"),
    (3, 4, 1, 1, "105"),
    (4, 0, 1, 1, "行政许可"),
    (4, 1, 1, 1, "2304"),
    (4, 2, 1, 1, "2304"),
    (4, 3, 1, 1, "0"),
    (4, 4, 1, 1, "1001"),
    (5, 0, 2, 1, "行政处罚"),
    (5, 1, 1, 1, "68"),
    (5, 2, 1, 1, "100"),
    (5, 3, 1, 1, "7"),
    (5, 4, 1, 1, "4590"),
    (6, 1, 1, 1, "9"),
    (6, 2, 1, 1, "0"),
    (6, 3, 1, 1, "26"),
    (6, 4, 1, 1, "38"),
    (7, 0, 1, 1, "行政强制"),
    (7, 1, 1, 3, "无"),
    (7, 4, 1, 1, "0"),
]
HEADING = "二、主动公开政府信息情况"
PARAGRAPH = "本年度共收到政府信息公开申请12件，均已按期答复。"


def draw_page(dpi: int, cells: list[tuple[int, int, int, int, str]] = CELLS) -> Image.Image:
    """An A4 page at `dpi`: a heading, the ruled table, a paragraph below it."""
    s = dpi / 72
    img = Image.new("L", (round(595 * s), round(842 * s)), 255)
    d = ImageDraw.Draw(img)
    f = font(10.5 * s)
    width = max(1, round(0.75 * s))
    d.text((72 * s, 70 * s), HEADING, font=font(12 * s), fill=0)
    for r, c, rs, cs, text in cells:
        x0, x1, y0, y1 = XS[c] * s, XS[c + cs] * s, YS[r] * s, YS[r + rs] * s
        d.rectangle((x0, y0, x1, y1), outline=0, width=width)
        _, top, _, bottom = d.textbbox((0, 0), text, font=f)
        d.text((x0 + 5 * s, (y0 + y1) / 2 - (top + bottom) / 2), text, font=f, fill=0)
    d.text((93 * s, (YS[-1] + 20) * s), PARAGRAPH, font=f, fill=0)
    return img


def image_pdf(*images: Image.Image, dpi: int) -> bytes:
    """Pictures saved as the pages of a PDF with no text layer, as a scanner does."""
    buf = io.BytesIO()
    first, *rest = [im.convert("RGB") for im in images]
    first.save(buf, "PDF", resolution=dpi, save_all=True, append_images=rest)
    return buf.getvalue()


def tables(doc: Document) -> list[Block]:
    return [b for b in doc.blocks if b.is_table]


def as_cells(block: Block) -> list[tuple[int, int, int, int, str]]:
    return [(c.row, c.col, c.rowspan, c.colspan, c.text) for row in block.rows for c in row]


# ---------------------------------------------------------------------------------------
# Fast: rules from the image, numbers


def test_rules_from_image_rebuild_merged_cells() -> None:
    s = 150 / 72
    img = Image.new("L", (round(595 * s), round(842 * s)), 255)
    d = ImageDraw.Draw(img)
    for r, c, rs, cs, _ in CELLS:
        d.rectangle((XS[c] * s, YS[r] * s, XS[c + cs] * s, YS[r + rs] * s), outline=0, width=2)
    rules, _ = ocr.image_rules(np.asarray(img), s)
    grids = find_grids(rules)
    assert len(grids) == 1
    got = sorted((g.row, g.col, g.rowspan, g.colspan) for g in grids[0].cells)
    assert got == sorted((r, c, rs, cs) for r, c, rs, cs, _ in CELLS)
    assert grids[0].xs == pytest.approx(XS, abs=1.5)


def test_a_table_cropped_through_its_left_border_keeps_its_label_column() -> None:
    # a 表三-like table trimmed through its left border: only the rules of the rows
    # whose labels span every label column reach the edge, the others start at the
    # inner column rule; a second table below runs off the edge too
    img = np.full((300, 400), 255, np.uint8)
    for y in (10, 40, 190):
        img[y : y + 2, 0:392] = 0
    for y in (70, 100, 130, 160):
        img[y : y + 2, 60:392] = 0
    for x in (60, 200, 390):
        img[10:192, x : x + 2] = 0
    for y in (230, 260, 290):
        img[y : y + 2, 0:392] = 0
    for x in (200, 390):
        img[230:292, x : x + 2] = 0
    rules, _ = ocr.image_rules(img, 1.0)
    assert find_grids(rules)[0].xs[0] == pytest.approx(61, abs=1.5)  # the labels lost
    edges = ocr.edge_borders(rules, img.shape[1], 1.0)
    assert [(r.horizontal, r.pos, r.a, r.b) for r in edges] == [
        (False, 0.0, 11.0, 191.0),
        (False, 0.0, 231.0, 291.0),
    ]
    first, second = find_grids(rules + edges)
    assert first.xs[0] == 0.0 and second.xs[0] == 0.0
    label = next(c for c in first.cells if c.row == 1 and c.col == 0)
    assert (label.rowspan, label.colspan) == (5, 1)  # the tall merged cell of 三、
    # the table has no border of its own there: a number at that edge is still tested
    assert ocr._sides_ruled(first, rules) == (False, True)


def test_a_red_seal_over_a_table_is_seen_through() -> None:
    # a round red seal stamped over the right of a two-row table: its arcs pass for
    # rules (they would cut the cells up) unless the red ink is seen through
    page = Image.new("RGB", (420, 200), "white")
    ImageDraw.Draw(page).ellipse((250, 20, 390, 160), outline=(215, 35, 45), width=5)
    img = _ruled(np.array(page), [30, 80, 130], [10, 140, 270, 400])
    img[95:115, 300:312] = 0  # a digit printed in black under the seal stays black
    table = [(r, c, 1, 1) for r in range(2) for c in range(3)]
    assert _cells_of(img) != table  # the seal's arcs cut the cells up
    plain = ocr.see_through_red(img)
    assert _cells_of(plain) == table
    assert (plain[95:115, 300:312] == 0).all()
    grey = img[..., :1].repeat(3, axis=2)  # a grey scan has no red to see through
    assert np.array_equal(ocr.see_through_red(grey), grey)


def _cells_of(img: np.ndarray) -> list[tuple[int, int, int, int]]:
    [grid] = find_grids(ocr.image_rules(ocr.darkest(img), 1.0)[0])
    return sorted((c.row, c.col, c.rowspan, c.colspan) for c in grid.cells)


def test_faint_blurred_rules_are_found() -> None:
    # hairline rules scanned soft: grey, lighter than ink at their middle
    s = 200 / 72
    ys = [10.0 + 13 * i for i in range(len(YS))]
    img = Image.new("L", (round(595 * s), round(130 * s)), 255)
    d = ImageDraw.Draw(img)
    f = font(10.5 * s)
    for r, c, rs, cs, text in CELLS:
        x0, x1, y0, y1 = XS[c] * s, XS[c + cs] * s, ys[r] * s, ys[r + rs] * s
        d.rectangle((x0, y0, x1, y1), outline=0, width=1)
        _, top, _, bottom = d.textbbox((0, 0), text, font=f)
        d.text((x0 + 5 * s, (y0 + y1) / 2 - (top + bottom) / 2), text, font=f, fill=0)
    gray = np.asarray(img.filter(ImageFilter.GaussianBlur(1.2)))
    assert gray[round(ys[2] * s) - 3 : round(ys[2] * s) + 4, 700].min() > ocr.INK
    [grid] = find_grids(ocr.image_rules(gray, s)[0])
    got = sorted((g.row, g.col, g.rowspan, g.colspan) for g in grid.cells)
    assert got == sorted((r, c, rs, cs) for r, c, rs, cs, _ in CELLS)
    # a stroke of a character in a row barely taller than the type, a point short of
    # the rules: the grey between, as dark above as below, does not make it a rule
    img = Image.new("L", (round(220 * s), round(60 * s)), 255)
    d = ImageDraw.Draw(img)
    d.rectangle((10 * s, 20 * s, 200 * s, 45.2 * s), outline=0, width=1)
    d.line((10 * s, 32.6 * s, 200 * s, 32.6 * s), fill=0, width=1)
    d.rectangle((100 * s, 21.3 * s, 100.8 * s, 31.3 * s), fill=0)
    rules, _ = ocr.image_rules(np.asarray(img.filter(ImageFilter.GaussianBlur(1.2))), s)
    assert sorted(round(r.pos) for r in rules if not r.horizontal) == [10, 200]


def test_text_strokes_are_not_rules() -> None:
    s = 200 / 72
    img = Image.new("L", (round(595 * s), round(300 * s)), 255)
    d = ImageDraw.Draw(img)
    d.text((72 * s, 40 * s), "国土三十一二", font=font(22 * s), fill=0)
    d.text((72 * s, 100 * s), HEADING + PARAGRAPH, font=font(10.5 * s), fill=0)
    rules, _ = ocr.image_rules(np.asarray(img), s)
    assert find_grids(rules) == []


@pytest.mark.parametrize(
    ("text", "column_numeric", "want"),
    [
        ("1O5", False, "105"),
        ("l0", False, "10"),
        ("2,3O4", False, "2,304"),
        ("１２", False, "12"),
        ("1 001", False, "1001"),
        ("O", True, "0"),
        ("O", False, None),
        ("〇", True, "0"),
        ("I", True, "1"),
        ("行政许可", True, None),
        ("10%", False, "10%"),
        ("Ol", False, None),
    ],
)
def test_numeric_cell(text: str, column_numeric: bool, want: str | None) -> None:
    assert ocr.numeric_cell(text, column_numeric) == want


def _fill(grid: Grid, boxes: list[ocr.OcrBox]) -> list[Char]:
    """Put OCR boxes (pixels, at 1 px a point) into the grid's cells, as a page's are."""
    return ocr._fill([grid], [(b, ocr._box_char(b, 1.0)) for b in boxes])


def _typed_grid(
    xs: list[float], rows: list[list[tuple[str, float]]]
) -> tuple[Grid, list[ocr.OcrCell]]:
    """A grid of one-line cells 20 pt high, each read as `text` at a confidence."""
    cells = []
    for r, texts in enumerate(rows):
        for col, (text, conf) in enumerate(texts):
            c = ocr.OcrCell(r, col, 1, 1, xs[col], xs[col + 1], r * 20.0, r * 20.0 + 20, False)
            c.chars = [
                Char(text, xs[col] + 4, xs[col] + 4 + 8 * len(text), r * 20 + 5, r * 20 + 15, 10)
            ]
            c.confidence = conf
            cells.append(c)
    return Grid(xs, [20.0 * r for r in range(len(rows) + 1)], cells), cells


def test_low_confidence_cell_reported_and_number_fixed() -> None:
    rules, _ = ocr.image_rules(*_tiny_table())  # two columns, two rows
    grid = ocr._ocr_grid(find_grids(rules)[0])
    boxes = [
        ocr.OcrBox("规章", (20, 20, 80, 40), 0.99),
        ocr.OcrBox("O", (220, 20, 240, 40), 0.63),
        ocr.OcrBox("行政许可", (20, 70, 90, 90), 0.97),
        ocr.OcrBox("1l", (220, 70, 250, 90), 0.91),
    ]
    rest = _fill(grid, boxes)
    assert rest == []
    problems: list[str] = []
    ocr._cell_texts(grid, 3, 0.8, problems)
    [block] = ocr.scan_blocks(ocr.ScanPage(842, [], [grid], [30.0, 80.0]), 3)
    assert [[(c.text, c.confidence) for c in row] for row in block.rows] == [
        [("规章", 0.99), ("0", 0.63)],
        [("行政许可", 0.97), ("11", 0.91)],
    ]
    # numbers OCR is unsure of are marked for the table's sums to vouch for, sure enough
    # (0.91) or not (0.63) where no sum can; a label is not a number to vouch for
    assert [[(c.unsure, c.weak, c.doubt) for c in row] for row in block.rows] == [
        [(None, False, None), ("识别置信度低（0.63）：“0”", False, None)],
        [(None, False, None), ("识别置信度不高（0.91）：“11”", True, None)],
    ]
    assert problems == []


def test_a_minus_a_cut_cell_and_no_number_are_not_vouched_for() -> None:
    img, scale = _tiny_table()  # two columns, two rows; the right one at the page's edge
    rules, _ = ocr.image_rules(img, scale)
    grid = ocr._ocr_grid(find_grids(rules)[0])
    boxes = [
        ocr.OcrBox("规章", (20, 20, 80, 40), 0.99),
        ocr.OcrBox("-1", (220, 20, 240, 40), 0.99),
        ocr.OcrBox("行政许可", (20, 70, 90, 90), 0.97),
        ocr.OcrBox("12", (220, 70, 250, 90), 0.99),
    ]
    _fill(grid, boxes)
    problems: list[str] = []
    # the page as wide as the table: its right column is cut by the edge
    ocr._cell_texts(grid, 3, 0.8, problems, width=390.0)
    doubts = {(c.row, c.col): c.doubt for c in grid.cells}
    assert doubts == {
        (0, 0): None,
        (0, 1): "识别出负号（多为污点或表格线）：“-1”，未取数",
        (1, 0): None,
        (1, 1): "单元格被页面边缘截断，数字可能不全：“12”，未取数",
    }
    # the same cells with the table's own border drawn at the edge: nothing is past it
    grid = ocr._ocr_grid(find_grids(rules)[0])
    _fill(grid, boxes)
    ocr._cell_texts(grid, 3, 0.8, [], width=390.0, ruled=ocr._sides_ruled(grid, rules))
    assert ocr._sides_ruled(grid, rules) == (True, True)
    assert [c.doubt for c in grid.cells if c.col == 1 and c.row == 1] == [None]
    # a page wider than the table: nothing cut; a letter read in a column of numbers
    grid = ocr._ocr_grid(find_grids(rules)[0])
    boxes[1] = ocr.OcrBox("-V.", (220, 20, 240, 40), 0.99)
    _fill(grid, boxes)
    ocr._cell_texts(grid, 3, 0.8, problems, width=595.0)
    doubts = {(c.row, c.col): c.doubt for c in grid.cells}
    assert doubts == {
        (0, 0): None,
        (0, 1): "识别结果不是数字：“-V.”，未取数",
        (1, 0): None,
        (1, 1): None,
    }


def test_a_number_clear_of_a_cropped_edge_is_whole() -> None:
    # the scan trimmed through the table's right border: its last column reaches the
    # edge with no rule of its own there
    img = _ruled(np.full((110, 330), 255, np.uint8), [10, 55, 100], [10, 150])
    img[10:12, 150:] = img[55:57, 150:] = img[100:102, 150:] = 0  # rules run off the edge
    img[25:45, 230:252] = 0  # 12, centred: half the cell clear of the edge
    img[70:90, 230:252] = 0  # 12 again, where the levelled scan's edge runs close by
    img[70:90, 318:] = 0  # …and where it cuts a digit
    rules, _ = ocr.image_rules(img, 1.0)
    grid = ocr._ocr_grid(find_grids(rules)[0])
    boxes = [
        ocr.OcrBox("规章", (20, 20, 80, 40), 0.99),
        ocr.OcrBox("12", (226, 21, 256, 49), 0.99),
        ocr.OcrBox("行政许可", (20, 70, 90, 90), 0.99),
        ocr.OcrBox("121", (226, 66, 330, 94), 0.99),
    ]
    _fill(grid, boxes)
    ruled = ocr._sides_ruled(grid, rules)
    assert ruled == (True, False)
    ocr._cell_texts(grid, 3, 0.8, [], 330.0, ruled, ocr.ScanImage(img, 1.0))
    cut = "单元格被页面边缘截断，数字可能不全：“121”，未取数"
    assert {(c.row, c.col): c.doubt for c in grid.cells if c.col} == {(0, 1): None, (1, 1): cut}
    # the page levelled after a crop: its edge runs askew, short of the image's in row 1
    grid = ocr._ocr_grid(find_grids(rules)[0])
    boxes[3] = ocr.OcrBox("12", (226, 66, 256, 94), 0.99)
    _fill(grid, boxes)
    covered = np.ones(img.shape, bool)
    covered[55:, 262:] = False
    ocr._cell_texts(grid, 3, 0.8, [], 330.0, ruled, ocr.ScanImage(img, 1.0, covered))
    cut = "单元格被页面边缘截断，数字可能不全：“12”，未取数"
    assert {(c.row, c.col): c.doubt for c in grid.cells if c.col} == {(0, 1): None, (1, 1): cut}


class _ScriptedRecogniser:
    """Stands in for the engine's recogniser: answers each call with the next list."""

    def __init__(self, *answers: list[tuple[str, float]]) -> None:
        self.answers = list(answers)
        self.widths: list[list[int]] = []

    def text_rec(self, crops: list[np.ndarray]) -> tuple[list[tuple[str, float]], float]:
        self.widths.append([c.shape[1] for c in crops])
        return self.answers.pop(0), 0.0


def test_unsure_numbers_are_read_again_at_full_width_and_twice_over() -> None:
    img, _ = _tiny_table()  # two columns, two rows
    grid = find_grids(ocr.image_rules(img, 1.0)[0])[0]
    found = [
        ocr.OcrBox("规章", (20, 20, 80, 40), 0.70),  # no number: left as read
        ocr.OcrBox("0", (220, 20, 232, 40), 0.74),  # both agree: 0.97
        ocr.OcrBox("6", (220, 70, 232, 90), 0.52),  # the second reading says 0: stays
        ocr.OcrBox("12", (20, 70, 40, 90), 0.99),  # sure already: not read again
    ]
    engine = _ScriptedRecogniser([("0", 0.98), ("6", 0.97)], [("00", 0.97), ("60", 0.90)])
    out = ocr._reread_numbers(engine, np.stack([img] * 3, axis=2), found, [grid], 1.0)
    assert [b.confidence for b in out] == [0.70, 0.97, 0.52, 0.99]
    assert engine.widths == [[133, 133], [24, 24]]  # 320/48 of the height; written twice
    # where the reading at full width is the less sure, the number keeps its lesser
    engine = _ScriptedRecogniser([("0", 0.71)], [("00", 0.99)])
    out = ocr._reread_numbers(engine, np.stack([img] * 3, axis=2), found[1:2], [grid], 1.0)
    assert [b.confidence for b in out] == [0.74]


def _ruled(img: np.ndarray, ys: list[int], xs: list[int]) -> np.ndarray:
    """`img` with a table's rules drawn two pixels thick at `ys` and `xs`."""
    for y in ys:
        img[y : y + 2, xs[0] : xs[-1] + 2] = 0
    for x in xs:
        img[ys[0] : ys[-1] + 2, x : x + 2] = 0
    return img


def _tiny_table() -> tuple[np.ndarray, float]:
    img = np.full((120, 400), 255, np.uint8)
    for y in (10, 55, 100):
        img[y : y + 2, 10:390] = 0
    for x in (10, 200, 388):
        img[10:102, x : x + 2] = 0
    return img, 1.0


def test_ocr_off_keeps_the_report() -> None:
    img = Image.new("L", (400, 600), 255)
    doc = read_pdf("scan.pdf", image_pdf(img, dpi=72), ocr=False)
    assert doc.problems == ["第1页没有文字层（可能是扫描件），需要 OCR"]


# ---------------------------------------------------------------------------------------
# Slow: the engine on whole pages


@slow
@needs_engine
@pytest.mark.parametrize("dpi", [150, 300])
def test_scanned_table_read_exactly(dpi: int) -> None:
    doc = read_pdf("scan.pdf", image_pdf(draw_page(dpi), dpi=dpi))
    [table] = tables(doc)
    got = as_cells(table)
    want = sorted((r, c, rs, cs, t) for r, c, rs, cs, t in CELLS)
    right = sum(1 for cell in want if cell in got)
    assert right == len(want), f"{right}/{len(want)} 格正确：{sorted(set(got) - set(want))}"
    assert got == want
    assert all(c.confidence is not None and 0 < c.confidence <= 1 for r in table.rows for c in r)
    paras = [b.text for b in doc.blocks if b.kind == "paragraph"]
    assert paras == [HEADING, PARAGRAPH]
    assert [b.kind for b in doc.blocks] == ["paragraph", "table", "paragraph"]
    assert table.where.page == 1 and table.where.line == 2
    # whatever is unsure is said, cell by cell, never silently
    for p in doc.problems:
        assert p.startswith("第1页 表格第") and "识别置信度低" in p


@slow
@needs_engine
@pytest.mark.parametrize("dpi", [150, 200])
def test_a_clean_lone_digit_is_read_sure_enough(dpi: int) -> None:
    # on the recogniser's narrowed canvas a lone 0 is read at 0.7 to 0.9; read again,
    # it is sure enough to be taken where no sum can vouch for it (0.9 and more)
    doc = read_pdf("scan.pdf", image_pdf(draw_page(dpi), dpi=dpi))
    cells = [c for t in tables(doc) for row in t.rows for c in row]
    assert [(c.text, c.unsure) for c in cells if c.unsure and not c.weak] == []
    assert min(c.confidence or 1.0 for c in cells if c.text.isdigit()) >= 0.9
    assert as_cells(tables(doc)[0]) == sorted(CELLS)


@slow
@needs_engine
def test_skewed_faded_dusty_scan() -> None:
    """Fed one degree askew, photocopied pale (ink at grey 170 on white) and dusty
    (one pixel in 300 a black speck)."""
    page = np.asarray(draw_page(150).rotate(1.0, fillcolor=255, resample=Image.BICUBIC))
    faded = (page * 0.33 + 170).astype(np.uint8)
    faded[np.random.default_rng(1).random(faded.shape) < 1 / 300] = 0
    doc = read_pdf("scan.pdf", image_pdf(Image.fromarray(faded), dpi=150))
    assert as_cells(tables(doc)[0]) == sorted(CELLS)


@slow
@needs_engine
@pytest.mark.parametrize(("angle", "said"), [(180, "上下颠倒"), (90, "横置"), (270, "横置")])
def test_a_page_scanned_upside_down_or_on_its_side_is_read_turned(angle: int, said: str) -> None:
    # upside down, a table's 0s and 1s still read, in the wrong columns: the page is
    # read turned once the report's words do not come out
    page = draw_page(150).rotate(angle, expand=True, fillcolor=255)
    doc = read_pdf("scan.pdf", image_pdf(page, dpi=150))
    assert as_cells(tables(doc)[0]) == sorted(CELLS)
    assert f"第1页 页面{said}，已转正后识别" in doc.problems


@slow
@needs_engine
def test_low_confidence_threshold_is_configurable() -> None:
    data = image_pdf(draw_page(300), dpi=300)
    strict = read_pdf("scan.pdf", data, ocr_min_confidence=1.01)
    cells = [c for t in tables(strict) for r in t.rows for c in r if c.text]
    lines = [ln for b in strict.blocks if b.kind == "paragraph" for ln in b.text.split("\n")]
    # every number is now unsure (taken only where the table's sums vouch for it, none
    # where no sum can), and every other cell and line of text unsure enough to be named
    numbers = [c for c in cells if c.text.isdigit()]
    assert numbers and all(c.unsure and not c.weak for c in numbers)
    assert len(strict.problems) == len(cells) - len(numbers) + len(lines)
    assert "第1页 表格第1行第1列 识别置信度低（1.00）：“信息内容”" in strict.problems
    assert any(p.startswith("第1页第1行 识别置信度低") and HEADING in p for p in strict.problems)
    # the paragraph's line with a number names it unsure, for its numbers to wait for a
    # sum; the heading, without one, does not
    [para] = [b for b in strict.blocks if b.kind == "paragraph" and "12件" in b.text]
    assert para.line_unsure == [f"所在行识别置信度低（1.00）：“{PARAGRAPH}”"]
    assert all(b.line_unsure is None for b in strict.blocks if HEADING in b.text)


@slow
@needs_engine
def test_blank_scan_reported_not_read() -> None:
    doc = read_pdf("scan.pdf", image_pdf(Image.new("L", (1240, 1754), 255), dpi=150))
    assert doc.blocks == []
    # OCR ran and found nothing: the page does not need OCR, it had it
    assert doc.problems == ["第1页没有文字层，OCR 也未识别出文字（可能是空白页或图片）"]


@slow
@needs_engine
def test_noise_page_does_not_crash() -> None:
    rng = np.random.default_rng(7)
    noise = Image.fromarray(rng.integers(0, 256, (1754, 1240), dtype=np.uint8))
    doc = read_pdf("scan.pdf", image_pdf(noise, dpi=150))
    assert doc.problems
    assert all(p.startswith("第1页") for p in doc.problems)


@slow
@needs_engine
def test_pages_between_text_pages_and_time_limit() -> None:
    blank = Image.new("L", (1240, 1754), 255)
    data = image_pdf(blank, draw_page(150), dpi=150)
    doc = read_pdf("scan.pdf", data)
    assert doc.problems[0] == "第1页没有文字层，OCR 也未识别出文字（可能是空白页或图片）"
    assert tables(doc)[0].where.page == 2
    # a page that runs out of time keeps what was read and says so
    problems: list[str] = []
    pdf = pdfium.PdfDocument(data)
    try:
        blocks = ocr.page_blocks(pdf[1], 2, 150, problems=problems, time_limit=0.0)
    finally:
        pdf.close()
    assert blocks == []
    assert problems and problems[0].startswith("第2页 识别超时")


@slow
@needs_engine
def test_ocr_page_boxes() -> None:
    boxes = ocr.ocr_page(draw_page(150))
    texts = [b.text for b in boxes]
    assert HEADING in texts and "行政规范性文件" in texts
    heading = boxes[texts.index(HEADING)]
    x0, top, x1, bottom = heading.box
    assert 72 * 150 / 72 - 10 < x0 < x1 and top < bottom < 100 * 150 / 72
    assert 0.8 < heading.confidence <= 1


# ---------------------------------------------------------------------------------------
# Text layers that do not carry the page


def _test_pdf_writer():  # type: ignore[no-untyped-def]
    path = Path(__file__).with_name("test_pdf.py")
    spec = importlib.util.spec_from_file_location("pdf_writer", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _with_scan(
    pdf: pdfium.PdfDocument,
    text: str | None = None,
    invisible: bool = False,
    fill: tuple[int, int, int, int] | None = None,
) -> bytes:
    """Draw the 150 dpi scan over page 1 of `pdf` (as a form XObject), and `text` in
    plain Helvetica above it (drawn invisible, as a scanner's OCR layer is, when
    `invisible`; in the colour `fill`, red, green, blue and alpha, when given), then
    save. pdfium needs the page, the XObject and the source document alive until the
    content is regenerated."""
    scan = pdfium.PdfDocument(image_pdf(draw_page(150), dpi=150))
    page = pdf[0]
    xobject = scan.page_as_xobject(0, pdf)
    page.insert_obj(xobject.as_pageobject())
    if text is not None:
        helvetica = pdfium_c.FPDFText_LoadStandardFont(pdf.raw, b"Helvetica")
        obj = pdfium_c.FPDFPageObj_CreateTextObj(pdf.raw, helvetica, 10.0)
        buf = ctypes.create_string_buffer((text + "\0").encode("utf-16-le"))
        pdfium_c.FPDFText_SetText(obj, ctypes.cast(buf, ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
        # (at 6 pt, so that the longest text's line stays on the page)
        pdfium_c.FPDFPageObj_Transform(obj, 0.6, 0, 0, 0.6, 72, 810)
        if invisible:
            pdfium_c.FPDFTextObj_SetTextRenderMode(obj, pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE)
        if fill is not None:
            pdfium_c.FPDFPageObj_SetFillColor(obj, *fill)
        pdfium_c.FPDFPage_InsertObject(page.raw, obj)
    page.gen_content()
    out = io.BytesIO()
    pdf.save(out)
    page.close()
    xobject.close()
    scan.close()
    return out.getvalue()


def _scan_with_text(
    text: str, invisible: bool = False, fill: tuple[int, int, int, int] | None = None
) -> bytes:
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    return _with_scan(pdf, text, invisible, fill)


@slow
@needs_engine
def test_garbage_text_layer_over_a_scan_is_ocr_d() -> None:
    w = _test_pdf_writer()
    labels = "示例镇人民政府信息公开"
    garbage = w.build_pdf([w.Page().text(90, 40, labels)], to_unicode={c: "\ue000" for c in labels})
    data = _with_scan(pdfium.PdfDocument(garbage))
    assert read_pdf("g.pdf", data, ocr=False).problems == [
        "第1页没有文字层（可能是扫描件），需要 OCR"
    ]
    doc = read_pdf("g.pdf", data)
    assert as_cells(tables(doc)[0]) == sorted(CELLS)


@slow
@needs_engine
def test_scan_with_a_token_text_layer_is_ocr_d() -> None:
    doc = read_pdf("t.pdf", _scan_with_text("Page 1"))
    assert as_cells(tables(doc)[0]) == sorted(CELLS)
    assert not any("需要 OCR" in p for p in doc.problems)


@slow
@needs_engine
def test_a_scan_with_the_scanners_invisible_text_layer_is_read_again() -> None:
    """A "searchable" scan: the scanner's OCR drawn invisible over the picture, here
    misreading 2304 as 2804 and with no table in it. The page is read from the picture,
    and the reader says why; with OCR off the text layer is all there is."""
    layer = "Page 1 of the scanned report 2804 2804 0 1001 68 100 7 4590 12 11 3 105"
    data = _scan_with_text(layer, invisible=True)
    doc = read_pdf("s.pdf", data)
    assert as_cells(tables(doc)[0]) == sorted(CELLS)
    assert doc.problems[0] == "第1页是扫描件，所附不可见文字层（扫描时自动识别）未采用，已重新识别"
    assert not any("2804" in b.text for b in doc.blocks)
    off = read_pdf("s.pdf", data, ocr=False)
    [block] = off.blocks
    assert tables(off) == [] and block.text.startswith("Page 1 of the scanned report 2804")


def test_the_scanners_text_layer_read_without_ocr_is_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With OCR off, or not installed, a searchable scan's invisible text layer (here
    misreading 2304 as 2804) is all there is: it is read, and the page is named as a
    scan whose numbers no one has checked."""
    layer = "Page 1 of the scanned report 2804 2804 0 1001 68 100 7 4590 12 11 3 105"
    data = _scan_with_text(layer, invisible=True)
    said = ["第1页是扫描件，所附文字层为扫描时自动识别，数值未经核对"]
    off = read_pdf("s.pdf", data, ocr=False)
    assert off.problems == said
    [block] = off.blocks
    assert block.text.startswith("Page 1 of the scanned report 2804")
    monkeypatch.setattr("ogi.readers.pdf.available", lambda: False)
    absent = read_pdf("s.pdf", data)
    assert absent.problems == said
    assert [b.text for b in absent.blocks] == [block.text]
    # a visible text layer over a picture is the page's own text: nothing to say
    assert read_pdf("v.pdf", _scan_with_text(layer), ocr=False).problems == []


@pytest.mark.parametrize("fill", [(0, 0, 0, 0), (255, 255, 255, 255)])
def test_the_scanners_transparent_or_white_text_layer_is_named(
    fill: tuple[int, int, int, int],
) -> None:
    """A scanner's layer drawn transparent or white over the picture is its invisible
    layer as much as one in render mode 3: read without OCR, the page is named."""
    layer = "Page 1 of the scanned report 2804 2804 0 1001 68 100 7 4590 12 11 3 105"
    off = read_pdf("s.pdf", _scan_with_text(layer, fill=fill), ocr=False)
    assert off.problems == ["第1页是扫描件，所附文字层为扫描时自动识别，数值未经核对"]


def test_full_text_layer_over_an_image_is_kept() -> None:
    text = "The text layer of this page carries the whole page and is kept. " * 2
    doc = read_pdf("t.pdf", _scan_with_text(text))
    assert tables(doc) == []
    assert [b.text for b in doc.blocks] == [text.strip()]


# ---------------------------------------------------------------------------------------
# The real sample report, printed to pictures (skipped where the shared corpus is absent)

SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "huaian-hongze-2023.pdf"


def table_pages(data: bytes) -> bytes:
    """Pages 2–4 of the sample, where its three tables are (one runs over two pages)."""
    src, out = pdfium.PdfDocument(data), pdfium.PdfDocument.new()
    try:
        out.import_pages(src, [1, 2, 3])
        buf = io.BytesIO()
        out.save(buf)
    finally:
        out.close()
        src.close()
    return buf.getvalue()


def rasterised(data: bytes, dpi: int) -> bytes:
    """Every page of a PDF as a greyscale picture, the way a scanner returns it."""
    pdf = pdfium.PdfDocument(data)
    try:
        pages = [pdf[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(len(pdf))]
    finally:
        pdf.close()
    return image_pdf(*pages, dpi=dpi)


@slow
@needs_engine
def test_sample_report_scanned_reads_like_its_text_layer() -> None:
    if not SAMPLE.exists():
        pytest.skip("共享语料不在本机")
    data = table_pages(SAMPLE.read_bytes())
    text_layer = read_pdf("t.pdf", data)
    want = [as_cells(t) for t in tables(text_layer)]
    doc = read_pdf("scan.pdf", rasterised(data, 150))
    # the text around the tables too, paragraph by paragraph and line by line
    assert [b.text for b in doc.blocks if not b.is_table] == [
        b.text for b in text_layer.blocks if not b.is_table
    ]
    got = [as_cells(t) for t in tables(doc)]
    assert [len(t) for t in got] == [len(t) for t in want]  # tables joined across pages
    for g, w in zip(got, want, strict=True):
        assert [c[:4] for c in g] == [c[:4] for c in w]  # the same grid, merged cells too
    right = sum(c in set(g) for g, w in zip(got, want, strict=True) for c in w)
    total = sum(len(w) for w in want)
    assert right == total, f"{right}/{total} 格文字相同"


def test_a_cell_with_ink_but_nothing_read_is_not_blank() -> None:
    img, scale = _tiny_table()  # two columns, two rows
    img[25:45, 230:242] = 0  # a 0 in row 1 column 2 that recognition did not read
    img[75, 300] = 0  # a speck in row 2 column 2
    rules, _ = ocr.image_rules(img, scale)
    grid = ocr._ocr_grid(find_grids(rules)[0])
    boxes = [
        ocr.OcrBox("规章", (20, 20, 80, 40), 0.99),
        ocr.OcrBox("行政许可", (20, 70, 90, 90), 0.97),
    ]
    _fill(grid, boxes)
    problems: list[str] = []
    ocr._cell_texts(grid, 3, 0.8, problems)
    ocr._unread_cells(grid, img, scale, 3, problems)
    texts = {(c.row, c.col): c.text for c in grid.cells}
    assert texts == {(0, 0): "规章", (0, 1): "\ufffd", (1, 0): "行政许可", (1, 1): ""}
    assert problems == ["第3页 表格第1行第2列 有字迹但未能识别"]


def test_a_look_alike_in_a_row_of_numbers_is_a_number() -> None:
    """表四 has one row of values under its headers, so each column holds one number
    only: an `o` read for a lone 0 has no number above or below it, yet the row around
    it is numbers. It is read as 0 and, being unsure, left to the sums to vouch for."""
    xs = [0.0, 40.0, 80.0, 120.0, 160.0, 200.0]
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    values = [("2", 1.0), ("1", 0.99), ("o", 0.6), ("1", 0.99), ("4", 1.0)]
    grid, cells = _typed_grid(xs, [[(h, 1.0) for h in heads], values])
    problems: list[str] = []
    ocr._cell_texts(grid, 1, 0.8, problems)
    row = [c for c in cells if c.row == 1]
    assert [c.text for c in row] == ["2", "1", "0", "1", "4"]
    assert [c.unsure for c in row] == [None, None, "识别置信度低（0.60）：“0”", None, None]
    assert problems == []


def test_a_look_alike_in_a_row_of_three_with_two_numbers_is_a_number() -> None:
    """表二's rows hold three values: `0 o 0` has two numbers and a look-alike, and its
    column holds no other number either."""
    xs = [0.0, 80.0, 120.0, 160.0, 200.0]
    rows = [
        [("信息内容", 1.0), ("本年制发件数", 1.0), ("本年废止件数", 1.0), ("现行有效件数", 1.0)],
        [("规章", 1.0), ("0", 0.99), ("o", 0.7), ("0", 0.98)],
    ]
    grid, cells = _typed_grid(xs, rows)
    problems: list[str] = []
    ocr._cell_texts(grid, 1, 0.8, problems)
    assert [c.text for c in cells if c.row == 1] == ["规章", "0", "0", "0"]
    assert cells[6].unsure == "识别置信度低（0.70）：“0”"
    assert problems == []


def test_a_blot_read_as_a_character_among_values_is_no_label() -> None:
    """A seal printed in grey over 表三's row 2.重复申请 left the 1 under 自然人 read as
    防 at 0.11: taken as the row's label, it moved every value after it one column on
    (商业企业's 0 read as 自然人's). Barely made out where a row of values has a column of
    them, it is a value not read; a label read as unsurely, a header above the values
    and a character read surely stay text."""
    xs = [0.0, 80.0, 120.0, 160.0, 200.0]
    rows = [
        [("申请人情况", 0.6), ("自然人", 0.7), ("商业企业", 1.0), ("总计", 1.0)],
        [("1.信访举报投诉类申请", 1.0), ("0", 0.99), ("0", 0.98), ("0", 0.99)],
        [("2.重复申请", 0.5), ("防", 0.11), ("0", 0.98), ("1", 0.99)],
        [("3.要求提供公开出版物", 1.0), ("镇", 0.97), ("0", 0.98), ("0", 0.99)],
    ]
    grid, cells = _typed_grid(xs, rows)
    problems: list[str] = []
    ocr._cell_texts(grid, 3, 0.8, problems)
    assert {(c.row, c.col): c.doubt for c in cells if c.doubt} == {
        (2, 1): "数值栏中识别出的不是数字（置信度0.11）：“防”，未取数"
    }
    assert [c.text for c in cells if c.row == 2] == ["2.重复申请", "防", "0", "1"]
    assert problems == [
        "第3页 表格第1行第1列 识别置信度低（0.60）：“申请人情况”",
        "第3页 表格第1行第2列 识别置信度低（0.70）：“自然人”",
        "第3页 表格第3行第1列 识别置信度低（0.50）：“2.重复申请”",
    ]


def _page_with(ring: tuple[float, float, float] | None, dpi: int = 200) -> np.ndarray:
    """A grey A4 page at `dpi` with a ruled table and a line of text, and a seal's ring
    (centre x, y and radius in points, drawn 3 pt wide) over it where given."""
    s = dpi / 72
    img = Image.new("L", (round(595 * s), round(842 * s)), 255)
    d = ImageDraw.Draw(img)
    for y in (300, 320, 340, 360):
        d.line((72 * s, y * s, 520 * s, y * s), fill=0, width=2)
    for x in (72, 250, 330, 410, 520):
        d.line((x * s, 300 * s, x * s, 360 * s), fill=0, width=2)
    d.text((80 * s, 303 * s), "行政许可", font=font(10.5 * s), fill=0)
    d.text((90 * s, 200 * s), "本年度共收到申请12件，○○均已答复。", font=font(10.5 * s), fill=0)
    if ring is not None:
        x, y, r = (v * s for v in ring)
        d.ellipse((x - r, y - r, x + r, y + r), outline=90, width=round(3 * s))
    return np.asarray(img)


def test_a_seal_printed_in_the_ink_of_the_print_is_found_as_a_circle() -> None:
    from ogi.readers.ocr_image import seals

    for dpi in (150, 200, 300):
        [(x, y, r)] = seals(_page_with((357.0, 330.0, 57.0), dpi), dpi / 72)
        # (the radius its ink reaches: the ring's, 57, and what a ring's width may add)
        assert abs(x - 357.0) <= 2 and abs(y - 330.0) <= 2 and 57.0 <= r <= 63.0
    # a table, text and small circles (○) are no seal; nor is a ring too small for one
    assert seals(_page_with(None), 200 / 72) == []
    assert seals(_page_with((357.0, 330.0, 20.0)), 200 / 72) == []


def test_what_a_seal_s_disc_meets() -> None:
    from ogi.readers.ocr_image import under_seal

    seal = [(100.0, 100.0, 50.0)]
    assert under_seal((140.0, 90.0, 160.0, 110.0), seal)  # its left edge inside
    assert not under_seal((151.0, 90.0, 170.0, 110.0), seal)  # just right of the disc
    # a box off the disc's corner: its nearest corner (140, 140) is 56.6 pt away
    assert not under_seal((140.0, 140.0, 160.0, 160.0), seal)
    assert under_seal((130.0, 130.0, 160.0, 160.0), seal)  # (130, 130): 42.4 pt away
    assert not under_seal((140.0, 90.0, 160.0, 110.0), [])


def test_a_number_under_a_seal_waits_for_a_sum_however_sure_ocr_was() -> None:
    """A seal printed grey over 8.属于行政查询事项 drew its ring through a 0 that OCR
    read as 6 with a confidence of 1.0. A number under a seal is unsure whatever OCR
    says: taken only where a sum vouches for it."""
    xs = [0.0, 80.0, 120.0, 160.0, 200.0]
    rows = [
        [("7.属于行政执法案卷", 1.0), ("0", 0.99), ("0", 0.98), ("0", 0.99)],
        [("8.属于行政查询事项", 1.0), ("6", 1.0), ("0", 0.99), ("0", 0.99)],
    ]
    grid, cells = _typed_grid(xs, rows)
    problems: list[str] = []
    # the seal's disc reaches the second row's first value and nothing else
    ocr._cell_texts(grid, 3, 0.8, problems, stamped=[(100.0, 50.0, 12.0)])
    assert {(c.row, c.col): (c.unsure, c.weak) for c in cells if c.unsure} == {
        (1, 1): ("数字被印章覆盖：“6”", False)
    }
    assert problems == []


def test_the_numbers_of_a_line_are_unsure_below_the_confidence_or_under_a_seal() -> None:
    from ogi.readers.pdf_chars import Line

    label = Char("行政许可", 100.0, 140.0, 50.0, 60.0, 10.0)
    value = Char("46", 300.0, 312.0, 50.0, 60.0, 10.0)
    ln = Line([label, value], "行政许可 46", 100.0, 312.0, 50.0, 60.0, 10.0)
    sure = {id(label): 0.6, id(value): 0.99}  # (a label read unsurely leaves its numbers)
    assert ocr._unsure_numbers(ln, sure, 0.8, []) is None
    unsure = {id(label): 0.99, id(value): 0.7}
    assert ocr._unsure_numbers(ln, unsure, 0.8, []) == "所在行识别置信度低（0.70）：“行政许可 46”"
    # a seal over the label only, then over the number
    assert ocr._unsure_numbers(ln, sure, 0.8, [(120.0, 55.0, 30.0)]) is None
    assert ocr._unsure_numbers(ln, sure, 0.8, [(320.0, 55.0, 30.0)]) == (
        "所在行数字被印章覆盖：“行政许可 46”"
    )
    # a line without a digit has no number to doubt
    words = Line([label], "行政许可", 100.0, 140.0, 50.0, 60.0, 10.0)
    assert ocr._unsure_numbers(words, {id(label): 0.1}, 0.8, [(120.0, 55.0, 30.0)]) is None
    # (a minimum above the confidence a char not in the map is given)
    assert ocr._unsure_numbers(words, {}, 1.01, []) is None
