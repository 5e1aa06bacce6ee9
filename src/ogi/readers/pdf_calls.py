"""pdfium functions asked the same question about many chars, objects or path segments.

A text-layer page's time goes on asking pdfium about each char and each path segment.
pypdfium2's bindings check every argument's type, and a Python loop around them adds its
own work per item; so each function is bound once more here taking plain integers
(handles and out-parameters as addresses), called through `map` over all the items at
once, with the out-parameters written into one array read back with numpy.
"""

from __future__ import annotations

import ctypes
import itertools
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pypdfium2.raw as pdfium_c

_P, _INT = ctypes.c_void_p, ctypes.c_int
_DTYPES = {t: np.dtype(t) for t in (ctypes.c_float, ctypes.c_int, ctypes.c_uint)}


def direct(fn: object, restype: Any, *argtypes: Any) -> Callable[..., Any]:
    """The pdfium function `fn` bound with the given C types (pointers as `c_void_p`,
    which takes an address as a plain int)."""
    address = ctypes.cast(fn, ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)  # type: ignore[no-any-return]


def address(handle: object) -> int | None:
    """A pypdfium2 handle (a ctypes pointer) as the address `direct` functions take."""
    return ctypes.cast(handle, ctypes.c_void_p).value


def each(
    fn: Callable[..., Any],
    n: int,
    *args: Iterable[Any],
    kind: Any = np.int64,
) -> np.ndarray:
    """`fn(*row)` for the n rows of `args` (each an iterable; `same(v)` for one value
    repeated), as an array of `kind`."""
    return np.fromiter(map(fn, *args), kind, n)


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
    size = ctypes.sizeof(out)
    buf = (out * (width * max(n, 1)))()
    base = ctypes.addressof(buf)
    stride = size * width
    outs = [range(base + j * size, base + j * size + stride * n, stride) for j in range(pointers)]
    ok = np.fromiter(map(fn, *args, *outs), np.int64, n)
    values = np.frombuffer(buf, _DTYPES[out], width * n).reshape(n, width)
    return ok != 0, values


def same(value: Any) -> Iterable[Any]:
    return itertools.repeat(value)


# text page: char index questions
IS_GENERATED = direct(pdfium_c.FPDFText_IsGenerated, _INT, _P, _INT)
MAP_ERROR = direct(pdfium_c.FPDFText_HasUnicodeMapError, _INT, _P, _INT)
FONT_SIZE = direct(pdfium_c.FPDFText_GetFontSize, ctypes.c_double, _P, _INT)
CHAR_MATRIX = direct(pdfium_c.FPDFText_GetMatrix, _INT, _P, _INT, _P)  # floats a b c d e f
LOOSE_BOX = direct(pdfium_c.FPDFText_GetLooseCharBox, _INT, _P, _INT, _P)  # floats l t r b

# page objects and paths
PAGE_OBJECT = direct(pdfium_c.FPDFPage_GetObject, _P, _P, _INT)
COUNT_FORM_OBJECTS = direct(pdfium_c.FPDFFormObj_CountObjects, _INT, _P)
FORM_OBJECT = direct(pdfium_c.FPDFFormObj_GetObject, _P, _P, ctypes.c_ulong)
OBJECT_TYPE = direct(pdfium_c.FPDFPageObj_GetType, _INT, _P)
OBJECT_MATRIX = direct(pdfium_c.FPDFPageObj_GetMatrix, _INT, _P, _P)  # floats a b c d e f
DRAW_MODE = direct(pdfium_c.FPDFPath_GetDrawMode, _INT, _P, _P, _P)  # int fill, int stroke
FILL_COLOR = direct(pdfium_c.FPDFPageObj_GetFillColor, _INT, _P, _P, _P, _P, _P)  # uint rgba
STROKE_COLOR = direct(pdfium_c.FPDFPageObj_GetStrokeColor, _INT, _P, _P, _P, _P, _P)
COUNT_SEGMENTS = direct(pdfium_c.FPDFPath_CountSegments, _INT, _P)
SEGMENT = direct(pdfium_c.FPDFPath_GetPathSegment, _P, _P, _INT)
SEGMENT_POINT = direct(pdfium_c.FPDFPathSegment_GetPoint, _INT, _P, _P, _P)  # float x, y
SEGMENT_TYPE = direct(pdfium_c.FPDFPathSegment_GetType, _INT, _P)
SEGMENT_CLOSE = direct(pdfium_c.FPDFPathSegment_GetClose, _INT, _P)
