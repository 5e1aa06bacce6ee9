"""Blocks → Report: map what a reader found onto the national format.

Tables are read from the structure the reader has (table elements, PDF grids) first;
the token stream, with prose masked out, is read only for a table the structure does
not give whole (forms without structure, conversions that broke it).
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import re
from operator import attrgetter
from pathlib import Path

from ogi import patterns
from ogi.blocks import Document
from ogi.format import edition_for_year, editions
from ogi.layout import digits, meta
from ogi.layout.grid import Structured, complete, read_structured
from ogi.layout.sections import Heading, build_sections, find_headings, preamble
from ogi.layout.specs import (
    COPY_ROWS,
    ORDINAL,
    TABLE_NAMES,
    UNFOUND,
    TableResult,
    table_header_words,
    unfound,
)
from ogi.layout.stream import Stream, token_origin
from ogi.layout.tables import read_tables
from ogi.layout.verify import check_misreads
from ogi.model import Problem, Report, Source
from ogi.normalize import clean

# A counted number in running text: "收到申请21件", "减少3件", "发布信息312条".
_COUNTED = patterns.compile(r"\d\s*(?:件|条|项|个|次|人|场|家|份|起|篇|期)")
_SENTENCE = patterns.compile(r"[。；！？!?]")
_CJK = patterns.compile(r"[\u4e00-\u9fff]")
_NUMBERS = patterns.compile(r"\d+")
# A page's number as a PDF prints it: "— 4 —", "- 4 -", "共12页 第4页" (and, below,
# "第4页", "4/12")
_DASHED = r"[—\-–－]+\s*\d{1,3}\s*[—\-–－]+"
_COUNT_FIRST = r"共\s*\d{1,3}\s*页[，,、\s]*第\s*\d{1,3}\s*页"
# A page number a conversion left in the text, on a line of its own (a bare number is
# not one: it may be a cell)
_PAGE_NUMBER = patterns.compile(
    rf"^\s*(?:{_DASHED}|第\s*\d{{1,3}}\s*页.*|{_COUNT_FIRST}|\d{{1,3}}\s*/\s*\d{{1,3}})\s*$"
)
# The report's title as a PDF repeats it atop each page ("示例镇人民政府2024年政府信息
# 公开工作年度报告"), also with the page's number before or after it: where a table goes
# on over a page its year would be read as a cell. (A mark between two parts takes the
# space after it: `\s*[/，]?\s*` tries each split of a run of spaces.)
_PAGE = (
    rf"(?:{_DASHED}|第\s*\d{{1,3}}\s*页(?:\s*(?:[/，,、]\s*)?共\s*\d{{1,3}}\s*页)?"
    rf"|{_COUNT_FIRST}|\d{{1,3}}(?:\s*/\s*\d{{1,3}})?)"
)
_RUNNING_TITLE = patterns.compile(
    rf"^\s*(?:{_PAGE}\s+)?[^。；！？\d]{{0,40}}\d{{4}}\s*年度?[^。；！？\d]{{0,40}}"
    rf"(?:年度报告|工作报告|年报)(?:\s*{_PAGE})?\s*$"
)
# The mark a table's part on the next page is printed under: "续表", "（续表）", "续表三".
# (Each optional mark takes the space after it, so that a run of spaces is read one way.)
_CONTINUED = patterns.compile(r"^\s*(?:[（(]\s*)?续\s*表\s*(?:[一二三四1-4]\s*)?(?:[）)]\s*)?$")


def _narrative(stream: Stream, spans: list[tuple[int, int]]) -> str:
    c = stream.clean.text
    keep, cur = [], 0
    for a, b in sorted(spans):
        keep.append(c[cur:a])
        cur = max(cur, b)
    keep.append(c[cur:])
    return "\n".join(keep)


HEADER_RUN = 3  # header cells in a row that make a printed header, not a row's label


def _t3_headers(stream: Stream) -> set[int]:
    """Lines that print table 三's column headings (申请人情况, 自然人, …, 其他): at least
    HEADER_RUN of them, on consecutive lines or on one. A PDF copied into text prints them
    again where the table goes on over a page, and their 其他 and 总计 would be read as
    the labels of rows (3.其他, （七）总计) between the rows."""
    words = table_header_words("t3")
    out: set[int] = set()
    run: list[int] = []
    cells = 0
    for ti, t in [*stream.lines, (-1, None)]:
        parts = t.text.split() if t is not None else []
        heading = bool(parts) and all(clean(p) in words for p in parts)
        if not (heading and run and ti == run[-1] + 1):
            if cells >= HEADER_RUN:
                out.update(run)
            run, cells = [], 0
        if heading:
            run.append(ti)
            cells += len(parts)
    return out


# A number alone on its line: a page's number printed bare ("3"), or a table's value
# copied one cell a line
_BARE = patterns.compile(r"^\s*(\d{1,3})\s*$")
_NUMBERED = patterns.compile(r"第\s*(\d{1,3})\s*页|(\d{1,3})")


def _page_of(text: str) -> int | None:
    """The page number a line of page furniture prints (共12页 第3页 → 3), or None."""
    if not _PAGE_NUMBER.match(text):
        return None
    m = _NUMBERED.search(text)
    return int(m.group(1) or m.group(2)) if m else None


def _page_marks(
    stream: Stream, prose: frozenset[int], furniture: frozenset[int]
) -> list[tuple[int, int]]:
    """(line, number) of the page numbers a copy of a PDF carries where no value can be:
    the furniture forms anywhere (— 3 —, 第3页, 3/12), and a bare number right after a
    line of prose (a table's value follows its row's label or another value) that ends
    its sentence, or between two lines of prose."""
    lines = stream.lines
    out = []
    for k, (ti, t) in enumerate(lines):
        if (n := _page_of(t.text)) is not None:
            out.append((ti, n))
            continue
        m = _BARE.match(t.text)
        if m is None or (n := int(m.group(1))) < 1 or k == 0:
            continue
        prev, text = lines[k - 1][0], lines[k - 1][1].text
        if prev != ti - 1 or prev not in prose or prev in furniture:
            continue
        nxt = lines[k + 1][0] if k + 1 < len(lines) else None
        if _ENDED.search(text) or nxt is None or (nxt == ti + 1 and nxt in prose):
            out.append((ti, n))
    return out


# A line that ends a sentence ("如下：" ends none: a table follows it)
_ENDED = patterns.compile(r"[。；！？!?]\s*$")


def page_sequence(
    stream: Stream, prose: frozenset[int], furniture: frozenset[int]
) -> tuple[frozenset[int], frozenset[int]]:
    """Bare page numbers, and bare numbers that may be page numbers. Where the page
    numbers found where no value can be (`_page_marks`) rise with the text, a lone number
    between two of them, u … v … w with u < v < w, whose value is a page missing from the
    sequence there, is that page's number when it is the only line that can be (in order
    with the other missing pages' candidates); where several can, each may be. Before
    the first page number found and after the last, pages are told only where the pages
    there print theirs as it does (`_numbered_on`)."""
    marks = _page_marks(stream, prose, furniture)
    if not marks or any(a[1] >= b[1] for a, b in itertools.pairwise(marks)):
        return frozenset(), frozenset()
    sure = {ti for ti, _ in marks} if len(marks) > 1 else set()
    doubted: set[int] = set()
    lone = _lone_numbers(stream, prose)
    end = (len(stream.tokens), LAST_PAGE + 1)
    for (ta, u), (tb, w) in [((-1, 0), marks[0]), *itertools.pairwise(marks), (marks[-1], end)]:
        if w - u < 2:
            continue
        cands = _candidates(lone, ta, tb, u, w)
        if ta < 0 or tb == end[0]:
            told = _numbered_on(stream, marks[0] if ta < 0 else marks[-1], cands, ta < 0)
            cands = {p: cands[p] for p in told}
        for lines in _in_order(cands, ta, tb):
            (sure if len(lines) == 1 else doubted).update(lines)
    return frozenset(sure), frozenset(doubted)


LAST_PAGE = 999  # the highest page number read (three digits)


def _numbered_on(
    stream: Stream, mark: tuple[int, int], cands: dict[int, list[int]], before: bool
) -> list[int]:
    """The pages told `before` the first page number found (`mark`), or after the last:
    where the pages there print theirs bare as it does, each of them (but the first
    page, which may print none) having a line that can be its number, and they are at
    least two, not one number that happens to fit."""
    ti, n = mark
    if _BARE.match(stream.tokens[ti].text) is None:
        return []
    if before:
        pages = list(range(2, n))
        if len(pages) < 2 or not all(cands.get(p) for p in pages):
            return []
        return [1, *pages] if cands.get(1) else pages
    pages = list(itertools.takewhile(lambda p: cands.get(p), itertools.count(n + 1)))
    return pages if len(pages) > 1 else []


# A lone number on a line of its own that is not prose: (line, its number, whether it
# ends a run of such numbers)
_Lone = tuple[int, int, bool]


def _lone_numbers(stream: Stream, prose: frozenset[int]) -> list[_Lone]:
    lines = stream.lines
    bare = [
        (k, ti, int(m.group(1)))
        for k, (ti, t) in enumerate(lines)
        if ti not in prose and (m := _BARE.match(t.text))
    ]
    starts = {k for k, _, _ in bare}
    return [(ti, n, k + 1 not in starts) for k, ti, n in bare]


def _candidates(lone: list[_Lone], ta: int, tb: int, u: int, w: int) -> dict[int, list[int]]:
    """page → the lone numbers' lines between lines ta and tb that print it, for pages
    u < p < w; before the first page number (ta < 0) or after the last (w past
    LAST_PAGE) only a line that ends a run of numbers (a page number follows a row's
    last value, or stands before the next row's label)."""
    out: dict[int, list[int]] = {}
    open_end = ta < 0 or w > LAST_PAGE
    for ti, n, ends in lone[bisect.bisect_right(lone, (ta, LAST_PAGE + 1, True)) :]:
        if ti >= tb:
            break
        if u < n < w and (ends or not open_end):
            out.setdefault(n, []).append(ti)
    return out


def _in_order(cands: dict[int, list[int]], lo: int, hi: int) -> list[list[int]]:
    """Each missing page's candidate lines left once they must stand after some
    candidate of every lower missing page that has one, and before some of every higher
    one."""
    pages = sorted(cands)
    changed = True
    while changed:
        changed = False
        for i, p in enumerate(pages):
            left = max((min(cands[q]) for q in pages[:i] if cands[q]), default=lo)
            right = min((max(cands[q]) for q in pages[i + 1 :] if cands[q]), default=hi)
            keep = [c for c in cands[p] if left < c < right]
            if keep != cands[p]:
                cands[p], changed = keep, True
    return [c for c in cands.values() if c]


# What a browser prints in the margins of a web page it prints (its headers and
# footers): the date and time, the page's title, its address and the page's number
# ("12/2/26, 9:51 AM", "2026/12/2 下午3:05", "https://www.….gov.cn/….html", "2/4",
# "第 1 页，共 4 页", "Page 1 of 4"), on a line of their own or several on one line
# apart by runs of spaces.
_CLOCK = patterns.compile(
    r"\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}[,，]?\s*(?:上午|下午|AM|PM)?\s*"
    r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:AM|PM))?",
    re.I,
)
_ADDRESS = patterns.compile(r"(?:https?|file)://\S+", re.I)
_COUNTER = patterns.compile(
    r"\d{1,3}\s*/\s*\d{1,3}|第\s*\d{1,3}\s*页[，,]?\s*共\s*\d{1,3}\s*页|page\s+\d{1,3}\s+of\s+\d{1,3}",
    re.I,
)
_MARGIN_GAP = patterns.compile(r"\s{2,}|\t")
_MARGIN_TITLE = 80  # characters of the page's title at most


