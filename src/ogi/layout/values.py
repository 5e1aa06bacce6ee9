"""What lies between two row labels: the row's cells as printed."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from ogi import patterns
from ogi.blocks import EDGE, STRIKE, TURNED, UNREAD, UNSEEN
from ogi.normalize import foreign_digit, is_cjk, soft

# A number, its thousands grouped by commas or not (NFKC has made the full-width comma a
# typist writes, 1，246, into ","): the groups after the first have exactly three digits,
# and the first does not start with 0 (0,246 groups no thousands).
NUM = r"[+-]?(?:[1-9]\d{0,2}(?:,\d{3})+|\d+)(?:\.\d+)?"
_UNIT = r"(?:万元|亿元|元)"
_VALUE = patterns.compile(rf"^({NUM})\s*({_UNIT})?$")
# A count written with its measure word inside the cell: 3件, 12项.
_MEASURE = "[件项个条次]"
_COUNTED = patterns.compile(rf"^({NUM})\s*({_MEASURE})$")
# A line of digits and separators alone: one grouped number (1,246), a number with a
# separator that groups nothing (12,46 1,2464 1, ,246 1、246), or several numbers the
# separators list (1,0,3)
# (its first separator taken as the first: a long run of them is read one way)
_SEPARATED = patterns.compile(r"^[+-]?[\d.]*[,、][\d,、.]*$")
_PLACEHOLDER = patterns.compile(r"^(?:/+|-+|\\|无|空|不适用|不涉及|暂无|未发生|x|×|\*)$", re.I)
# A number followed by a note in brackets: 22（其中修订16件）
# (a unit takes the space after it: `\s*(unit)?\s*` tries each split of a run of spaces)
_NOTED = patterns.compile(rf"^({NUM})\s*(?:({_UNIT}|{_MEASURE})\s*)?[(（\[](.+)[)）\]]$")
_BRACKETED = patterns.compile(r"[(\[][^()\[\]]*[)\]]")
_UNIT_AFTER = patterns.compile(rf"{_UNIT}|[件项个条次]")
_MONEY = patterns.compile(r"(\d)\s*(万元|亿元|元)")
_SIGNED_RUN = patterns.compile(r"(?<=\d)([-+])(?=\d)")
# what `_strip_labels` blanks: CJK characters (as `is_cjk`) and label punctuation
_LABEL_CHAR = patterns.compile(r'[\u4e00-\u9fff\u3400-\u4dbf()\[\]:,、;。"]')

# Note marks. NFKC (see `soft`) turns circled, parenthesised and superscript numbers
# into plain digits, so 18① would read as 181: a mark printed right after a digit, and
# a superscript digit anywhere (readers print <sup> and Word's raised runs as those),
# is set aside as a private-use character before the text is normalised.
_CIRCLED = "\u2460-\u249b\u24ea-\u24ff\u2776-\u2793\u3251-\u325f\u32b1-\u32bf"
_SUPERSCRIPT = "\u00b9\u00b2\u00b3\u2070\u2074-\u207f"
# (a circled number after a space and before a label is the label's enumerator: ① 行政许可)
# (These two are kept as text and compiled by `re` when a text first has a mark: most
# reports print none, and the first takes a millisecond to compile.)
_MARK_AFTER_DIGIT = (
    rf"(?<=\d)[ \t\u3000]*[{_CIRCLED}{_SUPERSCRIPT}*※†‡]+(?![ \t\u3000]*[\u3400-\u9fff])"
    rf"|(?<=\d)[{_CIRCLED}{_SUPERSCRIPT}*※†‡]+"
)
_SUPERSCRIPT_ANY = f"[{_SUPERSCRIPT}]+"
_SET_ASIDE = 0xF0000  # plane 15, private use: NFKC leaves it alone
_HAS_MARK = patterns.compile(f"[{_CIRCLED}{_SUPERSCRIPT}*※†‡]")
# Words that make the number they touch a reference to a note or not exact: 18注,
# 18（注1）, 约18, 18余, 18左右, 18（约）. They are set aside with the note marks: in
# run-together text the label text around a number is stripped, which would leave the
# bare 18. (注 before a colon starts a footnote: 1注：本表…; 注 before a number is a
# word of the cell, left to `worded`.)
_SP = r"[ \t\u3000]*"
_ABOUT = "约|估|估计|估算|预计|暂定|暂估|左右|以上|以下|余|多"
_QUALIFIER = patterns.compile(
    rf"(?:大约|约|近|逾|超过|不足|不到|少于|多于){_SP}(?=\d)"
    rf"|(?<=\d){_SP}(?:{_MEASURE}{_SP})?"
    rf"(?:注(?![:：])|余|多|左右|以上|以下"
    rf"|[(（]{_SP}(?:(?:见|详见)?备?注[^()（）]{{0,3}}|{_ABOUT}){_SP}[)）])"
)
_HAS_QUALIFIER = patterns.compile("[注约近逾超不少多余左以估预暂]")
_PUA = "\U000f0000-\U000fffff"
# A number with note marks or qualifying words set aside before or after it (a measure
# word or money unit may stand between: 18件（注）)
_MARKED = patterns.compile(rf"^[{_PUA}]*\s*({NUM})\s*(?:(?:{_UNIT}|{_MEASURE})\s*)?[{_PUA}]*$")


def _set_aside(m: re.Match[str]) -> str:
    return "".join(c if c in " \t\u3000" else chr(_SET_ASIDE + ord(c)) for c in m.group())


def _set_aside_all(m: re.Match[str]) -> str:
    # (the spaces too: 约 18 stays one piece when the text is split at spaces)
    return "".join(chr(_SET_ASIDE + ord(c)) for c in m.group())


def _protect(text: str) -> str:
    """`text` with its note marks and qualifying words set aside (`_MARK_AFTER_DIGIT`,
    `_QUALIFIER`)."""
    if _HAS_QUALIFIER.search(text) is not None:
        text = _QUALIFIER.sub(_set_aside_all, text)
    if _HAS_MARK.search(text) is None:
        return text
    text = re.sub(_MARK_AFTER_DIGIT, _set_aside, text)
    return re.sub(_SUPERSCRIPT_ANY, _set_aside, text)


def _foreign_digit(ch: str) -> bool:
    # (a note mark set aside by `_protect` is no digit either)
    return ord(ch) < _SET_ASIDE and foreign_digit(ch)


def _has_foreign_digit(text: str) -> bool:
    return not text.isascii() and any(_foreign_digit(c) for c in text)


def printed(text: str) -> str:
    """Text as printed, its set-aside note marks given back."""
    return "".join(chr(ord(c) - _SET_ASIDE) if ord(c) >= _SET_ASIDE else c for c in text)


@dataclass(slots=True)
class Chunk:
    """One printed cell value: a number (possibly several run together), a blank, or
    other text such as / or 无."""

    kind: str  # "num" | "blank" | "raw"
    text: str  # for num: the digits as printed (normalised); raw: the text as printed
    token: int
    unit: str | None = None
    note: str | None = None
    cell: bool = False  # a whole grid cell: its boundaries are certain, never split
    at: tuple[int, int] | None = None  # where in its line a number cut from a line stands
    # raw only: why a cell that looks like a number is not read as one (for `problems`)
    doubt: str | None = None
    # num only: why the reader is unsure of it, and whether it is taken where no sum can
    # vouch for it (`ogi.blocks.Cell.unsure`, `weak`)
    unsure: str | None = None
    weak: bool = False
    # num only: the measure word printed after a count (3件), which no amount of money has
    measure: str | None = None
    # the one number of a whole line of text between a row's label and the next (a table
    # copied one cell a line): as sure of its bounds as a cell once the row has two such
    line: bool = False


def as_read(chunk: Chunk, doubt: str | None, unsure: str | None, weak: bool) -> Chunk:
    """A number as its reader said of it (`ogi.blocks.Cell`, or an OCR line's
    `Block.line_unsure`): doubted, kept raw with the reason; unsure, marked to be taken
    only where a sum vouches for it (`ogi.layout.verify.check_unsure`). The chunk itself
    otherwise (parsed chunks are shared: the marks go on copies)."""
    if chunk.kind != "num":
        return chunk
    if doubt is not None:
        return Chunk("raw", chunk.text, chunk.token, cell=chunk.cell, at=chunk.at, doubt=doubt)
    if unsure is not None:
        return dataclasses.replace(chunk, unsure=unsure, weak=weak)
    return chunk


def marked(text: str, token: int) -> Chunk:
    """A number printed with a note mark (18①, 18¹, 18*): not read, with the reason."""
    shown = printed(text).strip()
    return Chunk("raw", shown, token, doubt=f"单元格印有注释标记：{shown}，未取数")


def not_plain(text: str, token: int) -> Chunk:
    """A cell with digits that is not one plain number (1,2; 3 8.8.): not read."""
    shown = printed(text).strip()
    return Chunk("raw", shown, token, doubt=f"单元格印有的不是单纯的数字：{shown}，未取数")


def _qualified(text: str, token: int) -> Chunk:
    """A number with note marks or words set aside beside it (`_protect`): a note mark
    when it refers to a note (18①, 18注, 注18), otherwise not one plain number (约18)."""
    shown = printed(text)
    if "注" in shown or _HAS_MARK.search(shown):
        return marked(text, token)
    return not_plain(text, token)


# A few words around one number in a cell: 18份, 共18, 18人次, 2024年 (at most four
# characters on a side: longer ones are a label with its number, 1本机关不掌握…)
_WORDED = patterns.compile(rf"^(\D{{0,4}}?)\s*({NUM})\s*(\D{{0,4}})$")
# an ordinal before a label's words: 3.其他, 2、重复申请, (1)予以公开
_ORDINAL_HEAD = patterns.compile(r"^[(\[]?\d{1,2}\s*[.、:)\]]")


def worded(text: str, token: int) -> Chunk | None:
    """A cell of a few words around one number (`_WORDED`), as the value it is not:
    withheld, with the reason; None for anything else. Where such a cell stands decides
    whether it is a value printed with words or a label or header (数据1): the caller
    asks only of a cell that stands where a value does."""
    if UNSEEN in text:
        if (doubt := _unseen_doubt(text, token)) is not None:
            return doubt
        text = _unseen_apart(text)[0]
    protected = _protect(text)
    if _has_foreign_digit(protected):
        return None  # ①自然人: a label with its enumerator
    s = soft(protected)
    m = _WORDED.match(s)
    if m is None or _ORDINAL_HEAD.match(s):
        return None
    words = m.group(1) + m.group(3)
    if not any(is_cjk(c) or ord(c) >= _SET_ASIDE for c in words):
        return None
    return _qualified(text, token)


def _num_chunks(s: str, token: int) -> list[Chunk] | None:
    """Whitespace-separated numbers/placeholders, or None if s holds anything else."""
    out: list[Chunk] = []
    parts = s.split()
    i = 0
    while i < len(parts):
        p = parts[i]
        # "12 万元", "12 件": a unit separated by a space belongs to the number before it
        if i + 1 < len(parts) and _UNIT_AFTER.fullmatch(parts[i + 1]):
            p += parts[i + 1]
            i += 1
        m = _VALUE.match(p) or _COUNTED.match(p)
        if m is None and _MARKED.match(p):
            out.append(_qualified(p, token))
        elif m:
            number = m.group(1).replace(",", "")
            if m.re is _VALUE:
                out.append(Chunk("num", number, token, unit=m.group(2)))
            else:
                out.append(Chunk("num", number, token, measure=m.group(2)))
        elif _PLACEHOLDER.match(p):
            out.append(Chunk("raw", p, token))
        else:
            return None
        i += 1
    return out


_UNIT_MARK = {"万元": "\x01", "亿元": "\x02", "元": "\x03"}


def _strip_text(s: str, noise: list[str]) -> str:
    """Remove label text from a fragment of run-together text, keeping the numbers
    and the money units written after them."""
    money = "元" in s
    if money:
        s = _MONEY.sub(lambda m: m.group(1) + _UNIT_MARK[m.group(2)], s)
    s = _strip_labels(s, noise)
    if money:
        for unit, mark in _UNIT_MARK.items():
            s = s.replace(mark, unit)
    return s


def _strip_labels(s: str, noise: list[str]) -> str:
    for phrase in noise:
        if phrase and phrase in s:
            s = s.replace(phrase, " ")
    s = _BRACKETED.sub(lambda m: " " if any(is_cjk(c) for c in m.group(0)) else m.group(0), s)
    return _LABEL_CHAR.sub(" ", s)


def parse_fragment(
    text: str, token: int, whole: bool, noise: list[str], alone: bool = False
) -> tuple[list[Chunk], str]:
    """Chunks in one fragment, and any text that was not a value (for diagnostics).

    A whole cell is a value only if it is nothing but a value: `数据1` is a header,
    not the number 1. A fragment cut out of run-together text is stripped of label
    text first. `alone`: the fragment is a whole line of text (a table copied one cell
    per line), so what it holds is as certain of its bounds as a cell's.
    """
    chunks, other = _parse(text, token, whole, noise, alone)
    if whole:
        for ch in chunks:
            ch.cell = True
    return chunks, other


def _separated(s: str, text: str, token: int) -> list[Chunk] | None:
    """A line that is digits and separators alone (`_SEPARATED`): one number when the
    separators group its thousands; not read when a separator groups nothing, as in a
    cell (12,46 is neither 1246 nor 12 and 46); None when two or more separators list
    several numbers (1,0,3: cells a copy joined by commas), which the caller splits."""
    if _SEPARATED.match(s) is None:
        return None
    if re.fullmatch(NUM, s):
        return [Chunk("num", s.replace(",", ""), token, cell=True)]
    inner = s.strip(",、")
    if inner != s or sum(c in ",、" for c in s) == 1:
        return [not_plain(text, token)]
    return None


def _unseen_doubt(text: str, token: int) -> Chunk | None:
    """A text with a digit the page holds but does not show (`ogi.blocks.UNSEEN`), or
    with a digit beside such text, as the value it is not: the number printed and the
    number the text layer spells differ. None for a text without digits, which is read
    as shown."""
    shown, hidden = _unseen_apart(text)
    if not any(c.isdigit() for c in shown + hidden):
        return None
    # (worded as the HTML reader words white text)
    message = (
        f"单元格中有看不见的文字“{hidden}”（以白色或极小字号印出，或在页面显示范围之外），未取数"
    )
    return Chunk("raw", shown.strip(), token, doubt=message)


def _unseen_apart(text: str) -> tuple[str, str]:
    """The text as shown, and the chars marked unseen (`ogi.blocks.UNSEEN`)."""
    shown: list[str] = []
    hidden: list[str] = []
    for k, c in enumerate(text):
        if c == UNSEEN:
            continue
        (hidden if text[k + 1 : k + 2] == UNSEEN else shown).append(c)
    return printed("".join(shown)), printed("".join(hidden))


def _noted(s: str, token: int) -> Chunk | None:
    """A number with a note in brackets after it that says what it holds (`_NOTED`), the
    note kept beside it; None for anything else."""
    m = _NOTED.match(s)
    if m is None:
        return None
    number, unit = m.group(1).replace(",", ""), m.group(2)
    if unit is not None and re.fullmatch(_MEASURE, unit):
        return Chunk("num", number, token, None, m.group(3), measure=unit)
    return Chunk("num", number, token, unit, m.group(3))


# The marks a PDF page's reader puts after digits whose number is not the one the page
# prints, and why, for the number shown without them
_DIGIT_MARKS = (
    (EDGE, "单元格中的数字“{}”紧贴页面边缘印出，可能被页面边缘截去一部分，未取数"),
    (TURNED, "单元格中的数字“{}”与页面其余文字方向不同（转向印出），未取数"),
)


def _parse(
    text: str, token: int, whole: bool, noise: list[str], alone: bool = False
) -> tuple[list[Chunk], str]:
    if STRIKE in text and any(c.isdigit() for c in text):
        # a value crossed out and another written beside it: which one the writer meant
        # is for the writer to say
        shown = printed(text).strip()
        return [
            Chunk("raw", shown, token, doubt=f"单元格中有删除线划去的内容：{shown}，未取数")
        ], ""
    for mark, why in _DIGIT_MARKS:
        if mark in text:
            # (only digits are marked: the text always holds one)
            shown = printed(text.replace(mark, "").replace(UNSEEN, "")).strip()
            return [Chunk("raw", shown, token, doubt=why.format(shown))], ""
    if UNSEEN in text:
        if (doubt := _unseen_doubt(text, token)) is not None:
            return [doubt], ""
        text = _unseen_apart(text)[0]
    protected = _protect(text)
    if _has_foreign_digit(protected):
        if whole:
            # ٣, 𝟓, a lone ①: not read as the digit it looks like (a cell with words,
            # ①自然人, is a label and is left to be one)
            if not any(is_cjk(c) for c in protected):
                return [not_plain(text, token)], ""
        else:
            # in run-together text they stand for no digit: the numbers they touch are
            # not read, and the row is short of a value, which the row's reading reports
            protected = "".join("\ufffd" if _foreign_digit(c) else c for c in protected)
    s = soft(protected)
    if not s:
        return ([Chunk("blank", "", token)] if whole else []), ""
    if whole:
        if s == UNREAD:
            return [Chunk("raw", s, token, doubt="单元格有字迹但未能识别，未取数")], ""
        if UNREAD in s and any(c.isdigit() for c in s):
            # a digit among them that could not be read: the number is not the rest
            doubt = f"单元格中的数字有未能识别的字符：{printed(s)}，未取数"
            return [Chunk("raw", printed(s), token, doubt=doubt)], ""
        got = _num_chunks(s, token)
        if got is not None:
            return got, ""
        if (noted := _noted(s, token)) is not None:
            return [noted], ""
        if not any(is_cjk(c) for c in s):
            # e.g. "1,2" or "18a": number-like, but which number is not sure; a mark
            # alone (²) is a number printed as a mark
            if any(ord(c) >= _SET_ASIDE for c in s):
                return [_qualified(text, token)], ""
            if any(c.isdigit() for c in s):
                return [not_plain(text, token)], ""
        return [], printed(s)
    if alone:
        # a line as certain of its bounds as a cell: words around its number are the
        # number's (18份), not label text to strip
        if (got := _separated(s, text, token)) is not None:
            return got, ""
        if (plain := _num_chunks(s, token)) is not None:
            return plain, ""
        if (word := worded(text, token)) is not None:
            return [word], ""
        if (noted := _noted(s, token)) is not None:
            return [noted], ""
    # run-together signed cells: 2648-18538 is 2648 then -18538
    stripped = _strip_text(s, noise)
    if "-" in stripped or "+" in stripped:
        stripped = _SIGNED_RUN.sub(r" \1", stripped)
    got = _num_chunks(stripped, token)
    if got is not None:
        return got, ""
    chunks: list[Chunk] = []
    for p in stripped.split():
        g = _num_chunks(p, token)
        if g:
            chunks += g
    return chunks, printed(s)
