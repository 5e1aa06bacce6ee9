"""Finding the six parts of a report and the text under each.

A statutory heading is an ordinal followed by one of the format's section titles.
Reports number them 一、, 1、, or misnumber them; the ordinal is kept as printed so
the checker can report it. Headings the format does not have (an extra part) are kept
with key None.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ogi import patterns
from ogi.format import editions, observed_variants
from ogi.layout.match import find_any
from ogi.layout.stream import Stream
from ogi.model import Section
from ogi.normalize import clean

_CN = "一二三四五六七八九十"
_ORD_CN = patterns.compile(
    rf"(?:第([{_CN}]{{1,3}})部分|([{_CN}]{{1,3}})[、.])([^\d{_CN}、.,。;:]{{0,10}})$"
)
_ORD_AR = patterns.compile(r"(\d{1,2})[、.]([^\d、.,。;:]{0,10})$")
# A Chinese numeral whose 、 was lost (OCR): only at the start of a line.
_ORD_BARE = patterns.compile(rf"([{_CN}]{{1,3}})([^\d{_CN}、.,。;:]{{0}})$")
# Last resort: a statutory title under a second-level number such as （五）.
_ORD_BR = patterns.compile(rf"[(]([{_CN}]{{1,3}}|\d{{1,2}})[)]([^\d{_CN}、.,。;:]{{0,10}})$")
_LINE_HEADING = patterns.compile(
    rf"^\s*([{_CN}]{{1,3}}\s*[、.．]|第[{_CN}]{{1,3}}部分)\s*(\S.{{0,40}})$"
)


@dataclass
class Heading:
    key: str | None
    ordinal: str
    title: str
    start: int  # clean index of the ordinal
    end: int  # clean index after the title


def _cn_value(s: str) -> int:
    vals = {c: i + 1 for i, c in enumerate(_CN)}
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + vals.get(s[1:], 0)
    if "十" in s:
        a, _, b = s.partition("十")
        return vals.get(a, 0) * 10 + (vals.get(b, 0) if b else 0)
    return vals.get(s, 0)


def _title_variants() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    ed = next(iter(editions().values()))
    for s in ed.sections:
        out[s.key] = [clean(s.title)]
    for v in observed_variants():
        off, seen = v.get("official"), v.get("seen")
        for s in ed.sections:
            if off == s.title and seen:
                out[s.key].append(clean(seen))
    return out


def find_headings(stream: Stream, spans: list[tuple[int, int]]) -> list[Heading]:
    c = stream.clean.text
    ed = next(iter(editions().values()))
    variants = _title_variants()

    def in_table(i: int) -> bool:
        return any(a - 6 <= i < b for a, b in spans)

    found: list[Heading] = []
    pos = 0
    for index, sec in enumerate(ed.sections, start=1):
        hit = None
        for kind in ("cn", "arabic", "bare", "bracket"):
            want_cn = kind == "cn"
            p = pos
            while True:
                m = find_any(c, variants[sec.key], p)
                if m is None:
                    break
                s, e, _ = m
                p = s + 1
                before = c[max(0, s - 16) : s]
                after = c[e : e + 1]
                if after in ("。", ",", "、") or in_table(s):
                    continue
                rx = {"cn": _ORD_CN, "arabic": _ORD_AR, "bare": _ORD_BARE, "bracket": _ORD_BR}[kind]
                om = rx.search(before)
                if not om:
                    continue
                ostart = s - len(om.group(0))
                if kind == "arabic":
                    # Clean text runs tokens together: in "…0" + "5、…" only the 5 that
                    # starts its own line or cell is the ordinal.
                    last_digit = ostart + len(om.group(1)) - 1
                    toks = stream.clean.token
                    while ostart < last_digit and toks[ostart] != toks[last_digit]:
                        ostart += 1
                    if not _starts_token(stream, ostart):
                        continue
                    if int(c[ostart : last_digit + 1]) != index:
                        continue
                prefix = (om.group(3) if want_cn else om.group(2)) or ""
                if kind == "bare" and (
                    _cn_value(om.group(1)) != index or not _token_start(stream, ostart)
                ):
                    continue
                if (
                    kind == "bracket"
                    and _cn_value(om.group(1)) != index
                    and om.group(1) != str(index)
                ):
                    continue
                hit = (ostart, s - len(prefix), s, e)
                break
            if hit:
                break
        if hit is None:
            continue
        ostart, oend, _, e = hit
        ordinal = _orig(stream, ostart, oend).strip()
        found.append(Heading(sec.key, ordinal, _orig(stream, oend, e).strip(), ostart, e))
        pos = e
    # Other top-level headings (an extra part such as 二、2021年政务公开工作完成情况) on
    # lines of their own.
    known = {(h.start, h.end) for h in found}
    for ti, tok in stream.lines:
        m = _LINE_HEADING.match(tok.text)
        if not m or "。" in tok.text:
            continue
        start = _clean_index(stream, ti)
        if start is None or in_table(start) or any(a - 2 <= start < b for a, b in known):
            continue
        end = start + len(clean(tok.text))
        found.append(Heading(None, m.group(1).strip(), m.group(2).strip(), start, end))
    found.sort(key=lambda h: h.start)
    return found


def _token_start(stream: Stream, i: int) -> bool:
    toks = stream.clean.token
    return i == 0 or toks[i] != toks[i - 1]


def _starts_token(stream: Stream, i: int) -> bool:
    c, toks = stream.clean.text, stream.clean.token
    if i == 0 or not (c[i - 1].isdigit() or c[i - 1] == "."):
        return True
    return toks[i] != toks[i - 1]


def _clean_index(stream: Stream, token: int) -> int | None:
    toks = stream.clean.token
    # first clean index whose token is `token` (bisect: tokens are non-decreasing)
    import bisect

    i = bisect.bisect_left(toks, token)
    return i if i < len(toks) and toks[i] == token else None


def _orig(stream: Stream, a: int, b: int) -> str:
    if b <= a:
        return ""
    frags = stream.slice_text(stream.clean.origin(a), stream.clean.end_origin(b))
    return "".join(f for _, f in frags)


def build_sections(
    stream: Stream, headings: list[Heading], spans: list[tuple[int, int]]
) -> list[Section]:
    out: list[Section] = []
    n = len(stream.clean.text)
    for i, h in enumerate(headings):
        end = headings[i + 1].start if i + 1 < len(headings) else n
        text = _text_between(stream, h.end, end, spans)
        out.append(Section(key=h.key, ordinal=h.ordinal, title=h.title, text=text))
    return out


def preamble(stream: Stream, end: int, spans: list[tuple[int, int]]) -> str:
    """The report's opening above part 一 (本报告根据…编制。统计期限自…): the sentences
    before the first heading, without the title, the page's metadata lines and the other
    short lines above it (a site's name, a date, a breadcrumb)."""
    lines: list[str] = []
    last_tok = -1
    for ti, frag in _fragments(stream, 0, end, spans):
        # a line of a paragraph wrapped by the page's width is long and has no full stop
        # at its end; a title's, a metadata pair's or a date's line is short
        if lines and (ti == last_tok or (len(lines[-1]) >= WRAPPED and _wrapped(lines[-1], frag))):
            lines[-1] += frag
        else:
            lines.append(frag)
        last_tok = ti
    lines = [_TITLE_FIRST.sub("", ln) for ln in lines]
    return "\n".join(ln for ln in lines if "。" in ln and len(ln) >= 20).strip()


WRAPPED = 20  # characters of a line that a paragraph wraps from, at the least


# a title the opening was joined to (its line ends without a full stop)
_TITLE_FIRST = patterns.compile(r"^[^。《》]{0,60}?\d{4}\s*年[^。《》]{0,40}?年度报告(?=\S)")


def _fragments(
    stream: Stream, a: int, b: int, spans: list[tuple[int, int]]
) -> Iterator[tuple[int, str]]:
    """(token, text) of the original text from clean a to b, table spans left out."""
    pieces: list[tuple[int, int]] = []
    cur = a
    for s, e in sorted(spans):
        if e <= cur or s >= b:
            continue
        if s > cur:
            pieces.append((cur, s))
        cur = max(cur, e)
    if cur < b:
        pieces.append((cur, b))
    for s, e in pieces:
        for ti, frag in stream.slice_text(stream.clean.origin(s), stream.clean.end_origin(e)):
            frag = frag.strip()
            if frag:
                yield ti, frag


def _text_between(stream: Stream, a: int, b: int, spans: list[tuple[int, int]]) -> str:
    """Original text from clean a to b with table spans left out, lines joined by \n."""
    lines: list[str] = []
    last_tok = -1
    for ti, frag in _fragments(stream, a, b, spans):
        if lines and (ti == last_tok or _wrapped(lines[-1], frag)):
            lines[-1] += frag
        else:
            lines.append(frag)
        last_tok = ti
    return "\n".join(lines).strip()


_SENTENCE_END = tuple("。；！？：;!?:）)”")
_ITEM_START = patterns.compile(rf"^\s*([（(]?[{_CN}\d]{{1,3}}[)）、.．]|第[{_CN}]|[#＃])")


def _wrapped(prev: str, nxt: str) -> bool:
    """Whether `nxt` continues `prev` (a line wrapped by the page width in a PDF or its
    conversion) rather than starting a paragraph: `prev` is a full line that stops
    mid-sentence and `nxt` is not a numbered item."""
    return len(prev) >= 16 and not prev.endswith(_SENTENCE_END) and not _ITEM_START.match(nxt)