def _browser_margin(text: str) -> bool:
    """Whether a line holds nothing but what a browser prints in a page's margins: a
    date and time or an address, with at most a page's number and one other text (the
    page's title, without a sentence's end). Left in a text copy of the printed page
    between a table's rows, its numbers (9:51, 2/4, the title's year) would be read as
    the row's cells."""
    if ":" not in text:  # (a clock's colon, or an address's)
        return False
    marked = titled = False
    for piece in _MARGIN_GAP.split(text.strip()):
        if _CLOCK.fullmatch(piece) or _ADDRESS.fullmatch(piece):
            marked = True
        elif _COUNTER.fullmatch(piece):
            continue
        elif titled or len(piece) > _MARGIN_TITLE or _SENTENCE.search(piece) or piece[-1] in ":：":
            return False
        else:
            titled = True
    return marked


def furniture_tokens(stream: Stream) -> frozenset[int]:
    """Lines a PDF prints on its pages, left in a conversion: page numbers, the report's
    title atop a page, 续表, what a browser prints in the margins of a page
    (`_browser_margin`), and table 三's column headings printed again (`_t3_headers`)."""
    out = _t3_headers(stream)
    out.update(
        ti
        for ti, t in stream.lines
        if _PAGE_NUMBER.match(t.text)
        or _RUNNING_TITLE.match(t.text)
        or _CONTINUED.match(t.text)
        or _browser_margin(t.text)
    )
    return frozenset(out)


