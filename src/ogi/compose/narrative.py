"""The report's prose, written by the office as Markdown or YAML.

Markdown: one heading per section, its text the edition's section title (the ordinal
一、 … may be written or not); a heading above the first section (the report's title)
is ignored. Headings deeper than the section headings are part of the
text (an overview often has （一）主动公开 …). YAML: a mapping from section title or key
to its text. Text sections are required; table sections may carry an introduction.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ogi.format import Edition

_NUM = "一二三四五六七八九十"
_ORDINAL = re.compile(rf"^\s*(?:[{_NUM}]+[、.．]|[（(][{_NUM}]+[）)]|\d+[、.．])\s*")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


class NarrativeError(ValueError):
    pass


def _title(text: str) -> str:
    return _ORDINAL.sub("", text).strip()


def _key_of(ed: Edition, name: str) -> str | None:
    name = str(name).strip()
    for s in ed.sections:
        if name in (s.key, s.title, f"{s.ordinal}{s.title}") or _title(name) == s.title:
            return s.key
    return None


def _parse_markdown(text: str, ed: Edition, where: str) -> dict[str, str]:
    out: dict[str, list[str]] = {}
    level: int | None = None
    current: str | None = None
    unknown: list[str] = []
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
                continue  # the report's own title, above the first section
            if depth <= level:
                unknown.append(title)
                continue
            line = title  # a sub-heading is part of the section's text
        if current is not None:
            out[current].append(line)
    if unknown:
        titles = "、".join(f"{s.ordinal}{s.title}" for s in ed.sections)
        raise NarrativeError(
            f"{where}：标题“{'”“'.join(unknown)}”不是格式规定的章节（应为：{titles}）"
        )
    return {k: "\n".join(v).strip() for k, v in out.items()}


def _parse_yaml(text: str, ed: Edition, where: str) -> dict[str, str]:
    data = yaml.safe_load(text) or {}
    if not isinstance(data, dict):
        raise NarrativeError(f"{where}：应为“章节标题: 正文”的映射")
    out: dict[str, str] = {}
    for name, body in data.items():
        key = _key_of(ed, str(name))
        if key is None:
            raise NarrativeError(f"{where}：“{name}”不是格式规定的章节")
        out[key] = str(body or "").strip()
    return out


def read_narrative(path: str | Path, ed: Edition) -> dict[str, str]:
    """Section key → text; raises `NarrativeError` naming missing or unknown sections."""
    p = Path(path)
    text = p.read_text(encoding="utf-8-sig")
    if p.suffix.lower() in (".yaml", ".yml"):
        found = _parse_yaml(text, ed, p.name)
    else:
        found = _parse_markdown(text, ed, p.name)
    missing = [s for s in ed.sections if s.kind == "text" and not found.get(s.key)]
    if missing:
        names = "、".join(f"{s.ordinal}{s.title}" for s in missing)
        raise NarrativeError(f"{p.name}：缺少章节或章节没有正文：{names}")
    return found
