"""Locating tables 二, 三 and 四 in a token stream and reading their cells.

Rows are found by their labels, in the order the format prints them; a row's cells
are whatever values lie between its label and the next row's label. This one method
reads a table whatever shape the rendering gave it: cells one per line, cells in a
grid, or cells run together into one line of text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ogi import limits
from ogi.format import Column, Edition, editions, observed_variants
from ogi.layout import digits
from ogi.layout.match import find, find_any
from ogi.layout.stream import Stream
from ogi.layout.values import Chunk, parse_fragment
from ogi.model import Problem, RawCell
from ogi.normalize import clean, is_cjk

TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}
WINDOW = 700  # clean characters searched for the next row label


@dataclass
class RowSpec:
    key: str  # e.g. t3.results.granted, t2.art20_1.rules
    texts: list[str]  # clean label alternatives, ordinal removed
    ordinal: str  # ordinal as in the format, e.g. "1." / "（一）" / "一、"
    official: str  # official label text
    columns: list[Column]
    group: bool = False


@dataclass
class RowHit:
    spec: RowSpec
    start: int  # clean index
    end: int
    errors: int


@dataclass
class TableResult:
    table: str
    edition: str | None
    cells: dict[str, int | float | None] = field(default_factory=dict)
    raw: list[RawCell] = field(default_factory=list)
    units: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    extra_rows: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    start: int = 0  # clean span the table occupies
    end: int = 0


# ---------------------------------------------------------------------------------------
# Row specifications from the format data
# ---------------------------------------------------------------------------------------
def _variants() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for v in observed_variants():
        if v.get("official") and v.get("seen"):
            out.setdefault(clean(v["official"]), []).append(clean(v["seen"]))
    return out


def _core(text: str) -> str:
    """Label text without a trailing explanatory note in brackets."""
    c = clean(text)
    if c.endswith(")") and "(" in c:
        head = c[: c.index("(")]
        if len(head) >= 2:
            return head
    return c


def t2_specs(ed: Edition) -> list[RowSpec]:
    other = [e for e in editions().values() if e.name != ed.name]
    var = _variants()
    out = []
    for b in ed.t2_blocks:
        for r in b.rows:
            texts = [clean(r.text)]
            for e in other:
                o = e.row("t2", r.path)
                if o and clean(o.text) not in texts:
                    texts.append(clean(o.text))
            texts += var.get(clean(r.text), [])
            out.append(RowSpec(f"t2.{r.path}", texts, "", r.label, list(b.columns)))
    return out


def t3_specs(ed: Edition) -> list[RowSpec]:
    var = _variants()
    out = []
    for r in ed.t3_rows:
        texts = [_core(r.text)]
        texts += [_core(v) for v in var.get(clean(r.text), [])]
        cols = [] if r.group else list(ed.t3_columns)
        out.append(RowSpec(f"t3.{r.path}", texts, r.ordinal, r.label, cols, r.group))
    return out


def _noise() -> list[str]:
    """Printed text inside tables that is not a value: headers and notes."""
    phrases: set[str] = set()
    for e in editions().values():
        t = e.raw["tables"]
        phrases.add(clean(t["t3"]["corner_note"]))
        phrases.update({clean(t["t3"]["column_header"]), clean(t["t2"]["row_label_header"])})
        for b in e.t2_blocks:
            phrases.add(clean(b.label))
            phrases.update(clean(c.label) for c in b.columns)
        for c in e.t3_columns:
            phrases.add(clean(c.label))
        phrases.update(clean(c["label"]) for c in t["t3"]["columns"])
        for c in e.raw["tables"]["t4"]["outcome_columns"]:
            phrases.add(clean(c["label"]))
        for s in e.sections:
            phrases.add(clean(s.title))
    return sorted((p for p in phrases if len(p) >= 2), key=len, reverse=True)


def _t4_labels() -> tuple[str, str, str]:
    """Table 四's first header cells, from the format: 行政复议, 行政诉讼, 结果维持."""
    cols = editions()["2021"].raw["tables"]["t4"]["columns"]
    return clean(cols[0]["label"]), clean(cols[1]["label"]), clean(cols[0]["children"][0]["label"])


