"""pdfium asked about many items at once (`pdf_calls`): by the native loop and by the
Python loop alike the answers are pypdfium2's own, asked one by one; the scratch memory
they pass through keeps nothing from one call to the next; and a whole read is the same
through either loop."""

from __future__ import annotations

import ctypes
import dataclasses
import os
import subprocess
import sys
from collections.abc import Callable, Iterator

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from ogi.readers import pdf_calls as calls
from ogi.readers import pdf_tables
from ogi.readers.pdf import read_pdf
from ogi.readers.pdf_tables import page_rules
from ogi.readers.pdf_view import View
from tests.readers.test_pdf import XS, Page, build_pdf, cell, ruled, text_page, two_page_table
from tests.shared import need_shared

NATIVE = calls.NATIVE
# everything the native module offers, set to None for the Python loop
_COMPILED = (
    "NATIVE",
    "NATIVE_CHARS",
    "NATIVE_PLAIN",
    "NATIVE_POINTS",
    "NATIVE_DRAWN",
    "NATIVE_BOXES",
)


@pytest.fixture(params=["native", "python"])
def loop(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Each test under the native loop (skipped where it was not built) and the Python
    loop."""
    if request.param == "native":
        if NATIVE is None:
            pytest.skip("the native loop was not built here (no C compiler at install)")
        monkeypatch.setattr(calls, "NATIVE", NATIVE)
    else:
        for name in _COMPILED:
            monkeypatch.setattr(calls, name, None)
    yield request.param


def test_the_native_loop_is_built_where_it_is_required() -> None:
    # CI installs a C compiler and sets OGI_REQUIRE_NATIVE: there the loop must exist
    if os.environ.get("OGI_REQUIRE_NATIVE") != "1":
        pytest.skip("OGI_REQUIRE_NATIVE is not set")
    assert NATIVE is not None


def _table_page() -> Page:
    p = Page()
    ys = [60.0 + 22 * i for i in range(6)]
    ruled(p, ys, XS, set())
    for r, top in enumerate(ys[:-1]):
        for c, x in enumerate(XS[:-1]):
            cell(p, x, top, f"第{r}行" if c == 0 else str(r * 10 + c))
    return p


def _textpage() -> tuple[pdfium.PdfTextPage, int]:
    textpage = pdfium.PdfDocument(build_pdf([text_page(1)]))[0].get_textpage()
    return textpage, calls.address(textpage.raw)


def test_boxes_matrices_and_sizes_are_those_pypdfium2_reads_one_by_one(loop: str) -> None:
    textpage, tp = _textpage()
    n = textpage.count_chars()
    assert n > 40
    index = np.array([*range(n), n + 5])  # one index past the end: the call fails
    ok, boxes = calls.into(calls.LOOSE_BOX, tp, index, out=ctypes.c_float, width=4)
    assert ok.tolist() == [True] * n + [False]
    assert boxes[-1].tolist() == [0.0, 0.0, 0.0, 0.0]  # left as zeroed
    rect = pdfium_c.FS_RECTF()
    for i in range(n):
        assert pdfium_c.FPDFText_GetLooseCharBox(textpage.raw, i, rect)
        assert boxes[i].tolist() == [rect.left, rect.top, rect.right, rect.bottom]
    ok, matrices = calls.into(calls.CHAR_MATRIX, tp, index[:n], out=ctypes.c_float, width=6)
    m = pdfium_c.FS_MATRIX()
    for i in range(n):
        assert pdfium_c.FPDFText_GetMatrix(textpage.raw, i, m)
        assert matrices[i].tolist() == [m.a, m.b, m.c, m.d, m.e, m.f]
    sizes = calls.floats(calls.FONT_SIZE, tp, index[:n])
    assert sizes.dtype == np.float64
    assert sizes.tolist() == [pdfium_c.FPDFText_GetFontSize(textpage.raw, i) for i in range(n)]
    generated = calls.ints(calls.IS_GENERATED, tp, index[:n])
    assert generated.tolist() == [pdfium_c.FPDFText_IsGenerated(textpage.raw, i) for i in range(n)]
    assert set(generated.tolist()) == {0, 1}  # pdfium put line breaks between the lines


def test_objects_paths_and_segments_are_those_pypdfium2_reads_one_by_one(loop: str) -> None:
    page = pdfium.PdfDocument(build_pdf([_table_page()]))[0]
    n = pdfium_c.FPDFPage_CountObjects(page.raw)
    objs = calls.addresses(calls.PAGE_OBJECT, calls.address(page.raw), np.arange(n + 1))
    assert len(objs) == n + 1
    assert not objs[-1]  # past the end: NULL (0, or a false Handle)
    kinds = calls.ints(calls.OBJECT_TYPE, objs[:n]).tolist()
    assert kinds == [
        pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(page.raw, i)) for i in range(n)
    ]
    # ruled() draws each piece of rule as a path of two points: 6 rows of 4, 5 columns of 5
    assert kinds.count(pdfium_c.FPDF_PAGEOBJ_PATH) == 6 * 4 + 5 * 5
    paths = objs[:n][np.array(kinds) == pdfium_c.FPDF_PAGEOBJ_PATH]
    counts = calls.ints(calls.COUNT_SEGMENTS, paths)
    assert counts.tolist() == [2] * 49
    ok, modes = calls.into(calls.DRAW_MODE, paths, out=ctypes.c_int, width=2)
    assert ok.all() and modes.tolist() == [[0, 1]] * 49  # stroked, not filled
    ok, rgba = calls.into(calls.STROKE_COLOR, paths, out=ctypes.c_uint, width=4)
    assert ok.all() and rgba.tolist() == [[0, 0, 0, 255]] * 49
    segs = calls.addresses(calls.SEGMENT, np.repeat(paths, 2), np.tile([0, 1], 49))
    types = calls.ints(calls.SEGMENT_TYPE, segs).tolist()
    assert types == [pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_LINETO] * 49
    ok, xy = calls.into(calls.SEGMENT_POINT, segs, out=ctypes.c_float, width=2)
    assert ok.all()
    at = [i for i, t in enumerate(kinds) if t == pdfium_c.FPDF_PAGEOBJ_PATH]
    x, y = ctypes.c_float(), ctypes.c_float()
    for k in range(len(segs)):
        path = pdfium_c.FPDFPage_GetObject(page.raw, at[k // 2])
        assert pdfium_c.FPDFPathSegment_GetPoint(
            pdfium_c.FPDFPath_GetPathSegment(path, k % 2), x, y
        )
        assert xy[k].tolist() == [x.value, y.value]


def test_clip_paths_are_those_pypdfium2_reads_one_by_one(loop: str) -> None:
    # 46 (a text object a digit), then 7 drawn inside a clip of one rectangle path (5
    # segments)
    p = Page()
    p.text(60, 100, "46")
    p.ops.append("q 100 600 70 200 re W n")
    p.text(173.5, 104, "7")
    p.ops.append("Q")
    page = pdfium.PdfDocument(build_pdf([p]))[0]
    objs = [pdfium_c.FPDFPage_GetObject(page.raw, i) for i in range(3)]
    clips = calls.addresses(calls.CLIP_PATH, calls.handle_array(objs))
    assert clips.tolist() == [calls.address(pdfium_c.FPDFPageObj_GetClipPath(o)) for o in objs]
    assert calls.ints(calls.COUNT_CLIP_PATHS, clips).tolist() == [-1, -1, 1]
    assert calls.ints(calls.COUNT_CLIP_SEGMENTS, int(clips[2]), np.array([0])).tolist() == [5]


def test_a_failed_call_leaves_zeros_not_the_answer_before_it(loop: str) -> None:
    # the scratch memory is reused call after call
    textpage, tp = _textpage()
    n = textpage.count_chars()
    ok, boxes = calls.into(calls.LOOSE_BOX, tp, np.arange(n), out=ctypes.c_float, width=4)
    assert ok.all() and boxes[0].any()
    ok, boxes = calls.into(calls.LOOSE_BOX, tp, np.array([n + 5]), out=ctypes.c_float, width=4)
    assert not ok[0] and boxes.tolist() == [[0.0, 0.0, 0.0, 0.0]]


def test_more_calls_than_one_go_holds_are_asked_in_turn(loop: str) -> None:
    textpage, tp = _textpage()
    n = textpage.count_chars()
    index = np.arange(2 * calls._CHUNK + 7) % n  # the Python loop: three goes, the last short
    ok, boxes = calls.into(calls.LOOSE_BOX, tp, index, out=ctypes.c_float, width=4)
    assert ok.all()
    rect = pdfium_c.FS_RECTF()
    for k, i in enumerate(index.tolist()):
        pdfium_c.FPDFText_GetLooseCharBox(textpage.raw, i, rect)
        assert boxes[k].tolist() == [rect.left, rect.top, rect.right, rect.bottom]


def test_no_items_ask_nothing(loop: str) -> None:
    _, tp = _textpage()
    none = np.zeros(0, np.int64)
    assert calls.ints(calls.MAP_ERROR, tp, none).tolist() == []
    ok, boxes = calls.into(calls.LOOSE_BOX, tp, none, out=ctypes.c_float, width=4)
    assert ok.shape == (0,) and boxes.shape == (0, 4)


def test_arguments_that_do_not_fit_are_refused(loop: str) -> None:
    _, tp = _textpage()
    with pytest.raises(ValueError, match=r"^pdfium index out of the range of a C int$"):
        calls.ints(calls.MAP_ERROR, tp, np.array([0, 2**31]))
    with pytest.raises(ValueError, match=r"^3 handles for 2 indices$"):
        calls.ints(calls.SEGMENT_TYPE, np.array([tp, tp, tp], np.uint64), np.array([0, 1]))
    with pytest.raises(ValueError, match=r"^2 out-pointers for 3 values$"):
        calls.into(calls.DRAW_MODE, np.array([tp], np.uint64), out=ctypes.c_int, width=3)
    with pytest.raises(ValueError, match=r"^32 bytes of out-parameters per call$"):
        calls.into(calls.LOOSE_BOX, tp, np.array([0]), out=ctypes.c_float, width=8)


def test_the_native_loop_refuses_a_signature_it_does_not_know(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if NATIVE is None:
        pytest.skip("the native loop was not built here")
    monkeypatch.setattr(calls, "NATIVE", NATIVE)
    _, tp = _textpage()
    odd = calls.Fn(pdfium_c.FPDFText_IsGenerated, calls.HI_INT)
    odd.shape = 99
    with pytest.raises(ValueError, match=r"^no native loop for signature 99$"):
        calls.ints(odd, tp, np.array([0]))


def _read(data: bytes) -> list[dict]:
    return [dataclasses.asdict(b) for b in read_pdf("t.pdf", data, ocr=False).blocks]


def test_the_native_entry_checks_what_it_is_given() -> None:
    # `run` reads and writes the arrays it is given: each must be of the size and item
    # size the calls need, every index must fit a C int, before any call is made
    if NATIVE is None:
        pytest.skip("the native loop was not built here")
    textpage, tp = _textpage()
    fn, shape = calls.LOOSE_BOX.address, calls.LOOSE_BOX.shape
    index, out, result = np.arange(3), np.zeros((3, 4), np.float32), np.zeros(3, np.int64)
    NATIVE(fn, shape, tp, index, out, 16, 4, result)
    assert result.tolist() == [1, 1, 1]
    rect = pdfium_c.FS_RECTF()
    pdfium_c.FPDFText_GetLooseCharBox(textpage.raw, 2, rect)
    assert out[2].tolist() == [rect.left, rect.top, rect.right, rect.bottom]
    refused = [
        (fn, shape, tp, np.arange(2), out, 16, 4, result),  # too few indices
        (fn, shape, tp, np.arange(3, dtype=np.int32), out, 16, 4, result),  # not int64
        (fn, shape, tp, np.array([0, 1, -(2**31) - 1]), out, 16, 4, result),
        (fn, shape, tp, index, np.zeros((2, 4), np.float32), 16, 4, result),  # out too small
        (fn, shape, tp, index, out, 16, 20, result),  # pointers past the stride
        (fn, shape, tp, index, out, -16, 4, result),
        (fn, shape, tp, index, out, 10**6, 4, result),
        (fn, shape, tp, index, out, 16, 4, np.zeros(3, np.int32)),  # not 8-byte results
        (fn, 99, tp, index, out, 16, 4, result),
        (0, shape, tp, index, out, 16, 4, result),
        (fn, calls.SEGMENT_TYPE.shape, np.zeros(2, np.uint64), None, None, 0, 0, result),
    ]
    for args in refused:
        before = out.copy()
        with pytest.raises(ValueError):
            NATIVE(*args)
        assert (out == before).all()
    with pytest.raises(TypeError):
        NATIVE(fn, shape, tp, index, out, 16, 4)
    with pytest.raises(TypeError):
        NATIVE(fn, shape, tp, None, out, 16, 4, result)  # no index where one is asked
    with pytest.raises((ValueError, BufferError)):  # (numpy says: not contiguous)
        NATIVE(fn, shape, tp, index, out, 16, 4, np.zeros(6, np.int64)[::2])
    with pytest.raises(OverflowError):
        NATIVE(fn, shape, -1, index, out, 16, 4, result)
    readonly = np.zeros(3, np.int64)
    readonly.flags.writeable = False
    with pytest.raises((ValueError, BufferError)):
        NATIVE(fn, shape, tp, index, out, 16, 4, readonly)


def test_pages_read_after_larger_ones_read_as_alone(loop: str) -> None:
    files = [build_pdf([_table_page()] * 3), build_pdf([text_page(1), *two_page_table(False)])]
    alone = [_read(d) for d in files]
    assert [_read(d) for d in files * 3] == alone * 3


def _form_page() -> Page:
    p, rules = _table_page(), Page()
    ruled(rules, [400.0, 430.0, 460.0], [60.0, 200.0, 300.0], set())
    p.group(rules, 20, 10)  # rules inside a form XObject, moved
    cell(p, 80, 410, "形式")
    return p


def _by_both_loops(files: list[bytes], monkeypatch: pytest.MonkeyPatch) -> tuple[list, list]:
    """The blocks of each file read through the native loop, then through the Python one
    (skipped where the native loop was not built)."""
    if NATIVE is None:
        pytest.skip("the native loop was not built here")
    monkeypatch.setattr(calls, "NATIVE", NATIVE)
    native = [_read(d) for d in files]
    for name in _COMPILED:
        monkeypatch.setattr(calls, name, None)
    return native, [_read(d) for d in files]


def test_both_loops_read_the_same_document(monkeypatch: pytest.MonkeyPatch) -> None:
    files = [
        build_pdf([_table_page(), _curvy_page(), _form_page()]),
        build_pdf([text_page(1), *two_page_table(True)]),
        build_pdf([text_page(2).text(150, 600, "示例镇人民政府内部资料", 40, turn=45)]),
    ]
    native, python = _by_both_loops(files, monkeypatch)
    assert python == native
    assert [b["kind"] for b in native[0]].count("table") >= 2


def test_both_loops_read_the_real_report_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    shared = need_shared()
    data = (shared / "corpus" / "huaian-hongze-2023.pdf").read_bytes()
    [native], [python] = _by_both_loops([data], monkeypatch)
    assert python == native
    assert len(native) > 10


def test_rules_found_in_batches_of_segments_are_the_same(
    loop: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = pdfium.PdfDocument(build_pdf([_table_page()]))[0]
    whole = page_rules(page, 842.0)
    monkeypatch.setattr(pdf_tables, "SEGMENTS_AT_ONCE", 5)  # two-point rules: 2 or 3 a go
    assert pdf_tables._batches([2, 2, 2, 9, 2]) == [(0, 2), (2, 3), (3, 4), (4, 5)]
    assert page_rules(page, 842.0) == whole
    assert len(whole) == 6 * 4 + 5 * 5


def test_rules_inside_a_form_are_moved_with_it(loop: str) -> None:
    page = pdfium.PdfDocument(build_pdf([_form_page()]))[0]
    found = page_rules(page, 842.0)
    assert len(found) == 6 * 4 + 5 * 5 + 3 * 2 + 2 * 3
    # the form's top rule: drawn at y 400 from x 60 to 200, moved 20 right and 10 down
    assert pdf_tables.Rule(True, 410.0, 80.0, 220.0) in found


def _curvy_page() -> Page:
    p = _table_page()
    p.ops.append("100 700 m 150 700 l 150 750 l 100 750 l h S")  # a box: 4 segments, closed
    p.ops.append("100 600 m 120 640 140 640 160 600 c 200 600 l S")  # a curve and a line
    return p


def test_rules_made_path_by_path_are_those_of_the_arrays(
    loop: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a page of every kind of path: stroked rules, thin filled bars, a shaded box, a
    # stroked box closed with h, a curve, a path of two runs, and zero coordinates
    p = _curvy_page()
    p.bar(60, 400, 260, 440)
    for y in (400.0, 420.0, 440.0):
        p.bar(60, y - 0.4, 260, y + 0.4)
    p.ops.append("0 100 m 0 200 l 50 200 l S")
    p.ops.append("300 300 m 400 300 l 300 320 m 400 320 l S")
    page = pdfium.PdfDocument(build_pdf([p]))[0]
    monkeypatch.setattr(pdf_tables, "FEW_SEGMENTS", 0)
    arrays = page_rules(page, 842.0)
    monkeypatch.setattr(pdf_tables, "FEW_SEGMENTS", 10**6)
    one_by_one = page_rules(page, 842.0)
    assert one_by_one == arrays
    # the table; the box's four sides; the line after the curve; three bars; two and two
    assert len(arrays) == 6 * 4 + 5 * 5 + 4 + 1 + 3 + 2 + 2


def test_ogi_pdf_native_0_asks_for_the_python_loop() -> None:
    code = "from ogi.readers import pdf_calls as c; print(c.NATIVE is None, c.NATIVE_CHARS is None)"
    env = {**os.environ, "OGI_PDF_NATIVE": "0"}
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert run.stdout.strip() == "True True"
    env.pop("OGI_PDF_NATIVE")
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert run.stdout.strip() == f"{NATIVE is None} {NATIVE is None}"


def test_a_loop_built_from_another_version_is_passed_over() -> None:
    if NATIVE is None:
        pytest.skip("the native loop was not built here")
    assert calls._load_native() is not None
    assert calls._load_native(calls.NATIVE_VERSION + 1) is None
    assert calls._load_native(calls.NATIVE_VERSION + 1, "chars") is None


@pytest.mark.parametrize("turn", [0, 90, 180, 270])
def test_path_points_read_at_once_are_those_of_the_arrays(
    turn: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    if calls.NATIVE_POINTS is None:
        pytest.skip("the native module was not built here")
    pdf = pdfium.PdfDocument(build_pdf([_curvy_page(), _form_page()]))
    view = View(turn, 0.0, 0.0, 595.0, 842.0)
    at_once = [page_rules(pdf[i], view) for i in range(2)]
    monkeypatch.setattr(calls, "NATIVE_POINTS", None)
    assert [page_rules(pdf[i], view) for i in range(2)] == at_once
    assert len(at_once[1]) == 6 * 4 + 5 * 5 + 3 * 2 + 2 * 3


@pytest.mark.parametrize(
    ("turn", "xs", "ys"),
    [
        (0, [60.0, 200.0], [100.0, 100.0]),  # (the page's y, 742, from the top down)
        (90, [742.0, 742.0], [60.0, 200.0]),
        (180, [535.0, 395.0], [742.0, 742.0]),
        (270, [100.0, 100.0], [535.0, 395.0]),
    ],
)
def test_path_points_are_those_typed(turn: int, xs: list[float], ys: list[float]) -> None:
    if calls.NATIVE_POINTS is None:
        pytest.skip("the native module was not built here")
    page = pdfium.PdfDocument(build_pdf([Page().hline(100, 60, 200)]))[0]
    objs, kinds = pdf_tables.page_objects(page)
    [path] = objs[kinds == pdfium_c.FPDF_PAGEOBJ_PATH]
    paths, counts = np.array([path], np.uint64), np.array([2])
    identity = np.array([[1.0], [0.0], [0.0], [1.0], [0.0], [0.0]])
    found = calls.path_points(paths, counts, identity, turn, (0.0, 0.0, 595.0, 842.0))
    assert found is not None
    x, y, ok, segment_kinds, closes = found
    assert (x.tolist(), y.tolist(), ok.tolist()) == (xs, ys, [True, True])
    assert segment_kinds.tolist() == [pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_LINETO]
    assert closes.tolist() == [0, 0]
    # a matrix moving it 10 right and 20 up, in the upright view
    moved = identity + np.array([[0.0], [0.0], [0.0], [0.0], [10.0], [20.0]])
    found = calls.path_points(paths, counts, moved, 0, (0.0, 0.0, 595.0, 842.0))
    assert found is not None
    assert (found[0].tolist(), found[1].tolist()) == ([70.0, 210.0], [80.0, 80.0])


def test_the_points_entry_checks_what_it_is_given() -> None:
    points = calls.NATIVE_POINTS
    if points is None:
        pytest.skip("the native module was not built here")
    page = pdfium.PdfDocument(build_pdf([Page().hline(100, 60, 200)]))[0]
    objs, kinds = pdf_tables.page_objects(page)
    paths = np.ascontiguousarray(objs[kinds == pdfium_c.FPDF_PAGEOBJ_PATH])
    counts, matrix = np.array([2]), np.array([[1.0], [0.0], [0.0], [1.0], [0.0], [0.0]])
    box = np.array([0.0, 0.0, 595.0, 842.0])
    outs = [np.empty(2), np.empty(2), np.empty(2, bool), np.empty(2, np.int64)]
    closes = np.empty(2, np.int64)
    fns = calls._POINT_FNS
    assert points(fns, paths, counts, matrix, 0, box, *outs, closes) is None
    cases = [
        ((fns, paths, counts, matrix, 0, box, *outs), TypeError, "points takes 11 arguments"),
        ((fns[:2], paths, counts, matrix, 0, box, *outs, closes), ValueError, "tuple of 4"),
        ((fns, paths, counts, matrix, 45, box, *outs, closes), ValueError, "turned by 45"),
        ((fns, paths, np.array([-1]), matrix, 0, box, *outs, closes), ValueError, "out of range"),
        ((fns, paths, counts, matrix[:5], 0, box, *outs, closes), ValueError, "matrix: too small"),
        ((fns, paths, counts, matrix, 0, box[:3], *outs, closes), ValueError, "box: too small"),
        ((fns, paths, counts, matrix, 0, box, *outs, closes[:1]), ValueError, "closes: too small"),
        (
            (fns, paths, counts, matrix, 0, box, outs[0], outs[1], outs[3], outs[3], closes),
            ValueError,
            "ok: too small or of the wrong item size",
        ),
    ]
    for args, error, words in cases:
        with pytest.raises(error, match=words):
            points(*args)
    with pytest.raises(ValueError, match=r"1 counts and \(6, 2\) matrix numbers for 1 paths"):
        calls.path_points(paths, counts, np.zeros((6, 2)), 0, (0.0, 0.0, 595.0, 842.0))


def _paints_page() -> Page:
    """Paths drawn every way: stroked black, stroked white, filled, filled grey with a
    white outline, a shape filled with alpha 0; and a clip path, which pdfium keeps as
    no object of the page."""
    p = Page().hline(100, 60, 200)
    p.ops.append("q 1 1 1 RG 0.5 w 60 700 m 200 700 l S Q")
    p.bar(60, 200, 200, 201)
    p.ops.append("q 0.5 0.5 0.5 rg 1 1 1 RG 60 500 140 20 re B Q")
    p.ops.append("q 60 400 140 20 re W n Q")
    p.ops.append("q /Clear gs 60 300 140 20 re f Q")
    return p


def test_drawn_paths_are_those_typed() -> None:
    if calls.NATIVE_DRAWN is None:
        pytest.skip("the native module was not built here")
    page = pdfium.PdfDocument(build_pdf([_paints_page()]))[0]
    objs, kinds = pdf_tables.page_objects(page)
    paths = objs[kinds == pdfium_c.FPDF_PAGEOBJ_PATH]
    found = calls.drawn_paths(paths, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), 245)
    assert found is not None
    filled, stroked, drawn, matrix, counts = found
    assert filled.tolist() == [False, False, True, True, False]
    assert stroked.tolist() == [True, False, False, False, False]
    assert drawn.tolist() == [0, 2, 3]
    assert counts.tolist() == [2, 5, 5]  # a line; two boxes (re: a move, 3 lines, a close)
    assert matrix.T.tolist() == [[1.0, 0.0, 0.0, 1.0, 0.0, 0.0]] * 3
    # an outer matrix moving everything 10 right and 20 up
    found = calls.drawn_paths(paths, (1.0, 0.0, 0.0, 1.0, 10.0, 20.0), 245)
    assert found is not None
    assert found[3].T.tolist() == [[1.0, 0.0, 0.0, 1.0, 10.0, 20.0]] * 3


@pytest.mark.parametrize("page", [_paints_page, _curvy_page, _table_page])
def test_rules_are_the_same_without_the_drawn_paths_call(
    page: Callable[[], Page], monkeypatch: pytest.MonkeyPatch
) -> None:
    if calls.NATIVE_DRAWN is None:
        pytest.skip("the native module was not built here")
    pdf_page = pdfium.PdfDocument(build_pdf([page()]))[0]
    at_once = page_rules(pdf_page, 842.0)
    monkeypatch.setattr(calls, "NATIVE_DRAWN", None)
    assert page_rules(pdf_page, 842.0) == at_once
    assert at_once


def test_the_drawn_entry_checks_what_it_is_given() -> None:
    drawn = calls.NATIVE_DRAWN
    if drawn is None:
        pytest.skip("the native module was not built here")
    page = pdfium.PdfDocument(build_pdf([_paints_page()]))[0]
    objs, kinds = pdf_tables.page_objects(page)
    paths = np.ascontiguousarray(objs[kinds == pdfium_c.FPDF_PAGEOBJ_PATH])
    n, fns, outer = len(paths), calls._DRAWN_FNS, np.array([1.0, 0.0, 0.0, 1.0, 0.0, 0.0])
    outs = [np.empty(n, bool), np.empty(n, bool), np.empty(n, np.int64), np.empty((6, n))]
    counts = np.empty(n, np.int64)
    assert drawn(fns, paths, outer, 245, *outs, counts) == 3
    cases = [
        ((fns, paths, outer, 245, *outs), TypeError, "drawn takes 9 arguments"),
        ((fns[:4], paths, outer, 245, *outs, counts), ValueError, "tuple of 5"),
        ((fns, paths, outer, -1, *outs, counts), OverflowError, "negative"),
        ((fns, paths, outer, 2**40, *outs, counts), ValueError, "white out of the range"),
        ((fns, paths, outer[:5], 245, *outs, counts), ValueError, "outer: too small"),
        ((fns, paths, outer, 245, *outs, counts[:-1]), ValueError, "counts: too small"),
        ((fns, paths, outer, 245, *outs[:3], outs[3][:5], counts), ValueError, "matrix: too"),
        ((fns, paths, outer, 245, outs[2], *outs[1:], counts), ValueError, "filled: too"),
    ]
    for args, error, words in cases:
        with pytest.raises(error, match=words):
            drawn(*args)


_MEDIA = b"/MediaBox [0 0 595 842]"


@pytest.mark.parametrize(
    ("media", "boxes"),
    [
        (_MEDIA, ((0.0, 0.0, 595.0, 842.0), (0.0, 0.0, 595.0, 842.0))),
        # a crop box within it (300.3 as pdfium's float holds it)
        (
            _MEDIA + b" /CropBox [10 20 300.3 800]",
            ((0.0, 0.0, 595.0, 842.0), (10.0, 20.0, 300.29998779296875, 800.0)),
        ),
        (b"/MediaBox [0 0 842 595]", ((0.0, 0.0, 842.0, 595.0), (0.0, 0.0, 842.0, 595.0))),
        # none on the page: US Letter, as pypdfium2 answers
        (b"", ((0, 0, 612, 792), (0, 0, 612, 792))),
    ],
)
def test_page_boxes_are_those_pypdfium2_gives(loop: str, media: bytes, boxes: tuple) -> None:
    if loop == "native" and calls.NATIVE_BOXES is None:
        pytest.skip("the native module was not built here")
    page = pdfium.PdfDocument(build_pdf([text_page(1)]).replace(_MEDIA, media))[0]
    assert calls.page_boxes(page) == boxes
    assert (page.get_mediabox(), page.get_cropbox()) == boxes


def test_the_boxes_entry_checks_what_it_is_given() -> None:
    boxes = calls.NATIVE_BOXES
    if boxes is None:
        pytest.skip("the native module was not built here")
    page = pdfium.PdfDocument(build_pdf([text_page(1)]))[0]
    at = calls.address(page.raw)
    # (none where the page has none: page_boxes stands the media box in for the crop box)
    assert boxes(calls._BOX_FNS, at) == ((0.0, 0.0, 595.0, 842.0), None)
    with pytest.raises(TypeError, match="boxes takes 2 arguments"):
        boxes(calls._BOX_FNS)
    with pytest.raises(ValueError, match="a tuple of 2 function addresses"):
        boxes(calls._BOX_FNS[:1], at)
    with pytest.raises(ValueError, match="no page at address 0"):
        boxes(calls._BOX_FNS, 0)


def test_address_of_a_handle_an_int_and_null() -> None:
    page = pdfium.PdfDocument(build_pdf([text_page(1)]))[0]
    cast = ctypes.cast(page.raw, ctypes.c_void_p).value
    assert cast and calls.address(page.raw) == cast
    assert calls.address(cast) == cast
    assert calls.address(ctypes.POINTER(ctypes.c_int)()) == 0  # NULL
    assert calls.address(ctypes.c_void_p(cast)) == cast  # (not a pointer type: cast)
    assert calls.address(ctypes.c_void_p()) == 0


def test_a_loaded_page_is_the_page_pypdfium2_loads() -> None:
    pdf = pdfium.PdfDocument(build_pdf([text_page(1), text_page(2)]))
    page = calls.LoadedPage(pdf, 1)
    theirs = pdf[1]
    assert isinstance(page, pdfium.PdfPage)
    assert (page.get_size(), page.get_mediabox(), page.get_rotation()) == (
        (595.0, 842.0),
        (0.0, 0.0, 595.0, 842.0),
        0,
    )
    textpage = page.get_textpage()
    assert textpage.get_text_range() == theirs.get_textpage().get_text_range()
    assert "- 2 -" in textpage.get_text_range()
    # drawn as pypdfium2's own page draws it
    ours, expected = page.render(scale=0.5).to_numpy(), theirs.render(scale=0.5).to_numpy()
    assert ours.shape == (421, 298, 3) and (ours == expected).all() and (ours < 128).any()
    # the document does not hold it among its kids: whoever loads it closes it, and
    # what was opened of it (the text page) closes with it
    assert not any(ref() is page for ref in pdf._kids)
    assert page.close() is True
    assert page.raw is None and textpage.raw is None
    assert page.close() is False
    theirs.close()
    pdf.close()


def test_a_page_that_is_not_there_is_not_loaded() -> None:
    pdf = pdfium.PdfDocument(build_pdf([text_page(1)]))
    with pytest.raises(pdfium.PdfiumError, match=r"^Failed to load page\.$"):
        calls.LoadedPage(pdf, 1)
    with pytest.raises(pdfium.PdfiumError, match=r"^Failed to load page\.$"):
        calls.LoadedPage(pdf, -1)
    pdf.close()
