"""pdfium functions asked the same question about many chars, objects or path segments.

A text-layer page's time goes on asking pdfium about each char and each path segment.
pypdfium2's bindings convert and check every argument, and a Python loop around them
adds its own work per item; so each function is bound once more here without argument
types (ctypes then passes ctypes objects as they are and ints as C ints: every integer
argument here is an index, every pointer a ctypes object), called through `map` over all
the items at once, with the out-parameters written into scratch memory read back with
numpy. Handles pdfium returns come back as `Handle` objects, passed on as they are.
"""

from __future__ import annotations

import ctypes
import itertools
import threading
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pypdfium2.raw as pdfium_c


class Handle(ctypes.c_void_p):
    """A pdfium handle. As a subclass of c_void_p it is returned as a ctypes object (not
    converted to an int), so it can be passed straight back; false when NULL."""


_INT = ctypes.c_int
_DTYPES = {t: np.dtype(t) for t in (ctypes.c_float, ctypes.c_int, ctypes.c_uint)}
_SIZES = {t: ctypes.sizeof(t) for t in _DTYPES}
_CHUNK = 1024  # items asked about in one go: bounds the scratch memory and its pointers
_WIDEST = 24  # bytes of out-parameters per call at most (a matrix: 6 floats)


def bare(fn: object, restype: Any, *argtypes: Any) -> Callable[..., Any]:
    """The pdfium function `fn` returning `restype`; its arguments unchecked unless
    `argtypes` are given."""
    address = ctypes.cast(fn, ctypes.c_void_p).value
    bound = ctypes.CFUNCTYPE(restype, *argtypes)(address)  # type: ignore[arg-type]
    if not argtypes:
        bound.argtypes = None
    return bound  # type: ignore[no-any-return]


def each(fn: Callable[..., Any], n: int, *args: Iterable[Any], kind: Any = np.int64) -> np.ndarray:
    """`fn(*row)` for the n rows of `args` (each an iterable; `same(v)` for one value
    repeated), as an array of `kind`."""
    return np.fromiter(map(fn, *args), kind, n)


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


def text_units(tp: object, n: int) -> np.ndarray | None:
    """The first n chars of text page `tp` as UTF-16 units (a copy), read in one call;
    None when pdfium does not answer n units and the final zero."""
    view, address = _units.get(n + 1)
    if GET_TEXT(tp, 0, n, address) != n + 1:
        return None
    return view[:n].copy()


def each_into(
    fn: Callable[..., Any],
    n: int,
    *args: Iterable[Any],
    out: Any,
    width: int,
    pointers: int = 1,
) -> tuple[np.ndarray, np.ndarray]:
    """`fn(*row, *pointers)` for the n rows of `args`, where each call writes `width`
    values of C type `out` through its pointer arguments (one pointer to a struct of
    `width` fields when `pointers` is 1, else `width` pointers to one value each).
    Returns whether each call succeeded and the values, one row per call (as written
    into zeroed memory: a failed call's row is what it left there)."""
    size = _SIZES[out]
    stride = size * width
    if stride > _WIDEST:
        raise ValueError(f"{stride} bytes of out-parameters per call: at most {_WIDEST}")
    offsets = [j * size for j in range(pointers)]
    dtype = _DTYPES[out]
    if n <= _CHUNK:  # one go (most pages): fromiter takes exactly n answers
        outs = _scratch.get(n, stride, offsets)
        ok = np.fromiter(map(fn, *args, *outs), np.int64, n) != 0
        return ok, np.frombuffer(_scratch.buf, dtype, width * n).reshape(n, width).copy()
    ok = np.empty(n, bool)
    values = np.empty((n, width), dtype)
    rows = [iter(a) for a in args]
    for start in range(0, n, _CHUNK):
        m = min(_CHUNK, n - start)
        outs = _scratch.get(m, stride, offsets)
        # fromiter takes m answers, so each row goes on m items, ready for the next go
        ok[start : start + m] = np.fromiter(map(fn, *rows, *outs), np.int64, m) != 0
        values[start : start + m] = np.frombuffer(_scratch.buf, dtype, width * m).reshape(m, width)
    return ok, values


def same(value: Any) -> Iterable[Any]:
    return itertools.repeat(value)


# text page (a pypdfium2 FPDF_TEXTPAGE) and char index
GET_TEXT = bare(pdfium_c.FPDFText_GetText, _INT)  # page, first, count, buffer (a c_void_p)
IS_GENERATED = bare(pdfium_c.FPDFText_IsGenerated, _INT)
MAP_ERROR = bare(pdfium_c.FPDFText_HasUnicodeMapError, _INT)
FONT_SIZE = bare(pdfium_c.FPDFText_GetFontSize, ctypes.c_double)
CHAR_MATRIX = bare(pdfium_c.FPDFText_GetMatrix, _INT)  # floats a b c d e f
LOOSE_BOX = bare(pdfium_c.FPDFText_GetLooseCharBox, _INT)  # floats l t r b

# page objects (Handle) and paths
PAGE_OBJECT = bare(pdfium_c.FPDFPage_GetObject, Handle)  # page, index
# the same, answering the address as an int (0 for NULL): a page has hundreds of objects,
# most of them text, and making a Handle for each costs more than the call itself
PAGE_OBJECT_ADDRESS = bare(pdfium_c.FPDFPage_GetObject, ctypes.c_size_t)
COUNT_FORM_OBJECTS = bare(pdfium_c.FPDFFormObj_CountObjects, _INT)
# the index is an unsigned long: typed, so that it is passed at its full width
FORM_OBJECT = bare(pdfium_c.FPDFFormObj_GetObject, Handle, ctypes.c_void_p, ctypes.c_ulong)
# typed, so that it takes an object as a Handle or as an address
OBJECT_TYPE = bare(pdfium_c.FPDFPageObj_GetType, _INT, ctypes.c_void_p)
OBJECT_MATRIX = bare(pdfium_c.FPDFPageObj_GetMatrix, _INT)  # floats a b c d e f
DRAW_MODE = bare(pdfium_c.FPDFPath_GetDrawMode, _INT)  # int fill, int stroke
FILL_COLOR = bare(pdfium_c.FPDFPageObj_GetFillColor, _INT)  # uint r, g, b, a
STROKE_COLOR = bare(pdfium_c.FPDFPageObj_GetStrokeColor, _INT)
COUNT_SEGMENTS = bare(pdfium_c.FPDFPath_CountSegments, _INT)
SEGMENT = bare(pdfium_c.FPDFPath_GetPathSegment, Handle)  # path, index
SEGMENT_POINT = bare(pdfium_c.FPDFPathSegment_GetPoint, _INT)  # float x, y
SEGMENT_TYPE = bare(pdfium_c.FPDFPathSegment_GetType, _INT)
SEGMENT_CLOSE = bare(pdfium_c.FPDFPathSegment_GetClose, _INT)
