"""The bounds every reader's document is held to before the layout step reads it
(`ogi.readers._bounded`): how many paragraphs and cells, how long one text, how much
text in all."""

from __future__ import annotations

from pathlib import Path

import pytest

from ogi import limits
from ogi.blocks import Block, Cell, Document, ReadError
from ogi.readers import _bounded, read_file


def _lower(monkeypatch: pytest.MonkeyPatch, name: str, value: int) -> None:
    old = getattr(limits, name)
    monkeypatch.setattr(limits, name, limits.Limit(value, old.message, old.shown))


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "示例镇.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_paragraph_or_cell_over_the_bound_is_cut_to_it_and_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _lower(monkeypatch, "LINE_CHARS", 10)
    path = _write(tmp_path, "示例镇人民政府二〇二四年度工作\n\n行政许可\t123456789012\n短句\n")
    doc = read_file(path)
    assert [b.text for b in doc.blocks if b.kind == "paragraph"] == ["示例镇人民政府二〇二", "短句"]
    assert [c.text for c in doc.blocks[1].rows[0]] == ["行政许可", "1234567890"]
    assert doc.problems == [
        "第1段文字过长（15 字符，上限 10），超出部分未读取",
        "第2段文字过长（12 字符，上限 10），超出部分未读取",
    ]


def test_texts_within_the_bound_are_left_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _lower(monkeypatch, "LINE_CHARS", 12)
    doc = read_file(_write(tmp_path, "行政许可\t123456789012\n"))
    assert [c.text for c in doc.blocks[0].rows[0]] == ["行政许可", "123456789012"]
    assert doc.problems == []


def test_too_many_paragraphs_and_cells_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _lower(monkeypatch, "BLOCKS", 4)
    with pytest.raises(ReadError) as e:
        read_file(_write(tmp_path, "标题\n\n行政许可\t1\t2\n"))  # 2 blocks and 3 cells
    assert str(e.value) == "段落和单元格过多（5 个，上限 4），不像一份年度报告"


def test_too_much_text_in_paragraphs_and_cells_together_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # (a text file's own text is held to the bound as it is decoded; a DOCX's or a web
    # page's pieces are counted here, as each reader made them)
    _lower(monkeypatch, "TEXT_CHARS", 11)
    doc = Document(path="示例镇.docx", form="docx")
    doc.blocks.append(Block("paragraph", "标题文字"))
    doc.blocks.append(Block("table", rows=[[Cell("许可", 0, 0), Cell("12345", 0, 1)]]))
    assert _bounded(doc) is doc  # 11 characters: within
    doc.blocks.append(Block("paragraph", "完"))
    with pytest.raises(ReadError) as e:
        _bounded(doc)
    assert str(e.value) == "文本过长（12 字符，上限 11），不像一份年度报告"