def prose_tokens(stream: Stream, furniture: frozenset[int] | None = None) -> frozenset[int]:
    """Lines that are never table cells: the page's furniture (`furniture_tokens`), and a
    line of running text that ends a sentence or counts something (申请21件). A long line
    that holds a whole table (a crawler's run-together page) is not prose as a whole and
    stays."""
    out = set(furniture_tokens(stream) if furniture is None else furniture)
    for ti, t in stream.lines:
        if ti in out:
            continue
        sentence, counted = _SENTENCE.search(t.text), _COUNTED.search(t.text)
        if not sentence and not counted:
            continue
        cjk = len(_CJK.findall(t.text))
        if cjk < 6:
            continue
        if sentence or (cjk >= 8 and counted):
            if len(t.text) > 400 and len(_NUMBERS.findall(t.text)) > 20:
                continue  # a run-together page: the tables are inside it
            out.add(ti)
    return frozenset(out)


def _infer_part_five(
    stream: Stream, headings: list[Heading], t4: TableResult | None, report: Report
) -> None:
    """Part 五 whose heading was lost (PDF conversions drop it): the text between
    table 四 and the next heading is part 五 by the format's order."""
    keys = [h.key for h in headings]
    if t4 is None or "problems_improvements" in keys or "review_litigation" not in keys:
        return
    nxt = next((h.start for h in headings if h.start >= t4.end), len(stream.clean.text))
    body = stream.clean.text[t4.end : nxt]
    if sum(1 for ch in body if "\u4e00" <= ch <= "\u9fff") < 20:
        return
    headings.append(Heading("problems_improvements", "", "", t4.end, t4.end))
    headings.sort(key=lambda h: h.start)
    report.problems.append(
        Problem(
            where="第五部分",
            message="未找到“存在的主要问题及改进情况”标题；表四之后的文字按格式顺序视为第五部分",
        )
    )


