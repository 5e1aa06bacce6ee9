"""Tables 二, 三 and 四 found in the token stream: the reading for forms without table
structure (text copied from a page, a crawler's run-together lines, Markdown whose
pipes are broken), and the fallback where a structured table could not be read whole.

Rows are found by their labels, in the order the format prints them; a row's cells
are whatever values lie between its label and the next row's label. Prose is not read:
lines that are sentences are masked out of the stream first, so a number in "共收到
申请21件" never becomes a cell. The stream does not know a table's columns: a row whose
empty cells at both ends could pad its values on either side is not read.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from ogi import limits, patterns
from ogi.format import Column, Edition, editions
from ogi.layout import digits
from ogi.layout.match import find, find_any
from ogi.layout.specs import (
    COPY_ROWS,
    PADDING_DOUBT,
    T3_IN_ORDER,
    T3_UNKNOWN,
    TABLE_NAMES,
    PrintedColumns,
    RowSpec,
    TableResult,
    after_t4_titles,
    convert,
    drop,
    header_orders,
    header_words,
    noise,
    numbered_above,
    out_of_order,
    padding_offsets,
    pick_t2_edition,
    row_texts,
    store_chunk,
    t2_anchor,
    t2_block_labels,
    t2_specs,
    t3_column_heads,
    t3_in_columns,
    t3_printed_columns,
    t3_specs,
    t4_group_out_of_order,
    t4_labels,
    table_header_words,
    trim_blank_ends,
    two_copies,
    unfound,
)
from ogi.layout.stream import Stream, token_origin
from ogi.layout.values import Chunk, as_read, parse_fragment
from ogi.model import Origin, Problem
from ogi.normalize import clean, is_cjk

WINDOW = 700  # clean characters searched for the next row label
# Characters printed with a value, which do not end a table's last values (`last_end`):
# a placeholder, money units, measure words, and the words that make a value a note's
# or not exact (57件, 12.5万元, 18注, 18左右), so that the value is read with them.
_VALUE_WORDS = frozenset("无元万亿件项个条次注余多左右以上下")
# A parsed chunk without its token: kind, text, unit, note, cell, where a number stands
# in its fragment (when that can be told), doubt and measure word
_Template = tuple[
    str, str, str | None, str | None, bool, tuple[int, int] | None, str | None, str | None
]


@dataclass
class RowHit:
    spec: RowSpec
    start: int  # clean index
    end: int
    errors: int


# Clean characters a row's label cut short (其他对外管理服务 for 其他对外管理服务事项)
# must keep to name its row by itself: shorter beginnings are words that begin other
# labels and header cells as well (其他, 行政, 属于三类, 申请人), and a word of a few
# characters left in a table by something else is more likely than a label cut so short.
CUT_MIN = 6
# ... and printed after the row's own ordinal, where the ordinal and the words together
# begin no other row's label ("（六）其他" for 2019's （六）其他处理). Only in a table of
# the report year's edition: the same ordinal and words name another row in the other
# edition (2021's （六）其他处理 is the group of three rows 2019's single row became).
CUT_MIN_NUMBERED = 2

_ORDINAL_SEP = r"\s*(?:[.．、,，]\s*)?"  # (a run of spaces read one way: see _ENDS_BRACKETED)


def _apart(nums: list[Chunk]) -> bool:
    """Whether some of a row's numbers were printed apart (in cells or lines of their
    own, or with a space between), not only cut from one run of digits (7-24 is 7 and
    -24 run together)."""
    for a, b in itertools.pairwise(nums):
        if a.token != b.token or a.at is None or b.at is None or a.at[1] < b.at[0]:
            return True
    return False


_ORDINAL = patterns.compile(r"^\(?([一二三四五六七八九十]+|\d+)\)?[.、]?$")
# An ordinal's printed forms at the end of a text, whatever its number: the number found
# is compared with the one looked for, so one pattern serves every ordinal. A digit
# ordinal needs its separator, or the last digit of a value would go; with it,
# "00000002." is the values 0000000 and the ordinal 2 (the number looked for ends the run
# of digits found). A run is tried from its first digit only: from each, a long run would
# be read again to its end. (Not `\s*[、.．]?\s*$`: before a long run of spaces that does
# not end the text, that tries each split of the run, from each place the ordinal stands.)
_CN = "一二三四五六七八九十"
_ENDS_BRACKETED = patterns.compile(rf"[(（]\s*([{_CN}]+|\d+)\s*[)）]{_ORDINAL_SEP}$")
_ENDS_DIGITS = patterns.compile(r"(?<!\d)(\d+)\s*[.．、]\s*$|[(（]\s*(\d+)\s*[)）]\s*$")
_ENDS_NUMERALS = patterns.compile(rf"(?<![{_CN}])([{_CN}]+)\s*(?:[、.．]\s*)?$")


@lru_cache(maxsize=1024)
def _ordinal_form(ordinal: str) -> tuple[re.Pattern[str], str, bool] | None:
    """How `ordinal` (or its usual variants) is printed: the pattern of its kind, its
    number, and whether the number found must be that number exactly (in brackets) or
    only end with it (a run of digits or numerals before a separator)."""
    c = clean(ordinal)
    m = _ORDINAL.match(c)
    if not m:
        return None
    num = m.group(1)
    if c.startswith("("):
        return _ENDS_BRACKETED, num, True
    return (_ENDS_DIGITS if num.isdigit() else _ENDS_NUMERALS), num, False


def strip_ordinal(text: str, ordinal: str) -> str:
    """`text` without `ordinal` printed at its end (with the spaces and separator after
    it); `text` itself where it does not end so."""
    form = _ordinal_form(ordinal)
    if form is None:
        return text
    rx, num, exact = form
    m = rx.search(text)
    if m is None:
        return text
    if exact or m.group(1) is None:  # in brackets: that number, and the brackets go
        return text[: m.start()] if m.group(1 if exact else 2) == num else text
    # a run of digits or numerals before a separator: the number ends it
    return text[: m.end(1) - len(num)] if m.group(1).endswith(num) else text


# An ordinal （一）…（七） ending the text before a label, for `numbered_above`
_BRACKETED_BEFORE = patterns.compile(r"[(（]\s*[一二三四五六七八九十]{1,3}\s*[)）]\s*$")


# ---------------------------------------------------------------------------------------
# The parser
# ---------------------------------------------------------------------------------------
MASK = "\x00"  # stands for a masked character: matches no label, is no value
# stands for a character of the page's furniture (a page number between two rows): masked
# too, but the values of a table's last row may go on after it on the next page
FURNITURE = "\x01"
_UNFURNISHED = patterns.compile(f"[^{FURNITURE}]+")
_COUNT_WORDS = patterns.compile(r"^本年|数量$|件数$")  # around a column's name: 本年新收数量
_COUNTED = patterns.compile(r"[\d件起]")  # a count between two names in a sentence


class TableReader:
    def __init__(
        self,
        stream: Stream,
        year_edition: str | None,
        narrative: str = "",
        prose: frozenset[int] = frozenset(),
        furniture: frozenset[int] = frozenset(),
        paged: frozenset[int] = frozenset(),
    ):
        self.s = stream
        self.c = _masked(stream, prose, furniture)
        self.prose = prose
        self.furniture = furniture
        # bare numbers in the tables that may be page numbers (`page_sequence`)
        self.paged = paged
        self.year_edition = year_edition
        self.noise = list(noise())
        self.narrative = narrative
        # (text, whole) → its chunks as templates (all but the token), the same without
        # blanks, and the text that is not a value
        self._parsed: dict[
            tuple[str, bool, bool], tuple[list[_Template], list[_Template], str]
        ] = {}
        # row key → token of its run-together digits, and where they stand in it
        self._split_from: dict[str, tuple[int, tuple[int, int] | None]] = {}
        # rows of 表三 whose last value may be a page number though their sum holds with
        # it as well as without it (`_sums_both_ways`): spec, that value, where the row is
        self._paged: dict[str, tuple[RowSpec, Chunk, str]] = {}

    # -- row matching -------------------------------------------------------------------
    @cached_property
    def _unfurnished(self) -> tuple[str, list[int]]:
        """The clean text without the page's furniture, and where each of its characters
        stands in `c`."""
        runs = [m.span() for m in _UNFURNISHED.finditer(self.c)]
        keep = list(itertools.chain.from_iterable(range(a, b) for a, b in runs))
        return "".join(self.c[a:b] for a, b in runs), keep

    def find_label(self, texts: Sequence[str], a: int, b: int) -> tuple[int, int, int] | None:
        """The best match of a label in c[a:b] (`find_any`), or the label printed whole
        in two halves with the page's furniture between them (其他对外管理服务事 | — 3 — |
        项): a page break cut the label's cell. Halves are joined only where they make
        one of the label's texts exactly: a join with a typo could be any two pieces."""
        m = find_any(self.c, texts, a, b)
        if self.c.find(FURNITURE, a, b) < 0:
            return m  # (no page's furniture here to stand between two halves)
        text, keep = self._unfurnished
        sa, sb = bisect.bisect_left(keep, a), bisect.bisect_left(keep, b)
        found = [(i, len(t)) for t in texts if t and (i := text.find(t, sa, sb)) >= 0]
        if not found:
            return m
        # (the first exact match, joined or not, as `find_any` prefers one: a short label
        # joined here must not lose to its word further on, 总计 in table 四's header)
        i, n = min(found)
        if m is not None and (m[2], m[0]) <= (0, keep[i]):
            return m
        return keep[i], keep[i + n - 1] + 1, 0

    def after(self, i: int, n: int) -> str:
        """The `n` clean characters from index `i` on, the page's furniture left out."""
        text, keep = self._unfurnished
        j = bisect.bisect_left(keep, i)
        return text[j : j + n]

    def label_text(self, a: int, b: int) -> str:
        """A label as printed between clean indexes a and b, without the page's
        furniture that stands between its halves."""
        t0, o0 = self.s.clean.origin(a)
        t1, o1 = self.s.clean.end_origin(b)
        return "".join(
            f for ti, f in self.s.slice_text((t0, o0), (t1, o1)) if ti not in self.furniture
        )

    def find_cut(
        self, spec: RowSpec, a: int, b: int, numbered: bool = False
    ) -> tuple[int, int, int] | None:
        """A data row's label printed cut short, its end lost in the copy: the first place
        in c[a:b] where a beginning of one of its texts stands with no more text after it
        (the row's values follow), and that beginning begins no other row's label of the
        table in any edition, nor a header cell. It keeps at least CUT_MIN characters,
        or, where `numbered` (the table is the report year's edition), CUT_MIN_NUMBERED
        after the row's own ordinal, with which no other row's label begins alike. The
        match's errors are the characters lost."""
        if spec.group:
            return None
        ordinal = clean(spec.ordinal)
        leads = [("", CUT_MIN)] + ([(ordinal, CUT_MIN_NUMBERED)] if numbered and ordinal else [])
        found: list[tuple[int, int, int]] = []
        for text in spec.texts:
            for lead, least in leads:
                if len(text) <= least:
                    continue
                at = self.c.find(lead + text[:least], a, b)
                while at >= 0:
                    got = self._cut_at(spec, text, lead, at + len(lead), least, b)
                    if got is not None:
                        found.append(got)
                        break
                    at = self.c.find(lead + text[:least], at + 1, b)
        return min(found, default=None)

    def _cut_at(
        self, spec: RowSpec, text: str, ordinal: str, i: int, least: int, b: int
    ) -> tuple[int, int, int] | None:
        """The cut label of `find_cut` beginning at clean index i, where `text`'s first
        `least` characters are printed, or None."""
        k = least
        while i + k < b and k < len(text) and self.c[i + k] == text[k]:
            k += 1
        if k == len(text) or (i + k < len(self.c) and is_cjk(self.c[i + k])):
            return None  # the whole label, or more text after its beginning
        cut = text[:k]
        table = spec.key.split(".")[0]
        owners = {
            key
            for key, o, t in row_texts(table)
            if t.startswith(cut) and (not ordinal or o == ordinal)
        }
        if owners != {spec.key}:
            return None
        if not ordinal and any(w.startswith(cut) for w in header_words()):
            return None  # (a header cell is not printed after a row's ordinal)
        return i, i + k, len(text) - k

    def match_rows(
        self, specs: list[RowSpec], start: int, end: int, numbered: bool = False
    ) -> list[RowHit]:
        """The rows found in order from `start`; `numbered`: a label cut short may name
        its row with its ordinal (`find_cut`)."""
        hits: list[RowHit] = []
        pos = start
        for i, spec in enumerate(specs):
            win_end = min(end, pos + WINDOW)
            m = self.find_label(spec.texts, pos, win_end) or self.find_cut(
                spec, pos, win_end, numbered
            )
            if m is None:
                continue
            # A label not found where it stands (a group label printed over two lines of
            # its cell; 合计 for 总计) must not be matched by a look-alike further on (总计
            # in table 四's header): that would carry the rows past the ones between. So a
            # match counts only before the next data row's label.
            nxt = next((s for s in specs[i + 1 :] if not s.group), None)
            if nxt is not None and m[0] > pos:
                after = self.find_label(nxt.texts, pos, m[0])
                if after is not None and after[1] <= m[0]:
                    continue
            # (2019's "（六）其他" is not 2021's row 3.其他 under （六）)
            before = _BRACKETED_BEFORE.search(self.c, max(start, m[0] - 8), m[0])
            if before and numbered_above(before.group(0), spec.ordinal):
                continue
            hits.append(RowHit(spec, m[0], m[1], m[2]))
            pos = m[1]
        return hits

    def gap(self, a: int, b: int) -> list[tuple[int, str, bool, int]]:
        """Fragments of original text between clean indexes a (exclusive end of a label)
        and b (start of the next label), with where each starts in its token."""
        if b <= a:
            return []
        start = self.s.clean.end_origin(a)
        end = self.s.clean.origin(b)
        out = []
        tokens = self.s.tokens
        for ti, frag in self.s.slice_text(start, end):
            at = start[1] if ti == start[0] else 0
            text = tokens[ti].text
            # (a fragment that is its whole token is that very string)
            out.append((ti, frag, frag is text or frag.strip() == text.strip(), at))
        return out

    def _parse(
        self, ti: int, text: str, whole: bool, at: int, blanks: bool = True, alone: bool = False
    ) -> tuple[list[Chunk], str]:
        """The chunks of a fragment (without its blanks unless `blanks`); those cut out of
        a line know where in it they stand; `alone`: the fragment is a whole line
        (`parse_fragment`). A report prints the same cell ("0") hundreds of times: each
        text is parsed once."""
        key = (text, whole, alone)
        found = self._parsed.get(key)
        if found is None:
            chunks, other = parse_fragment(text, -1, whole, self.noise, alone)
            # where each number stands in the text, when that can be told (`places`)
            spots = iter(places(chunks, text) or ()) if not whole else iter(())
            templates = [
                (
                    c.kind,
                    c.text,
                    c.unit,
                    c.note,
                    c.cell,
                    next(spots, None) if c.kind == "num" else None,
                    c.doubt,
                    c.measure,
                )
                for c in chunks
            ]
            kept = [t for t in templates if t[0] != "blank"]
            found = self._parsed[key] = (templates, kept, other)
        if not at:
            got = [
                Chunk(k, t, ti, u, n, c, s, d, measure=w)
                for k, t, u, n, c, s, d, w in found[0 if blanks else 1]
            ]
        else:
            got = [
                Chunk(
                    k, t, ti, u, n, c, None if s is None else (at + s[0], at + s[1]), d, measure=w
                )
                for k, t, u, n, c, s, d, w in found[0 if blanks else 1]
            ]
        tok = self.s.tokens[ti]
        if tok.doubt is not None or tok.unsure is not None:
            # (a cell's or an OCR line's: as the grid's reading takes a cell's)
            got = [as_read(c, tok.doubt, tok.unsure, tok.weak) for c in got]
        return got, found[2]

    def chunks_between(
        self, a: int, b: int, next_ordinal: str | None, row_token: int | None
    ) -> tuple[list[Chunk], list[str]]:
        frags = self.gap(a, b)
        if next_ordinal and frags:
            ti, text, whole, at = frags[-1]
            new = strip_ordinal(text, next_ordinal)
            if new != text:
                frags[-1] = (ti, new, False, at)
        chunks: list[Chunk] = []
        texts: list[str] = []
        row_id = self.s.tokens[row_token].row if row_token is not None else None
        tokens = self.s.tokens
        for ti, text, whole, at in frags:
            if ti in self.prose:
                continue
            row = tokens[ti].row
            cell = whole and row is not None
            # Blanks count only as whole cells; a blank cell in another grid row is the
            # label column of the next row, not a value of this one.
            # (a whole line between two labels: a cell copied one per line)
            alone = whole and row is None
            got, other = self._parse(ti, text, cell, at, cell and row == row_id, alone)
            if alone and len(got) == 1 and got[0].kind == "num":
                got[0].line = True
            chunks += got
            if other:
                texts.append(other)
        return chunks, texts

    def page_between(self, a: int, b: int) -> str | None:
        """A bare page number (told by the document's page numbers) left out of the
        values between clean indexes a and b, as printed."""
        if b <= a or self.c.find(FURNITURE, a, b) < 0:
            return None
        first, last = self.s.clean.token[a], self.s.clean.token[b - 1]
        for ti in range(first, last + 1):
            text = self.s.tokens[ti].text.strip()
            if ti in self.furniture and text.isascii() and text.isdigit():
                return text
        return None

    def last_end(self, a: int, limit: int) -> int:
        """Where the values after the last label of a table end: at the first text after
        the values (a heading, the next table's header), not at the page's furniture."""
        seen_value = False
        for i in range(a, min(limit, len(self.c))):
            ch = self.c[i]
            if ch.isdigit() or ch in "/-":
                seen_value = True
            elif ((is_cjk(ch) and ch not in _VALUE_WORDS) or ch == MASK) and seen_value:
                # text after the values; text before them is the label's tail or a header
                return i
        return min(limit, len(self.c))

    # -- values -------------------------------------------------------------------------
    def assign(
        self,
        res: TableResult,
        spec: RowSpec,
        chunks: list[Chunk],
        ok: Callable[[list[int | float]], bool],
        texts: list[str],
        row_token: int | None = None,
        sums: bool = True,
        page: str | None = None,
    ) -> list[list[int | float]] | None:
        """Put a row's chunks into its cells; returns the candidate splits when the
        row's digits run together ambiguously (the caller may resolve them). `sums`:
        whether `ok` checks the row's arithmetic, not only its signs; `page`: a page
        number left out of the row's values (`page_between`)."""
        cols = spec.columns
        n = len(cols)

        def where() -> str:  # (only a row with a problem needs it)
            loc = self.s.where(row_token) if row_token is not None else ""
            return f"{TABLE_NAMES[res.table]} {spec.official}" + (f"（{loc}）" if loc else "")

        if not n:
            if any(ch.kind == "num" for ch in chunks):
                res.problems.append(
                    Problem(
                        where=where(), path=spec.key, message="合计行（分组行）印有数字，已忽略"
                    )
                )
            return None
        # Blank cells beside the label are the empty label columns of a merged label.
        if (fitted := _unpadded(chunks, n)) is None:
            res.problems.append(
                Problem(
                    where=where(),
                    path=spec.key,
                    message=f"本行应有{n}个数值，读到{len(chunks)}个（{_shown(chunks)}），"
                    + PADDING_DOUBT,
                    origin=self._chunk_origin(chunks[0]),
                )
            )
            return None
        chunks = fitted
        if _page_number_after(chunks, n, ok if sums else None):
            page = chunks.pop()
            res.problems.append(
                Problem(
                    where=where(),
                    message=f"本行数值之后单独一行的“{page.text}”视为页码，未计入本行",
                    origin=self._chunk_origin(page),
                )
            )
        if len(chunks) > n:
            # Which of them are the row's and which came from elsewhere (a note, a
            # neighbouring row) cannot be told: none is emitted.
            shown = _shown(chunks)
            label = next((t for t in texts if t), None)
            if label:
                res.extra_rows.append(label)
            res.problems.append(
                Problem(
                    where=where(),
                    path=spec.key,
                    message=f"本行应有{n}个数值，读到{len(chunks)}个（{shown}），无法确定各列，未取值",
                    origin=self._chunk_origin(chunks[0]),
                )
            )
            return None
        if len(chunks) == n:
            settles = _t3_settles if sums else _never
            why = self._paged_last(chunks, settles) or _stray_last(chunks, sums)
            if why is not None:
                res.problems.append(
                    Problem(
                        where=where(),
                        path=spec.key,
                        message=f"{why}，无法确定各列，未取值",
                        origin=self._chunk_origin(chunks[-1]),
                    )
                )
                return None
            if sums and _sums_both_ways(chunks):
                self._paged[spec.key] = (spec, chunks[-1], where())
            self._store(res, spec, chunks)
            return None
        nums = [ch for ch in chunks if ch.kind == "num"]
        # numbers on lines of their own are cells copied one a line, not digits run
        # together, once there are two: a row short of values lost a blank cell, and
        # splitting 3 | 27 into 3 | 2 | 7 would fill the gap with a wrong number
        whole = sum(ch.line for ch in nums) >= 2 and all(ch.cell or ch.line for ch in nums)
        if len(nums) != len(chunks) or not nums or all(ch.cell for ch in nums) or whole or page:
            res.problems.append(
                Problem(
                    where=where(),
                    path=spec.key,
                    message=f"本行应有{n}个数值，只读到{len(chunks)}个"
                    + (
                        f"（本行单独一行的“{page}”按前后页码是页码，未计入本行）："
                        "可能漏了空白单元格，无法确定各列，未取值"
                        if page
                        else ""
                    ),
                    origin=self._chunk_origin(chunks[0]) if chunks else None,
                )
            )
            return None
        try:
            cands = digits.candidates([ch.text for ch in nums], n, ok)
        except digits.TooComplex as e:
            res.problems.append(Problem(where=where(), path=spec.key, message=str(e)))
            return None
        same = all(ch.token == nums[0].token and ch.at for ch in nums)
        at = (nums[0].at[0], nums[-1].at[1]) if same else None  # type: ignore[index]
        self._split_from[spec.key] = (nums[0].token, at)
        if len(cands) == 1 and not sums and _apart(nums):
            # numbers printed apart, too few of them, and no sum to tell: digits run
            # together (3 | 2 | 7) or a blank cell lost in the copy (3 | _ | 27) read alike
            shown = " ".join(ch.text for ch in nums)
            res.problems.append(
                Problem(
                    where=where(),
                    path=spec.key,
                    message=f"本行应有{n}个数值，读到{len(nums)}个（{shown}），"
                    "可能漏了空白单元格，也可能数字连写，无法确定各列，未取值",
                    origin=self._chunk_origin(nums[0]),
                )
            )
            return None
        if len(cands) == 1:
            self._store_values(res, spec, cands[0])
            return None
        if not cands:
            res.problems.append(
                Problem(
                    where=where(),
                    path=spec.key,
                    message=f"数字连写“{' '.join(ch.text for ch in nums)}”"
                    f"无法拆成{n}个符合勾稽关系的数值",
                )
            )
            return None
        return cands

    def _paged_last(
        self, chunks: list[Chunk], settles: Callable[[list[Chunk]], bool]
    ) -> str | None:
        """Why a row's last value may be a page number by the document's page numbers
        (`page_sequence`: several lines could be that page's), or None. Where the row's
        sums hold with the value and not without it (`settles`), it is the row's."""
        last = chunks[-1]
        if not (last.line and last.token in self.paged) or settles(chunks):
            return None
        return (
            f"本行末值“{last.text}”单独一行，按前后页码可能是第{last.text}页的页码"
            "（本行漏了空白单元格），也可能是本行的数值"
        )

    def _path(self, spec: RowSpec, col: Column) -> str:
        return f"{spec.key}.{col.key}"

    def _chunk_origin(self, ch: Chunk) -> Origin:
        """Where a chunk was printed: its cell, or its characters in a line of text."""
        if ch.cell:
            return token_origin(self.s, ch.token)
        return token_origin(self.s, ch.token, ch.text or None, ch.at)

    def _store(self, res: TableResult, spec: RowSpec, chunks: list[Chunk]) -> None:
        for col, ch in zip(spec.columns, chunks, strict=True):
            path = self._path(spec, col)
            store_chunk(res, path, col, ch, None, spec.official)
            # where it was printed is worked out for the cells the report keeps
            res.pending[path] = (ch.token, None if ch.cell else ch.text, ch.at)

    def _store_values(self, res: TableResult, spec: RowSpec, values: list[int | float]) -> None:
        """Values split out of digits printed together: each points at the printed run."""
        run = self._split_from.get(spec.key)
        for col, v in zip(spec.columns, values, strict=True):
            path = self._path(spec, col)
            res.cells[path] = convert(res, path, col, v, None)
            if run is not None:
                res.pending[path] = (run[0], None, run[1])

    # -- arithmetic used to split run-together digits --------------------------------------
    @staticmethod
    def _sign_ok(cols: list[Column]) -> Callable[[list[int | float]], bool]:
        def ok(vals: list[int | float]) -> bool:
            for c, v in zip(cols, vals, strict=True):
                if v < 0 and not c.signed:
                    return False
                if isinstance(v, float) and c.type != "decimal":
                    return False
            return True

        return ok

    @classmethod
    def _t3_row_ok(cls, cols: list[Column]) -> Callable[[list[int | float]], bool]:
        sign = cls._sign_ok(cols)

        def ok(vals: list[int | float]) -> bool:
            return sign(vals) and sum(vals[:-1]) == vals[-1]

        return ok

    def _narrative_support(self, spec: RowSpec, values: list[int | float]) -> int:
        """How many of the values the report's own text states next to the row's or the
        column's name, e.g. 现行有效行政规范性文件698件 for 现行有效件数 = 698."""
        n = 0
        for col, v in zip(spec.columns, values, strict=False):
            if not isinstance(v, int) or v < 10:
                continue  # small numbers occur everywhere in prose
            words = [t for t in spec.texts if len(t) >= 2]
            core = _COUNT_WORDS.sub("", clean(col.text))
            if len(core) >= 2:
                words.append(core)
            alt = "|".join(re.escape(w) for w in words)
            if alt and re.search(
                rf"(?:{alt})[^\d。;]{{0,12}}(?<![\d.]){v}(?![\d.])[件项个条]", self.narrative
            ):
                n += 1
        return n

    # -- table 二 -------------------------------------------------------------------------
    def read_t2(self, start: int, end: int) -> TableResult | None:
        anchor = self.find_label(t2_anchor(), start, end)
        a = anchor[0] if anchor else start
        ed = pick_t2_edition(self.c[a:end], self.year_edition)
        specs = t2_specs(ed.name)
        # Converters move rows of table 二 around (a block printed as text above the
        # grid of another): each row label is unique in the table, so find each alone.
        hits = []
        for spec in specs:
            m = self.find_label(spec.texts, a, end) or self.find_cut(spec, a, end)
            if m:
                hits.append(RowHit(spec, m[0], m[1], m[2]))
        hits.sort(key=lambda h: h.start)
        hits = [h for i, h in enumerate(hits) if i == 0 or h.start >= hits[i - 1].end]
        if len(hits) < 2:
            return None
        res = TableResult("t2", ed.name, start=hits[0].start)
        headers = self._t2_headers(hits, a)
        self._read_rows(res, self._in_printed_columns(res, hits, headers, a, end), end, None)
        self._t2_in_order(res, headers)
        return res

    def _t2_headers(self, hits: list[RowHit], a: int) -> dict[str, str]:
        """Each block of table 二's header: the clean text after its label and before its
        first row."""
        headers: dict[str, str] = {}
        prev = a
        for h in hits:
            before = self.c[prev : h.start]
            at = max(
                (before.rfind(b) + len(b) for b in t2_block_labels() if b in before), default=-1
            )
            if at >= 0:
                headers.setdefault(h.spec.key.split(".")[1], before[at:])
            prev = h.end
        return headers

    def _t2_in_order(self, res: TableResult, headers: dict[str, str]) -> None:
        """Withhold a block whose header prints its columns in another order than the
        format's: its values were placed by the format's order, under other headings."""
        orders = header_orders("t2", res.edition or "2021")
        for block, header in headers.items():
            found = sorted((header.find(w), w) for order in orders for w in order if w in header)
            heads = [w for _, w in found]
            if not out_of_order(heads, orders):
                continue
            drop(res, [p for p in res.cells if p.startswith(f"t2.{block}.")])
            res.problems.append(
                Problem(
                    where="表二",
                    path=f"t2.{block}",
                    message=f"表头各列的次序与法定格式不同（{'、'.join(heads)}），"
                    "无法确定各数值所在的列，未取值",
                )
            )

    def _in_printed_columns(
        self, res: TableResult, hits: list[RowHit], headers: dict[str, str], a: int, end: int
    ) -> list[RowHit]:
        """Rows of a block of table 二 printed in another edition's columns, read with
        those columns, and the rows only that edition has in the block
        (`PrintedColumns`), by the blocks' headers (`_t2_headers`)."""
        columns = PrintedColumns(res)
        out = []
        for h in hits:
            block = h.spec.key.split(".")[1]
            other = columns.spec(h.spec, headers.get(block, ""))
            out.append(h if other is None else RowHit(other, h.start, h.end, h.errors))
        have = {h.spec.key for h in out}
        for name in columns.editions():
            for spec in t2_specs(name):
                if not columns.only_theirs(name, spec, have):
                    continue
                m = self.find_label(spec.texts, a, end) or self.find_cut(spec, a, end)
                if m and not any(h.start < m[1] and m[0] < h.end for h in out):
                    out.append(RowHit(spec, m[0], m[1], m[2]))
        return sorted(out, key=lambda h: h.start)

    # -- table 三 -------------------------------------------------------------------------
    def read_t3(self, start: int, end: int) -> TableResult | None:
        results = []
        for ed in editions().values():
            specs = t3_specs(ed.name)
            first = next(s for s in specs if not s.group)
            m = self.find_label(first.texts, start, end) or self.find_cut(first, start, end)
            if m is None:
                return None
            hits = self.match_rows(specs, m[0], end, ed.name == self.year_edition)
            found = {h.spec.key for h in hits}
            data = [s.key for s in specs if not s.group]
            # Rows that exist only in this edition decide between the editions.
            others = {
                f"t3.{r.path}"
                for o in editions().values()
                if o.name != ed.name
                for r in o.t3_data_rows
            }
            own = [k for k in data if k not in others]
            score = (sum(k in found for k in own) / max(len(own), 1), sum(k in found for k in data))
            results.append((score, ed, hits))
        results.sort(key=lambda r: (r[0], r[1].name == self.year_edition), reverse=True)
        _, ed, hits = results[0]
        res = TableResult("t3", ed.name, start=hits[0].start)
        printed = self._t3_header(hits[0].start)
        order = t3_printed_columns(printed, ed.name)
        specs = t3_specs(ed.name)
        if isinstance(order, tuple):
            specs = t3_in_columns(ed.name, order)
            printed_as = {s.key: s for s in specs}
            hits = [RowHit(printed_as[h.spec.key], h.start, h.end, h.errors) for h in hits]
        self._read_rows(res, hits, end, "t3")
        if order == T3_UNKNOWN:
            drop(res, list(res.cells))
            res.problems = [
                Problem(
                    where="表三",
                    path="t3",
                    message="表头各列的次序与法定格式不同"
                    f"（{'、'.join(t3_column_heads(printed, ed.name))}），"
                    "无法确定各数值所在的列，未取值",
                )
            ]
            res.settled = True
            return res
        self._second_copy(res, specs, end)
        read = {h.spec.key for h in hits}
        missing = [s.official for s in t3_specs(ed.name) if not s.group and s.key not in read]
        if missing:
            res.problems.append(unfound("t3", missing))
        if res.problems and order == T3_IN_ORDER:
            # (the report's year tells the edition better than labels a conversion has
            # mangled; without a year, the labels' edition)
            own = editions()[self.year_edition] if self.year_edition else ed
            fallback = self._t3_by_row_order(res.start, self._t4_anchor(res.start, end) or end, own)
            if fallback is not None:
                return fallback
        return res

    def _t3_header(self, at: int) -> list[str]:
        """The headings of table 三's columns printed right before its first row (at
        clean index `at`), in the order the text gives them: the lines or cells before
        it that hold nothing but the table's header words, back to the first that holds
        anything else (at most `_HEADER_TOKENS`)."""
        words = table_header_words("t3")
        first = self.s.clean.origin(at)[0]
        out: list[str] = []
        for ti in range(first - 1, max(first - _HEADER_TOKENS, 0) - 1, -1):
            parts = [clean(p) for p in self.s.tokens[ti].text.split()]
            if not all(p in words for p in parts):
                break
            out[:0] = parts
        return out

    def _second_copy(self, res: TableResult, specs: tuple[RowSpec, ...], end: int) -> None:
        """Table 三 printed again after the copy read (last year's table and this year's,
        or a corrected table after the first): rows the two print differently are
        withheld with both, rather than the first copy's taken silently."""
        first = next(s for s in specs if not s.group)
        m = self.find_label(first.texts, res.end, end) or self.find_cut(first, res.end, end)
        if m is None:
            return
        hits = self.match_rows(specs, m[0], end, res.edition == self.year_edition)
        if len(hits) < COPY_ROWS:
            return  # a sentence naming a row, not a table
        other = TableResult("t3", res.edition, start=hits[0].start)
        self._read_rows(other, hits, end, "t3")
        for spec in specs:
            if spec.group:
                continue
            paths = [self._path(spec, col) for col in spec.columns]
            mine = [res.cells.get(p) for p in paths]
            theirs = [other.cells.get(p) for p in paths]
            if None in mine or None in theirs or mine == theirs:
                continue
            drop(res, paths)
            res.problems.append(
                Problem(
                    where=f"表三 {spec.official}",
                    path=spec.key,
                    message=two_copies("本行", mine, theirs),
                )
            )

    def _t3_by_row_order(self, a: int, b: int, ed: Edition) -> TableResult | None:
        """Table 三 read from its grid rows in statutory order, for conversions that
        separated values from their labels. Used only when the grid has exactly as many
        rows of seven values as the table's edition (`ed`, told by the report's year or
        its labels) has data rows, so the order is unambiguous. (Another edition's
        count says nothing: a table of 2021's 25 rows that lost two to its layout has
        2019's 23, and read in 2019's order its rows come out shifted.)"""
        rows = self._value_rows(a, b, 7)
        data = ed.t3_data_rows
        if len(rows) != len(data):
            return None
        last_token = rows[-1][-1].token
        res = TableResult(
            "t3", ed.name, start=a, end=bisect.bisect_right(self.s.clean.token, last_token)
        )
        for row, chunks in zip(data, rows, strict=True):
            spec = RowSpec(f"t3.{row.path}", [], row.ordinal, row.label, list(ed.t3_columns))
            self._store(res, spec, chunks)
        res.problems.append(
            Problem(
                where="表三",
                message=f"行标签与数值错位（转换造成），已按格式规定的行序读取{len(rows)}行数值",
            )
        )
        return res

    def _value_rows(self, a: int, b: int, n: int) -> list[list[Chunk]]:
        """Grid rows between clean indexes a and b that hold n values (the last may be
        blank), each as its n chunks."""
        toks = self.s.tokens
        first = self.s.clean.origin(a)[0]
        last = self.s.clean.origin(b)[0]
        by_row: dict[tuple[int, int], list[int]] = {}
        for ti in range(first, min(last + 1, len(toks))):
            row = toks[ti].row
            if row is not None:
                by_row.setdefault(row, []).append(ti)
        out: list[list[Chunk]] = []
        for _row, tis in sorted(by_row.items()):
            chunks: list[Chunk] = []
            for ti in tis:
                got, _other = self._parse(ti, toks[ti].text, True, 0)
                chunks += got
            while len(chunks) > n and chunks[-1].kind == "blank":
                chunks.pop()
            while chunks and chunks[0].kind == "blank":
                chunks.pop(0)
            if len(chunks) == n and sum(ch.kind == "num" for ch in chunks) >= n - 1:
                out.append(chunks)
        return out

    def _t4_anchor(self, start: int, end: int) -> int | None:
        """The header cell 行政复议 of table 四: followed by the next header cell, unlike
        the section heading (…行政复议、行政诉讼情况) or prose (行政复议2件、行政诉讼1件):
        nothing but punctuation stands between two header cells."""
        review, litigation, upheld = t4_labels()
        pos = start
        while True:
            m = self.find_label([review], pos, end)
            if m is None:
                return None
            after = self.after(m[1], 12)
            nxt = min((after.find(w) for w in (litigation, upheld) if w in after), default=-1)
            if nxt >= 0 and "情况" not in after[:8] and not _COUNTED.search(after[:nxt]):
                return m[0]
            pos = m[1]

    def _read_rows(self, res: TableResult, hits: list[RowHit], end: int, table: str | None) -> None:
        ambiguous: dict[str, tuple[RowSpec, list[list[int | float]]]] = {}
        for i, h in enumerate(hits):
            nxt = hits[i + 1] if i + 1 < len(hits) else None
            b = nxt.start if nxt else self.last_end(h.end, end)
            row_token = self.s.clean.origin(h.start)[0]
            chunks, texts = self.chunks_between(
                h.end, b, nxt.spec.ordinal if nxt else None, row_token
            )
            page = self.page_between(h.end, b)
            res.labels[h.spec.key] = self.label_text(h.start, h.end)
            ok = self._t3_row_ok(h.spec.columns) if table == "t3" else self._sign_ok(h.spec.columns)
            cands = self.assign(
                res,
                h.spec,
                chunks,
                ok,
                texts,
                row_token if row_token < len(self.s.tokens) else None,
                sums=table == "t3",
                page=page,
            )
            if cands:
                ambiguous[h.spec.key] = (h.spec, cands)
            res.end = b
        for spec, cands in ambiguous.values():
            chosen = self._resolve(res, spec, cands, table)
            where = f"{TABLE_NAMES[res.table]} {spec.official}"
            if chosen is not None:
                self._store_values(res, spec, chosen)
                res.problems.append(
                    Problem(
                        where=where,
                        message="数字连写，已依据表格勾稽关系或正文数字拆分："
                        + " | ".join(map(str, chosen)),
                    )
                )
            else:
                shown = "；".join(" | ".join(map(str, c)) for c in cands[:4])
                more = f" 等{len(cands)}种" if len(cands) > 4 else ""
                res.problems.append(
                    Problem(
                        where=where,
                        path=spec.key,
                        message=f"数字连写，拆分有歧义（{shown}{more}），未取值",
                    )
                )
        self._doubt_paged(res)

    def _doubt_paged(self, res: TableResult) -> None:
        """Withhold the rows of 表三 whose sum holds both with their last value and with it
        taken for a page number after a lost blank cell (`_sums_both_ways`), where some
        of the table's columns do not add up with the row as read, and putting the blank
        back at some place mends some of them and breaks none (a column that fails
        either way says nothing): which place, nothing tells."""
        paged, self._paged = self._paged, {}
        for spec, last, where in paged.values():
            paths = [self._path(spec, col) for col in spec.columns]
            v: list[int | float] = [x for p in paths if isinstance(x := res.cells.get(p), int)]
            if len(v) != len(paths):
                continue
            failing = self._t3_failing(res, spec, v)
            back = ([*v[:j], 0, *v[j:-1]] for j in range(len(v)))
            if not any(self._t3_failing(res, spec, b) < failing for b in back):
                continue
            drop(res, paths)
            res.problems.append(
                Problem(
                    where=where,
                    path=spec.key,
                    message=f"本行合计相符，但本表有的列合计不符，去掉本行单独一行的末值"
                    f"“{last.text}”、补回一个空白单元格可使其相符：可能漏了空白单元格，"
                    f"“{last.text}”可能是页码，无法确定各列，未取值",
                    origin=self._chunk_origin(last),
                )
            )

    def _resolve(
        self, res: TableResult, spec: RowSpec, cands: list[list[int | float]], table: str | None
    ) -> list[int | float] | None:
        if table == "t3":
            ok = [c for c in cands if self._t3_columns_ok(res, spec, c)]
            if len(ok) == 1:
                return ok[0]
        support = [self._narrative_support(spec, c) for c in cands]
        top = max(support)
        if top > 0 and support.count(top) == 1:
            return cands[support.index(top)]
        return None

    def _t3_columns_ok(self, res: TableResult, spec: RowSpec, values: list[int | float]) -> bool:
        """Whether a candidate row keeps every column's balance and outcome sum."""
        return not self._t3_failing(res, spec, values)

    def _t3_failing(self, res: TableResult, spec: RowSpec, values: list[int | float]) -> set[str]:
        """The columns whose balance or outcome sum fails with a candidate row."""
        cells = dict(res.cells)
        for col, v in zip(spec.columns, values, strict=True):
            cells[f"{spec.key}.{col.key}"] = v
        ed = editions()[res.edition or "2021"]
        out = set()
        for col in ed.t3_columns:

            def g(row: str, col: Column = col) -> int | float | None:
                return cells.get(f"t3.{row}.{col.key}")

            parts = [g(r) for r in ed.t3_outcome_leaves]
            total = g("results.total")
            if total is not None and all(p is not None for p in parts) and sum(parts) != total:  # type: ignore[arg-type]
                out.add(col.key)
            bal = [g("new_received"), g("carried_over"), total, g("carried_forward")]
            if all(x is not None for x in bal) and bal[0] + bal[1] != bal[2] + bal[3]:  # type: ignore[operator]
                out.add(col.key)
        return out

    # -- table 四 -------------------------------------------------------------------------
    def read_t4(self, start: int, end: int) -> TableResult | None:
        ed = editions()[self.year_edition or "2021"]
        m = None
        a = self._t4_anchor(start, end)
        if a is None:
            return None
        m = (a, a + len(t4_labels()[0]), 0)
        # The values follow the header rows, which hold no digits (and may be split
        # into three small tables by converters): the first fifteen values are the row.
        header_end = m[1]
        res = TableResult("t4", None, start=m[0])
        stop = self._t4_stop(header_end, end)
        frags = self.gap(header_end, stop)
        chunks: list[Chunk] = []
        for ti, text, whole, at in frags:
            if ti in self.prose:
                continue
            tok = self.s.tokens[ti]
            alone = whole and not tok.is_cell
            got, _ = self._parse(ti, text, whole and tok.is_cell, at, whole, alone)
            if alone and len(got) == 1 and got[0].kind == "num":
                got[0].line = True  # (a value on a line of its own: a cell one a line)
            chunks += got
        # Blank cells only count inside the row that holds the numbers.
        value_rows = {self.s.tokens[ch.token].row for ch in chunks if ch.kind == "num"}
        chunks = [
            ch for ch in chunks if ch.kind != "blank" or self.s.tokens[ch.token].row in value_rows
        ]
        cols = ed.t4_columns
        # blank cells beyond the fifteen at either end pad the row (an indented line)
        fitted = _unpadded(chunks, len(cols))
        if fitted is None:
            why = f"本行应有{len(cols)}个数值，读到{len(chunks)}个（{_shown(chunks)}），"
            return self._t4_withheld(res, stop, why + PADDING_DOUBT, chunks[0])
        chunks = fitted
        heads = self._t4_header(m[0], chunks)
        if out_of_order(heads, header_orders("t4", ed.name)):
            # the values would be placed by the format's order, under other headings
            res.settled = True
            why = f"表头各列的次序与法定格式不同（{'、'.join(dict.fromkeys(heads))}），"
            return self._t4_withheld(res, stop, why + "无法确定各数值所在的列，未取值", chunks[0])
        if (group := t4_group_out_of_order(heads, ed.name)) is not None:
            res.settled = True
            name, run = group
            why = f"表头“{name}”下各列的次序与法定格式不同（{'、'.join(run)}），"
            return self._t4_withheld(res, stop, why + "无法确定各数值所在的列，未取值", chunks[0])
        spec = RowSpec("t4", [], "", "行政复议、行政诉讼", list(cols))

        def ok(v: list[int | float]) -> bool:
            if any(x < 0 or isinstance(x, float) for x in v):
                return False
            return all(sum(v[g : g + 4]) == v[g + 4] for g in (0, 5, 10))

        if len(chunks) > 15:
            # The row is the first fifteen values; what follows must be set apart from
            # them by text (the next part), or which fifteen they are is a guess.
            a15 = bisect.bisect_left(self.s.clean.token, chunks[14].token)
            a16 = bisect.bisect_left(self.s.clean.token, chunks[15].token)
            between = self.c[a15:a16] if chunks[15].token != chunks[14].token else ""
            # (the ordinal of the next part's heading, "5、存在的…", is text too)
            in_text = any(is_cjk(ch) for ch in self.s.tokens[chunks[15].token].text)
            if not any(is_cjk(ch) for ch in between) and not in_text:
                why = f"读到{len(chunks)}个数值，多于表格的15栏，无法确定各栏，未取值"
                return self._t4_withheld(res, stop, why, chunks[0])
            chunks = chunks[:15]
        res.end = stop
        if chunks:
            # The table ends at the first text after its last value, so that a part 五
            # without a heading is not swallowed.
            first_of_last = bisect.bisect_left(self.s.clean.token, chunks[-1].token)
            res.end = self.last_end(max(first_of_last, header_end), stop)
        whole = len(chunks) == 15
        paged = self._paged_last(chunks, lambda c: _t4_adds_up(c, ok)) if whole else None
        if whole and (why := paged or _t4_stray_last(chunks, ok)):
            where = self.s.where(chunks[-1].token)
            res.problems.append(
                Problem(
                    where=f"表四（{where}）",
                    path="t4",
                    message=f"{why}，无法确定各栏，未取值",
                    origin=self._chunk_origin(chunks[-1]),
                )
            )
        elif whole:
            self._store(res, spec, chunks)
        else:
            cands = self.assign(res, spec, chunks, ok, [], page=self.page_between(header_end, stop))
            if cands:
                chosen = self._resolve(res, spec, cands, None)
                if chosen:
                    self._store_values(res, spec, chosen)
                else:
                    res.problems.append(
                        Problem(
                            where="表四", message=f"数字连写，拆分有歧义（{len(cands)}种），未取值"
                        )
                    )
        return res

    def _t4_withheld(self, res: TableResult, stop: int, why: str, at: Chunk) -> TableResult:
        """Table 四 withheld whole, `why` said at its value `at`."""
        res.end = stop
        res.problems.append(
            Problem(where="表四", path="t4", message=why, origin=self._chunk_origin(at))
        )
        return res

    def _t4_header(self, a: int, chunks: list[Chunk]) -> list[str]:
        """The headings table 四 prints from its first header cell (clean index `a`) to
        its first value, in the order the text gives them."""
        words = table_header_words("t4")
        first = self.s.clean.origin(a)[0]
        last = next((ch.token for ch in chunks if ch.kind == "num"), first)
        out: list[str] = []
        for ti in range(first, last):
            out += [w for w in map(clean, self.s.tokens[ti].text.split()) if w in words]
        return out

    def _t4_stop(self, a: int, end: int) -> int:
        for marker in after_t4_titles():
            m = find(self.c, clean(marker), a, end, max_errors=0)
            if m:
                end = min(end, m[0])
        return end


