"""A printed agency name: normalised, and what its wording says of its kind and level."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources

import yaml

from ogi import patterns

# Bodies below the county (Art. 49 of the Regulation does not name them).
_TOWNSHIP = patterns.compile(r"(镇|乡|街道|街道办事处|苏木)(人民政府|办事处)?$")
# Development and pilot zones are run by a management committee, not a government.
_ZONE = patterns.compile(r"(管委会|管理委员会|开发区|实验区|新区管委会|高新区|示范区)$")
# The general office of a government publishes a department's report of its own.
_OFFICE = patterns.compile(r"人民政府办公(室|厅)$")
_GOVERNMENT = patterns.compile(r"人民政府(本级)?$")
_NATIONAL = patterns.compile(r"^(国务院|国家|中国|中华人民共和国|最高人民)")

KINDS_ZH = {
    "government": "人民政府",
    "department": "政府部门",
    "township": "乡镇（街道）",
    "zone": "开发区、管委会",
}
LEVELS_ZH = {
    "national": "国家级",
    "province": "省级",
    "city": "市级",
    "county": "县级",
    "township": "乡镇级",
}


def normalise_name(name: str) -> str:
    """One spelling of a printed name: full-width forms folded, traditional characters
    made simplified, spaces and surrounding punctuation dropped."""
    from ogi.normalize import clean

    s = clean(unicodedata.normalize("NFKC", name))
    s = s.strip(':,。.、;()[]《》<>"-')
    return s.removesuffix("本级")


@cache
def _short_forms() -> dict[str, str]:
    text = resources.files("ogi.agencies").joinpath("short_forms.yaml").read_text("utf-8")
    forms = yaml.safe_load(text) or {}
    # the longest first, so that 市场监管局 is written out before 管委会 could be
    return dict(sorted(((k, v) for k, v in forms.items() if k != v), key=lambda kv: -len(kv[0])))


def full_form(name: str) -> str:
    """The name with a known short form of its body written out (上海市科委 →
    上海市科学技术委员会), and a township named bare given its government (冷子堡镇 →
    冷子堡镇人民政府)."""
    for short, full in _short_forms().items():
        if name.endswith(short) and not name.endswith(full):
            name = name[: -len(short)] + full
            break
    if re.search(r"(实验区|开发区|高新区|示范区|合作区)$", name):
        name += "管理委员会"  # a zone named bare is its management committee
    elif re.search(r"[^街](镇|乡)$", name):
        name += "人民政府"
    elif name.endswith("街道"):
        name += "办事处"
    return name


def kind_of(name: str) -> str:
    """government / department / township / zone, from the wording alone."""
    if _TOWNSHIP.search(name):
        return "township"
    if _OFFICE.search(name):
        return "department"
    if _ZONE.search(name):
        return "zone"
    if _GOVERNMENT.search(name):
        return "government"
    return "department"


def is_national(name: str) -> bool:
    return bool(_NATIONAL.search(name))
