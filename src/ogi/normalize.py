"""Text normalisation for matching printed labels against the format.

Matching works on a *clean* form of the text: NFKC (full-width letters, digits and
punctuation become half-width; Kangxi radicals such as ⽂ become 文), traditional
characters converted to simplified, quotes unified, whitespace removed. The original
text is never changed: `CleanText` keeps, for every clean character, where it came from.
"""

from __future__ import annotations

import importlib.util
import json
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import chain, count, repeat
from operator import itemgetter, mul
from pathlib import Path

from ogi.memo import short_memo

# CJK radicals supplement characters that NFKC leaves alone but PDFs emit for common
# characters.
_RADICALS = {
    "⺠": "民",
    "⻓": "长",
    "⻔": "门",
    "⻚": "页",
    "⻛": "风",
    "⻅": "见",
    "⻋": "车",
    "⻜": "飞",
    "⻢": "马",
    "⻥": "鱼",
    "⻉": "贝",
    "⻘": "青",
    "⻝": "食",
    "⻩": "黄",
    "⻬": "齐",
    "⻮": "齿",
    "⻰": "龙",
    "⻳": "龟",
}
_QUOTES = {
    "“": '"',
    "”": '"',
    "„": '"',
    "‘": '"',
    "’": '"',
    "'": '"',
    "「": '"',
    "」": '"',
    "『": '"',
    "』": '"',
    "〝": '"',
    "〞": '"',
}
_DASHES = {"—": "-", "–": "-", "－": "-", "−": "-", "―": "-", "‐": "-", "‑": "-"}
# OCR reads the enumeration comma 、 as the rare character 丶 (a dot radical).
_OTHER = {
    "丶": "、",
    "〔": "[",
    "〕": "]",
    "【": "[",
    "】": "]",
    "．": ".",
    "。": "。",
    "､": "、",
    "·": "·",
    "﹒": ".",
    "〇": "〇",
}


@cache
def _simplified() -> tuple[str, str]:
    """zhconv's mainland-simplified table (zh2Hans overlaid with zh2CN, what
    `zhconv.convert(ch, "zh-cn")` looks a character up in), for single characters: the
    traditional characters in order, and the simplified one of each at the same place.
    Read from zhconv's data file without importing the module, which pulls in
    pkg_resources and would cost a third of a command's start-up. (Two strings, searched
    by bisection: a process loads them at once, where a dict of 8,500 characters took
    milliseconds to rebuild for every command.)"""
    from ogi.format.compiled import cached

    spec = importlib.util.find_spec("zhconv")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("zhconv")
    source = Path(spec.submodule_search_locations[0]) / "zhcdict.json"

    def build() -> tuple[str, str]:
        data = json.loads(source.read_bytes())
        table = {**data["zh2Hans"], **data["zh2CN"]}
        pairs = sorted((k, v) for k, v in table.items() if len(k) == 1 and len(v) == 1)
        return "".join(k for k, _ in pairs), "".join(v for _, v in pairs)

    return cached("simplified-pairs", [source], build)  # half a megabyte of JSON, once


def _simple(ch: str) -> str:
    """The simplified form of one character (itself if it has none)."""
    traditional, simplified = _simplified()
    i = bisect_left(traditional, ch)
    return simplified[i] if i < len(traditional) and traditional[i] == ch else ch


def to_simplified(text: str) -> str:
    """`text` with each traditional character in its mainland simplified form, character
    by character (zhconv's table, without zhconv's import cost)."""
    return "".join(_simple(c) if c >= "\u3000" else c for c in text)  # (none below)


# Characters that print nothing and move nothing: zero-width spaces and joiners, the
# word joiner and invisible operators, the soft hyphen, and the marks and embeddings
# that set text left to right (and the ends of embeddings). Those that set text right
# to left (U+200F, U+202B, U+202E, U+2067, U+2068) are kept: around or between digits
# they can change the order the digits are shown in (an embedding of 12, U+200F, 34
# right to left shows 3412), so a number with them stays a doubtful one.
_INVISIBLE = frozenset(
    "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad"
    "\u200e\u202a\u202d\u2066\u202c\u2069"
)