_HEADER_TOKENS = 40  # lines or cells of table 三's header looked at, at most


def read_tables(
    stream: Stream,
    year_edition: str | None,
    narrative: str,
    prose: frozenset[int] = frozenset(),
    want: tuple[str, ...] = ("t2", "t3", "t4"),
    known: dict[str, tuple[int, int]] | None = None,
    furniture: frozenset[int] = frozenset(),
    paged: frozenset[int] = frozenset(),
) -> list[TableResult]:
    """The tables in `want` read from the stream with the `prose` tokens masked out, of
    which `furniture` are the page's (a page number); `paged` are bare numbers that may
    be page numbers; `known` gives the clean spans of tables already read another way,
    which bound where the others are looked for."""
    r = TableReader(stream, year_edition, narrative, prose, furniture, paged)
    c = r.c
    spans = dict(known or {})
    out: list[TableResult] = []
    # 表三 first: its first row label is the most distinctive anchor in a report.
    t3 = r.read_t3(0, len(c)) if "t3" in want else None
    if t3:
        spans["t3"] = (t3.start, t3.end)
    t2 = r.read_t2(0, spans["t3"][0] if "t3" in spans else len(c)) if "t2" in want else None
    if t2:
        out.append(t2)
        spans["t2"] = (t2.start, t2.end)
    if t3:
        out.append(t3)
    if "t4" in want:
        t4_start = spans["t3"][1] if "t3" in spans else spans.get("t2", (0, 0))[1]
        t4 = r.read_t4(t4_start, len(c))
        if t4 and (t4.cells or t4.problems):
            out.append(t4)
    return out