def _block_span(stream: Stream, blocks: set[int]) -> tuple[int, int]:
    """The clean span from the first token of the first block to the end of the last."""
    # (tokens stand in order of their blocks: bisected by block, not listed)
    tokens, block = stream.tokens, attrgetter("block")
    first = bisect.bisect_left(tokens, min(blocks), key=block)
    last = max(bisect.bisect_right(tokens, max(blocks), key=block) - 1, first)
    clean_tok = stream.clean.token
    return bisect.bisect_left(clean_tok, first), bisect.bisect_right(clean_tok, last)


def header_start(stream: Stream, res: TableResult) -> int:
    """Where a table's printed header begins. A reading finds a table by its rows' labels
    and starts it at the first; the header cells printed above (第二十条第（一）项, 信息内容,
    申请人情况 …) and the first row's ordinal (一、) belong to the table too, not to the
    text of the part it stands in, which would print them again as paragraphs."""
    c, toks = stream.clean.text, stream.clean.token
    start = res.start
    if not 0 < start < len(toks):
        return start
    first = bisect.bisect_left(toks, toks[start])
    if first < start and ORDINAL.sub("", c[first:start]) == "":
        start = first
    words = table_header_words(res.table)
    while start > 0:
        before = _header_cell_before(stream, start, words)
        if before is None:
            break
        start = before
    return start


HEADER_WRAP = 3  # lines a header cell is printed over at most (商业 / 企业)


def _header_cell_before(stream: Stream, end: int, words: frozenset[str]) -> int | None:
    """Where the header cell that ends at clean index `end` starts, when the whole lines
    before `end` make one, also one wrapped over a few lines."""
    c, toks = stream.clean.text, stream.clean.token
    first = end
    for _ in range(HEADER_WRAP):
        if first == 0:
            return None
        first = bisect.bisect_left(toks, toks[first - 1])
        if c[first:end] in words:
            return first
    return None


