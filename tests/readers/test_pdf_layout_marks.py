"""The compiled loops behind the marks of a page's chars (`_layout.c`): the texts of
the chars (`texts`, behind `pdf_chars._texts`), where a note mark follows a digit
(`raised_at`, behind `pdf_chars._raise_marks`), which chars of a plain page are off
the part shown (`shown_marks`, behind `pdf_unseen.unseen`) and which a rule strikes
through (`struck`, behind `pdf_tables.mark_struck`). Each answers as its Python does,
or None where it leaves the case to the Python."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pytest

from ogi.blocks import UNSEEN
from ogi.readers import pdf_calls as calls
from ogi.readers import pdf_chars, pdf_tables, pdf_unseen
from ogi.readers.pdf import read_pdf
from ogi.readers.pdf_chars import Char, _raise_marks, _texts
from ogi.readers.pdf_tables import Rule, page_objects
from tests.readers.test_pdf import Page, build_pdf, cell, ruled, text_page

LAYOUT = pdf_chars.LAYOUT


@pytest.fixture(autouse=True)
def _built() -> None:
    if LAYOUT is None:
        pytest.skip("the layout loops were not built here (no C compiler at install)")


def _python(fn: Any, *args: Any) -> Any:
    saved = pdf_chars.LAYOUT
    pdf_chars.LAYOUT = None
    try:
        return fn(*args)
    finally:
        pdf_chars.LAYOUT = saved


# ---- texts


def test_texts_worked_by_hand() -> None:
    keys = np.array([0x31, 0x4E00, 0x1F600, 0xFF15, 0x3000], np.int64)
    marked = np.array([False, True, False, True, False])
    texts = ["1", "一\u0337", "😀", "５\u0337", "\u3000"]
    assert LAYOUT.texts(keys, marked, UNSEEN, {}) == (texts, [])
    assert LAYOUT.texts(keys[:0], marked[:0], UNSEEN, {}) == ([], [])
    # a strided view of the keys (the chars left after some are dropped) is read as such
    assert LAYOUT.texts(keys[::2], np.array([False, True, False]), "+", {}) == (
        ["1", "😀+", "\u3000"],
        [],
    )
    # ⼀ (a Kangxi radical) and 豈 (a compatibility ideograph) as the table gives them
    odd = np.array([0x31, 0x2F00, 0xF900], np.int64)
    table = pdf_chars._normal_table()
    assert LAYOUT.texts(odd, np.array([False, True, False]), UNSEEN, table) == (
        ["1", "一\u0337", "\u8c48"],
        [1, 2],
    )


@pytest.mark.parametrize(
    ("keys", "marked", "table"),
    [
        # normalised to itself (unassigned, or a radical with no ordinary form), to two
        # characters, or not in the table at all
        (np.array([0x31, 0x2FDF], np.int64), np.zeros(2, bool), pdf_chars._normal_table()),
        (np.array([0x2E80], np.int64), np.zeros(1, bool), pdf_chars._normal_table()),
        (np.array([0xF900], np.int64), np.zeros(1, bool), {0xF900: "豈豈"}),
        (np.array([0xF900], np.int64), np.zeros(1, bool), {0xF900: 0x8C48}),
        (np.array([0x2F00], np.int64), np.zeros(1, bool), {}),
        (np.array([0x110000], np.int64), np.zeros(1, bool), {}),  # not a code point
        (np.array([-1], np.int64), np.zeros(1, bool), {}),
        (np.array([0x31], np.int32), np.zeros(1, bool), {}),  # not int64
        (np.array([0x31, 0x32], np.int64), np.zeros(1, bool), {}),  # lengths differ
        (np.array([0x31], np.int64), np.zeros(1, np.int8), {}),  # not bools
        ([0x31], [False], {}),  # not arrays
    ],
)
def test_texts_left_to_the_python(keys: Any, marked: Any, table: dict[int, Any]) -> None:
    assert LAYOUT.texts(keys, marked, UNSEEN, table) is None


def test_texts_errors() -> None:
    keys, marked = np.array([0x31], np.int64), np.zeros(1, bool)
    with pytest.raises(TypeError, match="texts takes 4 arguments"):
        LAYOUT.texts(keys, marked, UNSEEN)
    with pytest.raises(TypeError, match="texts: suffix must be a str"):
        LAYOUT.texts(keys, marked, b"\xcc\xb7", {})
    with pytest.raises(TypeError, match="texts: table must be a dict"):
        LAYOUT.texts(keys, marked, UNSEEN, [])


def test_texts_as_the_python_makes_them() -> None:
    rng = np.random.default_rng(7)
    pools = [
        np.arange(0x21, 0x7F),
        np.arange(0x4E00, 0x9FFF),
        np.array([0xFF10, 0xFF19, 0x3001, 0xFFFD, 0xD800, 0x10FFFF, 0x20000]),
        np.array([0x2F00, 0x2F42, 0xF900, 0xFA0E, 0x2E9F, 0x2E7F, 0x2FE0, 0xF8FF, 0xFB00]),
        np.array([0x2E80, 0x2FDF, 0xFAFF]),  # (each normalised to itself)
    ]
    table = pdf_chars._normal_table()
    answered = normalised = 0
    for trial in range(400):
        n = int(rng.integers(1, 40))
        which = rng.integers(0, 3 + trial % 3, n)  # (look-alikes in two trials of three)
        keys = np.array([rng.choice(pools[w]) for w in which.tolist()], np.int64)
        marked = rng.random(n) < 0.3
        texts, out = _texts(keys, marked)
        want, want_keys = _python(_texts, keys, marked)
        assert texts == want
        assert out.tolist() == want_keys.tolist()
        found = LAYOUT.texts(keys, marked, UNSEEN, table)
        answered += found is not None
        normalised += found is not None and found[1] != []
    # (a page with a look-alike normalised to itself is left to the Python)
    assert 150 <= answered < 400
    assert normalised > 50


# ---- raised_at


def _columns(chars: list[Char]) -> tuple[np.ndarray, ...]:
    keys = np.array([ord(c.text) for c in chars], np.int64)
    cols = (
        np.array([getattr(c, f) for c in chars], np.float64)
        for f in ("x0", "x1", "top", "bottom", "size")
    )
    left, right, tops, bottoms, size = cols
    return keys, size, left, right, tops, bottoms


def test_raised_at_worked_by_hand() -> None:
    # 18 and a superscript 12 (58% of the size, its foot 5 pt higher), then 7 at size
    chars = [
        Char("1", 100, 107, 88, 98, 11),
        Char("8", 107, 114, 88, 98, 11),
        Char("1", 114, 118, 87, 93, 6.4),
        Char("2", 118, 122, 87, 93, 6.4),
        Char("７", 130, 137, 88, 98, 11),
        Char("1", 137, 141, 87, 93, 6.4),  # after a full-width digit: a mark too
        Char("m", 150, 157, 88, 98, 11),
        Char("2", 157, 161, 87, 93, 6.4),  # after a letter: none
    ]
    assert LAYOUT.raised_at(*_columns(chars)) == [2, 5]
    assert LAYOUT.raised_at(*_columns(chars[:1])) == []
    keys, *rest = _columns(chars)
    assert LAYOUT.raised_at(keys.astype(np.float64), *rest) is None
    assert LAYOUT.raised_at(keys[:-1], *rest) is None
    with pytest.raises(TypeError, match="raised_at takes 6 arguments"):
        LAYOUT.raised_at(keys, *rest[:-1])


def _marks(chars: list[Char]) -> list[str]:
    texts = [c.text for c in chars]
    keys, size, left, right, tops, bottoms = _columns(chars)
    _raise_marks(texts, keys, left, right, tops, bottoms, size)
    return texts


def test_marks_are_raised_as_the_python_raises_them() -> None:
    rng = np.random.default_rng(11)
    found = 0
    for _ in range(600):
        chars, x = [], 100.0
        for _ in range(int(rng.integers(2, 12))):
            size = float(rng.choice([11.0, 10.0, 6.4, 9.9, 11.0 * 0.9, float("nan")]))
            foot = 98.0 - float(rng.choice([0.0, 1.5, 1.65, 5.0, 10.0, 0.5]))
            width = size * 0.6 if size == size else 5.0
            x += float(rng.choice([0.0, -2.75, -2.8, 6.6, 6.7, 20.0]))
            text = str(rng.choice(list("0123456789１m件")))
            chars.append(
                Char(text, x, x + width, foot - (size if size == size else 10), foot, size)
            )
            x += width
        got = _marks(chars)
        assert got == _python(_marks, chars)
        found += got != [c.text for c in chars]
    assert found > 30  # (marks were found, not only their absence compared)


# ---- shown_marks


def _plain_page() -> tuple[Any, Any, Any]:
    """A page of plainly filled text (a row of a table) and its objects; the document
    and page are returned to be held (the objects live as long as they do)."""
    p = Page()
    ruled(p, [100.0, 120.0], [60.0, 160.0, 260.0], set())
    cell(p, 60, 100, "行政许可")
    cell(p, 160, 100, "46")
    pdf = pdfium.PdfDocument(build_pdf([p]))
    page = pdf[0]
    return pdf, page, page_objects(page)


def _unseen(objects: Any, box: Any, size: Any, code: Any, shown: Any, layout: Any) -> Any:
    backdrop = pdf_unseen.Backdrop(objects=objects, shown=shown)
    return pdf_unseen.unseen(0, np.arange(len(size)), box, size, code, backdrop, layout)


def test_shown_marks_as_the_python_finds_them() -> None:
    _pdf, _page, objects = _plain_page()
    assert calls.plain_text(*objects, pdf_unseen.WHITE)  # (else neither asks)
    rng = np.random.default_rng(3)
    answered = 0
    for trial in range(300):
        n = int(rng.integers(0, 30))
        left = rng.choice([-10.0, 0.0, 50.0, 300.0, 590.0, 600.0, np.nan], n)
        bottom = rng.choice([-5.0, 0.0, 400.0, 840.0, 850.0, np.nan], n)
        box = (left, bottom, left + rng.choice([0.0, 10.0, 20.0], n), bottom + 10.0)
        size = rng.choice([10.5, 12.0, 2.5, np.nan, 0.0, -1.0] + [1.5] * (trial % 3 == 0), n)
        code = rng.choice([0x31, 0x4E00, 0x9FFF, 0x3400, 0x4DBF, 0x4DC0, 0xA000], n).astype(
            np.int64
        )
        shown = None if trial % 4 == 0 else (0.0, 0.0, float(rng.choice([595.0, 340.0])), 842.0)
        got = _unseen(objects, box, size, code, shown, LAYOUT)
        want = _unseen(objects, box, size, code, shown, None)
        for a, b in zip(got, want, strict=True):
            assert a.dtype == b.dtype == bool
            assert a.tolist() == b.tolist()
        marked, outside = np.zeros(n, bool), np.zeros(n, bool)
        fast = LAYOUT.shown_marks(size, code, *box, shown, pdf_unseen.TINY, marked, outside)
        tiny = bool(((size > 0) & (size <= pdf_unseen.TINY)).any())
        assert fast is (None if tiny else True)
        answered += fast is not None
    assert 150 < answered < 300


def test_shown_marks_worked_by_hand() -> None:
    size = np.array([10.5, 10.5, 10.5, 10.5])
    code = np.array([0x31, 0x884C, 0x31, 0x31], np.int64)
    # centres at x 330, 350 (past the right edge at 340), 345; y 420 and 850 (above)
    left = np.array([320.0, 340.0, 340.0, 100.0])
    right = np.array([340.0, 360.0, 350.0, 110.0])
    bottom = np.array([415.0, 415.0, 415.0, 845.0])
    top = bottom + 10.0
    marked, outside = np.zeros(4, bool), np.zeros(4, bool)
    shown = (0.0, 0.0, 340.0, 842.0)
    assert LAYOUT.shown_marks(size, code, left, bottom, right, top, shown, 2.0, marked, outside)
    assert outside.tolist() == [False, True, True, True]
    assert marked.tolist() == [False, False, True, True]  # (行 is CJK: not marked)
    # without a part shown, nothing is off it
    assert LAYOUT.shown_marks(size, code, left, bottom, right, top, None, 2.0, marked, outside)
    assert outside.tolist() == marked.tolist() == [False] * 4
    # left to the Python: a tiny char, bounds that are not floats, output not writable
    small = np.array([10.5, 2.0, 10.5, 10.5])
    args = (code, left, bottom, right, top)
    assert LAYOUT.shown_marks(small, *args, shown, 2.0, marked, outside) is None
    assert LAYOUT.shown_marks(size, *args, (0, 0, 340, 842), 2.0, marked, outside) is None
    assert LAYOUT.shown_marks(size, *args, shown[:3], 2.0, marked, outside) is None
    assert LAYOUT.shown_marks(size, *args, shown, 2, marked, outside) is None
    frozen = np.zeros(4, bool)
    frozen.flags.writeable = False
    assert LAYOUT.shown_marks(size, *args, shown, 2.0, frozen, outside) is None
    assert LAYOUT.shown_marks(size, *args, shown, 2.0, marked, outside[:3]) is None
    with pytest.raises(TypeError, match="shown_marks takes 10 arguments"):
        LAYOUT.shown_marks(size, *args, shown, 2.0, marked)


# ---- struck


def _struck(rules: list[Any], boxes: np.ndarray) -> tuple[Any, list[int]]:
    """What the compiled loop and the Python find struck among chars of `boxes` (rows of
    left, top, right, bottom)."""
    x0, top, x1, bottom = boxes.T
    cx, cy = (x0 + x1) / 2, (top + bottom) / 2
    half = (x1 - x0) / 2, (bottom - top) / 2
    chars = [Char("5", *b, 10.0) for b in boxes.tolist()]
    compiled = LAYOUT.struck(rules, cx, cy, *half, np.sort(cy))
    return compiled, pdf_tables._struck(chars, cx, cy, rules, half)


def test_struck_as_the_python_finds_it() -> None:
    rng = np.random.default_rng(5)
    found = 0
    for _ in range(400):
        n = int(rng.integers(1, 25))
        x0 = rng.choice([50.0, 56.0, 62.0, 100.0], n) + rng.choice([0.0, 0.4, 1.8], n)
        top = rng.choice([100.0, 120.0, 140.0], n)
        width, height = rng.choice([6.0, 3.0, 12.0], n), rng.choice([10.0, 8.0, 20.0], n)
        boxes = np.stack([x0, top, x0 + width, top + height], axis=1)
        rules: list[Any] = []
        for _ in range(int(rng.integers(0, 8))):
            horizontal = bool(rng.random() < 0.8)
            pos = float(rng.choice([105.0, 104.0, 102.0, 101.9, 110.0, 125.0, 130.0, 60.0]))
            a = float(rng.choice([40.0, 49.0, 51.8, 52.0, 56.0]))
            b = a + float(rng.choice([4.0, 8.0, 12.2, 30.0, 100.0]))
            rules.append(Rule(horizontal, pos, a, b))
        compiled, python = _struck(rules, boxes)
        assert compiled == python
        found += bool(python)
    assert found > 100  # (struck chars were found, not only their absence compared)


def test_struck_worked_by_hand() -> None:
    # 5 at 100 to 106 across, 90 to 100 down: centre 103, 95; half sizes 3 and 5
    boxes = np.array([[100.0, 90.0, 106.0, 100.0], [106.0, 90.0, 112.0, 100.0]])
    through = Rule(True, 95.0, 100.0, 107.0)  # over 5 only (6's left 107.2 is past a)
    off = Rule(True, 97.01, 90.0, 120.0)  # 2.01 below the middle: past 0.4 of 5
    short = Rule(True, 95.0, 101.3, 110.7)  # past 5's left 101.2, short of 6's right 110.8
    vertical = Rule(False, 0, 0, 0)  # (a vertical rule's fields are not asked)
    assert _struck([through, off, short, vertical], boxes) == ([0], [0])
    assert _struck([off, short], boxes) == ([], [])
    assert _struck([Rule(True, 95.0, 90.0, 120.0)], boxes) == ([0, 1], [0, 1])
    assert _struck([], boxes) == ([], [])


def test_struck_left_to_the_python_and_errors() -> None:
    boxes = np.array([[100.0, 90.0, 106.0, 100.0], [106.0, 90.0, 112.0, 100.0]])
    x0, top, x1, bottom = boxes.T
    cx, cy, hw, hh = (x0 + x1) / 2, (top + bottom) / 2, (x1 - x0) / 2, (bottom - top) / 2
    rule = Rule(True, 95.0, 100.0, 107.0)
    ys = np.sort(cy)
    assert LAYOUT.struck([rule], cx, cy, hw, hh, ys) == [0]
    nan = np.array([np.nan, 95.0])
    cases = [
        ((rule,), cx, cy, hw, hh, ys),  # a tuple of rules
        ([Rule(1, 95.0, 100.0, 107.0)], cx, cy, hw, hh, ys),  # horizontal not a bool
        ([Rule(True, 95, 100.0, 107.0)], cx, cy, hw, hh, ys),  # a position not a float
        ([rule], cx, nan, hw, hh, ys),
        ([rule], cx, cy, hw, np.array([5.0, np.inf]), ys),
        ([rule], cx, cy, hw, hh, ys[:1]),
        ([rule], cx, cy, hw.astype(np.float32), hh, ys),
    ]
    for args in cases:
        assert LAYOUT.struck(*args) is None
    with pytest.raises(TypeError, match="struck takes 6 arguments"):
        LAYOUT.struck([rule], cx, cy, hw, hh)
    with pytest.raises(AttributeError, match="horizontal"):
        LAYOUT.struck([rule, object()], cx, cy, hw, hh, ys)


def test_rules_are_read_from_the_slots_of_their_class_as_by_name() -> None:
    """A rule's fields are read straight from the slots of a class seen before; what they
    read is what looking them up by name gives, also for a class changed since."""
    fields = [(f.name, f.type) for f in dataclasses.fields(Rule)]
    slotted = dataclasses.make_dataclass("Slotted", fields, slots=True)
    boxes = np.array([[100.0, 90.0, 106.0, 100.0]])
    x0, top, x1, bottom = boxes.T
    args = ((x0 + x1) / 2, (top + bottom) / 2, (x1 - x0) / 2, (bottom - top) / 2)
    rule = slotted(True, 95.0, 100.0, 107.0)
    assert LAYOUT.struck([rule], *args, args[1]) == [0]
    slotted.pos = property(lambda r: 300.0)  # type: ignore[attr-defined]
    assert LAYOUT.struck([rule], *args, args[1]) == []
    empty = Rule.__new__(Rule)
    empty.horizontal = True
    with pytest.raises(AttributeError, match="pos"):
        LAYOUT.struck([Rule(True, 95.0, 100.0, 107.0), empty], *args, args[1])


# ---- whole reads


def _blocks(data: bytes) -> list[dict[str, Any]]:
    return [dataclasses.asdict(b) for b in read_pdf("t.pdf", data, ocr=False).blocks]


def test_whole_reads_are_the_same_without_the_loops(monkeypatch: pytest.MonkeyPatch) -> None:
    # a note mark after a number (18 and a raised 1, as Word prints a superscript), a
    # radical look-alike, and a table's columns past the crop box
    p = text_page(1)
    p.text(60, 300, "18", 11)
    p.text(72.3, 299, "1", 6.4)
    p.text(80, 300, "件", 11)
    p.text(60, 360, "⼀、总体情况", 11)
    cut = Page()
    ruled(cut, [100.0, 120.0], [60.0, 160.0, 260.0, 420.0], set())
    for x, text in zip([60.0, 160.0, 260.0], ["规章", "3", "24"], strict=True):
        cell(cut, x, 100, text)
    files = [build_pdf([p]), build_pdf([cut])]
    crop = b"/MediaBox [0 0 595 842] /CropBox [0 0 200 842]"
    files.append(files[1].replace(b"/MediaBox [0 0 595 842]", crop))
    compiled = [_blocks(d) for d in files]
    monkeypatch.setattr(pdf_chars, "LAYOUT", None)
    assert [_blocks(d) for d in files] == compiled
    texts = [b["text"] for b in compiled[0]]
    assert "18\u00b9件" in texts
    assert "一、总体情况" in texts
    [table] = [b for b in compiled[2] if b["kind"] == "table"]
    assert [c["text"] for c in table["rows"][0]] == ["规章", "3", "2\u03374\u0337"]
