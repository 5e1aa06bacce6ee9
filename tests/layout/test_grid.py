"""Tables read from the structure a reader gives: documents of blocks made here, with
the tables an agency prints (from tests/extract/phenomena.py), changed the way layouts
change them."""

from __future__ import annotations

from dataclasses import fields

from ogi.blocks import Block, Cell, Document, Where
from ogi.layout import build_report, grid
from ogi.layout.grid import GRow, _hit, _with
from ogi.layout.specs import t2_specs, t3_specs
from ogi.model import Report
from tests.extract.phenomena import Table, base_values, placed, report_parts

PARAGRAPH_KINDS = {"title": "heading", "heading": "heading"}


def table_block(t: Table, page: int | None = None) -> Block:
    rows: list[list[Cell]] = [[] for _ in t.rows]
    for r, c, cell in placed(t.rows):
        rows[r].append(Cell(cell.text, r, c, cell.rowspan, cell.colspan, page=page))
    return Block("table", rows=rows, where=Where(page=page))


def document(values: dict, raw: dict[str, str] | None = None) -> Document:
    blocks = []
    for part in report_parts(values, raw):
        if isinstance(part, Table):
            blocks.append(table_block(part))
        else:
            blocks.append(Block(PARAGRAPH_KINDS.get(part[0], "paragraph"), text=part[1]))  # type: ignore[arg-type]
    return Document(path="示例.pdf", form="pdf", blocks=blocks)


def read(doc: Document) -> Report:
    return build_report(doc, sha256="")


def t3_index(doc: Document) -> int:
    return [i for i, b in enumerate(doc.blocks) if b.kind == "table"][1]


def split_table(doc: Document, at: int, cut: list[Cell] | None) -> None:
    """Print table 三 over two pages: rows before `at` on page 1, the rest on page 2 as a
    table of its own; `cut` replaces the first row on page 2 (the second half of a row
    cut by the break)."""
    i = t3_index(doc)
    rows = doc.blocks[i].rows
    first = [
        [Cell(c.text, c.row, c.col, c.rowspan, c.colspan, page=1) for c in r] for r in rows[:at]
    ]
    second = [
        [Cell(c.text, c.row - at, c.col, c.rowspan, c.colspan, page=2) for c in r]
        for r in rows[at:]
    ]
    if cut is not None:
        second.insert(0, cut)
        second = [
            [Cell(c.text, k, c.col, c.rowspan, c.colspan, page=2) for c in r]
            for k, r in enumerate(second)
        ]
    doc.blocks[i : i + 1] = [
        Block("table", rows=first, where=Where(page=1)),
        Block("table", rows=second, where=Where(page=2)),
    ]


NOT_HELD = "t3.results.unable.not_held"
COLUMNS = [
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_org",
    "legal_service_org",
    "other_org",
    "total",
]


def test_row_cut_by_the_page_break_with_its_numbers_on_the_second_page() -> None:
    values = base_values()
    doc = document(values)
    i = t3_index(doc)
    rows = doc.blocks[i].rows
    at = next(k for k, r in enumerate(rows) if any("本机关不掌握" in c.text for c in r))
    # page 1 prints （四） and the first half of the label with empty value cells
    row = rows[at]
    group, label = row[0], row[1]
    half = [
        Cell("（四）", at, group.col, group.rowspan, 1),
        Cell("1.本机关不掌握相关政", at, label.col),
        *[Cell("", at, c.col) for c in row[2:]],
    ]
    rows[at] = half
    numbers = [Cell(c.text, 0, c.col) for c in row[2:]]
    cut = [Cell("无法提供", 0, group.col, 2, 1), Cell("府信息", 0, label.col), *numbers]
    split_table(doc, at + 1, cut)
    r = read(doc)
    assert [r.cells[f"{NOT_HELD}.{c}"] for c in COLUMNS] == [3, 0, 0, 1, 0, 0, 4]
    assert r.cells == values
    # the numbers point at page 2, the first row of the second table
    o = r.origins[f"{NOT_HELD}.total"]
    assert (o.page, o.table, o.row, o.text) == (2, 2, 0, "4")
    assert r.labels[NOT_HELD] == "本机关不掌握相关政府信息"