def _t2_anchor() -> list[str]:
    """The first block label of table 二 (第二十条第（一）项), and its article part."""
    label = clean(editions()["2021"].t2_blocks[0].label)
    return [label, label.split("第(")[0]]


def _after_t4_titles() -> list[str]:
    """Titles of the parts after table 四, whose heading ends the table's values."""
    ed = editions()["2021"]
    keys = [s.key for s in ed.sections]
    after = ed.sections[keys.index("review_litigation") + 1 :]
    # the title's core without 及改进情况 etc.: converters and typos cut titles short
    return [clean(s.title)[:6] for s in after]


_ORDINAL_SEP = r"\s*[.．、,，]?\s*"


def _ordinal_regex(ordinal: str) -> re.Pattern[str] | None:
    """A pattern matching this ordinal (or its usual variants) at the end of a string."""
    c = clean(ordinal)
    m = re.match(r"^\(?([一二三四五六七八九十]+|\d+)\)?[.、]?$", c)
    if not m:
        return None
    num = m.group(1)
    if c.startswith("("):
        return re.compile(rf"[(（]\s*{num}\s*[)）]{_ORDINAL_SEP}$")
    if num.isdigit():
        # A digit ordinal needs its separator, or the last digit of a value would go;
        # with it, "00000002." is the values 0000000 and the ordinal 2.
        return re.compile(rf"{num}\s*[.．、]\s*$|[(（]\s*{num}\s*[)）]\s*$")
    return re.compile(rf"{num}\s*[、.．]?\s*$")


