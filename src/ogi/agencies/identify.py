"""Who issued a report: a canonical name, region, kind, level and a stable id.

"洪泽区人民政府" and "淮安市洪泽区人民政府" are one agency: the canonical name spells out
the region down to the finest level named (city and county for a county's bodies), then
the body. The stable id is the division code and a digest of the canonical name, so the
same agency has the same id in every store and on every run.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from ogi import patterns
from ogi.agencies.names import full_form, is_national, kind_of, normalise_name
from ogi.agencies.regions import Region, locate, misread, same_name_counties

# City-level entries that are not a city (a province-level city's districts, counties
# directly under a province): the canonical name skips them.
_NOT_A_CITY = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")
_YEAR = patterns.compile(r"(19|20)\d{2}\s*年|[〇零一二三四五六七八九]{4}\s*年")


@dataclass(frozen=True)
class Identity:
    printed: str  # the name as the report printed it (normalised)
    canonical: str  # full name used as the agency's name in the store
    region: Region | None
    kind: str  # government / department / township / zone
    level: str | None  # national / province / city / county / township
    certain: bool = True  # False: the region was guessed from a misread name
    candidate: str | None = None  # for an uncertain match: the agency it may be

    @property
    def code(self) -> str:
        """Stable id: six-digit division code (000000 where none) and a digest."""
        return stable_id(self.canonical, self.region.adcode if self.region else None)


def stable_id(canonical: str, adcode: str | None) -> str:
    digest = hashlib.sha1(canonical.encode("utf-8")).hexdigest()[:8]
    return f"{adcode or '000000'}-{digest}"


def _prefix(r: Region) -> str:
    city = r.city if r.city and r.city not in _NOT_A_CITY else None
    if r.rank == "province":
        return r.province or ""
    if r.rank == "city":
        return city or r.province or ""
    if city:
        return city + (r.county or "")
    # a district of a province-level city (上海市浦东新区), or a county under a province
    municipality = (r.province or "").endswith("市")
    return ((r.province or "") if municipality else "") + (r.county or "")


def _level(kind: str, name: str, region: Region | None) -> str | None:
    if kind == "township":
        return "township"
    if region is None:
        if is_national(name):
            return "national"
        # the place is unknown, its rank is not: 某某县人民政府 is a county's body
        m = re.search(
            r"(省|自治区|市|州|盟|县|区|旗)(人民政府|[^省市县区]{1,12}(局|委员会|办公室|厅))", name
        )
        ranks = {"省": "province", "自治区": "province", "市": "city", "州": "city", "盟": "city"}
        return ranks.get(m.group(1), "county") if m else None
    if region.rank == "county":
        return "county"
    if region.rank == "city":
        return "city"
    return "province"


def _evidence(candidates: list[Region], context: str, by: str) -> Region | None:
    """The one candidate whose place name (`by`: its county, or the city/province above
    it) the context (title, page, opening text) also uses."""
    ctx = normalise_name(context)

    def named(r: Region) -> bool:
        if by == "county":
            return bool(r.county and r.county[:-1] in ctx)
        city = r.city if r.city and r.city not in _NOT_A_CITY else None
        return bool((city and city in ctx) or (r.province and r.province in ctx))

    hits = [r for r in candidates if named(r)]
    return hits[0] if len(hits) == 1 else None


def identify_name(name: str, context: str = "") -> Identity | None:
    """The identity of a printed name. `context` (the title, page metadata, URL, opening
    text) supplies the region when the name alone does not say it, and is the evidence
    that makes a misread or ambiguous place name a candidate."""
    printed = normalise_name(name or "")
    if len(printed) < 2:
        return None
    full = full_form(printed)
    if full != printed:
        ident = identify_name(full, context)
        if ident is not None:
            return Identity(printed, *_rest(ident))
    region = locate(printed)
    if region is None and context:
        # "人民政府办公室" on a page whose title names 示例县: the title's region, when
        # the name follows it there.
        ctx = normalise_name(context)
        r = locate(ctx)
        if r is not None and r.certain and r.end > 0 and ctx[r.end :].startswith(printed):
            canonical = _prefix(r) + printed
            kind = kind_of(canonical)
            return Identity(printed, canonical, r, kind, _level(kind, canonical, r))
    if region is not None and region.how == "ambiguous":
        pick = _evidence(same_name_counties(region.county or ""), context, "parent")
        if pick is not None:
            region = Region(*_fields(pick), how="named", end=region.end)
    if region is None:
        kind = kind_of(printed)
        guess = _evidence(misread(printed), context, "county")
        if guess is not None:
            full = _prefix(guess) + printed[guess.end :]
            return Identity(printed, printed, None, kind, _level(kind, printed, None), False, full)
        return Identity(printed, printed, None, kind, _level(kind, printed, None))
    if not region.certain:
        kind = kind_of(printed)
        options = "、".join(_prefix(r) for r in same_name_counties(region.county or ""))
        return Identity(printed, printed, None, kind, _level(kind, printed, None), False, options)
    body = printed[region.end :] if region.how == "named" and region.end > 0 else printed
    canonical = _prefix(region) + body if region.how == "named" else printed
    kind = kind_of(canonical)
    return Identity(printed, canonical, region, kind, _level(kind, canonical, region))


def _rest(i: Identity) -> tuple:  # type: ignore[type-arg]
    return (i.canonical, i.region, i.kind, i.level, i.certain, i.candidate)


def _fields(r: Region) -> tuple[str | None, str | None, str | None, str, str]:
    return (r.province, r.city, r.county, r.adcode, r.rank)


def issuer_of(report: Any) -> str | None:
    """The issuing body a report names: its stated agency, else the title's words before
    the year, else the page's 发布机构."""
    if report.agency:
        return str(report.agency)
    title = normalise_name(report.title or "")
    m = _YEAR.search(title)
    if m and m.start() >= 2:
        return title[: m.start()]
    md = report.metadata or {}
    return md.get("issuer") or None


def identify(report: Any) -> Identity | None:
    name = issuer_of(report)
    if not name:
        return None
    md = report.metadata or {}
    opening = report.sections[0].text[:500] if report.sections else ""
    context = " ".join(
        x for x in (report.title, md.get("issuer"), md.get("url"), report.source.path, opening) if x
    )
    return identify_name(name, context)
