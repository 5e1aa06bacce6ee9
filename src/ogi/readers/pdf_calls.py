"""pdfium functions asked the same question about many chars, objects or path segments.

A text-layer page's time goes on asking pdfium about each char, object and path segment:
thousands of questions a page, each answered in far less time than a ctypes call takes.
So each question is asked of all the items at once: `ints`, `floats`, `addresses` and
`into` take the handles (one for all, or an array of addresses, one per item) and the
indices, and answer arrays. Two loops do the asking:
- the native loop (`_pdfium_map.c`, built with the package where a C compiler is at
  hand): one call runs the whole loop in C;
- the Python loop, where it was not built: a ctypes call per item, through bindings
  made once, `map`ped over the items, with out-parameters written into scratch memory
  read back with numpy.
Both answer the same arrays (tests hold them to each other and to pypdfium2's own).
"""

from __future__ import annotations

import ctypes
import itertools
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pypdfium2.internal.bases import AutoCloseable


def address(handle: Any) -> int:
    """The address a pdfium handle (a pypdfium2 raw handle or an int) holds; 0 for
    NULL."""
    if isinstance(handle, int):
        return handle
    if isinstance(handle, ctypes._Pointer):
        # (a pointer's buffer holds its address: read as a void pointer, at a third of
        # the cost of a cast, asked several times a page)
        return ctypes.c_void_p.from_buffer(handle).value or 0
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


# The signatures of the functions asked (see _pdfium_map.c): h a handle, i an int index,
# p an out-pointer; the answer an int, a double or a pointer.
H_INT, HI_INT, HI_DOUBLE, HI_PTR, HIP_INT, HP_INT, HPP_INT, HPPPP_INT, H_PTR = range(9)
_P = ctypes.c_void_p
_ARGS = {
    H_INT: (_P,),
    HI_INT: (_P, ctypes.c_int),
    HI_DOUBLE: (_P, ctypes.c_int),
    HI_PTR: (_P, ctypes.c_int),
    HIP_INT: (_P, ctypes.c_int, _P),
    HP_INT: (_P, _P),
    HPP_INT: (_P, _P, _P),
    HPPPP_INT: (_P, _P, _P, _P, _P),
    H_PTR: (_P,),
}
_RESULT = {
    HI_DOUBLE: (ctypes.c_double, np.float64),
    HI_PTR: (ctypes.c_size_t, np.uint64),
    H_PTR: (ctypes.c_size_t, np.uint64),
}
_OUTS = {HIP_INT: 1, HP_INT: 1, HPP_INT: 2, HPPPP_INT: 4}  # out-pointers per call


def _bind(fn: object, restype: Any, *argtypes: Any) -> Any:
    """pdfium function `fn` bound once more, through its address, with these types."""
    address = ctypes.cast(fn, ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)  # type: ignore[arg-type]


class Fn:
    """A pdfium function of a known signature (`shape`): its address, for the native
    loop, and two ctypes bindings of it, for the Python loop and single calls: `call`
    typed, so that handles given as ints pass as pointers at their full width; `bare`
    without argument types, which ctypes then passes as they are (ctypes objects as
    themselves, ints as C ints), saving the conversion of each: the Python loop uses it
    when the handle is one for all, passed as a ctypes object, and the rest indices."""

    def __init__(self, fn: object, shape: int) -> None:
        self.shape = shape
        self.address = ctypes.cast(fn, ctypes.c_void_p).value
        restype, self.dtype = _RESULT.get(shape, (ctypes.c_int, np.int64))
        self.call = _bind(fn, restype, *_ARGS[shape])
        self.bare = _bind(fn, restype)
        self.bare.argtypes = None

    def __call__(self, *args: Any) -> Any:
        return self.call(*args)


NATIVE_VERSION = 8  # the entry point of _pdfium_map.c and its signatures (its VERSION)


def _load_native(version: int = NATIVE_VERSION, entry: str = "run") -> Any:
    """The native module's function `entry` (the loop `run`, or `chars`, `plain`,
    `points`, `drawn` or `boxes`), or None where the module was not built or was built
    from another version of it."""
    try:
        from ogi.readers import _pdfium_map  # type: ignore[attr-defined]
    except ImportError:
        return None
    if getattr(_pdfium_map, "VERSION", None) != version:
        return None
    return getattr(_pdfium_map, entry)