def _tables(
    doc: Document, stream: Stream, year_edition: str | None, year: int | None
) -> list[TableResult]:
    """Each table from the structure when it is whole there; otherwise the structure's
    rows, with the rows it did not find at all taken from the stream."""
    structured: Structured = read_structured(doc, year_edition)
    chosen: dict[str, TableResult] = {}
    from_stream: set[str] = set()
    for key, res in structured.tables.items():
        res.start, res.end = _block_span(stream, structured.blocks[key])
        if complete(res) or res.settled:
            chosen[key] = res
    if len(chosen) < 3:
        furniture = furniture_tokens(stream)
        prose = prose_tokens(stream, furniture)
        pages, paged = page_sequence(stream, prose, furniture)
        furniture, prose = furniture | pages, prose | pages
        want = tuple(k for k in ("t2", "t3", "t4") if k not in chosen)
        known = {k: (t.start, t.end) for k, t in chosen.items()}
        found = read_tables(stream, year_edition, "", prose, want, known, furniture, paged)
        if any("歧义" in p.message for t in found for p in t.problems):
            spans = [(t.start, t.end) for t in [*found, *chosen.values()]]
            narrative = _narrative(stream, spans)
            found = read_tables(
                stream, year_edition, narrative, prose, want, known, furniture, paged
            )
        for res in found:
            if res.table in chosen:
                continue
            other = structured.tables.get(res.table)
            if other is None or _stray(other, res):
                chosen[res.table] = res
                from_stream.add(res.table)
            elif res.table != "t4" and other.edition == res.edition:
                if fill_missing_rows(other, res):
                    from_stream.add(res.table)
                chosen[res.table] = other
            elif len(res.cells) > len(other.cells):
                chosen[res.table] = res
                from_stream.add(res.table)
        for key, res in structured.tables.items():
            chosen.setdefault(key, res)
    out = [chosen[k] for k in ("t2", "t3", "t4") if k in chosen]
    for res in out:
        for path, (ti, text, at) in res.pending.items():
            if path in res.cells:
                res.origins[path] = token_origin(stream, ti, text, at)
        res.pending.clear()
        check_misreads(res, year, res.table in from_stream)
        for p in res.problems:
            if p.origin is None and p.path and p.path in res.origins:
                p.origin = res.origins[p.path]
    return [t for t in out if t.cells or t.table != "t4" or t.problems]


def _stray(structured: TableResult, stream: TableResult) -> bool:
    """Whether the structure's reading of a table is a stray table that names a few of
    its rows (a small table in 一、总体情况 counting 行政许可 its own way), while the text
    holds the table itself elsewhere: fewer than COPY_ROWS rows, outside the span where
    the stream found more of them. Its numbers are then not the table's."""
    few = len(_rows_read(structured))
    return (
        few < COPY_ROWS
        and len(_rows_read(stream)) > few
        and (structured.end <= stream.start or stream.end <= structured.start)
    )


def _rows_read(res: TableResult) -> set[str]:
    """The rows a reading gave values for."""
    return {k.rpartition(".")[0] for k in res.cells}


def fill_missing_rows(res: TableResult, stream: TableResult) -> bool:
    """Rows the structure did not find at all (a conversion lost their labels), taken from
    the stream's reading; a row the structure found and doubted stays unread. Returns
    whether any row was taken."""
    ed = editions()[res.edition or "2021"]
    if res.table == "t3":
        rows = [f"t3.{r.path}" for r in ed.t3_data_rows]
    else:
        rows = [f"t2.{r.path}" for b in ed.t2_blocks for r in b.rows]

    def present(r: TableResult) -> set[str]:
        """Rows a reading gave values for or named in a problem."""
        out = _rows_read(r)
        for p in r.problems:
            if p.path:
                out.add(p.path if p.path in rows_set else p.path.rpartition(".")[0])
        return out

    rows_set = set(rows)
    here, there = present(res), present(stream)
    taken = [row for row in rows if row not in here and row in there]
    if not taken:
        return False

    taken_set = set(taken)

    def mine(key: str | None) -> bool:
        return bool(key) and (key in taken_set or key.rpartition(".")[0] in taken_set)  # type: ignore[union-attr]

    res.cells.update({k: v for k, v in stream.cells.items() if mine(k)})
    res.units.update({k: v for k, v in stream.units.items() if mine(k)})
    res.origins.update({k: v for k, v in stream.origins.items() if mine(k)})
    res.pending.update({k: v for k, v in stream.pending.items() if mine(k)})
    # (a number the reader was unsure of is taken only where a sum vouches for it)
    res.vouch.update({k: v for k, v in stream.vouch.items() if mine(k)})
    res.labels.update({k: v for k, v in stream.labels.items() if mine(k)})
    res.raw += [c for c in stream.raw if mine(c.path)]
    # (the rows neither reading found are named once, below: each reading's own list
    # of them is out of date)
    res.problems = [p for p in res.problems if not p.message.startswith(UNFOUND)]
    res.problems += [
        p
        for p in stream.problems
        if (mine(p.path) or not p.path) and not p.message.startswith(UNFOUND)
    ]
    res.rows_found += len(taken)
    here = present(res)
    missing = [row for row in rows if row not in here]
    if missing:
        names = [r.label for r in ed.t3_data_rows if f"t3.{r.path}" in missing] or missing
        res.problems.append(unfound(res.table, names))
    where = TABLE_NAMES[res.table]
    res.problems.append(
        Problem(
            where=where,
            message=f"表格结构中缺少{len(taken)}行，已从正文文字中按行标签读取",
        )
    )
    return True