# A number as printed in a line, signs and full-width digits included.
_PRINTED_NUMBER = patterns.compile(r"[+\-－]?[0-9０-９][0-9０-９,，.．]*")


def places(chunks: list[Chunk], text: str) -> list[tuple[int, int]] | None:
    """Where in `text` each number chunk stands, or None when the numbers printed are
    not as many as the numbers read."""
    n = sum(1 for ch in chunks if ch.kind == "num")
    found = [m.span() for m in _PRINTED_NUMBER.finditer(text)]
    return found if len(found) == n else None


def _unpadded(chunks: list[Chunk], n: int) -> list[Chunk] | None:
    """A row's chunks less the blank cells at its ends that pad it to more than `n` (the
    empty span of a merged label), or None when blank cells at both ends let its values
    start at several chunks that read differently: the stream does not know the table's
    columns to tell which. A row that fits nowhere comes back with its ends trimmed."""
    offsets = padding_offsets([ch.kind == "blank" for ch in chunks], n)
    if len({tuple(ch.text for ch in chunks[k : k + n]) for k in offsets}) > 1:
        return None
    if offsets:
        return chunks[offsets[0] : offsets[0] + n]
    return trim_blank_ends(chunks, n)


def _whole(text: str) -> int | None:
    """A number printed as plain digits, as an int; None for any other (a point, a
    sign, a digit of another script, more digits than any count has)."""
    if text.isascii() and text.isdigit() and len(text) <= limits.NUMBER_DIGITS.value:
        return int(text)
    return None


