"""Report year, issuing body, dates and the page's metadata block.

What a page states is taken where it states it: the title (or, on a page that starts
straight at 一、总体情况, the opening sentence "2023年，…，示例街道办事处认真贯彻…"),
the metadata lines (发布时间：…, 日期：…), the signature at the end. Names come out in
simplified characters without pinyin annotations. What is not stated stays None: a
breadcrumb or a fragment of a wrapped sentence is never a name.
"""

from __future__ import annotations

import re
from datetime import date

from ogi import patterns
from ogi.blocks import Document
from ogi.layout.stream import Stream, Token, strip_ruby
from ogi.model import Section
from ogi.normalize import clean, soft, to_simplified

# Metadata labels as pages print them → keys of the model.
META_KEYS = {
    "索引号": "index_number",
    "主题分类": "topic",
    "发布机构": "issuer",
    "发文机关": "issuer",
    "来源": "source",
    "信息来源": "source",
    "成文日期": "written",
    "生成日期": "written",
    "发布日期": "published",
    "发布时间": "published",
    "公开日期": "published",
    "日期": "published",
    "时间": "published",
    "文件编号": "document_number",
    "文号": "document_number",
    "发文字号": "document_number",
    "有效性": "validity",
    "标题": "title",
}
_META_LABEL = "|".join(sorted((r"\s*".join(k) for k in META_KEYS), key=len, reverse=True))
_META_PAIR = patterns.compile(rf"({_META_LABEL})\s*[:：]")

_TITLE_WORDS = ("年度报告", "工作报告", "年报", "工作年度")
# Bodies that publish these reports end their names so; a wrapped line of prose that
# happens to end in 站 or 所 is told apart by the checks in `_is_name`.
_AGENCY_END = patterns.compile(
    r"(人民政府办公室|人民政府办公厅|人民政府|政府办公室|政府办公厅|管理委员会|管委会|委员会|"
    r"办公室|办公厅|街道办事处|办事处|局|厅|委|署|院|会|中心|镇|乡|街道|政府|所|队|站|处)$"
)
# How a sentence goes on after naming its subject: "示例街道办事处认真贯彻…".
_SUBJECT_VERB = (
    "认真|坚持|深入|全面|持续|紧紧|严格|始终|积极|进一步|不断|按照|围绕|高度|扎实|切实|大力|"
    "聚焦|紧扣|立足|着力|强化|加强|贯彻|落实|主动|依法|继续|坚决|以|在"
)
# (Kept as text and compiled by `re` when a report's agency is first looked for in its
# sentences: most name it in the title, and the class of Chinese characters takes a
# millisecond to compile.)
_SUBJECT = (
    r"([\u4e00-\u9fff（）()]{2,30}?(?:人民政府办公室|人民政府办公厅|人民政府|政府办公室|政府办公厅|"
    r"管理委员会|管委会|委员会|办公室|办公厅|街道办事处|办事处|局|厅|委|署|中心|镇|乡|街道))"
    rf"(?:{_SUBJECT_VERB})"
)
_NOT_A_NAME = patterns.compile(
    r"^(?:本|我|该|各|全|上级|区委|县委|市委|省委|党委|依托|通过|由|对|将|把|按照|根据|围绕|"
    r"结合|经|向|为|从|与|和|及|在)"
)
_GENERIC = patterns.compile(
    r"^[区县市镇乡省州旗]?(?:人民)?政府(?:办公室|办公厅)?$|^[区县市镇乡省州旗]"
)
_BREADCRUMB = patterns.compile(r"[>＞»›]|^\s*(?:当前位置|您的位置|您现在的位置|首页)")
_DATE_CN = patterns.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATE_ISO = patterns.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_LEAD_YEAR = patterns.compile(r"^\s*(\d{4})\s*年(?:度|以来|来)?\s*[，,、]")
_SPACES = patterns.compile(r"\s+")
_DIGIT = patterns.compile(r"\d")
_YEAR_MARK = patterns.compile(r"(\d{4})\s*年")  # 2024年, 2024 年
# Where a text without a title states its year: the statistics period, or its own name.
_YEAR_STATED = (
    patterns.compile(r"统计期限?[^。]{0,8}?(\d{4})\s*年\s*1\s*月\s*1\s*日"),
    patterns.compile(r"(\d{4})\s*年度?政府信息公开(?:工作)?年度报告"),
)
# A title's body before its year, less a leading 关于/中共; or, with nothing before the
# year, the body between the year and the report's name.
_NAME_BEFORE_YEAR = patterns.compile(r"^(.*?)\s*(\d{4})\s*年")
_LEADING_WORD = patterns.compile(r"^(关于|中共)")
_NAME_AFTER_YEAR = patterns.compile(r"^\d{4}年度?(.+?)(?:政府信息公开|政务公开|信息公开)")
_NAME_BREAK = patterns.compile(r"[。，,;；:：、>＞]")  # never inside a body's name
_SENTENCE_STOP = patterns.compile(r"[。;]")
_OPENING_YEAR = patterns.compile(r"^\d{4}年(?:度|以来|来)?,?")  # "2023年," before the subject
_SCENE = patterns.compile(r"^在.{0,40}?(?:下|中)$")  # "在…领导下" before the subject
# A line under the title that is a date stamp, or page furniture that may hold one.
_STAMP_DATE = patterns.compile(r"^\d{4}\s*[-/.年]\s*\d{1,2}")
_FURNITURE = patterns.compile(r"来源|浏览|点击|阅读|字号|打印")


