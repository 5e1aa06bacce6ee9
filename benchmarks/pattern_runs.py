"""How ogi's regular expressions grow with a long run of one character.

A pattern that can read one run in several ways (`\\d*\\.?\\d+` on digits, `\\s*;?\\s*` on
spaces, `\\d+件` tried from each digit) tries every way before it fails: its time grows
with the square or the cube of the run, and a hostile file with one long run stalls a
read or a check. This script compiles every pattern of `src/ogi`, those kept in modules
and those written inline (`re.search(r"…", …)`), and times each on a run of SHORT and of
4 × SHORT characters of one kind (digits, zeros, spaces, full-width spaces, dots, commas,
letters, CJK), after each literal of the pattern itself, before a character that makes
the match fail. It prints the patterns whose time grows more than GROWTH-fold when the
run grows fourfold (a linear one grows about fourfold), with the run that shows it; for
the baseline revision too, scanned the same way in the same run.

    python benchmarks/pattern_runs.py [--short 800] [--baseline REV]

A pattern listed is not always slow where ogi uses it: matched once at a position that
moves on, or on a bounded piece of text, it stays linear. Those known to be so are
listed apart, with the reason (LINEAR_AS_USED). Times are the machine's: a pattern near
the threshold may come and go between runs, and each one listed is to be read.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _baseline import ROOT, env_for, export

GROWTH = 6.0  # a linear pattern grows about fourfold; the square, sixteenfold
LEAST = 0.0005  # seconds: runs quicker than this at SHORT are not told apart from noise
SLOW = 0.05  # seconds at SHORT: grown past linear already (the longer run is not timed)
RUNS = {
    "digits": "1",
    "zeros": "0",
    "spaces": " ",
    "newlines": "\n",
    "ideographic spaces": "\u3000",
    "dots": ".",
    "commas": ",",
    "letters": "a",
    "CJK": "年",
    "full-width digits": "１",
}
# Listed by the scan, yet linear as the code uses them: by where they are kept, or (for
# those written inline, whose line moves) by their text. A pattern kept under one of
# these names is excused only as the working tree writes it: a baseline's other pattern
# under the same name is listed.
LINEAR_AS_USED = {
    "ogi.readers.html_css._STRING": "在一个位置匹配，随后越过匹配到的部分",
    "ogi.readers.html_css._FONT_SIZE": "整体匹配一个词（扫描用的是搜索）",
    "ogi.readers.html_css._SIZE": "整体匹配一个值（扫描用的是搜索）",
    "ogi.readers.html._WRITES_TEXT": "整体匹配一段脚本（扫描用的是搜索）",
    "ogi.readers.docx._ROOT_TAG": "在 styles.xml 的一个位置匹配",
    "ogi.readers.legacy_word._ROOT": "只匹配文件开头 4,096 字节",
    "ogi.readers.ocr._SPACE_BY_WIDE": "用于 OCR 识别出的一行",
    "ogi.readers.pdf._OBJ": "在文件的一个位置匹配",
    "ogi.readers.pdf._SUBSECTION": "在文件的一个位置匹配",
    "ogi.readers.pdf._TRAILER": "在文件的一个位置匹配",
    "ogi.readers.pdf._XREF_STREAM": "在文件的一个位置匹配",
    "ogi.readers.pdf._CATALOG": "在文件的一个位置匹配",
    r"^(.*?)\s*(\d{4})\s*年": "用于去掉空格的标题（layout.meta）",
}

CHILD = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
import pattern_runs
print(json.dumps(pattern_runs.scan(int(sys.argv[2]))))
"""


def _literals(source: str) -> list[str]:
    """What a probe's run follows: the pattern's own CJK and ASCII words and marks, and
    nothing, 1, 第1 and （一） (the starts of counts, page marks and ordinals)."""
    found = set(re.findall(r"[\u3000-\u9fff\uff00-\uffef]+", source))
    found |= set(re.findall(r"[A-Za-z]{2,}", source))
    found |= {m.replace("\\", "") for m in re.findall(r"\\?[()（）:;=#.\-]", source)}
    return [*sorted(found)[:30], "", "1", "第1", "（一）"]


