"""Report year, issuing body, dates and the page's metadata block."""

from __future__ import annotations

import re
from datetime import date

from ogi.blocks import Document
from ogi.layout.stream import Stream
from ogi.normalize import clean, soft

# Metadata labels as pages print them → keys of the model.
META_KEYS = {
    "索引号": "index_number",
    "主题分类": "topic",
    "发布机构": "issuer",
    "发文机关": "issuer",
    "来源": "source",
    "成文日期": "written",
    "发布日期": "published",
    "发布时间": "published",
    "文件编号": "document_number",
    "文号": "document_number",
    "发文字号": "document_number",
    "有效性": "validity",
    "标题": "title",
}
_META_LABEL = "|".join(sorted((r"\s*".join(k) for k in META_KEYS), key=len, reverse=True))
_META_PAIR = re.compile(rf"({_META_LABEL})\s*[:：]")

_TITLE_WORDS = ("年度报告", "工作报告", "年报", "工作年度")
_AGENCY_END = re.compile(
    r"(人民政府办公室|人民政府办公厅|人民政府|政府办公室|政府办公厅|管理委员会|管委会|委员会|"
    r"办公室|办公厅|街道办事处|办事处|局|厅|委|署|院|会|中心|镇|乡|街道|政府|所|队|站|处)$"
)
_DATE_CN = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATE_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")


def parse_metadata_line(line: str) -> dict[str, str | None]:
    """`索引号: X 主题分类: Y …` (one line or several pairs) → {index_number: X, …}."""
    out: dict[str, str | None] = {}
    matches = list(_META_PAIR.finditer(line))
    for i, m in enumerate(matches):
        label = re.sub(r"\s+", "", m.group(1))
        end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        value = line[m.end() : end].strip()
        out[META_KEYS[label]] = value or None
    return out


def normalise_metadata(raw: dict[str, str]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for k, v in raw.items():
        key = META_KEYS.get(re.sub(r"\s+", "", k))
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


def find_title(doc: Document, stream: Stream) -> str | None:
    """The report's own title: the first line near the top naming an annual report."""
    lines: list[str] = []
    for tok in stream.tokens[:15]:
        if tok.is_cell:
            continue
        lines.append(tok.text.strip())
    for i, ln in enumerate(lines):
        s = soft(ln).lstrip("# ").strip()
        if any(w in s for w in _TITLE_WORDS) and len(s) <= 60 and not _META_PAIR.search(s):
            # a title broken over two lines: "于家房镇2020年政府信息公开工作" + "年度报告"
            if i > 0 and not re.search(r"\d{4}\s*年", s):
                prev = soft(lines[i - 1]).lstrip("# ").strip()
                if re.search(r"\d{4}\s*年", prev) and len(prev) <= 40 and not prev.endswith("。"):
                    return prev + s
            # a title whose body is on the line above: "洪泽区人民政府" + "2023年…年度报告"
            if i > 0 and re.match(r"^\d{4}\s*年", s):
                prev = clean(lines[i - 1])
                if len(prev) <= 30 and _AGENCY_END.search(prev) and not re.search(r"\d", prev):
                    return prev + s
            return s
        if re.search(r"\d{4}\s*年", s) and "政府信息公开" in s and len(s) <= 40:
            nxt = soft(lines[i + 1]) if i + 1 < len(lines) else ""
            if nxt in ("年度报告", "年报", "工作年度报告"):
                return s + nxt
            return s
    if doc.title and any(w in doc.title for w in _TITLE_WORDS):
        return doc.title.strip()
    return None


def report_year(title: str | None, text: str) -> int | None:
    if title:
        m = re.search(r"(\d{4})\s*年", title)
        if m:
            return int(m.group(1))
    for rx in (
        r"统计期限?[^。]{0,8}?(\d{4})\s*年\s*1\s*月\s*1\s*日",
        r"(\d{4})\s*年度?政府信息公开(?:工作)?年度报告",
    ):
        m = re.search(rx, text)
        if m:
            return int(m.group(1))
    return None


def agency_from_title(title: str | None) -> str | None:
    if not title:
        return None
    m = re.match(r"^(.*?)\s*(\d{4})\s*年", soft(title).replace(" ", ""))
    if not m:
        return None
    name = re.sub(r"^(关于|中共)", "", m.group(1)).strip('《》“”"')
    if len(name) < 2:
        # "2024年示例县人民政府办公室政府信息公开工作年度报告": the body follows the year
        flat = soft(title).replace(" ", "")
        after = re.match(r"^\d{4}年度?(.+?)(?:政府信息公开|政务公开|信息公开)", flat)
        name = after.group(1) if after else ""
        if name in ("政府", "政务", "本机关"):
            name = ""
    return name if len(name) >= 2 else None


def agency_from_signature(stream: Stream) -> str | None:
    """A signature line at the end: the body's name, usually above the date."""
    tail = [t.text.strip() for t in stream.tokens[-6:] if not t.is_cell and t.text.strip()]
    for ln in reversed(tail):
        s = clean(ln)
        if 3 <= len(s) <= 30 and _AGENCY_END.search(s) and not re.search(r"[。，,;；:：]", s):
            return s
    return None


def published_date(doc: Document, meta: dict[str, str | None], stream: Stream) -> str | None:
    for key in ("published", "written"):
        v = meta.get(key)
        if v and to_iso(v):
            return to_iso(v)
    # A web page's stamp, or "(2026年1月23日)", right under the title.
    for tok in stream.tokens[:8]:
        s = tok.text.strip()
        if len(s) <= 30 and (s.startswith(("(", "（")) or re.match(r"^\d{4}-\d{2}-\d{2}", s)):
            iso = to_iso(s)
            if iso:
                return iso
    return None


def signed_date(stream: Stream) -> str | None:
    tail = [t.text.strip() for t in stream.tokens[-4:] if not t.is_cell]
    for ln in reversed(tail):
        if len(ln) <= 20:
            iso = to_iso(ln)
            if iso:
                return iso
    return None
