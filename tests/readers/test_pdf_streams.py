"""Decompression bombs in a PDF are refused before pdfium inflates them
(`ogi.readers.pdf_streams`), and ordinary streams are not inflated at all."""

from __future__ import annotations

import itertools
import random
import zlib

import pytest

from ogi import limits
from ogi.blocks import ReadError
from ogi.readers import pdf_streams
from ogi.readers.pdf import read_pdf
from ogi.readers.pdf_streams import _inflate, inflation_problem

SMALL = limits.Limit(
    1_000_000, "PDF 文件中有数据流解压后超过 {limit}（可能是压缩炸弹），未读取", "1 MB"
)
REFUSED = "PDF 文件中有数据流解压后超过 1 MB（可能是压缩炸弹），未读取"


@pytest.fixture(autouse=True)
def small_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "PDF_STREAM_BYTES", SMALL)


def pdf_with_content(stream: bytes, filters: str) -> bytes:
    """A one-page PDF whose page content is `stream` as stored, with these filters."""
    objs = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        4: b"<< /Length %d /Filter %s >>\nstream\n" % (len(stream), filters.encode())
        + stream
        + b"\nendstream",
    }
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for n, body in objs.items():
        offsets[n] = len(out)
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n"
    out += b"".join(b"%010d 00000 n \n" % offsets[n] for n in range(1, 5))
    out += b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def deflated(data: bytes, times: int) -> bytes:
    for _ in range(times):
        data = zlib.compress(data, 9)
    return data


def test_a_stream_deflated_twice_over_is_refused_however_small() -> None:
    content = b" " * 3_000_000  # 3 MB of page content, some 3 KB deflated twice
    data = pdf_with_content(deflated(content, 2), "[/FlateDecode /FlateDecode]")
    assert len(data) < 2_000
    assert inflation_problem(data) == REFUSED
    with pytest.raises(ReadError) as e:
        read_pdf("炸弹.pdf", data, ocr=False)
    assert str(e.value) == REFUSED
    # the abbreviated names of an inline-style filter array count the same
    short = pdf_with_content(deflated(content, 2), "[/Fl /Fl]")
    assert inflation_problem(short) == REFUSED


def test_a_stream_deflated_once_is_inflated_only_when_long_enough_to_pass_the_bound() -> None:
    # 2 MB of zeros deflate to about 2 KB: more than 1 MB / 1,032, so it is inflated
    bomb = deflated(b"\0" * 2_000_000, 1)
    assert len(bomb) * 1032 > SMALL.value
    assert inflation_problem(pdf_with_content(bomb, "/FlateDecode")) == REFUSED
    # just under the bound inflates to no more than it
    under = deflated(b"\0" * 999_999, 1)
    assert inflation_problem(pdf_with_content(under, "/FlateDecode")) is None
    # a stream too short to pass the bound is not inflated at all: damaged data in it
    # goes unnoticed here (pdfium reports it, or reads what it can)
    assert inflation_problem(pdf_with_content(b"\x78\x9cnot deflate", "/FlateDecode")) is None


def test_a_file_that_cannot_hold_a_stream_past_the_bound_is_not_searched(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A file shorter than the bound / 1,032 (969 bytes here) has no stream that could
    pass it, nor one with a keyword in every stretch of 484 bytes: its streams are not
    looked for one by one. One with a longer stretch without a keyword is."""

    class Searched(Exception):
        pass

    class Keywords:
        def finditer(self, data: bytes) -> None:
            raise Searched

    monkeypatch.setattr(pdf_streams, "_KEYWORD", Keywords())
    short = pdf_with_content(b"BT ET", "/FlateDecode")
    assert len(short) * 1032 <= SMALL.value
    assert inflation_problem(short) is None
    # many short streams, a keyword every 430 bytes at most over 29 KB
    many = b"".join(pdf_with_content(b"BT ET" * 10, "/FlateDecode") for _ in range(60))
    assert len(many) > 25_000
    assert inflation_problem(many) is None
    # one stream of 1,000 bytes: a stretch of 484 without a keyword
    longer = pdf_with_content(b"BT ET" + b" " * 1000, "/FlateDecode")
    with pytest.raises(Searched):
        inflation_problem(longer)
    # a filter deflating twice is looked for whatever the length
    twice = pdf_with_content(deflated(b" " * 3_000_000, 2), "[/Fl /Fl]")
    assert len(twice) * 1032 <= SMALL.value
    assert inflation_problem(twice) == REFUSED


@pytest.mark.parametrize("most", [1, 2, 7, 10, 64, 500])
def test_gaps_are_told_within_the_bound_as_the_keywords_found_tell_them(most: int) -> None:
    rng = random.Random(20261204 + most)
    for _ in range(300):
        parts = [
            rng.choice([b"stream", b"endstream", b"x" * rng.randint(0, 3 * most), b"strea"])
            for _ in range(rng.randint(0, 12))
        ]
        data = b"".join(parts)
        keywords = [m.start() for m in pdf_streams._KEYWORD.finditer(data)]
        longest = max((b - a for a, b in itertools.pairwise(keywords)), default=0)
        if pdf_streams._gaps_within(data, most):
            assert longest < most
        else:  # (only a file that could hold such a gap is searched)
            assert len(data) >= most


def test_damaged_data_counts_for_what_inflated_before_the_damage() -> None:
    raw = deflated(b"\0" * 3_000_000, 1)

    def inflated_before_damage(stored: bytes) -> int:
        d, out = zlib.decompressobj(), 0
        try:
            for i in range(0, len(stored), 256):
                out += len(d.decompress(stored[i : i + 256]))
        except zlib.error:
            pass
        return out

    late = raw[: len(raw) * 9 // 10] + b"\xff" * 64  # damaged after about 2.7 MB of output
    # text that deflates little: long enough to be inflated, damaged after some 450 KB
    rng = random.Random(7)
    text = deflated(bytes(rng.choice(b"0123456789 Tj") for _ in range(900_000)), 1)
    early = text[: len(text) // 2] + b"\xff" * 64
    assert len(early) * 1032 > SMALL.value
    assert inflated_before_damage(early) < SMALL.value < inflated_before_damage(late)
    assert inflation_problem(pdf_with_content(early, "/FlateDecode")) is None
    assert inflation_problem(pdf_with_content(late, "/FlateDecode")) == REFUSED
    broken = pdf_with_content(b"\x00garbage" * 200, "[/FlateDecode /FlateDecode]")
    assert inflation_problem(broken) is None


def test_inflating_in_bounded_pieces_gives_what_zlib_gives() -> None:
    rng = random.Random(20261201)
    for times in (1, 2, 3):
        for size in (0, 1, 70_000, 300_000):
            content = bytes(rng.choice(b"0123 BTET\n") for _ in range(size))
            raw = deflated(content, times)
            pieces = [raw[i : i + 4096] for i in range(0, len(raw), 4096)]
            out = list(_inflate(iter(pieces), times))
            assert b"".join(out) == content
            assert all(0 < len(p) <= 1 << 16 for p in out)


def test_an_ordinary_report_pdf_is_read_as_before() -> None:
    from tests.readers.test_pdf import build_pdf, text_page

    data = build_pdf([text_page(1)])
    assert inflation_problem(data) is None
    assert read_pdf("示例镇.pdf", data, ocr=False).blocks
