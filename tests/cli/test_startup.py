"""A small command imports only what it uses: `ogi extract` no database layer, no check
rules, no YAML parser once the format is compiled, no pkg_resources."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.shared import SAMPLES


def at_exit(said: str, *args: str, cache: Path, **env: str) -> Any:
    """What the expression `said` holds when `ogi ARGS` ends (its JSON, written to
    standard error at exit), the command run as its script runs it."""
    entry = (
        "import sys, atexit, json, os\n"
        f"atexit.register(lambda: sys.stderr.write(json.dumps({said})))\n"
        "from ogi.cli import app\n"
        "sys.argv[0] = 'ogi'\n"
        "app()\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", entry, *args],
        capture_output=True,
        text=True,
        env={"OGI_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin", **env},
    )
    return json.loads(out.stderr.strip().splitlines()[-1])


def modules_after(*args: str, cache: Path) -> set[str]:
    return {m.split(".")[0] for m in at_exit("sorted(sys.modules)", *args, cache=cache)}


def test_extract_imports_no_database_rules_or_yaml(tmp_path: Path) -> None:
    one = str(SAMPLES / "示例镇-2024.txt")
    first = modules_after("extract", one, cache=tmp_path)  # compiles the format data
    assert "yaml" in first
    again = modules_after("extract", one, cache=tmp_path)
    heavy = {"sqlalchemy", "alembic", "mako", "pygments", "pkg_resources", "zhconv", "yaml"}
    heavy |= {"numpy", "pypdfium2", "rapidocr_onnxruntime", "onnxruntime", "PIL"}
    assert again & heavy == set()
    assert "charset_normalizer" not in again  # UTF-8 text needs no detection
    assert "regex" not in again  # every label printed exactly: no fuzzy pattern
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
    listed = modules_after("--help", cache=tmp_path)
    assert {"alembic", "mako", "sqlalchemy", "numpy", "openpyxl", "yaml"} & listed == set()
    assert "click" not in listed  # Typer's own Click lists the commands
    assert not any(m.startswith("ogi.") and m != "ogi.cli" for m in listed - {"ogi"})


def test_each_listed_line_is_the_first_paragraph_of_the_commands_help() -> None:
    """`ogi --help` shows each command's line without importing it: the line kept in
    `COMMANDS` must be what the command itself says first."""
    from ogi.cli import COMMANDS, listed_command, load_command

    for name in COMMANDS:
        real = load_command(name)
        first = (real.short_help or real.help or "").split("\n\n")[0].strip()
        assert listed_command(name).short_help == first, name


def test_rules_import_neither_zhconv_nor_pkg_resources(tmp_path: Path) -> None:
    modules_after("rules", cache=tmp_path)  # compiles the format data
    assert {"zhconv", "pkg_resources"} & modules_after("rules", cache=tmp_path) == set()


def test_label_wording_is_zhconvs_when_imported_only_as_needed() -> None:
    """Label comparison calls zhconv only for text with a traditional character: every
    cell label of every edition, as printed and in traditional characters, compares as
    it did when zhconv converted every label."""
    import zhconv

    from ogi.check.rules import s_labels
    from ogi.format import editions
    from ogi.format.labels import cell_label

    def always_zhconv(label: str) -> str:
        t = zhconv.convert("".join(label.split()).translate(s_labels._WIDTH), "zh-cn")
        return s_labels._ORDINAL.sub("", s_labels._QUOTES.sub("", t), count=1)

    texts = {cell_label(ed, p) for ed in editions().values() for p in ed.cell_paths()}
    assert len(texts) > 100
    for text in texts:
        for variant in (text, zhconv.convert(text, "zh-hant"), "（二）" + text + "："):
            assert s_labels.normalize(variant) == always_zhconv(variant), variant


def test_python_dash_m_ogi_is_the_ogi_command() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "ogi", "extract", str(SAMPLES / "示例镇-2024.txt")],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["report_year"] == 2024
    usage = subprocess.run([sys.executable, "-m", "ogi", "--help"], capture_output=True, text=True)
    assert usage.returncode == 0 and "用法：ogi" in usage.stdout


# (at exit: whether numpy was imported, the OpenBLAS setting, the process's threads)
THREADS = (
    "['numpy' in sys.modules, os.environ.get('OPENBLAS_NUM_THREADS'), "
    "len(os.listdir('/proc/self/task'))]"
)


def test_reading_a_pdf_starts_no_blas_threads(tmp_path: Path) -> None:
    """numpy, which the PDF reader imports, runs single-threaded under `ogi`: OpenBLAS's
    threads would only spin on other cores (a batch runs a process a core). A user's
    own setting is kept."""
    import pypdfium2 as pdfium

    pdf = tmp_path / "空白.pdf"  # (a sound file: a broken one is opened in a fork, and
    doc = pdfium.PdfDocument.new()  # OpenBLAS stops its threads before a fork)
    doc.new_page(595, 842)
    doc.save(pdf)
    assert at_exit(THREADS, "extract", str(pdf), cache=tmp_path) == [True, "1", 1]
    user = at_exit(THREADS, "extract", str(pdf), cache=tmp_path, OPENBLAS_NUM_THREADS="2")
    assert user[:2] == [True, "2"]
