"""A ledger file beyond what an agency's ledger can be (a zip bomb, millions of rows, a
field of megabytes) is refused with one Chinese sentence naming the file, before it
takes minutes or gigabytes; an import wrong throughout lists its first errors only."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

import ogi.store.ledger_io as ledger_io
from ogi import limits
from ogi.limits import Limit
from ogi.store import open_store
from ogi.store.ledger import find_agency
from ogi.store.ledger_io import (
    SHEET,
    LedgerFileError,
    LedgerImportError,
    import_ledger,
    read_rows,
)
from tests.store.ledger_rows import AGENCY, HEADERS
from tests.store.ledger_rows import ledger_row as _row


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET)
    ws.append(HEADERS)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _import(tmp_path: Path, path: Path) -> tuple[int, int]:
    store = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    with store.session() as s:
        return import_ledger(s, find_agency(s, AGENCY, create=True), path)


def test_the_bounds_are_those_of_a_ledger() -> None:
    assert limits.LEDGER_ROWS.value == 100_000
    assert limits.LEDGER_XLSX_BYTES.value == 256_000_000
    assert limits.LEDGER_FILE_BYTES.value == 64_000_000
    assert limits.LEDGER_ERRORS.value == 50


def test_a_csv_field_beyond_the_csv_limit_is_named_with_its_row(tmp_path: Path) -> None:
    path = tmp_path / "台账.csv"
    line = ",".join(str(v or "") for v in _row("2024-001"))
    path.write_text(
        ",".join(HEADERS) + "\n" + line + "\n" + line.replace("张三", "x" * 131_073) + "\n",
        encoding="utf-8",
    )
    with pytest.raises(LedgerFileError) as e:
        read_rows(path)
    assert str(e.value) == "台账.csv：第3行有一格超过 131,072 个字符，不像台账的内容，或文件已损坏"


def test_the_cli_says_it_in_one_line_and_exits_2(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import typer

    from ogi.cli.ledger import ledger_app

    app = typer.Typer()
    app.add_typer(ledger_app, name="ledger")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("OGI_DB", raising=False)
    runner = CliRunner()
    assert runner.invoke(app, ["ledger", "init", "--agency", AGENCY]).exit_code == 0
    path = tmp_path / "台账.csv"
    path.write_text(",".join(HEADERS) + "\n," + "x" * 200_000 + "\n", encoding="utf-8")
    result = runner.invoke(app, ["ledger", "import", "台账.csv"])
    assert result.exit_code == 2
    assert result.output == (
        "台账.csv 未导入：\n"
        "台账.csv：第2行有一格超过 131,072 个字符，不像台账的内容，或文件已损坏\n"
    )


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    good = _workbook(tmp_path / "good.xlsx", [_row("2024-001")])
    bomb = tmp_path / "炸弹.xlsx"
    with (
        zipfile.ZipFile(good) as src,
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z,
    ):
        for info in src.infolist():
            data = src.read(info)
            if info.filename != "xl/worksheets/sheet1.xml":
                z.writestr(info.filename, data)
                continue
            cut = data.index(b"<sheetData>") + len(b"<sheetData>")
            with z.open(info.filename, "w", force_zip64=True) as f:
                f.write(data[:cut])
                for _ in range(260):
                    f.write(b" " * 1_000_000)
                f.write(data[cut:])
    assert bomb.stat().st_size < 2_000_000
    started = time.monotonic()
    with pytest.raises(LedgerFileError) as e:
        _import(tmp_path, bomb)
    assert time.monotonic() - started < 2
    assert str(e.value) == (
        "炸弹.xlsx：工作簿解压后过大（260.1 MB，上限 256 MB），不像一个机关的台账，或文件已损坏"
    )


def test_a_file_beyond_the_size_of_a_ledger_is_not_read(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(
        ledger_io, "LEDGER_FILE_BYTES", Limit(1000, limits.LEDGER_FILE_BYTES.message, "1 KB")
    )
    path = tmp_path / "台账.csv"
    path.write_text(",".join(HEADERS) + "\n" + "," * 2000 + "\n", encoding="utf-8")
    with pytest.raises(LedgerFileError) as e:
        read_rows(path)
    assert str(e.value) == "台账.csv：文件过大（0.1 MB，上限 1 KB），不像一个机关的台账"


@pytest.fixture
def five_rows(monkeypatch):  # type: ignore[no-untyped-def]
    """The row bound at 5, so that passing it takes 6 rows, not 100,001."""
    monkeypatch.setattr(ledger_io, "LEDGER_ROWS", Limit(5, limits.LEDGER_ROWS.message))


def test_rows_up_to_the_bound_are_imported(tmp_path: Path, five_rows) -> None:  # type: ignore[no-untyped-def]
    path = _workbook(tmp_path / "台账.xlsx", [_row(f"2024-{i:03d}") for i in range(5)])
    assert _import(tmp_path, path) == (5, 0)


def test_rows_beyond_the_bound_are_refused(tmp_path: Path, five_rows) -> None:  # type: ignore[no-untyped-def]
    # blank rows between do not count; a row of one cell does
    rows = [_row("2024-001"), [], [], *[[None, "x"]] * 5]
    path = _workbook(tmp_path / "台账.xlsx", rows)
    with pytest.raises(LedgerFileError) as e:
        _import(tmp_path, path)
    assert str(e.value) == (
        "台账.xlsx：工作表“台账”数据超过 5 行，超出一个机关台账的合理规模；"
        "请检查文件，或按年度拆分后分别导入"
    )
    csv_path = tmp_path / "台账.csv"
    csv_path.write_text(
        ",".join(HEADERS) + "\n" + "\n".join(",x" for _ in range(6)) + "\n", encoding="utf-8"
    )
    with pytest.raises(LedgerFileError) as e:
        read_rows(csv_path)
    assert str(e.value) == (
        "台账.csv：数据超过 5 行，超出一个机关台账的合理规模；请检查文件，或按年度拆分后分别导入"
    )


def test_a_cell_far_to_the_right_is_not_read(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    ws.append(HEADERS)
    ws.append(_row("2024-001"))
    ws.cell(row=2, column=16_384, value="远处")
    ws.cell(row=1_048_576, column=1, value=None)
    wb.save(tmp_path / "台账.xlsx")
    rows = read_rows(tmp_path / "台账.xlsx")
    assert [(n, raw["申请编号"]) for n, raw in rows] == [(2, "2024-001")]
    assert "远处" not in rows[0][1].values()


def test_row_numbers_count_blank_rows(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "台账.xlsx", [[], [], _row("2024-001", 申请人类型="企业")])
    with pytest.raises(LedgerImportError) as e:
        _import(tmp_path, path)
    assert e.value.errors == [
        "第4行“申请人类型”：“企业”不是有效的申请人类型（可选：自然人、商业企业、科研机构、"
        "社会公益组织、法律服务机构、其他）"
    ]


def test_only_the_first_errors_are_listed(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "台账.xlsx", [_row(f"2024-{i:03d}", 申请人类型="企业") for i in range(60)]
    )
    with pytest.raises(LedgerImportError) as e:
        _import(tmp_path, path)
    lines = str(e.value).splitlines()
    assert len(e.value.errors) == 60 and len(lines) == 51
    assert lines[0].startswith("第2行“申请人类型”：“企业”不是有效的申请人类型")
    assert lines[49].startswith("第51行“申请人类型”")
    assert lines[50] == "……另有 10 处错误未列出（只列出前 50 处）"