@lru_cache(maxsize=65536)
def norm_char(ch: str) -> str:
    """The clean form of one character (may be empty or several characters)."""
    if ch.isspace() or ch in _INVISIBLE:
        return ""
    if ch in _RADICALS:
        return _RADICALS[ch]
    if ch in _QUOTES:
        return _QUOTES[ch]
    if ch in _DASHES:
        return "-"
    out = unicodedata.normalize("NFKC", ch)
    if out in _OTHER:
        out = _OTHER[out]
    if len(out) == 1 and "\u4e00" <= out <= "\u9fff":
        out = _simple(out)
    return "".join(c for c in out if not c.isspace())


def clean(text: str) -> str:
    """Clean form of a string (for comparing labels)."""
    if len(text) <= 64:  # labels and cells: the same few hundred texts again and again
        return _clean_token.kept(text)[0]
    return "".join(norm_char(c) for c in text)


def soft(text: str) -> str:
    """Like `clean` but keeps single spaces where the text had whitespace, for parsing
    numbers whose separation matters."""
    # (each run of whitespace, U+3000 included, one space: `str.split` finds the runs,
    # and the characters between them are cleaned by C loops)
    return " ".join(["".join(map(norm_char, part)) for part in text.split()]).strip()


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


# how long a token is kept for asking again (cells and labels are short; a paragraph is
# printed once, and a hostile file's long cells would fill memory)
KEPT_TOKEN = 256


@short_memo(KEPT_TOKEN, maxsize=16384)
def _clean_token(text: str) -> tuple[str, tuple[int, ...]]:
    """The clean form of one token and, for each clean character, its offset in the
    token. A report prints the same cell ("0", "—") hundreds of times."""
    # (C loops, not a Python one: a report's lines are new to the cache, character by
    # character the clean form took a fifth of building a report's stream)
    parts = list(map(norm_char, text))
    out = "".join(parts)
    if len(out) == len(text) and "" not in parts:
        return out, tuple(range(len(text)))  # each character one clean character
    return out, tuple(chain.from_iterable(map(repeat, range(len(text)), map(len, parts))))


_FIRST, _SECOND = itemgetter(0), itemgetter(1)


@dataclass
class CleanText:
    """The clean text of a token stream, with each clean character's origin."""

    text: str = ""
    token: list[int] = field(default_factory=list)  # clean index → token index
    offset: list[int] = field(default_factory=list)  # clean index → char offset in token

    @classmethod
    def of(cls, tokens: list[str]) -> CleanText:
        short = _clean_token.kept
        # (`_clean_token`'s bound checked here, for all tokens at once where none is
        # long, as in nearly every report; the lists are then made by C loops: a report
        # has a few hundred tokens)
        if max(map(len, tokens), default=0) <= KEPT_TOKEN:
            done = list(map(short, tokens))
        else:
            done = [short(t) if len(t) <= KEPT_TOKEN else _clean_token(t) for t in tokens]
        chars = list(map(_FIRST, done))
        # each token's index as often as it has clean characters: (ti,) * n, joined
        tok = list(chain.from_iterable(map(mul, zip(count()), map(len, chars))))
        return cls("".join(chars), tok, list(chain.from_iterable(map(_SECOND, done))))

    def origin(self, i: int) -> tuple[int, int]:
        """(token, offset) of clean index i; i == len(text) maps past the last token."""
        if i >= len(self.text):
            return (self.token[-1] + 1, 0) if self.token else (0, 0)
        return self.token[i], self.offset[i]

    def end_origin(self, i: int) -> tuple[int, int]:
        """(token, offset just past the char) for an exclusive clean end index i."""
        if i <= 0:
            return (0, 0)
        t, o = self.token[i - 1], self.offset[i - 1]
        return t, o + 1


@lru_cache(maxsize=4096)
def foreign_digit(ch: str) -> bool:
    """Whether `ch` is a digit of another script (٣, 𝟓) or a number sign that NFKC turns
    into digits (¹, ①, ⑽, ½). Only ASCII and full-width digits are digits of a report or
    a ledger: NFKC makes 5¹ into 51, and int() and float() read ١٢ as 12. (Chinese
    numerals such as 〇 are words, not digits.)"""
    if ch.isascii() or "０" <= ch <= "９":
        return False
    kind = unicodedata.category(ch)
    if kind == "Nd":
        return True
    if kind in ("No", "Nl"):
        return any("0" <= c <= "9" for c in unicodedata.normalize("NFKC", ch))
    return False
