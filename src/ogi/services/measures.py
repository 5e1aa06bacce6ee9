"""The measures FOI statistics offices publish (applications received, share granted,
refusal grounds, backlog, reconsideration and litigation and the share corrected), for
one report, from its harmonised cells (`format/data/measures.yaml`), and year-on-year."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from ogi.format.harmonise import harmonise


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    en: str
    parts: tuple[str, ...] = ()  # harmonised cell keys added up
    share: tuple[tuple[str, ...], str] | None = None  # (numerator measures, denominator)

    @property
    def is_share(self) -> bool:
        return self.share is not None


@cache
def measures() -> tuple[Measure, ...]:
    text = resources.files("ogi.format").joinpath("data", "measures.yaml").read_text("utf-8")
    out = []
    for m in yaml.safe_load(text)["measures"]:
        share = None
        if "share" in m:
            num, den = m["share"]
            share = (tuple(num), den)
        out.append(Measure(m["key"], m["label"], m["en"], tuple(m.get("sum") or ()), share))
    return tuple(out)


def compute(report: Any) -> dict[str, int | float | None]:
    """Every measure for one report; empty where a cell it needs is empty, and a share
    is empty when its denominator is 0."""
    h = {k: v for k, (v, _comp) in harmonise(report).items()}
    out: dict[str, int | float | None] = {}
    for m in measures():
        if m.share is None:
            vals = [h.get(p) for p in m.parts]
            out[m.key] = (
                sum(vals)  # type: ignore[arg-type]
                if vals and all(isinstance(v, int | float) for v in vals)
                else None
            )
        else:
            num_keys, den_key = m.share
            num = [out.get(k) for k in num_keys]
            den = out.get(den_key)
            if (
                isinstance(den, int | float)
                and den
                and all(isinstance(v, int | float) for v in num)
            ):
                out[m.key] = round(sum(num) / den, 4)  # type: ignore[arg-type]
            else:
                out[m.key] = None
    return out


def year_on_year(
    current: dict[str, int | float | None], previous: dict[str, int | float | None] | None
) -> dict[str, float | None]:
    """Relative change of each count against the previous year (0.25 = +25 %); shares
    change by their difference in points. Empty where either side is empty or zero."""
    out: dict[str, float | None] = {}
    for m in measures():
        a = current.get(m.key)
        b = previous.get(m.key) if previous else None
        if not isinstance(a, int | float) or not isinstance(b, int | float):
            out[m.key] = None
        elif m.is_share:
            out[m.key] = round(a - b, 4)
        else:
            out[m.key] = round((a - b) / b, 4) if b else None
    return out