# the native loop and chars, unless OGI_PDF_NATIVE=0 asks for the Python ones (tests
# set them to None)
_PYTHON_ASKED = os.environ.get("OGI_PDF_NATIVE") == "0"
NATIVE = None if _PYTHON_ASKED else _load_native()
NATIVE_CHARS = None if _PYTHON_ASKED else _load_native(entry="chars")
NATIVE_PLAIN = None if _PYTHON_ASKED else _load_native(entry="plain")
NATIVE_POINTS = None if _PYTHON_ASKED else _load_native(entry="points")
NATIVE_DRAWN = None if _PYTHON_ASKED else _load_native(entry="drawn")
NATIVE_BOXES = None if _PYTHON_ASKED else _load_native(entry="boxes")

Handles = int | np.ndarray  # one handle's address for every item, or one per item


def _rows(handles: Handles, index: np.ndarray | None) -> tuple[np.ndarray, int, np.ndarray | None]:
    """The handles as an array of uint64 with its step (0: one for all), the count of
    items, and the indices as C ints (checked to fit)."""
    if index is not None:
        index = np.ascontiguousarray(index)
        if len(index) and (int(index.min()) < -(2**31) or int(index.max()) >= 2**31):
            raise ValueError("pdfium index out of the range of a C int")
        index = index.astype(np.int32, copy=False)
    if isinstance(handles, int):
        n = len(index) if index is not None else 1
        return np.array([handles], np.uint64), n, index
    array = np.ascontiguousarray(handles, np.uint64)
    if index is not None and len(index) != len(array):
        raise ValueError(f"{len(array)} handles for {len(index)} indices")
    return array, len(array), index


