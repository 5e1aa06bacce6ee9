"""A small command imports only what it uses: `ogi extract` no database layer, no check
rules, no YAML parser once the format is compiled, no pkg_resources."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.shared import SAMPLES

ENTRY = (
    "import sys, atexit, json\n"
    "atexit.register(lambda: sys.stderr.write(json.dumps(sorted(sys.modules))))\n"
    "from ogi.cli import app\n"
    "sys.argv[0] = 'ogi'\n"
    "app()\n"
)


def modules_after(*args: str, cache: Path) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", ENTRY, *args],
        capture_output=True,
        text=True,
        env={"OGI_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"},
    )
    return {m.split(".")[0] for m in json.loads(out.stderr.strip().splitlines()[-1])}


def test_extract_imports_no_database_rules_or_yaml(tmp_path: Path) -> None:
    one = str(SAMPLES / "示例镇-2024.txt")
    first = modules_after("extract", one, cache=tmp_path)  # compiles the format data
    assert "yaml" in first
    again = modules_after("extract", one, cache=tmp_path)
    heavy = {"sqlalchemy", "alembic", "mako", "pygments", "pkg_resources", "zhconv", "yaml"}
    heavy |= {"numpy", "pypdfium2", "rapidocr_onnxruntime", "onnxruntime", "PIL"}
    assert again & heavy == set()
    assert "charset_normalizer" not in again  # UTF-8 text needs no detection
    assert not any(m.startswith("ogi.check") for m in again)


def test_help_lists_every_command_without_the_database(tmp_path: Path) -> None:
    from ogi.cli import COMMANDS

    out = subprocess.run(
        [sys.executable, "-c", "from ogi.cli import app; app()", "--help"],
        capture_output=True,
        text=True,
    ).stdout
    for name in COMMANDS:
        assert f" {name} " in out
    assert {"alembic", "mako"} & modules_after("--help", cache=tmp_path) == set()


def test_simplified_table_is_zhconvs() -> None:
    """The table read from zhconv's data file converts every character as zhconv does."""
    import zhconv

    from ogi.normalize import _simplified

    table = _simplified()
    assert table["國"] == "国" and table["辦"] == "办"
    for cp in range(0x3400, 0xA000):
        ch = chr(cp)
        assert table.get(ch, ch) == zhconv.convert(ch, "zh-cn"), ch


def test_to_simplified() -> None:
    from ogi.normalize import to_simplified

    assert to_simplified("國務院辦公廳關於") == "国务院办公厅关于"
    assert to_simplified("政府信息公开abc１２") == "政府信息公开abc１２"