def test_row_cut_by_the_page_break_with_its_whole_label_on_the_first_page() -> None:
    values = base_values()
    doc = document(values)
    rows = doc.blocks[t3_index(doc)].rows
    at = next(k for k, r in enumerate(rows) if any("本机关不掌握" in c.text for c in r))
    row = rows[at]
    rows[at] = [*row[:2], *[Cell("", at, c.col) for c in row[2:]]]
    split_table(doc, at + 1, [Cell(c.text, 0, c.col) for c in row[2:]])
    assert read(doc).cells == values


def test_a_row_cut_by_the_page_break_with_numbers_on_both_pages_quotes_both() -> None:
    # the row's label cut by the break, its numbers on page 1 and other numbers beside
    # the rest of its label on page 2: each cell holds two numbers, and the problem
    # quotes both halves
    values = base_values()
    doc = document(values)
    rows = doc.blocks[t3_index(doc)].rows
    at = next(k for k, r in enumerate(rows) if any("本机关不掌握" in c.text for c in r))
    rows[at][1].text = "1.本机关不掌握相关政府"
    split_table(doc, at + 1, [Cell("信息", 0, 1), *(Cell("9", 0, c.col) for c in rows[at][2:])])
    r = read(doc)
    assert all(f"{NOT_HELD}.{c}" not in r.cells for c in COLUMNS)
    said = [p.message for p in r.problems if p.path and p.path.startswith(NOT_HELD)]
    assert said == [
        f"单元格中印有多个数字（“{v}/9”），无法确定其值，未取值"
        for v in (values[f"{NOT_HELD}.{c}"] for c in COLUMNS)
    ]


def test_numbers_after_a_row_of_blanks_on_the_same_page_are_not_guessed() -> None:
    # a row printed empty followed by a row of numbers without a label, both on one
    # page: the numbers could belong to it or to a row whose label was lost
    values = base_values()
    doc = document(values)
    rows = doc.blocks[t3_index(doc)].rows
    at = next(k for k, r in enumerate(rows) if any("本机关不掌握" in c.text for c in r))
    row = rows[at]
    rows[at] = [*row[:2], *[Cell("", at, c.col) for c in row[2:]]]
    rows.insert(at + 1, [Cell(c.text, at + 1, c.col) for c in row[2:]])
    r = read(doc)
    assert all(f"{NOT_HELD}.{c}" not in r.cells for c in COLUMNS)
    [p] = [p for p in r.problems if p.path == NOT_HELD]
    assert "下一行" in p.message
    assert p.origin is not None and p.origin.text == "1.本机关不掌握相关政府信息"


def test_two_numbers_in_one_cell_are_not_emitted() -> None:
    values = base_values()
    doc = document(values)
    rows = doc.blocks[t3_index(doc)].rows
    at = next(k for k, r in enumerate(rows) if any("一、本年新收" in c.text for c in r))
    rows[at][1].text = "1\n6"  # 16 printed over two lines, not joined by the reader
    r = read(doc)
    path = "t3.new_received.natural_person"
    assert path not in r.cells
    # its origin is kept for the problem only: the report's origins are of its values
    assert path not in r.origins and r.origins.keys() <= r.cells.keys()
    assert r.cells["t3.new_received.total"] == 21
    [p] = [p for p in r.problems if p.path == path]
    assert p.message == "单元格中印有多个数字（“1/6”），无法确定其值，未取值"
    assert p.origin is not None and (p.origin.row, p.origin.col) == (at, 3)


def test_a_row_with_more_cells_than_columns_is_not_emitted() -> None:
    values = base_values()
    doc = document(values)
    rows = doc.blocks[t3_index(doc)].rows
    at = next(k for k, r in enumerate(rows) if any("（七）总计" in c.text for c in r))
    rows[at].append(Cell("5", at, 10))
    r = read(doc)
    assert all(f"t3.results.total.{c}" not in r.cells for c in COLUMNS)
    [p] = [p for p in r.problems if p.path == "t3.results.total"]
    assert p.message == (
        "本行应有7个数值，读到8个单元格（17 3 0 1 0 1 22 5），无法确定各列，未取值"
    )


def test_blank_stays_none_and_placeholders_stay_raw() -> None:
    values = base_values()
    raw = {"t4.review.other": "/", "t4.litigation.direct.other": "—", "t4.review.pending": "无"}
    shown = {**values, **dict.fromkeys(raw, None), "t3.carried_over.total": None}
    r = read(document(shown, raw))
    assert r.cells == shown
    assert {c.path: c.text for c in r.raw} == {**raw, "t4.litigation.direct.other": "-"}


