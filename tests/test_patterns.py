"""Compiled regular expressions kept between processes: each pattern is the one
`re.compile` makes (pattern objects compare equal only when their compiled programs do),
and a file that is damaged, foreign, too big or unwritable never changes a result."""

from __future__ import annotations

import hashlib
import marshal
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ogi import patterns
from ogi.patterns import Programs
from tests.shared import SAMPLES

# Patterns of the kinds ogi writes: classes of Chinese characters, named groups,
# look-behind, verbose and case-blind flags, full-width punctuation.
KINDS = [
    (r"[\u4e00-\u9fff\u3400-\u4dbf()\[\]:,、;。\"]", 0),
    (r"^\s*(?:[(（]\s*[一二三四五六七八九十\d]{1,3}\s*[)）])", 0),
    (r"(?<![予以公开及和、与或])部分公开[^\d。；，,]{0,4}?(?P<n>\d+)件", 0),
    (r"(?P<year>\d{4})\s*年\s*(?P<month>\d{1,2})\s*月", re.MULTILINE),
    (
        r"""rgba?\(  \s*([\d.]+)  # red
         [\s,]+([\d.]+)        # green""",
        re.VERBOSE | re.IGNORECASE,
    ),
    (r"(a)|(?P<b>b)", re.DOTALL),
]
TEXTS = ["（三）部分公开12件", "2024 年 1 月 20 日", "RGBA( 1, 2", "b", "a:[汉]", ""]


def same(ours: re.Pattern[str], theirs: re.Pattern[str]) -> None:
    assert ours == theirs  # same pattern, flags and compiled program
    assert (ours.groups, ours.groupindex, ours.flags) == (
        theirs.groups,
        theirs.groupindex,
        theirs.flags,
    )
    for text in TEXTS:
        a, b = ours.search(text), theirs.search(text)
        assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))


def test_compiled_and_kept_patterns_are_res_own(tmp_path: Path) -> None:
    path = tmp_path / "p.bin"
    first = Programs(path)
    for pattern, flags in KINDS:
        same(first.compile(pattern, flags), re.compile(pattern, flags))
    first.save()
    assert path.exists() and first.new == {}

    again = Programs(path)
    assert set(again.known) == {(p, f) for p, f in KINDS}
    for pattern, flags in KINDS:
        same(again.compile(pattern, flags), re.compile(pattern, flags))
    assert again.new == {}  # every one came from the file


def test_every_pattern_of_a_command_is_res_own() -> None:
    """All the patterns `ogi extract` compiles, as this process has them."""
    import ogi.check.registry  # noqa: F401  (the rules' patterns too)
    from ogi.extract import extract

    extract(SAMPLES / "示例镇-2024.txt")
    assert patterns._programs is not None
    known = patterns._programs.known
    assert len(known) > 50
    for (pattern, flags), entry in known.items():
        assert patterns._engine(pattern, entry) == re.compile(pattern, flags), pattern