# ---------------------------------------------------------------------------------------
# The parser
# ---------------------------------------------------------------------------------------
class TableReader:
    def __init__(self, stream: Stream, year_edition: str | None, narrative: str = ""):
        self.s = stream
        self.c = stream.clean.text
        self.year_edition = year_edition
        self.noise = _noise()
        self.narrative = narrative

    # -- row matching -------------------------------------------------------------------
    def match_rows(self, specs: list[RowSpec], start: int, end: int) -> list[RowHit]:
        hits: list[RowHit] = []
        pos = start
        for spec in specs:
            win_end = min(end, pos + WINDOW)
            m = find_any(self.c, spec.texts, pos, win_end)
            if m is None:
                continue
            hits.append(RowHit(spec, m[0], m[1], m[2]))
            pos = m[1]
        return hits

    def gap(self, a: int, b: int) -> list[tuple[int, str, bool]]:
        """Fragments of original text between clean indexes a (exclusive end of a label)
        and b (start of the next label)."""
        if b <= a:
            return []
        start = self.s.clean.end_origin(a)
        end = self.s.clean.origin(b)
        out = []
        for ti, frag in self.s.slice_text(start, end):
            out.append((ti, frag, self.s.is_whole(ti, frag)))
        return out

    def chunks_between(
        self, a: int, b: int, next_ordinal: str | None, row_token: int | None
    ) -> tuple[list[Chunk], list[str]]:
        frags = self.gap(a, b)
        if next_ordinal and frags:
            rx = _ordinal_regex(next_ordinal)
            if rx:
                ti, text, whole = frags[-1]
                new = rx.sub("", text)
                if new != text:
                    frags[-1] = (ti, new, False)
        chunks: list[Chunk] = []
        texts: list[str] = []
        row_id = self.s.tokens[row_token].row if row_token is not None else None
        for ti, text, whole in frags:
            tok = self.s.tokens[ti]
            got, other = parse_fragment(text, ti, whole and tok.is_cell, self.noise)
            if not (whole and tok.is_cell):
                got = [ch for ch in got if ch.kind != "blank"]
            # A blank cell in another grid row is the label column of the next row, not
            # a value of this one.
            got = [ch for ch in got if ch.kind != "blank" or tok.row == row_id]
            chunks += got
            if other:
                texts.append(other)
        return chunks, texts

    def last_end(self, a: int, limit: int) -> int:
        """Where the values after the last label of a table end: at the first text after
        the values (a heading, the next table's header)."""
        seen_value = False
        for i in range(a, min(limit, len(self.c))):
            ch = self.c[i]
            if ch.isdigit() or ch in "/-":
                seen_value = True
            elif is_cjk(ch) and ch not in "无元万" and seen_value:
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
        loc: str = "",
    ) -> list[list[int | float]] | None:
        """Put a row's chunks into its cells; returns the candidate splits when the
        row's digits run together ambiguously (the caller may resolve them)."""
        cols = spec.columns
        n = len(cols)
        where = f"{TABLE_NAMES[res.table]} {spec.official}" + (f"（{loc}）" if loc else "")
        if not n:
            if any(ch.kind == "num" for ch in chunks):
                res.problems.append(
                    Problem(where=where, path=spec.key, message="合计行（分组行）印有数字，已忽略")
                )
            return None
        # Blank cells beside the label are the empty label columns of a merged label.
        while len(chunks) > n and chunks[-1].kind == "blank":
            chunks = chunks[:-1]
        while len(chunks) > n and chunks[0].kind == "blank":
            chunks = chunks[1:]
        if len(chunks) > n:
            extra = " ".join(ch.text for ch in chunks[n:])
            label = next((t for t in texts if t), None)
            if label:
                res.extra_rows.append(label)
            res.problems.append(
                Problem(
                    where=where, path=spec.key, message=f"本行多出数值（{extra}），已按前{n}个读取"
                )
            )
            chunks = chunks[:n]
        if len(chunks) == n:
            self._store(res, spec, chunks)
            return None
        nums = [ch for ch in chunks if ch.kind == "num"]
        if len(nums) != len(chunks) or not nums or all(ch.cell for ch in nums):
            res.problems.append(
                Problem(
                    where=where, path=spec.key, message=f"本行应有{n}个数值，只读到{len(chunks)}个"
                )
            )
            return None
        try:
            cands = digits.candidates([ch.text for ch in nums], n, ok)
        except digits.TooComplex as e:
            res.problems.append(Problem(where=where, path=spec.key, message=str(e)))
            return None
        if len(cands) == 1:
            self._store_values(res, spec, cands[0])
            return None
        if not cands:
            res.problems.append(
                Problem(
                    where=where,
                    path=spec.key,
                    message=f"数字连写“{' '.join(ch.text for ch in nums)}”"
                    f"无法拆成{n}个符合勾稽关系的数值",
                )
            )
            return None
        return cands

    def _path(self, spec: RowSpec, col: Column) -> str:
        return f"{spec.key}.{col.key}"

    def _store(self, res: TableResult, spec: RowSpec, chunks: list[Chunk]) -> None:
        for col, ch in zip(spec.columns, chunks, strict=True):
            path = self._path(spec, col)
            if ch.kind == "blank":
                res.cells[path] = None
            elif ch.kind == "raw":
                res.cells[path] = None
                res.raw.append(RawCell(path=path, text=ch.text))
            elif not _fits(ch.text):
                res.cells[path] = None
                res.raw.append(RawCell(path=path, text=ch.text))
                n = len(ch.text.lstrip("+-").replace(".", ""))
                msg = limits.NUMBER_DIGITS.say(text=ch.text[:20] + "…", n=n)
                res.problems.append(Problem(where=TABLE_NAMES[res.table], path=path, message=msg))
            else:
                res.cells[path] = self._convert(res, path, col, digits.number(ch.text), ch.unit)
                if ch.note:
                    res.raw.append(RawCell(path=path, text=f"{ch.text}（{ch.note}）"))

    def _store_values(self, res: TableResult, spec: RowSpec, values: list[int | float]) -> None:
        for col, v in zip(spec.columns, values, strict=True):
            path = self._path(spec, col)
            res.cells[path] = self._convert(res, path, col, v, None)

    def _convert(
        self, res: TableResult, path: str, col: Column, v: int | float, unit: str | None
    ) -> int | float:
        """Money in the format's unit; counts as int."""
        if col.type == "decimal":
            if unit:
                res.units[path] = unit
            target = col.unit  # 万元 for the 2021 fee; None (keep 元) for 2019 procurement
            factor = {"元": 1, "万元": 10_000, "亿元": 100_000_000}
            if unit and (target or "元") != unit:
                v = v * factor[unit] / factor[target or "元"]
                v = round(v, 6)
            return int(v) if isinstance(v, float) and v.is_integer() and "." not in str(v) else v
        return v

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
            core = re.sub(r"^本年|数量$|件数$", "", clean(col.text))
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
        anchor = find_any(self.c, _t2_anchor(), start, end)
        a = anchor[0] if anchor else start
        best: tuple[int, Edition] | None = None
        for ed in editions().values():
            score = sum(1 for m in ed.markers_present if clean(m) in self.c[a:end])
            if (
                best is None
                or score > best[0]
                or (score == best[0] and ed.name == self.year_edition)
            ):
                best = (score, ed)
        assert best is not None
        ed = best[1]
        specs = t2_specs(ed)
        # Converters move rows of table 二 around (a block printed as text above the
        # grid of another): each row label is unique in the table, so find each alone.
        hits = []
        for spec in specs:
            m = find_any(self.c, spec.texts, a, end)
            if m:
                hits.append(RowHit(spec, m[0], m[1], m[2]))
        hits.sort(key=lambda h: h.start)
        hits = [h for i, h in enumerate(hits) if i == 0 or h.start >= hits[i - 1].end]
        if len(hits) < 2:
            return None
        res = TableResult("t2", ed.name, start=hits[0].start)
        self._read_rows(res, hits, end, None)
        return res

    # -- table 三 -------------------------------------------------------------------------
    def read_t3(self, start: int, end: int) -> TableResult | None:
        results = []
        for ed in editions().values():
            specs = t3_specs(ed)
            first = next(s for s in specs if not s.group)
            m = find_any(self.c, first.texts, start, end)
            if m is None:
                return None
            hits = self.match_rows(specs, m[0], end)
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
        self._read_rows(res, hits, end, "t3")
        missing = [
            s.official
            for s in t3_specs(ed)
            if not s.group and s.key not in {h.spec.key for h in hits}
        ]
        if missing:
            res.problems.append(
                Problem(where="表三", message="未找到以下行：" + "、".join(missing))
            )
        if res.problems:
            fallback = self._t3_by_row_order(res.start, self._t4_anchor(res.start, end) or end)
            if fallback is not None:
                return fallback
        return res

    def _t3_by_row_order(self, a: int, b: int) -> TableResult | None:
        """Table 三 read from its grid rows in statutory order, for conversions that
        separated values from their labels. Used only when the grid has exactly as many
        rows of seven values as an edition has data rows, so the order is unambiguous."""
        rows = self._value_rows(a, b, 7)
        for ed in editions().values():
            data = ed.t3_data_rows
            if len(rows) != len(data):
                continue
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
        return None

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
                got, _other = parse_fragment(toks[ti].text, ti, True, self.noise)
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
        the section heading (…行政复议、行政诉讼情况) or prose (被申请行政复议1件)."""
        review, litigation, upheld = _t4_labels()
        pos = start
        while True:
            m = find(self.c, review, pos, end)
            if m is None:
                return None
            after = self.c[m[1] : m[1] + 12]
            if (litigation in after or upheld in after) and "情况" not in after[:8]:
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
            t0, o0 = self.s.clean.origin(h.start)
            t1, o1 = self.s.clean.end_origin(h.end)
            res.labels[h.spec.key] = "".join(f for _, f in self.s.slice_text((t0, o0), (t1, o1)))
            ok = self._t3_row_ok(h.spec.columns) if table == "t3" else self._sign_ok(h.spec.columns)
            loc = self.s.tokens[row_token].where() if row_token < len(self.s.tokens) else ""
            cands = self.assign(res, h.spec, chunks, ok, texts, loc)
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
        cells = dict(res.cells)
        for col, v in zip(spec.columns, values, strict=True):
            cells[f"{spec.key}.{col.key}"] = v
        ed = editions()[res.edition or "2021"]
        for col in ed.t3_columns:

            def g(row: str, col: Column = col) -> int | float | None:
                return cells.get(f"t3.{row}.{col.key}")

            parts = [g(r) for r in ed.t3_outcome_leaves]
            total = g("results.total")
            if total is not None and all(p is not None for p in parts) and sum(parts) != total:  # type: ignore[arg-type]
                return False
            bal = [g("new_received"), g("carried_over"), total, g("carried_forward")]
            if all(x is not None for x in bal) and bal[0] + bal[1] != bal[2] + bal[3]:  # type: ignore[operator]
                return False
        return True

    # -- table 四 -------------------------------------------------------------------------
    def read_t4(self, start: int, end: int) -> TableResult | None:
        ed = editions()[self.year_edition or "2021"]
        m = None
        a = self._t4_anchor(start, end)
        if a is None:
            return None
        m = (a, a + len(_t4_labels()[0]), 0)
        # The values follow the header rows, which hold no digits (and may be split
        # into three small tables by converters): the first fifteen values are the row.
        header_end = m[1]
        res = TableResult("t4", None, start=m[0])
        stop = self._t4_stop(header_end, end)
        frags = self.gap(header_end, stop)
        chunks: list[Chunk] = []
        for ti, text, whole in frags:
            tok = self.s.tokens[ti]
            got, _ = parse_fragment(text, ti, whole and tok.is_cell, self.noise)
            chunks += [ch for ch in got if ch.kind != "blank" or whole]
        # Blank cells only count inside the row that holds the numbers.
        value_rows = {self.s.tokens[ch.token].row for ch in chunks if ch.kind == "num"}
        chunks = [
            ch for ch in chunks if ch.kind != "blank" or self.s.tokens[ch.token].row in value_rows
        ]
        cols = ed.t4_columns
        spec = RowSpec("t4", [], "", "行政复议、行政诉讼", list(cols))

        def ok(v: list[int | float]) -> bool:
            if any(x < 0 or isinstance(x, float) for x in v):
                return False
            return all(sum(v[g : g + 4]) == v[g + 4] for g in (0, 5, 10))

        if len(chunks) > 15:
            chunks = chunks[:15]
        res.end = stop
        if chunks:
            # The table ends at the first text after its last value, so that a part 五
            # without a heading is not swallowed.
            first_of_last = bisect.bisect_left(self.s.clean.token, chunks[-1].token)
            res.end = self.last_end(max(first_of_last, header_end), stop)
        if len(chunks) == 15:
            self._store(res, spec, chunks)
        else:
            cands = self.assign(res, spec, chunks, ok, [])
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

    def _t4_stop(self, a: int, end: int) -> int:
        for marker in _after_t4_titles():
            m = find(self.c, clean(marker), a, end, max_errors=0)
            if m:
                end = min(end, m[0])
        return end


def read_tables(stream: Stream, year_edition: str | None, narrative: str) -> list[TableResult]:
    r = TableReader(stream, year_edition, narrative)
    c = r.c
    out: list[TableResult] = []
    # 表三 first: its first row label is the most distinctive anchor in a report.
    t3 = r.read_t3(0, len(c))
    t2_end = t3.start if t3 else len(c)
    t2 = r.read_t2(0, t2_end)
    if t2:
        out.append(t2)
    if t3:
        out.append(t3)
    t4_start = t3.end if t3 else (t2.end if t2 else 0)
    t4 = r.read_t4(t4_start, len(c))
    if t4 and t4.cells:
        out.append(t4)
    return out


__all__ = ["TableResult", "read_tables", "t2_specs", "t3_specs"]


def _fits(number: str) -> bool:
    """At most `NUMBER_DIGITS` digits (more is damage, and Python refuses very long ints)."""
    return len(number.lstrip("+-").replace(".", "")) <= limits.NUMBER_DIGITS.value
