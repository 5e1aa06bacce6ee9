"""The report's prose, written by the office as Markdown or YAML.

Markdown: one heading per section, its text the edition's section title (the ordinal
一、 … may be written or not); a heading above the first section (the report's title)
is ignored, and the text between it and the first section is the opening paragraph
(本报告根据…编制). Headings deeper than the section headings are part of the text (an
overview often has （一）主动公开 …). A front matter block at the top (``---`` lines
around ``落款: 示例镇人民政府`` and ``日期: 2025-01-20``) gives the signature. YAML: a
mapping from section title or key to its text, plus 前言, 落款 and 日期. Text sections are
required; table sections may carry an introduction.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from ogi import patterns
from ogi.format import Edition
from ogi.oserrors import reason

_NUM = "一二三四五六七八九十"
_ORDINAL = patterns.compile(rf"^\s*(?:[{_NUM}]+[、.．]|[（(][{_NUM}]+[）)]|\d+[、.．])\s*")
_HEADING = patterns.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


class NarrativeError(ValueError):
    pass


class NarrativeFileError(NarrativeError):
    """The file cannot be read at all."""


@dataclass
class Narrative:
    sections: dict[str, str] = field(default_factory=dict)  # section key → text
    preamble: str = ""
    signer: str | None = None
    signed: str | None = None  # ISO date


PREAMBLE_KEYS = ("前言", "导语", "preamble")
SIGNER_KEYS = ("落款", "署名", "signature")
DATE_KEYS = ("日期", "成文日期", "date")
_FRONT = patterns.compile(r"\A\ufeff?---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)


def _title(text: str) -> str:
    return _ORDINAL.sub("", text).strip()


def _key_of(ed: Edition, name: str) -> str | None:
    name = str(name).strip()
    for s in ed.sections:
        if name in (s.key, s.title, f"{s.ordinal}{s.title}") or _title(name) == s.title:
            return s.key
    return None


def _expected(ed: Edition, title: str) -> str | None:
    """The section title a heading that is not one was most likely meant to be: the one
    with the same ordinal (五、…), else the most similar title."""
    m = _ORDINAL.match(title)
    if m:
        ordinal = m.group(0).strip()
        for s in ed.sections:
            if s.ordinal == ordinal.replace(".", "、").replace("．", "、"):
                return f"{s.ordinal}{s.title}"
    best = difflib.get_close_matches(_title(title), [s.title for s in ed.sections], 1, 0.5)
    if best:
        s = next(s for s in ed.sections if s.title == best[0])
        return f"{s.ordinal}{s.title}"
    return None


def _unknown_error(where: str, ed: Edition, titles: list[str]) -> NarrativeError:
    parts = []
    for t in titles:
        meant = _expected(ed, t)
        parts.append(f"“{t}”应为“{meant}”" if meant else f"“{t}”不是格式规定的章节")
    allowed = "、".join(f"{s.ordinal}{s.title}" for s in ed.sections)
    return NarrativeError(f"{where}：标题{'；'.join(parts)}（格式规定的章节：{allowed}）")


def _parse_markdown(text: str, ed: Edition, where: str) -> Narrative:
    out: dict[str, list[str]] = {}
    level: int | None = None
    current: str | None = None
    unknown: list[str] = []
    stray: list[str] = []  # headings read as the title or as sub-headings
    preamble: list[str] = []
    for line in text.splitlines():
        m = _HEADING.match(line)
        if m:
            depth, title = len(m.group(1)), m.group(2)
            key = _key_of(ed, title)
            if key is not None and (level is None or depth <= level):
                level = depth
                if key in out:
                    raise NarrativeError(f"{where}：章节“{title}”出现了两次")
                current = key
                out[key] = []
                continue
            if level is None:
                stray.append(title)
                preamble.clear()  # the opening paragraph follows the report's title
                continue
            if depth <= level:
                unknown.append(title)
                continue
            stray.append(title)
            line = title  # a sub-heading is part of the section's text
        if current is not None:
            out[current].append(line)
        elif level is None and stray:
            preamble.append(line)
    if unknown:
        raise _unknown_error(where, ed, unknown)
    found = Narrative({k: "\n".join(v).strip() for k, v in out.items()})
    found.preamble = "\n".join(preamble).strip()
    # A heading numbered like a missing section (五、存在问题) was meant to be it: say so,
    # rather than only that the section is missing.
    missing = {s.ordinal for s in ed.sections if s.kind == "text" and s.key not in found.sections}
    meant = [t for t in stray if _section_ordinal(t) in missing]
    if meant:
        raise _unknown_error(where, ed, meant)
    return found


def _section_ordinal(title: str) -> str | None:
    m = re.match(rf"^\s*([{_NUM}]+)[、.．]", title)
    return f"{m.group(1)}、" if m else None


def _meta(found: Narrative, data: dict[object, object], where: str) -> dict[object, object]:
    """Take 前言/落款/日期 out of a mapping; the rest are sections."""
    rest = {}
    for name, value in data.items():
        text = "" if value is None else str(value).strip()
        if name in PREAMBLE_KEYS:
            found.preamble = text
        elif name in SIGNER_KEYS:
            found.signer = text or None
        elif name in DATE_KEYS:
            if isinstance(value, date):
                found.signed = value.isoformat()
            elif text:
                try:
                    found.signed = date.fromisoformat(text).isoformat()
                except ValueError:
                    raise NarrativeError(f"{where}：日期“{text}”应写成 2025-01-20 的形式") from None
        else:
            rest[name] = value
    return rest


def _parse_yaml(text: str, ed: Edition, where: str) -> Narrative:
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError:
        raise NarrativeFileError(f"{where}：不是有效的 YAML") from None
    if not isinstance(data, dict):
        raise NarrativeError(f"{where}：应为“章节标题: 正文”的映射")
    found = Narrative()
    rest = _meta(found, data, where)
    unknown = []
    for name, body in rest.items():
        key = _key_of(ed, str(name))
        if key is None:
            unknown.append(str(name))
            continue
        found.sections[key] = str(body or "").strip()
    if unknown:
        raise _unknown_error(where, ed, unknown)
    return found


def parse_narrative(text: str, ed: Edition, where: str, yaml_form: bool = False) -> Narrative:
    """The narrative in `text` (Markdown, or YAML when `yaml_form`); raises
    `NarrativeError` naming missing sections and headings that differ from the format."""
    if yaml_form:
        found = _parse_yaml(text, ed, where)
    else:
        front = _FRONT.match(text)
        meta: dict[object, object] = {}
        if front:
            try:
                loaded = yaml.safe_load(front.group(1)) or {}
            except yaml.YAMLError:
                loaded = None
            if not isinstance(loaded, dict):
                raise NarrativeError(f"{where}：开头 --- 之间应为“落款: …”“日期: …”")
            meta = loaded
            text = text[front.end() :]
        found = _parse_markdown(text, ed, where)
        unknown = _meta(found, meta, where)
        if unknown:
            names = "”“".join(str(k) for k in unknown)
            raise NarrativeError(f"{where}：开头的“{names}”无法识别（可写：落款、日期）")
    missing = [s for s in ed.sections if s.kind == "text" and not found.sections.get(s.key)]
    if missing:
        names = "、".join(f"{s.ordinal}{s.title}" for s in missing)
        first = missing[0]
        raise NarrativeError(
            f"{where}：缺少章节或章节没有正文：{names}"
            f"（每个章节以标题行开头，如“## {first.ordinal}{first.title}”，其下写正文）"
        )
    return found


def read_narrative_file(path: str | Path, ed: Edition) -> Narrative:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise NarrativeFileError(f"{p.name}：文件不存在") from None
    except IsADirectoryError:
        raise NarrativeFileError(f"{p.name}：是目录，应为 Markdown 或 YAML 文件") from None
    except UnicodeDecodeError:
        raise NarrativeFileError(f"{p.name}：不是 UTF-8 文本，请另存为 UTF-8") from None
    except OSError as e:
        raise NarrativeFileError(f"{p.name}：无法读取（{reason(e)}）") from None
    return parse_narrative(text, ed, p.name, p.suffix.lower() in (".yaml", ".yml"))


def read_narrative(path: str | Path, ed: Edition) -> dict[str, str]:
    """Section key → text; raises `NarrativeError` naming missing or unknown sections."""
    return read_narrative_file(path, ed).sections