def _page_like(ch: Chunk) -> bool:
    """Whether a value could be the page's number standing alone on its line: a number
    from 1 to 999 (no page is numbered 0), on a line of its own."""
    n = _whole(ch.text)
    return ch.kind == "num" and ch.line and n is not None and 1 <= n <= 999


def _page_number_after(
    chunks: list[Chunk], n: int, sums: Callable[[list[int | float]], bool] | None
) -> bool:
    """Whether a row's chunks are its `n` values printed together on its line(s) and then
    a page number: a number from 1 up alone on the line after them, before the next row.
    Where the row has a sum (`sums`), it must hold without that number. Values printed
    one a line (a cell copied one per line) leave the page number nothing to tell it by."""
    if len(chunks) != n + 1 or not _page_like(chunks[-1]):
        return False
    if any(ch.kind != "num" or ch.line for ch in chunks[:-1]):
        return False
    if sums is None:
        return True
    values = [_whole(ch.text) for ch in chunks[:-1] if not ch.note]
    if len(values) != n or None in values:
        return False
    return sums(values)  # type: ignore[arg-type]


def _stray_last(chunks: list[Chunk], sums: bool) -> str | None:
    """Why a row's last value may be a page number rather than its last cell, or None.
    A PDF copied into text leaves the page's number on a line of its own between two
    rows; where the row above lost a blank cell in the copy, the number makes its count
    up and every value after the blank would be read one column off. The last value is
    doubted when it stands alone on its line, could be a page's number, and either the
    row's sum (`sums`) fails with it and holds without it (10 1 0 1 0 12 | 3), or the
    values before it were printed together on a line and no sum holds with it: a line
    wrapped before its last value reads alike."""
    if len(chunks) < 2 or not _page_like(chunks[-1]):
        return None
    last = chunks[-1]
    v = _plain_values(chunks)
    holds = sums and len(v) == len(chunks) and sum(v[:-1]) == v[-1]
    if holds:
        return None
    if sums and len(v) == len(chunks) and sum(v[:-2]) == v[-2]:
        return (
            f"本行合计不符，去掉单独一行的末值“{last.text}”即相符："
            f"可能漏了空白单元格，“{last.text}”可能是页码"
        )
    if chunks[-2].kind == "num" and not chunks[-2].line:
        return (
            f"本行末值“{last.text}”单独一行，可能是页码（本行漏了空白单元格），也可能是折行的数值"
        )
    return None