def test_a_count_equal_to_the_report_year_that_breaks_the_sums_is_not_emitted() -> None:
    values = base_values()
    values["t4.review.upheld"] = 2024  # the year read into the first cell
    r = read(document(values))
    assert not any(k.startswith("t4.") for k in r.cells)
    [p] = [p for p in r.problems if p.path == "t4"]
    assert p.message == "表内合计不符且含有与报告年度相同的数值2024，疑为误读，未取值"
    assert p.origin is not None and p.origin.text == "2024"


def test_header_rows_printed_again_inside_the_table_are_passed_over() -> None:
    values = base_values()
    doc = document(values)
    rows = doc.blocks[t3_index(doc)].rows
    header = [list(r) for r in rows[:3]]
    at = next(k for k, r in enumerate(rows) if any("（七）总计" in c.text for c in r))
    rows[at:at] = header
    assert read(doc).cells == values


def test_a_serial_number_column_and_group_labels_run_into_the_row_label() -> None:
    # a column 序号 left of the labels, and （三）不予公开 printed in the row's own label
    # cell instead of a merged cell of its own
    values = base_values()
    doc = document(values)
    rows = doc.blocks[t3_index(doc)].rows
    at = next(k for k, r in enumerate(rows) if any("1.属于国家秘密" in c.text for c in r))
    group, leaf = rows[at][0], rows[at][1]
    rows[at][1] = Cell(f"{group.text}{leaf.text}", at, leaf.col)
    rows[at][0] = Cell("", at, group.col, group.rowspan, 1)
    for k, r in enumerate(rows[3:], start=1):
        r.insert(0, Cell(str(k), r[0].row, -1))
    assert read(doc).cells == values


# ---------------------------------------------------------------------------------------
# A statutory row printed in more than one table
# ---------------------------------------------------------------------------------------
def _page_with(tmp_path, before: str = "", after: str = "", copy: dict | None = None):  # type: ignore[no-untyped-def]
    """The sample page with `before` put before its 二、 heading, and a copy of its
    article (changed by `copy`: old → new markup) after it, read."""
    from ogi.extract import extract
    from tests.shared import SAMPLES

    page = (SAMPLES / "示例镇-2024.html").read_text(encoding="utf-8")
    page = page.replace(
        "<h2>二、主动公开政府信息情况</h2>", before + "<h2>二、主动公开政府信息情况</h2>"
    )
    if copy is not None:
        article = page[page.index("<main>") + 6 : page.index("</main>")]
        for old, new in copy.items():
            assert old in article
            article = article.replace(old, new)
        page = page.replace("</main>", f'<div class="m-only">{article}</div></main>')
    path = tmp_path / "页面.html"
    path.write_text(page + after, encoding="utf-8")
    return extract(path)


