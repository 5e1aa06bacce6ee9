"""The measures FOI statistics offices publish, as the columns of `ReportIndex` the
corpus and analysis pages filter, sort and add up, computed from one report's cells:
applications received and carried over, outcomes (granted in full or in part, each
refusal ground, not held), carried forward, reconsideration and litigation and the share
of them corrected.

A measure adds up named cells of the edition the report's table follows; when any of
them is missing or not a whole number the measure is None, never a guess. Every measure
can say which cells it was computed from, so a page can link a figure to its cells.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from ogi import patterns
from ogi.check.rules._common import short_text
from ogi.format import Edition, edition
from ogi.model import Report
from ogi.render.tables import table_edition

CURRENT_EDITION = "2021"  # labels are taken from the edition in force


@dataclass(frozen=True)
class Measure:
    key: str
    table: Literal["t3", "t4", "share"]
    rows: tuple[str, ...] = ()  # t3: row paths (a group stands for its data rows); t4: cells
    column: str = "total"
    label_override: str = ""  # our own name, for figures the format does not print
    group: str = "applications"  # applications / grounds / reviews / shares

    @property
    def label(self) -> str:
        return self.label_override or _label(self)


_GROUNDS = (
    "state_secret",
    "prohibited_by_law",
    "security_stability",
    "third_party_rights",
    "internal_affairs",
    "process_info",
    "enforcement_files",
    "admin_inquiry",
)

MEASURES: tuple[Measure, ...] = (
    Measure("received", "t3", ("new_received",)),
    Measure("carried_over", "t3", ("carried_over",)),
    Measure("granted", "t3", ("results.granted",)),
    Measure("partially_granted", "t3", ("results.partially_granted",)),
    Measure("withheld", "t3", ("results.withheld",)),
    *(
        Measure(f"withheld_{g}", "t3", (f"results.withheld.{g}",), group="grounds")
        for g in _GROUNDS
    ),
    Measure("unable", "t3", ("results.unable",)),
    Measure("not_held", "t3", ("results.unable.not_held",)),
    Measure("not_processed", "t3", ("results.not_processed",)),
    Measure("other_handling", "t3", ("results.other",)),
    Measure("results_total", "t3", ("results.total",)),
    Measure("carried_forward", "t3", ("carried_forward",)),
    Measure("reviews", "t4", ("review.total",), group="reviews"),
    Measure("reviews_corrected", "t4", ("review.corrected",), group="reviews"),
    Measure(
        "lawsuits",
        "t4",
        ("litigation.direct.total", "litigation.after_review.total"),
        group="reviews",
    ),
    Measure(
        "lawsuits_corrected",
        "t4",
        ("litigation.direct.corrected", "litigation.after_review.corrected"),
        group="reviews",
    ),
    Measure(
        "granted_share",
        "share",
        ("granted", "partially_granted", "results_total"),
        label_override="公开率（予以公开与部分公开占办理结果总计）",
        group="shares",
    ),
    Measure(
        "corrected_share",
        "share",
        ("reviews_corrected", "lawsuits_corrected", "reviews", "lawsuits"),
        label_override="复议诉讼纠错率（结果纠正占复议诉讼总计）",
        group="shares",
    ),
)
BY_KEY = {m.key: m for m in MEASURES}
COUNT_KEYS = tuple(m.key for m in MEASURES if m.table != "share")
SHARE_KEYS = tuple(m.key for m in MEASURES if m.table == "share")


_ORDINAL = patterns.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．、])"
)


def _ordinal_free(text: str) -> str:
    """A row label without its numbering and explanatory note: （二）部分公开（…）→ 部分公开."""
    return short_text(_ORDINAL.sub("", text)) or text


@cache
def _label(m: Measure) -> str:
    ed = edition(CURRENT_EDITION)
    if m.table == "t3":
        row = ed.row("t3", m.rows[0])
        if row is None:
            return m.key
        text = _ordinal_free(row.label)
        parent = ed.row("t3", m.rows[0].rsplit(".", 1)[0]) if "." in m.rows[0] else None
        if text == "总计" and parent is not None:  # （七）总计 is the total of the outcomes
            text = _ordinal_free(parent.label) + text
        return text
    names = _t4_names(ed)
    first = names.get(m.rows[0], (m.key,))
    if len(m.rows) > 1:  # the same column of two groups: name their common parent
        first = (*_t4_parent(ed, m.rows[0]), first[-1])
    words = [w for w in first if w != "总计"]
    return " ".join(words)


def _t4_names(ed: Edition) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}

    def walk(cols: list[dict], prefix: str, names: tuple[str, ...]) -> None:
        for c in cols:
            key = f"{prefix}{c['key']}"
            here = (*names, c["label"])
            if c.get("children"):
                walk(c["children"], key + ".", here)
            else:
                out[key] = here

    walk(ed.raw["tables"]["t4"]["columns"], "", ())
    return out


def _t4_parent(ed: Edition, key: str) -> tuple[str, ...]:
    top = key.split(".", 1)[0]
    col = next((c for c in ed.raw["tables"]["t4"]["columns"] if c["key"] == top), None)
    return (col["label"],) if col else (top,)


def measure_paths(m: Measure, ed: Edition) -> list[str]:
    """The cells of `ed` that measure `m` adds up (a share: the cells of its parts)."""
    if m.table == "t4":
        return [f"t4.{k}" for k in m.rows]
    if m.table == "share":
        return [p for k in m.rows for p in measure_paths(BY_KEY[k], ed)]
    out: list[str] = []
    for prefix in m.rows:
        for row in ed.t3_data_rows:
            if row.path == prefix or row.path.startswith(prefix + "."):
                out.append(f"t3.{row.path}.{m.column}")
    return out


def _whole(v: object) -> int | None:
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, int):
        return v
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return None


def count(report: Report, m: Measure) -> int | None:
    ed = table_edition(report, m.table)
    paths = measure_paths(m, ed)
    if not paths:
        return None
    total = 0
    for p in paths:
        v = _whole(report.cells.get(p))
        if v is None:
            return None
        total += v
    return total


def measures_of(report: Report) -> dict[str, int | float | None]:
    """Every measure of one report (shares as fractions between 0 and 1, or None where a
    part is missing or the denominator is 0)."""
    out: dict[str, int | float | None] = {k: count(report, BY_KEY[k]) for k in COUNT_KEYS}
    return shares_of(out)


def shares_of(counts: dict[str, int | float | None]) -> dict[str, int | float | None]:
    """The counts with the shares computed from them: for one report, or for the sums of
    several (a region's, a year's), where a share is the share of the sums."""
    out = dict(counts)
    out["granted_share"] = _share(
        (out.get("granted"), out.get("partially_granted")), (out.get("results_total"),)
    )
    out["corrected_share"] = _share(
        (out.get("reviews_corrected"), out.get("lawsuits_corrected")),
        (out.get("reviews"), out.get("lawsuits")),
    )
    return out


def year_on_year(
    current: dict[str, int | float | None], previous: dict[str, int | float | None] | None
) -> dict[str, float | None]:
    """Change against the year before: relative for counts (0.25 = +25 %), in points for
    shares; None where either side is missing or the previous count is 0."""
    out: dict[str, float | None] = {}
    for m in MEASURES:
        a = current.get(m.key)
        b = previous.get(m.key) if previous else None
        if not isinstance(a, int | float) or not isinstance(b, int | float):
            out[m.key] = None
        elif m.table == "share":
            out[m.key] = round(a - b, 4)
        else:
            out[m.key] = round((a - b) / b, 4) if b else None
    return out


def _share(parts: tuple[object, ...], whole: tuple[object, ...]) -> float | None:
    if any(x is None for x in (*parts, *whole)):
        return None
    denominator = sum(whole)  # type: ignore[arg-type]
    if denominator == 0:
        return None
    return sum(parts) / denominator  # type: ignore[arg-type]


def cells_of(report: Report, key: str) -> list[str]:
    """The cells of `report` measure `key` was computed from."""
    m = BY_KEY[key]
    ed = table_edition(report, "t4" if m.table == "t4" else "t3")
    if m.table == "share":
        return [p for k in m.rows for p in cells_of(report, k)]
    return measure_paths(m, ed)


def cells_for_edition(key: str, edition_name: str) -> list[str]:
    """The cells measure `key` adds up in a report whose tables all follow one edition."""
    m = BY_KEY[key]
    if m.table == "share":
        return [p for k in m.rows for p in cells_for_edition(k, edition_name)]
    return measure_paths(m, edition(edition_name))