def _sums_both_ways(chunks: list[Chunk]) -> bool:
    """Whether a row's last value, alone on its line, could be a page's number, and the
    row's sum holds with it (…, 1, 2) and without it (…, 1 | 2): a row short of a blank
    cell whose page number doubles its total reads alike. Only the columns can tell."""
    if len(chunks) < 3 or not _page_like(chunks[-1]):
        return False
    v = _plain_values(chunks)
    if len(v) != len(chunks):
        return False
    return sum(v[:-1]) == v[-1] and sum(v[:-2]) == v[-2]


def _never(chunks: list[Chunk]) -> bool:
    return False


def _t3_settles(chunks: list[Chunk]) -> bool:
    """Whether a row of table 三 adds up with its last value and not without it."""
    v = _plain_values(chunks)
    return len(v) == len(chunks) and sum(v[:-1]) == v[-1] and not _sums_both_ways(chunks)


def _plain_values(chunks: list[Chunk]) -> list[int]:
    """The values of chunks printed as plain digits, without a note."""
    return [
        n
        for ch in chunks
        if ch.kind == "num" and not ch.note and (n := _whole(ch.text)) is not None
    ]


def _t4_values(chunks: list[Chunk]) -> list[int | float]:
    """Table 四's values, a blank cell as 0; fewer where one is not plain digits."""
    return [n for ch in chunks if (n := 0 if ch.kind == "blank" else _whole(ch.text)) is not None]


