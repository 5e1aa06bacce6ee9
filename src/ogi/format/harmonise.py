"""Every edition's cells on the newest edition's keys (`data/harmonise.yaml`).

A report of 2019 and one of 2024 then have the same columns: shared keys carry over, the
newer key filled from a near-equivalent older cell is marked "approx", keys the older
edition cannot fill are left empty and marked "none", and the group totals of table 三
(printed without numbers) are derived by adding their rows in every edition.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml

from ogi.format import edition, editions

Comparability = Literal["same", "derived", "approx", "none"]

Value = int | float | None


@dataclass(frozen=True)
class HarmonisedKey:
    """One column of the harmonised view."""

    key: str
    table: str
    label: str  # Chinese, as the format prints the row and column
    # per source edition: how the value is obtained, and the cells it comes from
    comparability: dict[str, Comparability]
    sources: dict[str, tuple[str, ...]]
    note: str = ""


@cache
def _spec() -> dict[str, Any]:
    text = resources.files("ogi.format").joinpath("data", "harmonise.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def comparability_meanings() -> dict[str, tuple[str, str]]:
    """Each comparability value with its Chinese name and meaning, as the data gives them."""
    return {k: (v["zh"], v["meaning"]) for k, v in _spec()["comparability"].items()}


def _expand(template: str) -> list[tuple[str, str]]:
    """(column key, path) for each table-三 leaf column when the template has `{col}`."""
    if "{col}" not in template:
        return [("", template)]
    cols = edition(target_edition()).t3_columns
    return [(c.key, template.replace("{col}", c.key)) for c in cols]


def target_edition() -> str:
    return str(_spec()["target"])


def _label(path: str) -> str:
    from ogi.format.labels import cell_label

    for name in sorted(editions(), reverse=True):
        if path in edition(name).cell_paths():
            return cell_label(edition(name), path)
    return path


@cache
def harmonised_keys() -> tuple[HarmonisedKey, ...]:
    """The columns of the harmonised view, in the target edition's printed order, derived
    totals after table 三's rows."""
    spec = _spec()
    target = edition(target_edition())
    olds = [name for name in editions() if name != target.name]
    approx = {a["key"]: a for a in spec.get("approximate") or []}
    none: dict[str, str] = {}
    for item in spec.get("not_comparable") or []:
        for _, path in _expand(item["key"]):
            none[path] = item.get("note", "")
    out: list[HarmonisedKey] = []
    for path in target.cell_paths():
        comp: dict[str, Comparability] = {target.name: "same"}
        src: dict[str, tuple[str, ...]] = {target.name: (path,)}
        note = ""
        for old in olds:
            if path in approx and old in approx[path]["from"]:
                comp[old] = "approx"
                src[old] = (approx[path]["from"][old],)
                note = approx[path].get("note", "")
            elif path in edition(old).cell_paths():
                comp[old] = "same"
                src[old] = (path,)
            else:
                comp[old] = "none"
                src[old] = ()
                note = none.get(path, note)
        out.append(HarmonisedKey(path, path[:2], _label(path), comp, src, note))
    for d in spec.get("derived") or []:
        for col, path in _expand(d["key"]):
            src = {
                name: tuple(p.replace("{col}", col) for p in parts)
                for name, parts in d["from"].items()
            }
            comp = {name: "derived" for name in src}
            col_label = _label(f"t3.new_received.{col}").split("/", 1)[-1] if col else ""
            label = f"{d['label']}/{col_label}" if col_label else d["label"]
            out.append(HarmonisedKey(path, "t3", label, comp, src, d.get("meaning", "")))
    return tuple(out)


def dropped() -> dict[str, str]:
    """Older cells with no counterpart in the harmonised view, with the reason."""
    return {d["key"]: d.get("note", "") for d in _spec().get("dropped") or []}


def _table_edition(report: Any, table: str) -> str | None:
    ed = (report.table_editions or {}).get(table) if table in ("t2", "t3") else None
    ed = ed or (report.edition if report.edition in editions() else None)
    if ed is None and report.report_year:
        from ogi.format import edition_for_year

        e = edition_for_year(report.report_year)
        ed = e.name if e else None
    return ed or target_edition()


def harmonise(report: Any) -> dict[str, tuple[Value, Comparability]]:
    """The report's values on the harmonised keys, each with how it was obtained. A derived
    value is only given when every part is a number (a blank part leaves it empty: never a
    silent partial sum)."""
    out: dict[str, tuple[Value, Comparability]] = {}
    cells = report.cells
    for k in harmonised_keys():
        ed = _table_edition(report, k.table)
        comp = k.comparability.get(ed, "none")
        parts = k.sources.get(ed, ())
        if comp == "none" or not parts:
            out[k.key] = (None, "none")
            continue
        values = [cells.get(p) for p in parts]
        if len(values) == 1:
            out[k.key] = (values[0], comp)
        elif all(isinstance(v, int | float) for v in values):
            total = sum(values)  # type: ignore[arg-type]
            out[k.key] = (round(total, 6) if isinstance(total, float) else total, comp)
        else:
            out[k.key] = (None, comp)
    return out