def plain(text: str | None) -> str | None:
    """A name or title as one line in simplified characters, without pinyin."""
    if not text:
        return None
    s = _SPACES.sub("", strip_ruby(text))
    return to_simplified(s) or None


def parse_metadata_line(line: str) -> dict[str, str | None]:
    """`索引号: X 主题分类: Y …` (one line or several pairs) → {index_number: X, …}."""
    out: dict[str, str | None] = {}
    matches = list(_META_PAIR.finditer(line))
    for i, m in enumerate(matches):
        label = _SPACES.sub("", m.group(1))
        end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        value = line[m.end() : end].strip()
        out.setdefault(META_KEYS[label], value or None)
    return out


def metadata_lines(stream: Stream) -> dict[str, str | None]:
    """Pairs printed on short lines at the top or the foot of the page: 发布时间：…,
    日期：…, 来源：…. A label must start its line or follow a space, so a sentence that
    mentions 日期 is not metadata."""
    out: dict[str, str | None] = {}
    for tok in _text_tokens(stream, 12, 8):
        text = tok.text.strip()
        if len(text) > 160 or not _META_PAIR.match(text) or _SENTENCE_END.search(text):
            continue
        for k, v in parse_metadata_line(text).items():
            if k == "published" and v and not to_iso(v):
                continue
            out.setdefault(k, v)
    return out


_SENTENCE_END = patterns.compile(r"[。；]")


def _text_tokens(stream: Stream, head: int, tail: int) -> list[Token]:
    """The first `head` and the last `tail` lines outside tables (without looking at the
    lines in between: a long report has thousands)."""
    first: list[Token] = []
    for _, t in stream.lines:
        if len(first) >= head:
            break
        if t.text.strip():
            first.append(t)
    last: list[Token] = []
    for _, t in reversed(stream.lines):
        if len(last) >= tail:
            break
        if t.text.strip():
            last.append(t)
    seen = {id(t) for t in first}
    return first + [t for t in reversed(last) if id(t) not in seen]


