"""Which fonts a rendered report names: the official ones of GB/T 9704 in the DOCX, and
for the PDF the closest installed faces when the official ones are absent.

The official faces (仿宋_GB2312, 方正小标宋简体, 黑体, 宋体) are commercial and rarely
installed on a server. LibreOffice would then pick some CJK face on its own, usually a
sans-serif one for everything; so the DOCX printed to PDF names the substitutes
explicitly, and `render` says which were used.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field

BODY = "仿宋_GB2312"
TITLE = "方正小标宋简体"
HEADING = "黑体"
PAGE_NUMBER = "宋体"

# Free faces the project's setup installs (Debian fonts-noto-cjk).
SERIF_SC = "Noto Serif CJK SC"
SANS_SC = "Noto Sans CJK SC"

# Other names the same official faces are installed under.
_ALIASES = {
    BODY: ("仿宋_GB2312", "FangSong_GB2312"),
    TITLE: ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05"),
    HEADING: ("黑体", "SimHei"),
    PAGE_NUMBER: ("宋体", "SimSun"),
}
_FANGSONG = ("仿宋", "fangsong")

ROLE_ZH = {"body": "正文", "title": "标题", "heading": "一级标题", "page_number": "页码"}


@dataclass(frozen=True)
class FontPlan:
    body: str = BODY
    title: str = TITLE
    heading: str = HEADING
    page_number: str = PAGE_NUMBER
    title_bold: bool = False  # 小标宋 is heavy already; a substitute is made bold
    heading_bold: bool = False
    notes: tuple[str, ...] = field(default=())  # one Chinese line per substitution


OFFICIAL = FontPlan()


def installed_families() -> set[str] | None:
    """Families that cover simplified Chinese (fontconfig's zh-cn orthography), or None
    when fontconfig's `fc-list` is not there to ask."""
    fc = shutil.which("fc-list")
    if fc is None:
        return None
    try:
        done = subprocess.run(
            [fc, "--format", "%{family}\n", ":lang=zh-cn"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    out: set[str] = set()
    for line in done.stdout.splitlines():
        out.update(name.strip() for name in line.split(",") if name.strip())
    return out


def _installed(official: str, families: set[str]) -> str | None:
    return next((n for n in _ALIASES[official] if n in families), None)


def pdf_plan(families: set[str] | None = None) -> FontPlan:
    """The faces the PDF is printed with: each official face if installed, else the
    closest free one — a 仿宋-style face for the body only if it covers simplified
    characters, else Noto Serif CJK SC; Noto Sans CJK SC bold for the title and the
    headings; Noto Serif CJK SC for page numbers."""
    if families is None:
        families = installed_families() or set()
    notes: list[str] = []

    def pick(role: str, official: str, fallback: str) -> str:
        found = _installed(official, families)
        if found is not None:
            return found
        notes.append(f"{ROLE_ZH[role]}字体 {official} 未安装，改用 {fallback}")
        return fallback

    fangsong = sorted(f for f in families if any(h in f.lower() for h in _FANGSONG))
    body = pick("body", BODY, fangsong[0] if fangsong else SERIF_SC)
    title = pick("title", TITLE, SANS_SC)
    heading = pick("heading", HEADING, SANS_SC)
    page = pick("page_number", PAGE_NUMBER, SERIF_SC)
    return FontPlan(
        body=body,
        title=title,
        heading=heading,
        page_number=page,
        title_bold=title == SANS_SC,
        heading_bold=heading == SANS_SC,
        notes=tuple(notes),
    )