def test_file_from_a_command_is_used_by_the_next(tmp_path: Path) -> None:
    env = {"OGI_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    code = "import sys\nfrom ogi.cli import app\nsys.argv[0] = 'ogi'\napp()\n"
    one = str(SAMPLES / "示例镇-2024.txt")
    first = subprocess.run(
        [sys.executable, "-c", code, "extract", one], env=env, capture_output=True
    )
    [kept] = tmp_path.glob("patterns-*.bin")
    count = len(Programs(kept).known)
    assert count > 50
    check = (
        "import sys, atexit\nfrom ogi import patterns\n"
        "atexit.register(lambda: print('new', len(patterns._programs.new), file=sys.stderr))\n"
        + code
    )
    again = subprocess.run(
        [sys.executable, "-c", check, "extract", one], env=env, capture_output=True, text=True
    )
    assert again.stdout.encode() == first.stdout  # the same report
    assert again.stderr.strip().splitlines()[-1] == "new 0"
    assert len(Programs(kept).known) == count


def flip_last_byte(path: Path) -> None:
    blob = bytearray(path.read_bytes())
    blob[-1] ^= 1
    path.write_bytes(bytes(blob))


@pytest.mark.parametrize(
    "spoil",
    [
        flip_last_byte,
        lambda p: p.write_bytes(b"not ours" + p.read_bytes()),
        lambda p: p.write_bytes(p.read_bytes()[:40]),
        lambda p: p.write_bytes(b""),
    ],
    ids=["one bit changed", "foreign head", "cut short", "empty"],
)
def test_damaged_file_is_not_used_and_is_written_again(tmp_path: Path, spoil) -> None:
    path = tmp_path / "p.bin"
    kept = Programs(path)
    kept.compile(*KINDS[0])
    kept.save()
    spoil(path)

    damaged = Programs(path)
    assert damaged.known == {}
    same(damaged.compile(*KINDS[0]), re.compile(*KINDS[0]))
    damaged.save()
    assert set(Programs(path).known) == {KINDS[0]}


def test_intact_file_with_a_wrong_program_falls_back_to_re(tmp_path: Path) -> None:
    """A file whose sum is right but whose entries are not programs of this engine (written
    by another ogi): each such pattern is compiled again, and right."""
    path = tmp_path / "p.bin"
    bad = {
        KINDS[0]: (0, [1, 2, 3], 0, {}, ()),  # not a valid program
        KINDS[2]: "nonsense",
    }
    payload = marshal.dumps(bad)
    path.write_bytes(b"ogi-re\n" + hashlib.sha256(payload).digest() + payload)
    kept = Programs(path)
    assert set(kept.known) == {KINDS[0], KINDS[2]}
    same(kept.compile(*KINDS[0]), re.compile(*KINDS[0]))
    same(kept.compile(*KINDS[2]), re.compile(*KINDS[2]))
    assert set(kept.new) == {KINDS[0], KINDS[2]}
    kept.save()  # the programs compiled now replace the wrong ones
    again = Programs(path)
    same(again.compile(*KINDS[0]), re.compile(*KINDS[0]))
    same(again.compile(*KINDS[2]), re.compile(*KINDS[2]))
    assert again.new == {}


def test_file_over_the_size_bound_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p.bin"
    kept = Programs(path)
    kept.compile(*KINDS[0])
    kept.save()
    monkeypatch.setattr(patterns, "_MAX_BYTES", path.stat().st_size - 1)
    assert Programs(path).known == {}


def test_bad_pattern_raises_res_error() -> None:
    with pytest.raises(re.error) as ours:
        Programs(None).compile(r"(?P<n>\d+")
    with pytest.raises(re.error) as theirs:
        re.compile(r"(?P<n>\d+")
    assert (
        str(ours.value) == str(theirs.value) == "missing ), unterminated subpattern at position 0"
    )


def test_bytes_and_debug_are_left_to_re(tmp_path: Path) -> None:
    kept = Programs(tmp_path / "p.bin")
    assert kept.compile(rb"\d+") == re.compile(rb"\d+")
    assert kept.compile(r"\d", re.ASCII) == re.compile(r"\d", re.ASCII)
    assert set(kept.new) == {(r"\d", int(re.ASCII))}


def test_two_processes_adding_keep_both(tmp_path: Path) -> None:
    path = tmp_path / "p.bin"
    a, b = Programs(path), Programs(path)
    a.compile(*KINDS[0])
    b.compile(*KINDS[1])
    a.save()
    b.save()
    assert set(Programs(path).known) == {KINDS[0], KINDS[1]}


def test_file_holds_at_most_the_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(patterns, "_MAX_ENTRIES", 2)
    path = tmp_path / "p.bin"
    kept = Programs(path)
    for pattern, flags in KINDS[:4]:
        kept.compile(pattern, flags)
    kept.save()
    assert len(Programs(path).known) == 2


def test_unwritable_folder_only_costs_time(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    kept = Programs(blocker / "sub" / "p.bin")
    same(kept.compile(*KINDS[3]), re.compile(*KINDS[3]))
    kept.save()  # nothing to write to: no error
    assert list(tmp_path.iterdir()) == [blocker]


def test_file_is_named_by_the_python_build(monkeypatch: pytest.MonkeyPatch) -> None:
    here = patterns.cache_file(Path("/c"))
    assert here.parent == Path("/c") and here.name.startswith("patterns-")
    monkeypatch.setattr(sys, "version", sys.version + " other build")
    assert patterns.cache_file(Path("/c")) != here