def normalise_metadata(raw: dict[str, str]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for k, v in raw.items():
        key = META_KEYS.get(_SPACES.sub("", k))
        if key:
            out[key] = (v or "").strip() or None
    return out


def to_iso(text: str) -> str | None:
    for rx in (_DATE_ISO, _DATE_CN):
        m = rx.search(text)
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
            except ValueError:
                return None
    return None


def _title_lines(stream: Stream) -> list[str]:
    lines: list[str] = []
    for tok in stream.tokens[:15]:
        if tok.is_cell:
            continue
        s = tok.text.strip()
        if not _BREADCRUMB.search(s):
            lines.append(s)
    return lines


def find_title(doc: Document, stream: Stream) -> str | None:
    """The report's own title: the first line near the top naming an annual report."""
    lines = _title_lines(stream)
    for i, ln in enumerate(lines):
        s = soft(ln).lstrip("# ").strip()
        if any(w in s for w in _TITLE_WORDS) and len(s) <= 60 and not _META_PAIR.search(s):
            if _SENTENCE_END.search(s):
                continue  # a sentence that mentions the report, not its title
            # a title broken over two lines: "于家房镇2020年政府信息公开工作" + "年度报告"
            if i > 0 and not _YEAR_MARK.search(s):
                prev = soft(lines[i - 1]).lstrip("# ").strip()
                if _YEAR_MARK.search(prev) and len(prev) <= 40 and not prev.endswith("。"):
                    return _title(prev + s)
            # a title whose body is on the lines above: "洪泽区人民政府" + "2023年…年度报告"
            if i > 0 and _YEAR_THEN_REPORT.match(s):
                body = _body_above(lines[:i])
                if body:
                    return _title(body + s)
            return _title(s)
        if _YEAR_MARK.search(s) and "政府信息公开" in s and len(s) <= 40:
            if _SENTENCE_END.search(s) or s.startswith(("(", "（")):
                continue
            nxt = soft(lines[i + 1]) if i + 1 < len(lines) else ""
            if nxt in ("年度报告", "年报", "工作年度报告"):
                return _title(s + nxt)
            return _title(s)
    if (
        doc.title
        and any(w in doc.title for w in _TITLE_WORDS)
        and not _BREADCRUMB.search(doc.title)
    ):
        return _title(doc.title.strip())
    return None


# a title line that names no body between its year and the report: "2023年政府信息公开…"
_YEAR_THEN_REPORT = patterns.compile(r"^\d{4}\s*年度?\s*(?:政府信息公开|政务公开|信息公开)")
BODY_CHARS = 60  # the longest body name a title is taken to run over lines for


def _body_above(lines: list[str]) -> str:
    """The body named on the lines just above a title line that begins with its year: the
    line above when it ends as a body's name does, with the lines above it that are the
    start of the same name wrapped ("示例县示例镇人民政府政务服务" + "中心…办公室", or
    + "中心").
    A short line above that (a site's header, a heading) is not taken in, nor a line with
    digits or a sentence: a line a name wraps from fills the width."""
    body = ""
    for k in range(len(lines) - 1, -1, -1):
        line = clean(lines[k])
        if (
            not line
            or _DIGIT.search(line)
            or _SENTENCE_END.search(line)
            or len(line) + len(body) > BODY_CHARS
        ):
            break
        if body and len(line) < 12:
            break  # a name of its own above (a site's header), or a heading
        body = line + body
        if not _AGENCY_END.search(body) and len(body) > 3:
            return ""  # the line above the title is no body's name
        if k == 0:
            break
    # (a remainder of a few characters, 公室, is a name only with the line it wraps from)
    return body if _AGENCY_END.search(body) else ""


def _title(text: str) -> str:
    return strip_ruby(text)


def report_year(title: str | None, text: str) -> int | None:
    if title:
        m = _YEAR_MARK.search(title)
        if m:
            return int(m.group(1))
    for rx in _YEAR_STATED:
        m = rx.search(text)
        if m:
            return int(m.group(1))
    # No title: the overview's opening sentence, "2023年，在区委、区政府的坚强领导下…"
    for line in text.split("\n")[:12]:
        m = _LEAD_YEAR.match(line)
        if m and 2000 <= int(m.group(1)) <= 2100:
            return int(m.group(1))
    return None


def agency_from_title(title: str | None) -> str | None:
    if not title:
        return None
    m = _NAME_BEFORE_YEAR.match(soft(title).replace(" ", ""))
    if not m:
        return None
    name = _LEADING_WORD.sub("", m.group(1)).strip('《》“”"')
    if len(name) < 2:
        # "2024年示例县人民政府办公室政府信息公开工作年度报告": the body follows the year
        flat = soft(title).replace(" ", "")
        after = _NAME_AFTER_YEAR.match(flat)
        name = after.group(1) if after else ""
        if name in ("政府", "政务", "本机关"):
            name = ""
    return name if len(name) >= 2 else None


def _is_name(s: str) -> bool:
    return (
        3 <= len(s) <= 30
        and bool(_AGENCY_END.search(s))
        and not _NAME_BREAK.search(s)
        and not _NOT_A_NAME.match(s)
        and not _DIGIT.search(s)
    )


def agency_from_signature(stream: Stream) -> str | None:
    """A signature at the end: the body's name on a line of its own, with the date under
    it (or as the last line). A short last line of a wrapped paragraph is not one."""
    toks = [t for t in _text_tokens(stream, 0, 6) if t.text.strip()]
    for k in range(len(toks) - 1, -1, -1):
        tok = toks[k]
        s = clean(tok.text)
        if not _is_name(s):
            continue
        after = toks[k + 1].text.strip() if k + 1 < len(toks) else ""
        if after and not (len(after) <= 20 and to_iso(after)):
            continue
        block = stream.doc.blocks[tok.block] if tok.block < len(stream.doc.blocks) else None
        if block is not None and block.kind == "paragraph":
            lines = [ln for ln in block.text.split("\n") if ln.strip()]
            # a line of a longer paragraph stands alone only after a finished sentence
            i = next((j for j, ln in enumerate(lines) if ln.strip() == tok.text.strip()), 0)
            prev = lines[i - 1].rstrip() if i > 0 else ""
            if prev and not prev.endswith(("。", "）", ")", "日")) and not _is_name(clean(prev)):
                continue
        return s
    return None


def agency_from_opening(sections: list[Section], stream: Stream) -> str | None:
    """The subject of the overview's first sentences: "2023年，在区委、区政府的坚强领导
    下，示例街道办事处认真贯彻…" names 示例街道办事处; "我镇" names nobody."""
    texts = [s.text for s in sections if s.key == "overview"]
    if not texts:
        texts = ["\n".join(t.text for t in stream.tokens[:12] if not t.is_cell)]
    head = clean(strip_ruby(texts[0]))[:240]
    for sentence in _SENTENCE_STOP.split(head)[:3]:
        # "在…下," / "围绕…," set the scene before the subject
        sentence = _OPENING_YEAR.sub("", sentence)
        for clause in sentence.split(","):
            clause = _SCENE.sub("", clause)
            m = re.match(_SUBJECT, clause)
            if m:
                name = m.group(1)
                if _NOT_A_NAME.match(name) or (_GENERIC.match(name) and len(name) < 6):
                    return None
                return name
    return None


def find_agency(
    stream: Stream, title: str | None, md: dict[str, str | None], sections: list[Section]
) -> str | None:
    issuer = md.get("issuer")
    if issuer and (_BREADCRUMB.search(issuer) or len(issuer) > 40):
        issuer = None
    signed, titled = agency_from_signature(stream), agency_from_title(title)
    if signed and titled and titled != signed and titled.endswith(signed):
        # a long name wrapped in the signature: its last line is the end of the title's
        return titled
    return signed or titled or issuer or agency_from_opening(sections, stream)


def published_date(doc: Document, meta: dict[str, str | None], stream: Stream) -> str | None:
    for key in ("published", "written"):
        v = meta.get(key)
        if v and to_iso(v):
            return to_iso(v)
    # A web page's stamp, or "(2026年1月23日)", right under the title: a short line, or
    # a line of page furniture (2024-01-20 来源：… 浏览次数：…).
    for tok in stream.tokens[:8]:
        s = tok.text.strip()
        stamp = s.startswith(("(", "（")) or _STAMP_DATE.match(s)
        furniture = len(s) <= 100 and _FURNITURE.search(s)
        if stamp and (len(s) <= 30 or furniture):
            iso = to_iso(s)
            if iso:
                return iso
    return None


def signed_date(stream: Stream) -> str | None:
    """The date under the signature: a short line of its own among the last lines."""
    tail = [t for t in stream.tokens[-6:] if not t.is_cell and t.text.strip()]
    for tok in reversed(tail):
        ln = tok.text.strip()
        if len(ln) <= 20 and (_DATE_CN.fullmatch(ln.strip("（）() ")) or _DATE_ISO.fullmatch(ln)):
            return to_iso(ln)
    return None