def _native(
    fn: Fn, handles: Handles, index: np.ndarray | None, out: Any = np.int8, width: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """The native loop's answers, and the `width` values of dtype `out` each call wrote
    through its out-pointers (into zeroed memory; none when `width` is 0). The module
    checks the arrays' sizes and that each index fits a C int."""
    if index is not None and index.dtype != np.int64:
        # (indices of another type are checked to fit as the Python loop's are)
        index = _rows(0, index)[2]
    if index is not None:
        index = np.ascontiguousarray(index, np.int64)
    if isinstance(handles, int):
        n = len(index) if index is not None else 1
    else:
        handles = np.ascontiguousarray(handles, np.uint64)
        n = len(handles)
        if index is not None and len(index) != n:
            raise ValueError(f"{n} handles for {len(index)} indices")
    result = np.empty(n, fn.dtype)
    values = np.zeros((n, width), out)
    size = values.itemsize if width else 0
    NATIVE(fn.address, fn.shape, handles, index, values, size * width, size, result)
    return result, values


def handle_array(handles: list[Any]) -> np.ndarray:
    """Handles (pypdfium2 raw handles or addresses) as the array of addresses `ints`,
    `into` and `addresses` take."""
    return np.fromiter(map(address, handles), np.uint64, len(handles))


def _python_args(
    fn: Fn, handles: Handles, index: np.ndarray | None
) -> tuple[Callable[..., Any], list[Iterable[Any]], int]:
    """The binding the Python loop calls, its arguments but the out-pointers, and how
    many calls."""
    array, n, index = _rows(handles, index)
    if isinstance(handles, int):
        call, first = fn.bare, itertools.repeat(ctypes.c_void_p(handles))
    else:
        call, first = fn.call, array.tolist()
    return call, ([first, index.tolist()] if index is not None else [first]), n


def _answers(fn: Fn, handles: Handles, index: np.ndarray | None) -> np.ndarray:
    """`fn`'s answer for each item, as the dtype of its signature."""
    if NATIVE is not None:
        return _native(fn, handles, index)[0]
    call, args, n = _python_args(fn, handles, index)
    return np.fromiter(map(call, *args), fn.dtype, n)


def ints(fn: Fn, handles: Handles, index: np.ndarray | None = None) -> np.ndarray:
    """`fn(handle)` or `fn(handle, i)` for each item, as int64."""
    return _answers(fn, handles, index)


def floats(fn: Fn, handles: Handles, index: np.ndarray) -> np.ndarray:
    """`fn(handle, i)` for each item, as float64."""
    return _answers(fn, handles, index)


def addresses(fn: Fn, handles: Handles, index: np.ndarray | None = None) -> np.ndarray:
    """`fn(handle)` or `fn(handle, i)` for each item, a handle each, as uint64 addresses
    (0 for NULL)."""
    return _answers(fn, handles, index)


_DTYPES = {t: np.dtype(t) for t in (ctypes.c_float, ctypes.c_int, ctypes.c_uint)}
_CHUNK = 1024  # items asked about in one go by the Python loop: bounds its scratch memory
_WIDEST = 24  # bytes of out-parameters per call at most (a matrix: 6 floats)


def into(
    fn: Fn,
    handles: Handles,
    index: np.ndarray | None = None,
    *,
    out: Any,
    width: int,
) -> tuple[np.ndarray, np.ndarray]:
    """`fn(handle[, i], *pointers)` for each item, where each call writes `width` values
    of C type `out` through its out-pointers (one pointer to a struct of `width` fields
    when the signature has one, else one pointer per value). Returns whether each call
    succeeded and the values, one row per call (as written into zeroed memory: a failed
    call's row is what it left there)."""
    pointers = _OUTS[fn.shape]
    if pointers not in (1, width):
        raise ValueError(f"{pointers} out-pointers for {width} values")
    dtype = _DTYPES[out]
    if dtype.itemsize * width > _WIDEST:
        raise ValueError(f"{dtype.itemsize * width} bytes of out-parameters per call")
    if NATIVE is not None:
        answers, values = _native(fn, handles, index, dtype, width)
        return answers != 0, values
    return _into_python(fn, handles, index, dtype, width, pointers)


class _Scratch(threading.local):
    """This thread's memory for the out-parameters of up to _CHUNK calls, and pointers
    into it made once: for each (stride, offset), the addresses of the items in turn."""

    def __init__(self) -> None:
        self.buf = (ctypes.c_char * (_CHUNK * _WIDEST))()
        self.pointers: dict[tuple[int, int], list[ctypes.c_void_p]] = {}

    def get(self, n: int, stride: int, offsets: list[int]) -> list[list[ctypes.c_void_p]]:
        base = ctypes.addressof(self.buf)
        out = []
        for off in offsets:
            have = self.pointers.get((stride, off), [])
            if len(have) < n:
                more = range(len(have), min(max(n, 2 * len(have)), _CHUNK))
                have += [ctypes.c_void_p(base + off + k * stride) for k in more]
                self.pointers[(stride, off)] = have
            out.append(have)
        ctypes.memset(base, 0, n * stride)
        return out


_scratch = _Scratch()


def _into_python(
    fn: Fn,
    handles: Handles,
    index: np.ndarray | None,
    dtype: np.dtype,
    width: int,
    pointers: int,
) -> tuple[np.ndarray, np.ndarray]:
    """`into` by the Python loop, _CHUNK calls at a time through the scratch memory."""
    call, args, n = _python_args(fn, handles, index)
    stride = dtype.itemsize * width
    offsets = [j * dtype.itemsize for j in range(pointers)]
    ok = np.empty(n, bool)
    values = np.empty((n, width), dtype)
    rows = [iter(a) for a in args]
    for start in range(0, n, _CHUNK):
        m = min(_CHUNK, n - start)
        outs = _scratch.get(m, stride, offsets)
        # fromiter takes m answers, so each row goes on m items, ready for the next go
        ok[start : start + m] = np.fromiter(map(call, *rows, *outs), np.int64, m) != 0
        values[start : start + m] = np.frombuffer(_scratch.buf, dtype, width * m).reshape(m, width)
    return ok, values


class _Units(threading.local):
    """This thread's memory for a page's text as UTF-16 units, grown as pages need."""

    def __init__(self) -> None:
        self.size = 0
        self.view = np.zeros(0, np.uint16)
        self.address = ctypes.c_void_p(0)

    def get(self, n: int) -> tuple[np.ndarray, ctypes.c_void_p]:
        if n > self.size:
            self.size = max(n, 2 * self.size, 4096)
            self.view = np.zeros(self.size, np.uint16)
            self.address = ctypes.c_void_p(self.view.ctypes.data)
        return self.view, self.address


_units = _Units()
_GET_TEXT = _bind(pdfium_c.FPDFText_GetText, ctypes.c_int, _P, ctypes.c_int, ctypes.c_int, _P)


def text_units(tp: object, n: int) -> np.ndarray | None:
    """The first n chars of text page `tp` as UTF-16 units (a copy), read in one call;
    None when pdfium does not answer n units and the final zero."""
    view, where = _units.get(n + 1)
    if _GET_TEXT(address(tp), 0, n, where) != n + 1:
        return None
    return view[:n].copy()


# text page (a pypdfium2 FPDF_TEXTPAGE) and char index
IS_GENERATED = Fn(pdfium_c.FPDFText_IsGenerated, HI_INT)
MAP_ERROR = Fn(pdfium_c.FPDFText_HasUnicodeMapError, HI_INT)
FONT_SIZE = Fn(pdfium_c.FPDFText_GetFontSize, HI_DOUBLE)
CHAR_MATRIX = Fn(pdfium_c.FPDFText_GetMatrix, HIP_INT)  # floats a b c d e f
LOOSE_BOX = Fn(pdfium_c.FPDFText_GetLooseCharBox, HIP_INT)  # floats l t r b
TEXT_OBJECT = Fn(pdfium_c.FPDFText_GetTextObject, HI_PTR)
RENDER_MODE = Fn(pdfium_c.FPDFTextObj_GetTextRenderMode, H_INT)  # a text object

# page objects and paths
PAGE_OBJECT = Fn(pdfium_c.FPDFPage_GetObject, HI_PTR)  # page, index
COUNT_FORM_OBJECTS = Fn(pdfium_c.FPDFFormObj_CountObjects, H_INT)
OBJECT_TYPE = Fn(pdfium_c.FPDFPageObj_GetType, H_INT)
OBJECT_MATRIX = Fn(pdfium_c.FPDFPageObj_GetMatrix, HP_INT)  # floats a b c d e f
OBJECT_BOUNDS = Fn(pdfium_c.FPDFPageObj_GetBounds, HPPPP_INT)  # floats l b r t
DRAW_MODE = Fn(pdfium_c.FPDFPath_GetDrawMode, HPP_INT)  # int fill, int stroke
FILL_COLOR = Fn(pdfium_c.FPDFPageObj_GetFillColor, HPPPP_INT)  # uint r, g, b, a
STROKE_COLOR = Fn(pdfium_c.FPDFPageObj_GetStrokeColor, HPPPP_INT)
CLIP_PATH = Fn(pdfium_c.FPDFPageObj_GetClipPath, H_PTR)  # never NULL for an object
COUNT_CLIP_PATHS = Fn(pdfium_c.FPDFClipPath_CountPaths, H_INT)  # -1: no clip
COUNT_CLIP_SEGMENTS = Fn(pdfium_c.FPDFClipPath_CountPathSegments, HI_INT)  # clip, path
COUNT_SEGMENTS = Fn(pdfium_c.FPDFPath_CountSegments, H_INT)
SEGMENT = Fn(pdfium_c.FPDFPath_GetPathSegment, HI_PTR)  # path, index
SEGMENT_POINT = Fn(pdfium_c.FPDFPathSegment_GetPoint, HPP_INT)  # float x, y
SEGMENT_TYPE = Fn(pdfium_c.FPDFPathSegment_GetType, H_INT)
SEGMENT_CLOSE = Fn(pdfium_c.FPDFPathSegment_GetClose, H_INT)
# a form's object by index: the index is an unsigned long, so it has a binding of its own
FORM_OBJECT = _bind(pdfium_c.FPDFFormObj_GetObject, ctypes.c_size_t, _P, ctypes.c_ulong)


def _addresses(*fns: object) -> tuple[int, ...]:
    """The addresses of pdfium functions, as the compiled calls take them."""
    return tuple(ctypes.cast(fn, ctypes.c_void_p).value or 0 for fn in fns)


# what `page_chars` asks, in the order _pdfium_map.c's `chars` takes them
_CHAR_FNS = _addresses(
    pdfium_c.FPDFText_GetText,
    pdfium_c.FPDFText_GetUnicode,
    pdfium_c.FPDFText_IsGenerated,
    pdfium_c.FPDFText_GetMatrix,
    pdfium_c.FPDFText_GetFontSize,
    pdfium_c.FPDFText_HasUnicodeMapError,
    pdfium_c.FPDFText_GetLooseCharBox,
    pdfium_c.FPDFText_GetTextObject,
    pdfium_c.FPDFPageObj_GetMatrix,
)


def page_chars(
    tp: object, n: int, forms: bool
) -> tuple[int, int, tuple[np.ndarray, ...], tuple[np.ndarray, ...]] | None:
    """The `n` chars of text page `tp` asked and cleaned in one compiled call, as
    `pdf_chars._asked` asks and cleans them, for the usual page (each char upright,
    its box fitting it, none in a form's space where the page draws forms, `forms`):
    the count of chars and of garbage before cleaning, then, of each char kept, its
    pdfium index, code point and whether unread (int64), and its box (left, top, right,
    bottom, in the page's space) and em size (float64). None where the call is not
    built or the page is not such a page."""
    if NATIVE_CHARS is None:
        return None
    ints, floats = np.empty((3, n), np.int64), np.empty((5, n), np.float64)
    found = NATIVE_CHARS(_CHAR_FNS, address(tp), n, forms, ints, floats)
    if found is None:
        return None
    kept, total, garbage = found
    return total, garbage, tuple(ints[:, :kept]), tuple(floats[:, :kept])


# what `plain_text` asks, in the order _pdfium_map.c's `plain` takes them
_PLAIN_FNS = _addresses(
    pdfium_c.FPDFTextObj_GetTextRenderMode,
    pdfium_c.FPDFPageObj_GetFillColor,
    pdfium_c.FPDFPageObj_GetClipPath,
    pdfium_c.FPDFClipPath_CountPaths,
)


def plain_text(objs: np.ndarray, kinds: np.ndarray, white: int) -> bool | None:
    """Whether every text object of a page (its objects' addresses `objs` and kinds
    `kinds`) is plainly seen, asked in one compiled call: no object a form, each text
    object filled only (render mode 0) in a paint neither unseen (alpha 0) nor white
    (every channel at least `white`; a paint that cannot be read counts as seen), and
    none clipped. None where the call is not built."""
    if NATIVE_PLAIN is None:
        return None
    objs = np.ascontiguousarray(objs, np.uint64)
    kinds = np.ascontiguousarray(kinds, np.int64)
    if len(kinds) != len(objs):
        raise ValueError(f"{len(kinds)} kinds for {len(objs)} objects")
    return NATIVE_PLAIN(
        _PLAIN_FNS, objs, kinds, pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_FORM, white
    )


# what `path_points` asks, in the order _pdfium_map.c's `points` takes them
_POINT_FNS = _addresses(
    pdfium_c.FPDFPath_GetPathSegment,
    pdfium_c.FPDFPathSegment_GetPoint,
    pdfium_c.FPDFPathSegment_GetType,
    pdfium_c.FPDFPathSegment_GetClose,
)


def path_points(
    paths: np.ndarray, counts: np.ndarray, matrix: np.ndarray, turn: int, box: tuple[float, ...]
) -> tuple[np.ndarray, ...] | None:
    """The segments of `paths` (`counts` of each; `matrix`: six rows, a column per
    path) read in one compiled call: each point through its path's matrix into a
    view turned by `turn` whose box is `box` (left, bottom, right, top), as x and y;
    whether it was read; its type; whether it closes its subpath. None where the call
    is not built."""
    if NATIVE_POINTS is None:
        return None
    paths = np.ascontiguousarray(paths, np.uint64)
    counts = np.ascontiguousarray(counts, np.int64)
    if len(counts) != len(paths) or matrix.shape != (6, len(paths)):
        raise ValueError(
            f"{len(counts)} counts and {matrix.shape} matrix numbers for {len(paths)} paths"
        )
    total = int(counts.sum())
    x, y = np.empty(total), np.empty(total)
    ok = np.empty(total, bool)
    kinds, closes = np.empty(total, np.int64), np.empty(total, np.int64)
    NATIVE_POINTS(
        _POINT_FNS,
        paths,
        counts,
        np.ascontiguousarray(matrix, np.float64),
        turn,
        np.array(box, np.float64),
        x,
        y,
        ok,
        kinds,
        closes,
    )
    return x, y, ok, kinds, closes


# what `drawn_paths` asks, in the order _pdfium_map.c's `drawn` takes them
_DRAWN_FNS = _addresses(
    pdfium_c.FPDFPath_GetDrawMode,
    pdfium_c.FPDFPageObj_GetFillColor,
    pdfium_c.FPDFPageObj_GetStrokeColor,
    pdfium_c.FPDFPageObj_GetMatrix,
    pdfium_c.FPDFPath_CountSegments,
)


def drawn_paths(
    paths: np.ndarray, outer: tuple[float, ...], white: int
) -> tuple[np.ndarray, ...] | None:
    """Of `paths` (none inside a form), asked in one compiled call: whether each is
    filled, and whether stroked, in a paint that shows (one that cannot be read does;
    one of alpha 0, or of every channel at least `white`, does not); then, of those
    drawn either way, their indices among `paths`, their matrices times `outer` (six
    rows, a column each) and their counts of segments. None where the call is not
    built."""
    if NATIVE_DRAWN is None:
        return None
    paths = np.ascontiguousarray(paths, np.uint64)
    n = len(paths)
    filled, stroked = np.empty(n, bool), np.empty(n, bool)
    drawn, counts = np.empty(n, np.int64), np.empty(n, np.int64)
    matrix = np.empty((6, n))
    found = NATIVE_DRAWN(
        _DRAWN_FNS,
        paths,
        np.array(outer, np.float64),
        white,
        filled,
        stroked,
        drawn,
        matrix,
        counts,
    )
    return filled, stroked, drawn[:found], matrix[:, :found], counts[:found]


# what `page_boxes` asks, in the order _pdfium_map.c's `boxes` takes them
_BOX_FNS = _addresses(pdfium_c.FPDFPage_GetMediaBox, pdfium_c.FPDFPage_GetCropBox)
Box = tuple[float, float, float, float]
LETTER: Box = (0, 0, 612, 792)  # (pypdfium2's media box for a page without one)


def page_boxes(page: Any) -> tuple[Box, Box]:
    """The media box and crop box of `page` (a pypdfium2 page) as its `get_mediabox()`
    and `get_cropbox()` give them (a page without a media box has US Letter's, one
    without a crop box its media box), asked in one compiled call where it is built."""
    if NATIVE_BOXES is None:
        return page.get_mediabox(), page.get_cropbox()
    media, crop = NATIVE_BOXES(_BOX_FNS, address(page.raw))
    media = media or LETTER
    return media, crop or media


@dataclass(frozen=True, slots=True)
class RawText:
    """A text page's raw handle where a pypdfium2 `PdfTextPage` would stand (what the
    readers ask of one is its `.raw`): loaded and closed by its reader."""

    raw: Any


class LoadedPage(pdfium.PdfPage):
    """Page `index` of `pdf`, loaded by its handle: a pypdfium2 `PdfPage` in every use,
    without the finalizer and the place among the document's kids that `get_page` gives
    each page, which cost more than loading a short page. Whoever loads it closes it,
    before the document (`_read_one` does, in `finally`)."""

    def __init__(self, pdf: pdfium.PdfDocument, index: int) -> None:
        raw = pdfium_c.FPDF_LoadPage(pdf.raw, index)
        if not raw:
            raise pdfium.PdfiumError("Failed to load page.")
        self.raw, self.pdf, self.formenv = raw, pdf, pdf.formenv
        # (no finalizer: `close` closes the page itself)
        AutoCloseable.__init__(self, pdfium.PdfPage._close_impl, self.formenv, needs_free=False)
        if self.formenv:
            pdfium_c.FORM_OnAfterLoadPage(raw, self.formenv)

    def close(self, _by_parent: bool = False) -> bool:
        if not self.raw:
            return False
        # what was opened of the page and is still open (a text page) closes first, as
        # pypdfium2 closes a page's kids
        for ref in list(self.__dict__.get("_kids", ())):
            kid = ref()
            if kid is not None and kid.raw:
                kid.close(_by_parent=True)
        pdfium.PdfPage._close_impl(self.raw, self.formenv)
        self.raw = None
        return True