def _say_unfound_rows(res: TableResult) -> None:
    """Name the rows of table 二 that its reading neither read nor said anything of (a
    heading lost in the copy takes its rows with it): a row is never lost unsaid."""
    if res.settled or any(p.message.startswith(UNFOUND) for p in res.problems):
        return
    ed = editions()[res.edition or "2021"]
    said = {p.path for p in res.problems if p.path}
    if "t2" in said:
        return
    read = _rows_read(res)
    missing = [
        r.label
        for b in ed.t2_blocks
        for r in b.rows
        if f"t2.{r.path}" not in read and not _said_of(f"t2.{r.path}", said)
    ]
    if missing:
        res.problems.append(unfound("t2", missing))


def _said_of(row: str, said: set[str]) -> bool:
    """Whether a problem names the row, one of its cells, or its whole block."""
    return any(k == row or k.startswith(row + ".") or row.startswith(k + ".") for k in said)


def build_report(doc: Document, sha256: str | None = None) -> Report:
    stream = Stream(doc)
    if sha256 is None:
        try:
            sha256 = hashlib.sha256(Path(doc.path).read_bytes()).hexdigest()
        except OSError:
            sha256 = ""
    md = meta.normalise_metadata(doc.metadata)
    for k, v in meta.metadata_lines(stream).items():
        md.setdefault(k, v)
    title = meta.find_title(doc, stream) or meta.plain(md.get("title"))
    md.pop("title", None)
    body = "\n".join(t.text for _, t in stream.lines)
    year = meta.report_year(title, body)
    ed = edition_for_year(year) if year else None
    year_edition = ed.name if ed else None

    with digits.report_budget():
        tables = _tables(doc, stream, year_edition, year)
        for t in tables:
            t.start = header_start(stream, t)
        spans = [(t.start, t.end) for t in tables]

    report = Report(
        source=Source(path=doc.path, sha256=sha256, form=doc.form),
        report_year=year,
        title=title,
        metadata=md,
    )
    by_name: dict[str, TableResult] = {t.table: t for t in tables}
    if "t2" in by_name:
        _say_unfound_rows(by_name["t2"])
    for t in tables:
        report.cells.update(t.cells)
        report.raw += t.raw
        report.units.update(t.units)
        report.labels.update(t.labels)
        report.extra_rows += t.extra_rows
        report.problems += t.problems
        if t.origins.keys() <= t.cells.keys():  # (as nearly always: taken whole)
            report.origins.update(t.origins)
        else:
            report.origins.update({k: v for k, v in t.origins.items() if k in t.cells})
    report.table_editions = {k: by_name[k].edition for k in ("t2", "t3") if k in by_name}
    eds = {e for e in report.table_editions.values() if e}
    report.edition = eds.pop() if len(eds) == 1 else ("mixed" if eds else None)  # type: ignore[assignment]
    for k in ("t2", "t3", "t4"):
        if k not in by_name:
            report.problems.append(Problem(where=TABLE_NAMES[k], message="未找到该表格"))

    headings = find_headings(stream, spans)
    _infer_part_five(stream, headings, by_name.get("t4"), report)
    report.sections = build_sections(stream, headings, spans)
    if headings:
        report.preamble = preamble(stream, headings[0].start, spans)
    for sec, h in zip(report.sections, headings, strict=True):
        if h.title or h.ordinal:
            # the heading's own characters, also where it stands inside a longer line
            (ti, a), (tj, b) = stream.clean.origin(h.start), stream.clean.end_origin(h.end)
            at = (a, b) if ti == tj else (a, len(stream.tokens[ti].text))
            sec.origin = token_origin(stream, ti, None, at)
    report.agency = meta.find_agency(stream, title, md, report.sections)
    report.published = meta.published_date(doc, md, stream)
    signed = meta.signed_date(stream)
    if signed:
        report.metadata.setdefault("signed", signed)
        report.published = report.published or signed
    if report.agency:
        report.agency = clean_name(report.agency)
    report.problems = [*[Problem(where="文件", message=p) for p in doc.problems], *report.problems]
    return report


def clean_name(name: str) -> str:
    """An agency name in simplified characters, without pinyin annotations or spaces."""
    return meta.plain(name) or clean(name)
