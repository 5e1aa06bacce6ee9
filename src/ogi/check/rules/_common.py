"""Helpers shared by the rule modules: which edition a table follows, cell access and
the text of the report's parts. Labels live in `ogi.format.labels` (re-exported here for
the rule modules)."""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from typing import Any

from ogi import patterns
from ogi.check.finding import Finding
from ogi.check.registry import Context, Rule
from ogi.format import Edition, T2Block, edition, edition_for_year, editions
from ogi.format.labels import (  # noqa: F401 (re-exported for the rule modules)
    TABLE_ZH,
    cell_label,
    number_text,
    short_text,
    t2_cell_label,
    t3_col_label,
    t3_row_full,
    t3_row_label,
    t4_col_label,
)
from ogi.model import Report, Section, Value
from ogi.numerals import chinese

MISSING = object()


# -- editions --------------------------------------------------------------------------
def year_edition(report: Report) -> Edition | None:
    return edition_for_year(report.report_year) if report.report_year else None


def _named(name: str | None) -> Edition | None:
    return edition(name) if name in editions() else None


def report_edition(report: Report) -> Edition | None:
    """The edition the report as a whole claims; for a mixed report, the one its year
    requires (a mixed report is measured against what it should have been)."""
    if report.edition in ("2019", "2021"):
        return edition(report.edition)
    return year_edition(report) or t2_edition(report) or t3_edition(report)


def t3_edition(report: Report) -> Edition | None:
    """The edition table 三 follows as printed: 2019 has a single （六）其他处理 row. The
    printed cells decide before any edition recorded for the table, since the sums must
    run over the rows that are actually there."""
    cells = report.cells
    split, single = _other_keys()
    if any(k in cells for k in split):
        return edition("2021")
    if any(k in cells for k in single):
        return edition("2019")
    return _named(report.table_editions.get("t3")) or _fallback(report)


