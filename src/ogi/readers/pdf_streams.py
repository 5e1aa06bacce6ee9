"""Decompression bombs in a PDF, found before pdfium opens it.

pdfium inflates a page's content streams whole when it loads the page, with no bound:
a 7 KB file whose content stream is deflated twice over stands for 4 GiB and took 5.3
GB of memory. So the streams that could inflate past `limits.PDF_STREAM_BYTES` are
inflated here first, a piece at a time, and the file is refused once one of them
passes it.

Which streams could: deflate shrinks data at most about 1,032 times, so a stream
deflated once whose bytes are fewer than the bound / 1,032 cannot pass it and is not
inflated (nearly every stream of a report). A stream deflated twice or more (a filter
array naming FlateDecode more than once) can stand for any size whatever its own, and
is always inflated. Most files have neither, which two passes over the file in C tell
(a fraction of a millisecond for a report); only the others have their streams and
filters found one by one.

Left out: a page whose content is split into many streams, each just under the bound,
is not added up; LZW and run-length streams are not inflated (pdfium's LZW decoder
bounds its own tables).
"""

from __future__ import annotations

import bisect
import itertools
import zlib
from collections.abc import Iterator

from ogi import limits, patterns

DEFLATE_RATIO = 1032  # the most deflate can shrink data (258 bytes in about 2 bits)

# a stream's data starts after the keyword and its line end ("endstream" is not one)
_KEYWORD = patterns.compile(rb"stream")  # "stream", and "endstream" too
_START = patterns.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
# a filter array naming FlateDecode twice in a row, as a bomb does
_CHAIN = patterns.compile(rb"/Fl(?:ateDecode)?\s*/Fl(?:ateDecode)?(?![A-Za-z0-9])")
_END = patterns.compile(rb"endstream")
_FILTER = patterns.compile(rb"/Filter\s*(\[[^\]]{0,2000}\]|/[A-Za-z0-9]+)")
_FLATE = patterns.compile(rb"/(?:FlateDecode|Fl)(?![A-Za-z0-9])")
_OBJ_END = patterns.compile(rb"endobj")
CHUNK = 1 << 16  # bytes inflated at a time


def inflation_problem(data: bytes) -> str | None:
    """The reason to refuse `data` (a stream that inflates past the bound), or None."""
    bound = limits.PDF_STREAM_BYTES.value
    # no stream longer than bound / DEFLATE_RATIO (the gaps between the keywords bound
    # every stream's length) and no filter deflating twice: nothing to inflate
    if _gaps_within(data, bound // DEFLATE_RATIO):
        longest = 0
    else:
        keywords = [m.start() for m in _KEYWORD.finditer(data)]
        longest = max((b - a for a, b in itertools.pairwise(keywords)), default=0)
    if longest * DEFLATE_RATIO <= bound and _CHAIN.search(data) is None:
        return None
    starts = [m.end() for m in _START.finditer(data)]
    if not starts:
        return None
    ends = [m.start() for m in _END.finditer(data)]
    objects_end = [m.start() for m in _OBJ_END.finditer(data)]
    for m in _FILTER.finditer(data):
        flates = len(_FLATE.findall(m.group(1)))
        if not flates:
            continue
        # the filter belongs to the first stream after it, if no object ends between
        k = bisect.bisect_left(starts, m.end())
        if k == len(starts):
            continue
        start = starts[k]
        o = bisect.bisect_left(objects_end, m.end())
        if o < len(objects_end) and objects_end[o] < start:
            continue
        e = bisect.bisect_left(ends, start)
        end = ends[e] if e < len(ends) else len(data)
        if flates == 1 and (end - start) * DEFLATE_RATIO <= bound:
            continue
        if _inflates_past(memoryview(data)[start:end], flates, bound):
            return limits.PDF_STREAM_BYTES.say()
    return None


def _gaps_within(data: bytes, most: int) -> bool:
    """Whether no two keywords of `data` next to each other (`_KEYWORD`) stand `most`
    bytes apart or more, told without finding them all: a file shorter than `most`
    cannot hold such a gap, and one without a keyword in some stretch of half of it
    (windows of half of `most`, laid end to end: a gap of `most` holds a whole one)
    may (then the keywords are found). Each window is searched only up to its first
    keyword, most often near its start."""
    if len(data) < most:
        return True
    width = most // 2
    if width < 1:
        return False
    tail = len(b"stream") - 1  # (a keyword starting in the window may end past it)
    for at in range(0, len(data) - width + 1, width):
        if data.find(b"stream", at, at + width + tail) < 0:
            return False
    return True


def _inflates_past(raw: memoryview, times: int, bound: int) -> bool:
    """Whether `raw`, deflated `times` times over, inflates to more than `bound` bytes.
    A stream that is damaged part way counts for what inflated before the damage."""
    total = 0
    try:
        for piece in _inflate(_pieces(raw), times):
            total += len(piece)
            if total > bound:
                return True
    except zlib.error:
        return False
    return False


def _pieces(raw: memoryview) -> Iterator[bytes]:
    for at in range(0, len(raw), CHUNK):
        yield bytes(raw[at : at + CHUNK])


def _inflate(pieces: Iterator[bytes], times: int) -> Iterator[bytes]:
    """`pieces` inflated `times` times over, never more than CHUNK bytes out of one call:
    each stage is handed on what the one before it gives, a bounded piece at a time."""
    if times == 0:
        yield from pieces
        return
    d = zlib.decompressobj()
    for piece in _inflate(pieces, times - 1):
        out = d.decompress(piece, CHUNK)
        while out:
            yield out
            if not d.unconsumed_tail:
                break
            out = d.decompress(d.unconsumed_tail, CHUNK)
        if d.eof:
            return
