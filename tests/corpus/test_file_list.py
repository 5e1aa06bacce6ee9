"""Which files a folder gives a batch, and in what order (`ogi.services.file_list`)."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from ogi.services import archives
from ogi.services.batch import expand_paths
from ogi.services.check import check_targets


def _tree(tmp_path: Path) -> Path:
    """A folder `r` of report files, other files and links, in `tmp_path`."""
    root = tmp_path / "r"
    root.mkdir()
    for name in (
        "a.txt",
        "a/z.txt",  # a folder sorts by its name among the files beside it
        "a/b/c.docx",
        "B.pdf",
        "x.TXT",
        ".hidden.md",
        "README.md",  # the folder's own notes
        "notes",  # no suffix
        ".txt",  # a hidden file with no suffix, as pathlib sees it
        "d.txt/inner.html",  # a folder named like a file is entered, not given
        "out.json",
        "a/b/deep.jsonl",
    ):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("示例", encoding="utf-8")
    outside = root.parent / (root.name + "-outside")
    outside.mkdir()
    (outside / "linked.txt").write_text("示例", encoding="utf-8")
    os.symlink(outside, root / "m-folder-link")  # not entered: a link could loop
    os.symlink(outside / "linked.txt", root / "m-file-link.txt")  # a file: given
    return root


def test_a_folder_gives_its_report_files_in_path_order(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    got = [p.relative_to(root).as_posix() for p in expand_paths([root])]
    assert got == [
        ".hidden.md",
        "B.pdf",
        "a/b/c.docx",
        "a/z.txt",
        "a.txt",
        "d.txt/inner.html",
        "m-file-link.txt",
        "x.TXT",
    ]


def test_the_order_is_that_of_sorting_every_path_by_its_parts(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    listed = list(expand_paths([root]))
    assert listed == sorted(listed, key=lambda p: p.parts)


def test_ogi_json_comes_after_the_report_files_and_files_given_first(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    given = tmp_path / "given.pdf"
    given.write_bytes(b"%PDF")
    targets = check_targets([given, root])
    got = [p.name for p in targets]
    assert got == [
        "given.pdf",
        ".hidden.md",
        "B.pdf",
        "c.docx",
        "z.txt",
        "a.txt",
        "inner.html",
        "m-file-link.txt",
        "x.TXT",
        "deep.jsonl",
        "out.json",
    ]
    assert len(targets) == 11


def test_a_list_is_walked_again_and_an_archive_unpacked_once(tmp_path: Path) -> None:
    root = tmp_path / "r"
    root.mkdir()
    with zipfile.ZipFile(root / "包.zip", "w") as z:
        z.writestr("乙.txt", "示例")
        z.writestr("甲.html", "<p>示例</p>")
        z.writestr("说明.xls", "not a report")
    (root / "丙.txt").write_text("示例", encoding="utf-8")
    files = expand_paths([root])
    first = list(files)
    assert [archives.shown_name(p) or p.name for p in first] == [
        "丙.txt",
        str(root / "包.zip" / "乙.txt"),  # members in the order of their names' code points
        str(root / "包.zip" / "甲.html"),
    ]
    # the same unpacked files, not a second copy of the archive
    assert list(files) == first
    assert len(files) == 3
    (root / "丁.txt").write_text("示例", encoding="utf-8")
    assert [p.name for p in files][:2] == ["丁.txt", "丙.txt"]  # walked again


def test_an_empty_or_missing_folder_gives_nothing(tmp_path: Path) -> None:
    assert list(expand_paths([tmp_path])) == []
    assert not expand_paths([tmp_path])
    assert len(expand_paths([tmp_path / "gone"])) == 1  # a path as given, to fail by name


def test_what_the_command_writes_is_passed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    # an output file named relative to the working folder, and an output folder
    files = expand_paths([root], skip=(Path("r/x.TXT"), root / "a" / "b", None))
    got = [p.relative_to(root).as_posix() for p in files]
    assert got == [
        ".hidden.md",
        "B.pdf",
        "a/z.txt",
        "a.txt",
        "d.txt/inner.html",
        "m-file-link.txt",
    ]
    targets = check_targets([root], skip=(root / "out.json",))
    assert [p.name for p in targets][-2:] == ["x.TXT", "deep.jsonl"]