def _t4_adds_up(chunks: list[Chunk], ok: Callable[[list[int | float]], bool]) -> bool:
    """Whether table 四's values, all plain digits, keep its groups' sums (`ok`)."""
    v = _t4_values(chunks)
    return len(v) == len(chunks) and ok(v)


def _t4_stray_last(chunks: list[Chunk], ok: Callable[[list[int | float]], bool]) -> str | None:
    """Why table 四's last value may be a page number rather than its last cell, or None:
    it stands alone on its line and could be a page's number, the groups' sums (`ok`)
    fail with it, and hold without it once a blank cell is put back before it, at some
    place (which one the sums do not tell). A table whose sums fail in any other way
    is read as printed, for the checks to report."""
    if not _page_like(chunks[-1]):
        return None
    v = _t4_values(chunks)
    if len(v) != len(chunks) or ok(v):
        return None
    rest = v[:-1]
    if not any(ok([*rest[:k], 0, *rest[k:]]) for k in range(len(rest) + 1)):
        return None
    last = chunks[-1].text
    return (
        f"表内合计不符，去掉单独一行的末值“{last}”、补回一个空白单元格即相符："
        f"可能漏了空白单元格，“{last}”可能是页码"
    )


def _shown(chunks: list[Chunk]) -> str:
    return " ".join(ch.text or "空" for ch in chunks)


def _masked(stream: Stream, prose: frozenset[int], furniture: frozenset[int]) -> str:
    """The stream's clean text with the characters of prose tokens replaced by MASK, of
    those that are the page's furniture by FURNITURE."""
    text = stream.clean.text
    if not prose:
        return text
    toks = stream.clean.token
    out, cur = [], 0
    for ti in sorted(prose):
        a, b = bisect.bisect_left(toks, ti), bisect.bisect_right(toks, ti)
        out += [text[cur:a], (FURNITURE if ti in furniture else MASK) * (b - a)]
        cur = b
    out.append(text[cur:])
    return "".join(out)


__all__ = ["TableReader", "TableResult", "read_tables"]
