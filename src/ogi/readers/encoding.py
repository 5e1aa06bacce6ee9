"""Bytes to text for the text-like forms (txt, md, html)."""

from __future__ import annotations

import codecs
import re

from ogi.blocks import ReadError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(
    data: bytes, name: str = "", declared: str | None = None, problems: list[str] | None = None
) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16, GBK/GB18030 and, `declared` so, Big5.

    UTF-8 is tried first because it almost never decodes non-UTF-8 Chinese text by
    accident; Big5 when declared (`_BIG5`); GB18030 (a superset of GBK and GB2312) next;
    charset detection last.
    Text that is mostly control characters is refused as binary. Text `declared` UTF-8
    (by a web page's <meta charset>) that mostly is, but holds bytes that are not (a
    block pasted in from a GBK page), is read as UTF-8 with those bytes replaced, and
    `problems` says so: GB18030 would decode all of it, the UTF-8 Chinese into other
    characters.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _check(data.decode(enc, errors="replace"))
    if data[:2000].count(b"\x00") > 20:
        # UTF-16 without a BOM: every other byte of ASCII text is NUL.
        even, odd = data[0:2000:2].count(0), data[1:2000:2].count(0)
        enc = "utf-16-le" if odd > even else "utf-16-be"
        try:
            return _check(data[: len(data) // 2 * 2].decode(enc))  # an odd byte: cut short
        except UnicodeDecodeError:
            raise ReadError("二进制文件，不是文本") from None
    big5 = declared is not None and declared.replace("_", "-") in _BIG5_NAMES
    for enc in ("utf-8", "gb18030"):
        big5_text = _decoded(data, _BIG5) if enc == "gb18030" else None
        if big5_text is not None and (big5 or _reads_better(big5_text, data)):
            return _check(big5_text)
        try:
            return _check(data.decode(enc))
        except UnicodeDecodeError as e:
            # A download cut short ends inside a character: the rest is still good text.
            if e.end >= len(data) and e.start >= len(data) - 4:
                try:
                    return _check(data[: e.start].decode(enc))
                except UnicodeDecodeError:
                    pass
        # A few damaged bytes (a flipped bit, a spliced download) in otherwise good text:
        # read the rest rather than lose the report; the damage shows as U+FFFD. Tried
        # before the next encoding, which may decode the damaged text into other characters.
        text = data.decode(enc, errors="replace")
        damaged = text.count("\ufffd") - _count_fffd(data, enc)
        if damaged <= _FEW_DAMAGED:
            return _check(text)
        if enc == "utf-8" and declared == "utf-8" and _mostly_utf8(text, damaged):
            if problems is not None:
                problems.append(
                    f"网页声明其编码为 UTF-8，但其中有 {damaged} 处字节不是 UTF-8"
                    "（可能混有其他编码的文字），未能读出，其余按 UTF-8 读取"
                )
            return text  # (not `_check`ed: the damage may be all in its first lines)
        if damaged * _DAMAGE_RATIO <= len(text):
            return _check(text)
    from charset_normalizer import from_bytes  # slow to import; rarely needed

    best = from_bytes(data).best()
    if best is None:
        raise ReadError("无法识别文本编码（不是 UTF-8、GBK 或 UTF-16）")
    return _check(str(best))


# The names a page declares Big5 (traditional characters, as Taiwan and Hong Kong
# write them) by, and the codecs tried for it: Big5 with Hong Kong's characters, then
# Microsoft's. GB18030 decodes Big5 bytes without an error, into other characters, so a
# page declared Big5 is decoded so first; GBK text declared Big5 by mistake fails to
# decode as Big5 within its first words, and is read as before.
_BIG5_NAMES = frozenset(("big5", "big5-hkscs", "big5hkscs", "cp950", "x-x-big5", "csbig5"))
_BIG5 = ("big5hkscs", "cp950")


# The commonest characters of Chinese prose and of these reports, simplified and
# traditional: text decoded by its own encoding is full of them, text decoded by
# another has few.
_COMMON = frozenset(
    "一三上下不与业两並个中为主义之九也了事二于五些产人从他代以们件任会但位体作使來信個們"
    "做先入內全兩公关其内决几出分则別利别到制則前力办加动動化区區十原去县又及发取变只可各"
    "合同后向告员和品員問四回因国國在地基報处外多大天好如子学學它定实家實对将將對小少就展"
    "工已市常平年并幾应府度建开式強强当形很後得從心必性总息情想意應成我或所把报指据接提據"
    "放政数數文新方於无日时明是時最會月有期本机条来果样根條業樣機次正此比民水求決沒没法活"
    "点無然爲物特现現理生產用由申當發的直相省看着知社种程種立第等管系級組結經縣總级组经结"
    "義者而能自與處行表被裏要見见解計設說請論變计论设说请資質质资起較较辦过运还这进這通進"
    "運過還那部都里重量鎮镇長长開間關问间面題题體高點"
)


def _common_share(text: str) -> float:
    """The share of a text's Chinese characters that are among `_COMMON`."""
    cjk = re.findall(_CJK, text)
    return sum(c in _COMMON for c in cjk) / len(cjk) if cjk else 0.0


def _reads_better(big5: str, data: bytes) -> bool:
    """Whether bytes that decode as Big5 (`big5`) are Big5 text rather than GBK, though
    no page says so: as Big5, many more of its characters are common ones. (GBK text
    seldom decodes as Big5 at all.)"""
    try:
        gbk = data.decode("gb18030")
    except UnicodeDecodeError:
        return True
    share = _common_share(big5)
    return share >= _COMMON_SHARE and share >= 2 * _common_share(gbk)


_COMMON_SHARE = 0.2


def _decoded(data: bytes, codecs_tried: tuple[str, ...]) -> str | None:
    """`data` decoded without an error by the first of `codecs_tried` that can."""
    for codec in codecs_tried:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return None


_FEW_DAMAGED = 2  # damaged characters accepted in any text
_DAMAGE_RATIO = 25  # and up to one in this many characters (4 %)


# Chinese characters encoded as UTF-8 (three bytes each). GBK text read as UTF-8 gives
# few of them by chance (about one in a hundred of its characters), and many U+FFFD.
# (Kept as text, compiled by `re` when a text in doubt first needs it: a class of 27,000
# characters takes a millisecond to compile, which a clean UTF-8 file never repays.)
_CJK = "[\u3400-\u9fff]"
_MIN_CJK = 100


def _mostly_utf8(text: str, damaged: int) -> bool:
    """Whether UTF-8 text with `damaged` characters replaced is mostly UTF-8: its
    Chinese characters are many, and not a handful beside the damage."""
    cjk = len(re.findall(_CJK, text))
    return cjk >= _MIN_CJK and cjk * 4 >= damaged


def _count_fffd(data: bytes, enc: str) -> int:
    """U+FFFD characters the file itself contains (not produced by decoding)."""
    return data.count("\ufffd".encode(enc))


# the control characters `binary_characters` counts, as bytes
_CONTROL = bytes(range(0x00, 0x09)) + bytes(range(0x0E, 0x20))


def binary_characters(sample: str) -> int:
    """How many of `sample`'s characters are control characters other than tab, line
    feed, vertical tab, form feed and carriage return, or the replacement character.
    (Counted in the sample's UTF-8 bytes, by C loops: a character below U+0080 is its own
    byte there, and no other character's bytes are below 0x80. A regular expression took
    a hundredth of reading a text report.)"""
    raw = sample.encode("utf-8", "surrogatepass")
    return len(raw) - len(raw.translate(None, _CONTROL)) + sample.count("\ufffd")


def _check(text: str) -> str:
    sample = text[:5000]
    bad = binary_characters(sample)
    if sample and bad / len(sample) > 0.05:
        raise ReadError("内容像二进制数据，不是文本报告")
    return text