def test_a_stray_table_naming_statutory_rows_lends_them_no_numbers(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A small table in 一、总体情况 that counts 行政许可 and 行政处罚 its own way came
    first and gave its numbers to 表二, silently (120 for 46, 30 for 18)."""
    from tests.shared import sample_cells

    stray = (
        "<table><tr><td>类别</td><td>件数</td></tr><tr><td>行政许可</td><td>120</td></tr>"
        "<tr><td>行政处罚</td><td>30</td></tr></table>"
    )
    r = _page_with(tmp_path, before=stray)
    assert r.cells == sample_cells("示例镇-2024.html")
    assert r.problems == []


def test_two_copies_of_a_table_that_differ_withhold_the_row(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A second copy of the article (a mobile version a style sheet hides, a corrected
    table) printing 47 where the first prints 46: which holds the report's number cannot
    be told, so neither is taken; the other rows agree and are read."""
    from tests.shared import sample_cells

    r = _page_with(
        tmp_path, copy={'<td colspan="3" class="v">46</td>': '<td colspan="3" class="v">47</td>'}
    )
    expected = dict(sample_cells("示例镇-2024.html"))
    del expected["t2.art20_5.licensing.decisions"]
    assert r.cells == expected
    assert [(p.where, p.path, p.message) for p in r.problems] == [
        (
            # the first copy's row: the sample's line 54, row 7 of its first table
            "表二 行政许可（第54行表格1第7行）",
            "t2.art20_5.licensing",
            "本行在文中出现两次，数值不同（46；47），无法确定哪一处是报告的数值，未取值",
        )
    ]


def test_two_copies_of_a_table_that_agree_are_read_once(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.shared import sample_cells

    r = _page_with(tmp_path, copy={})
    assert r.cells == sample_cells("示例镇-2024.html")
    assert r.problems == []


def test_a_stray_table_before_a_table_printed_as_text_lends_it_no_numbers(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The same stray table, tab-separated, in a text whose 表二 is printed one cell a
    line: the structure held only the stray table's two rows, and they were kept over
    the table the text holds (120 for 46, 30 for 18)."""
    from ogi.extract import extract
    from tests.shared import SAMPLES, sample_cells

    text = (SAMPLES / "示例镇-2024.txt").read_text(encoding="utf-8")
    at = text.index("二、主动公开政府信息情况")
    stray = "类别\t件数\n行政许可\t120\n行政处罚\t30\n\n"
    path = tmp_path / "年报.txt"
    path.write_text(text[:at] + stray + text[at:], encoding="utf-8")
    r = extract(path)
    assert r.cells == sample_cells("示例镇-2024.txt")
    assert r.problems == []


def test_two_copies_of_table_four_that_differ_are_not_read(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """表四 printed again with 9 where the first copy prints 1 (行政复议 结果维持): its
    one row is withheld, and no reading of the text takes either copy instead."""

    first = '<td class="v">1</td>'  # 表四's first value, the first such cell in its table
    page = _page_with(tmp_path, copy={})
    assert page.cells["t4.review.upheld"] == 1
    at = (tmp_path / "页面.html").read_text(encoding="utf-8")
    start = at.index('<div class="m-only">')
    t4 = at.index('<table class="t4"', start)
    cell = at.index(first, t4)
    changed = at[:cell] + '<td class="v">9</td>' + at[cell + len(first) :]
    (tmp_path / "页面.html").write_text(changed, encoding="utf-8")
    from ogi.extract import extract
    from tests.shared import sample_cells_without

    r = extract(tmp_path / "页面.html")
    expected = sample_cells_without("示例镇-2024.html", "t4.")
    assert r.cells == expected
    ones = "｜".join(["1", "0", "0", "0", "1"] + ["0"] * 10)
    nines = "｜".join(["9", "0", "0", "0", "1"] + ["0"] * 10)
    assert [(p.where, p.path, p.message) for p in r.problems] == [
        (
            "表四",
            "t4",
            f"表四在文中出现两次，数值不同（{ones}；{nines}），无法确定哪一处是报告的数值，未取值",
        )
    ]


def test_a_copied_row_keeps_every_field() -> None:
    """`_with` names GRow's fields one by one: a field it left out would be lost."""
    given = {f.name: object() for f in fields(GRow)}
    copy = _with(GRow(**given), errors=3)
    for name, value in given.items():
        assert getattr(copy, name) is (3 if name == "errors" else value), name


def test_a_matched_row_keeps_every_other_field() -> None:
    """`_hit` names GRow's fields one by one too."""
    given = {f.name: object() for f in fields(GRow)}
    spec = t3_specs("2021")[0]
    copy = _hit(GRow(**given), spec, 2)
    for name, value in given.items():
        want = {"spec": spec, "errors": 2}.get(name, value)
        assert getattr(copy, name) is want, name


def test_answers_kept_for_labels_are_label_match_s_and_bounded(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The answers the reading of tables looks up by label are `label_match`'s own, for
    each set of rows apart; a long label is not kept, and a full table starts again."""
    t3, t2 = t3_specs("2021"), t2_specs("2021")
    labels = ["（一）予以公开", "1.属于国家秘密", "规章", "行政许可", "总体情况", "予以公开"]
    for specs in (t3, t2):
        answers = grid._answers(specs)
        for label in labels:
            assert grid._answer(answers, label, specs) == grid.label_match(label, specs)
            assert answers[label] == grid.label_match(label, specs)
    granted, errors = grid._answers(t3)["（一）予以公开"]
    assert (granted.key, errors) == ("t3.results.granted", 0)
    assert grid._answers(t3)["总体情况"] is None
    assert grid._answers(t2)["规章"][0].official == "规章"
    assert grid._answers(t2)["（一）予以公开"] is None
    long = "行政许可" * 60  # (240 characters)
    answers = grid._answers(t2)
    grid._answer(answers, long, t2)
    assert long not in answers
    monkeypatch.setattr(grid, "MOST_ANSWERS", len(answers))
    grid._answer(answers, "行政处罚", t2)
    assert list(answers) == ["行政处罚"]