def _patterns(src: Path) -> dict[str, re.Pattern[str] | re.Pattern[bytes]]:
    """Every pattern of the ogi under `src`, by where it is: module.NAME for those kept in
    modules, path:line for those written inline."""
    import importlib
    import pkgutil

    import ogi

    out: dict[str, re.Pattern[str] | re.Pattern[bytes]] = {}
    for info in pkgutil.walk_packages(ogi.__path__, "ogi."):
        if info.name.endswith("__main__"):
            continue  # (running it runs the command line)
        try:
            module = importlib.import_module(info.name)
        except Exception:  # (a module needing what is not installed: its patterns aside)
            continue
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                out.setdefault(f"{info.name}.{name}", value)
            elif isinstance(value, tuple | list):
                for k, item in enumerate(value):
                    if isinstance(item, tuple) and item and isinstance(item[0], re.Pattern):
                        item = item[0]
                    if isinstance(item, re.Pattern):
                        out.setdefault(f"{info.name}.{name}[{k}]", item)
    for path in sorted(src.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                continue
            try:
                pattern = re.compile(node.args[0].value)
            except re.error:
                continue
            where = f"{path.relative_to(src)}:{node.lineno}"
            if pattern.pattern not in {p.pattern for p in out.values()}:
                out[where] = pattern
    return out


def _seconds(pattern: re.Pattern[str] | re.Pattern[bytes], text: str) -> float:
    probe: str | bytes = text.encode() if isinstance(pattern.pattern, bytes) else text
    start = time.perf_counter()
    for _ in pattern.finditer(probe):  # type: ignore[arg-type]
        pass
    return time.perf_counter() - start


def scan(short: int) -> list[dict[str, object]]:
    """The patterns that grow past GROWTH, each with its first run that shows it."""
    import ogi

    src = Path(ogi.__file__).resolve().parents[1]
    found = []
    for where, pattern in _patterns(src).items():
        source, text = pattern.pattern, _text(pattern)
        hit = None
        for before in _literals(text):
            for kind, ch in RUNS.items():
                probe = before + ch * short + "\x00"
                if isinstance(source, bytes) and not probe.isascii():
                    continue
                first = _seconds(pattern, probe)
                if first < LEAST:
                    continue
                if first > SLOW:  # (the cube of the longer run would take minutes)
                    second = None
                else:
                    second = _seconds(pattern, before + ch * (4 * short) + "\x00")
                if second is None or second > GROWTH * first:
                    hit = {"where": where, "after": before, "run": kind}
                    hit |= {"short": first, "long": second, "pattern": text}
                    break
            if hit:
                break
        if hit:
            found.append(hit)
    return found


def _scan_of(src: Path, short: int) -> list[dict[str, object]]:
    env = env_for(src)
    env["PYTHONPATH"] = os.pathsep.join([str(src), str(ROOT / "benchmarks")])
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT / "benchmarks"), str(short)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _text(pattern: re.Pattern[str] | re.Pattern[bytes]) -> str:
    source = pattern.pattern
    return source.decode("latin-1") if isinstance(source, bytes) else source


def _excused() -> dict[str, str]:
    """The text of each pattern LINEAR_AS_USED names, as the working tree writes it."""
    import importlib

    texts = {}
    for key in LINEAR_AS_USED:
        module, _, name = key.rpartition(".")
        if key.startswith("ogi.") and name.startswith("_"):
            texts[key] = _text(getattr(importlib.import_module(module), name))
    return texts


def _show(title: str, found: list[dict[str, object]]) -> None:
    print(f"\n{title}: {len(found)} 个模式随连续字符增长超过 {GROWTH:g} 倍")
    texts = _excused()

    def known(f: dict[str, object]) -> str | None:
        where, text = str(f["where"]), str(f["pattern"])
        if where in texts:
            return LINEAR_AS_USED[where] if texts[where] == text else None
        return LINEAR_AS_USED.get(text)

    slow = [f for f in found if known(f) is None]
    used = [f for f in found if known(f) is not None]
    for f in slow:
        short, long = float(f["short"]), f["long"]  # type: ignore[arg-type]
        grown = (
            f"{short * 1000:.1f} → {float(long) * 1000:.1f} ms（×{float(long) / short:.0f}"
            if long is not None
            else f"{short * 1000:.0f} ms（较短一段已超过 {SLOW * 1000:.0f} ms"
        )
        shown = str(f["pattern"])[:90]
        print(f"  {f['where']}  {grown}，{f['after']!r} 后接 {f['run']}）  {shown}")
    if used:
        print("  按代码的用法仍为线性：")
        for f in used:
            print(f"    {f['where']}：{known(f)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--short", type=int, default=800, help="the shorter run, in characters")
    ap.add_argument("--baseline", default=None, help="a revision scanned the same way")
    a = ap.parse_args()
    print(f"连续字符 {a.short} 与 {4 * a.short} 个；线性约增长 4 倍，平方 16 倍")
    _show("工作区", _scan_of(ROOT / "src", a.short))
    if a.baseline:
        _show(f"基线 {a.baseline}", _scan_of(export(a.baseline), a.short))


if __name__ == "__main__":
    main()