@cache
def _other_keys() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Cell keys of （六）其他处理: split into three rows (2021) or one row (2019).
    Looked up directly: scanning every cell of every report is the slow way."""
    split, single = [], []
    for ed in editions().values():
        cols = [c.key for c in ed.t3_columns]
        for row in ed.t3_data_rows:
            if row.path.startswith("results.other."):
                split += [f"t3.{row.path}.{c}" for c in cols]
            elif row.path == "results.other":
                single += [f"t3.{row.path}.{c}" for c in cols]
    return tuple(split), tuple(single)


def t2_edition(report: Report) -> Edition | None:
    ed = _named(report.table_editions.get("t2"))
    if ed:
        return ed
    cols = {p.rsplit(".", 1)[-1] for p in report.cells if p.startswith("t2.")}
    if cols & {"issued", "repealed", "in_force", "fee_amount"}:
        return edition("2021")
    if cols & {"newly_made", "newly_published", "total_published", "prev_year_items", "change"}:
        return edition("2019")
    return _fallback(report)


def t2_other_blocks(report: Report) -> list[tuple[Edition, T2Block]]:
    """Blocks of table 二 printed in another edition's columns than the table's own
    (2019's 上一年项目数量 | 本年增/减 | 处理决定数量 for 第二十条第（五）项 in a 2021
    table): the other edition and its block, for every block with a cell only that
    edition has."""
    own = t2_edition(report)
    if own is None:
        return []
    mine = set(own.cell_paths("t2"))
    present = set(report.cells) | {r.path for r in report.raw}
    out = []
    for name, other in editions().items():
        if name == own.name:
            continue
        for b in other.t2_blocks:
            prefix = f"t2.{b.key}."
            if any(p.startswith(prefix) and p not in mine for p in present):
                out.append((other, b))
    return out


def t4_edition(report: Report) -> Edition | None:
    # Table 四 is the same in both editions.
    return report_edition(report) or edition("2021")


def table_edition(report: Report, table: str) -> Edition | None:
    return {"t2": t2_edition, "t3": t3_edition, "t4": t4_edition}[table](report)


def _fallback(report: Report) -> Edition | None:
    if report.edition in ("2019", "2021"):
        return edition(report.edition)
    return year_edition(report)


# -- cell keys, built once per edition (checking thousands of reports formats them once) --
@cache
def t3_row_keys(name: str) -> tuple[tuple[str, tuple[str, ...], str], ...]:
    """Per data row of table 三: (row path, keys of the six applicant columns, total key)."""
    ed = edition(name)
    parts = [c.key for c in ed.t3_columns if c.key != "total"]
    return tuple(
        (r.path, tuple(f"t3.{r.path}.{c}" for c in parts), f"t3.{r.path}.total")
        for r in ed.t3_data_rows
    )


@cache
def t3_column_keys(name: str) -> tuple[tuple[str, tuple[str, ...], str], ...]:
    """Per leaf column of table 三: (column, keys of the outcome leaves, （七）总计 key)."""
    ed = edition(name)
    return tuple(
        (
            c.key,
            tuple(f"t3.{leaf}.{c.key}" for leaf in ed.t3_outcome_leaves),
            f"t3.results.total.{c.key}",
        )
        for c in ed.t3_columns
    )


def ints_add_up(cells: dict[str, Any], parts: tuple[str, ...], total: str) -> bool:
    """The common case, decided fast: every operand an int and the sum right."""
    t = cells.get(total)
    if type(t) is not int:
        return False
    acc = 0
    for k in parts:
        v = cells.get(k)
        if type(v) is not int:
            return False
        acc += v
    return acc == t


# -- cells -----------------------------------------------------------------------------
def is_number(v: Any) -> bool:
    t = type(v)
    return t is int or t is float or (isinstance(v, int | float) and t is not bool)


def get(report: Report, path: str) -> Value | object:
    """The cell value, None for a printed blank, MISSING when the cell was not printed."""
    return report.cells.get(path, MISSING)


def fmt(v: Any) -> str:
    if v is MISSING:
        return "未印出"
    if v is None:
        return "空白"
    if isinstance(v, int | float) and not isinstance(v, bool):
        return number_text(v)
    return str(v)


def is_whole(v: Any) -> bool:
    return isinstance(v, int) or (isinstance(v, float) and v.is_integer())


@dataclass
class Sum:
    """Operands of one formula side: values, their labels and the blank ones."""

    terms: list[tuple[str, str, Value]] = field(default_factory=list)  # (path, label, value)
    blanks: list[str] = field(default_factory=list)

    def add(self, report: Report, path: str, label: str) -> None:
        v = get(report, path)
        if v is MISSING or v is None or not is_number(v):
            self.blanks.append(path)
        else:
            self.terms.append((path, label, v))  # type: ignore[arg-type]

    @property
    def total(self) -> int | float:
        return _tidy(sum(v for _, _, v in self.terms if v is not None))

    def nonzero(self) -> str:
        parts = [f"{label} {fmt(v)}" for _, label, v in self.terms if v]
        return " + ".join(parts) if parts else "各项均为0"


def _tidy(x: int | float) -> int | float:
    # Decimal amounts (万元) must not fail on binary float noise.
    return round(x, 6) if isinstance(x, float) else x


def same(a: Any, b: Any) -> bool:
    return abs(_tidy(a) - _tidy(b)) < 1e-6


def cells_text(ed: Edition | None, paths: Sequence[str], limit: int = 8) -> str:
    shown = "、".join(cell_label(ed, p) for p in paths[:limit])
    return shown + (f" 等 {len(paths)} 格" if len(paths) > limit else "")


# -- not evaluable ---------------------------------------------------------------------
def not_evaluable(
    rule: Rule,
    ctx: Context,
    ed: Edition | None,
    table: str,
    blanks: dict[str, list[str]],
    kind: str,
) -> Iterable[Finding]:
    """One info finding naming the blank or unprinted operands, so a blank cell is never
    a silent pass. `blanks` maps a column key or row path to its blank operand paths."""
    if not blanks:
        return
    paths = [p for ps in blanks.values() for p in ps]
    where = {"column": "列", "row": "行"}[kind]
    names = (
        [t3_col_label(ed, k) if ed else k for k in blanks]
        if kind == "column" and table == "t3"
        else [t3_row_label(ed, k) if ed and table == "t3" else k for k in blanks]
    )
    if table == "t4":
        names = [t4_col_label(ed, k) if ed else k for k in blanks]
    only = next(iter(blanks)) if len(blanks) == 1 else None
    yield rule.finding(
        ctx,
        f"{TABLE_ZH[table]} 无法核对（{'、'.join(names)} {where}）：以下单元格空白或未印出："
        f"{cells_text(ed, paths)}",
        f"Table {table} cannot be checked ({len(blanks)} {kind}(s)): {len(paths)} operand "
        f"cell(s) blank or not printed: {', '.join(paths[:8])}",
        severity="info",
        table=table,
        column=only if kind == "column" else None,
        row=only if kind == "row" else None,
        found=paths[:50],
        hint="空白不等于0：无数据的单元格应填0，再重新核对。",
    )


# -- parts of the text -----------------------------------------------------------------
_TOP_ORDINAL = patterns.compile(r"[一二三四五六七八九十]+\s*[、.．，,]?")


def is_top(section: Section) -> bool:
    """A top-level part: one the format names, or one numbered 一、… like the parts."""
    return section.key is not None or bool(_TOP_ORDINAL.fullmatch(section.ordinal.strip()))


def top_sections(report: Report) -> list[Section]:
    return [s for s in report.sections if is_top(s)]


def _bigrams(text: str) -> set[str]:
    t = "".join(text.split())
    return {t[i : i + 2] for i in range(len(t) - 1)}


def statutory_parts(report: Report) -> dict[str, Section]:
    """Each part of the format the report has, by key: the part the reader recognised,
    or else a top-level part with a heading of its own wording that stands where the
    format's part belongs (五、存在的问题及下一步工作打算 for 五、存在的主要问题及改进情况):
    numbered as that part or the only unrecognised part between its neighbours, and
    sharing words with its title. Such a part is one finding about the heading's wording,
    not a missing part plus a part outside the format."""
    tops = top_sections(report)
    found: dict[str, Section] = {}
    for s in tops:
        if s.key and s.key not in found:
            found[s.key] = s
    ed = report_edition(report)
    if ed is None:
        return found
    order = [spec.key for spec in ed.sections]
    for n, spec in enumerate(ed.sections):
        if spec.key in found:
            continue
        before = next((found[k] for k in reversed(order[:n]) if k in found), None)
        after = next((found[k] for k in order[n + 1 :] if k in found), None)
        lo = tops.index(before) + 1 if before is not None else 0
        hi = tops.index(after) if after is not None else len(tops)
        free = [
            s
            for s in tops[lo:hi]
            if s.key is None
            and all(s is not t for t in found.values())
            and _bigrams(s.title) & _bigrams(spec.title)
        ]
        by_number = [
            s
            for s in free
            if "".join(s.ordinal.split()).rstrip("、.．") == spec.ordinal.rstrip("、")
        ]
        pick = by_number[0] if by_number else (free[0] if len(free) == 1 else None)
        if pick is not None:
            found[spec.key] = pick
    return found


def section_body(report: Report, key: str) -> str | None:
    """The part's own text plus that of its sub-headings up to the next part; None when
    the part is absent. A part under a heading of its own wording counts (see
    `statutory_parts`)."""
    part = next((s for s in report.sections if s.key == key), None)
    if part is None:
        part = statutory_parts(report).get(key)
    if part is None:
        return None
    out: list[str] = [part.text]
    start = next(i for i, s in enumerate(report.sections) if s is part)
    for s in report.sections[start + 1 :]:
        if is_top(s):
            break
        out += [s.title, s.text]
    return "\n".join(t for t in out if t)


TABLE_SECTIONS = ("proactive_disclosure", "applications", "review_litigation")


def prose(report: Report) -> str:
    """Text of every part except the three table parts, whose text may be table cells."""
    kept = getattr(report, "prose_z", None)
    if kept is not None:  # a report a batch keeps for the cross-report rules
        return _inflated(kept)
    out: list[str] = []
    skipping = False
    for s in report.sections:
        if is_top(s):
            skipping = s.key in TABLE_SECTIONS
        if not skipping:
            out += [s.title, s.text]
    return "\n".join(t for t in out if t)


@lru_cache(maxsize=64)
def _inflated(z: bytes) -> str:
    """A kept report's text: an agency's reports are compared with each other several
    times (each year with the next, each copy of a year again), so the last few are
    kept inflated; always the same string for the same report, as callers may cache on it."""
    return zlib.decompress(z).decode("utf-8")


def all_text(report: Report) -> str:
    parts = [report.title or "", getattr(report, "preamble", "")]
    for s in report.sections:
        parts += [s.ordinal + s.title, s.text]
    return "\n".join(p for p in parts if p)


_EMPTYISH = patterns.compile(r"[\s\u3000。.，,；;：:、—\-_/…]+")


def meaningful(text: str | None) -> str:
    return _EMPTYISH.sub("", text or "")


def cn_ordinal(n: int) -> str:
    """The ordinal of part n: 一、 … 十一、 … 一百零一、 (a damaged file may repeat its
    parts past a hundred)."""
    return chinese(n) + "、"


# -- issuer ----------------------------------------------------------------------------
_TOWNSHIP = patterns.compile(r"(镇|乡|街道|苏木)(人民政府|政府|办事处|党委|$)|街道办事处")
_ZONE = patterns.compile(r"管委会|管理委员会|(实验区|开发区|高新区|新区|园区|示范区|合作区)$")
# A bare place name stands for its people's government: 辽中区, 宽城满族自治县.
_PLACE = patterns.compile(r"[^局委办厅署院会部所站队中心]{1,12}(省|自治区|市|州|盟|县|区|旗)")
_YEAR_IN_TITLE = patterns.compile(r"(\d{4}|[〇零一二三四五六七八九]{4})\s*年")


def issuer_name(report: Report) -> str | None:
    if report.agency:
        return "".join(report.agency.split())
    if report.title:
        head = _YEAR_IN_TITLE.split("".join(report.title.split()), maxsplit=1)[0]
        return head or None
    return None


def issuer_kind(report: Report) -> str | None:
    """ "government" (a county-or-higher people's government's own report), "other"
    (乡镇/街道 and zones: bodies Art. 49 does not name), "department", or None when unknown."""
    name = issuer_name(report)
    if not name:
        return None
    if _TOWNSHIP.search(name):
        return "other"
    if _ZONE.search(name):
        # Development zones and pilot zones are not named in Art. 49 either.
        return "other"
    if name.endswith(("人民政府", "人民政府本级")) or _PLACE.fullmatch(name):
        return "government"
    return "department"


# -- table 四 --------------------------------------------------------------------------
T4_PARTS = ("upheld", "corrected", "other", "pending")


def t4_sum(rule: Rule, report: Report, ctx: Context, group: str) -> Iterable[Finding]:
    """total == upheld + corrected + other + pending for one block of table 四."""
    ed = t4_edition(report)
    parts = Sum()
    for p in T4_PARTS:
        parts.add(report, f"t4.{group}.{p}", t4_col_label(ed, f"{group}.{p}").split()[-1])
    total_key = f"{group}.total"
    total = get(report, f"t4.{total_key}")
    if parts.blanks or not is_number(total):
        blanks = parts.blanks + ([] if is_number(total) else [f"t4.{total_key}"])
        yield from not_evaluable(rule, ctx, ed, "t4", {total_key: blanks}, "column")
        return
    if same(total, parts.total):
        return
    name = " ".join(t4_col_label(ed, total_key).split()[:-1])
    yield rule.finding(
        ctx,
        f"表四 {name} 总计 = {fmt(total)}，但结果维持、结果纠正、其他结果、尚未审结之和 = "
        f"{fmt(parts.total)}（{parts.nonzero()}）",
        f"Table 4, {group}: total is {fmt(total)} but the four outcomes add up to "
        f"{fmt(parts.total)}",
        table="t4",
        column=total_key,
        expected=parts.total,
        found=total,  # type: ignore[arg-type]
        hint=f"核对表四“{name}”下各项结果，总计应等于四项之和。",
    )


# -- deadlines -------------------------------------------------------------------------
def published_on(report: Report) -> date | None:
    if not report.published:
        return None
    try:
        return date.fromisoformat(report.published.strip()[:10])
    except ValueError:
        return None


def deadline(
    rule: Rule, report: Report, ctx: Context, kind: str, month: int, day: int, who: str
) -> Iterable[Finding]:
    """Published after (year+1, month, day) for an issuer of `kind`."""
    if report.report_year is None or issuer_kind(report) != kind:
        return
    when = published_on(report)
    if when is None:
        return
    due = date(report.report_year + 1, month, day)
    if when <= due:
        return
    late = (when - due).days
    yield rule.finding(
        ctx,
        f"{who}的{report.report_year}年度报告应于{due.year}年{month}月{day}日前公布，"
        f"实际公布于{when.year}年{when.month}月{when.day}日（晚{late}天）",
        f"The {report.report_year} report was due by {due.isoformat()} but was published on "
        f"{when.isoformat()} ({late} days late)",
        expected=due.isoformat(),
        found=when.isoformat(),
        hint=f"次年{month}月{day}日前公布上一年度报告。",
    )
