"""The 依申请公开台账 as a spreadsheet: an Excel template with Chinese headers and
drop-down lists, import and export of Excel and CSV.

Import is all or nothing: every error is collected, each naming its row and column as
the office sees them in the spreadsheet (the header is row 1), and nothing is written
unless the whole file is valid. A row whose 申请编号 already exists for the same year is
updated, so an exported file can be edited and imported back.
"""

from __future__ import annotations

import csv
import io
import math
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import regex
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import select
from sqlalchemy.orm import Session

from ogi.format import Edition
from ogi.limits import (
    LEDGER_COLUMNS,
    LEDGER_ERRORS,
    LEDGER_FIELD_CHARS,
    LEDGER_FILE_BYTES,
    LEDGER_ROWS,
    LEDGER_XLSX_BYTES,
    megabytes,
)
from ogi.oserrors import reason
from ogi.spreadsheet import csv_row, csv_unquote, set_text, text_cells
from ogi.store.ledger import (
    LedgerError,
    applicant_types,
    application_errors,
    bound_error,
    check_application,
    echo,
    edition_of,
    outcome_labels,
    parse_choice,
    plain,
)
from ogi.store.models import (
    CHANNELS,
    REVIEW_KINDS,
    REVIEW_OUTCOMES,
    STATUSES,
    Agency,
    Application,
    ProactiveCount,
    Review,
)

SHEET = "台账"
T2_SHEET = "表二"
REVIEW_SHEET = "复议诉讼"
OPTIONS_SHEET = "选项"
HELP_SHEET = "填写说明"
DATA_ROWS = 5000  # rows the drop-down lists cover in the template
YES, NO = "是", "否"


@dataclass(frozen=True)
class Field:
    key: str
    header: str
    kind: str  # text / date / choice / bool / int / money / export
    required: bool = False
    width: int = 14
    help: str = ""


FIELDS: tuple[Field, ...] = (
    Field("id", "系统编号", "export", width=9, help="导出时填写，导入时不读取"),
    Field("serial_no", "申请编号", "text", True, 14, "本机关登记的申请编号，同一年内不得重复"),
    Field("applicant_name", "申请人", "text", False, 16),
    Field("applicant_type", "申请人类型", "choice", True, 14, "从下拉列表选择，对应表三的列"),
    Field("received", "收到申请日期", "date", True, 14, "《条例》第三十一条确定的收到之日"),
    Field("channel", "申请方式", "choice", True, 10, "当面、信函、网络、传真、电话、其他"),
    Field("content", "申请内容", "text", False, 30),
    Field("status", "办理状态", "export", False, 10, "由系统根据日期计算，导入时不读取"),
    Field("outcome", "办理结果", "choice", False, 34, "答复后填写，从下拉列表选择"),
    Field("reply_date", "答复日期", "date", False, 14),
    Field("extended", "是否延期", "bool", False, 9, "是／否"),
    Field("extension_days", "延期工作日数", "int", False, 12, "最长20个工作日；延期未填天数按20计"),
    Field("correction_start", "补正告知日期", "date", False, 14),
    Field("correction_end", "收到补正日期", "date", False, 14, "答复期限自收到补正之日起重新计算"),
    Field("consult_start", "征求意见开始日期", "date", False, 16, "征求第三方或其他机关意见"),
    Field("consult_end", "征求意见结束日期", "date", False, 16, "征求意见期间不计入答复期限"),
    Field("fee", "收费金额（元）", "money", False, 12, "信息处理费，未收取填0或不填"),
    Field("notes", "备注", "text", False, 24),
)
BY_HEADER = {f.header: f for f in FIELDS}


class LedgerFileError(LedgerError):
    """A ledger file that cannot be read at all (missing, not a workbook, damaged)."""


class LedgerImportError(LedgerError):
    """Every error of an import (`errors`); its message lists the first
    `LEDGER_ERRORS` of them and how many more there are."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        shown = errors[: LEDGER_ERRORS.value]
        if len(errors) > len(shown):
            shown = [*shown, LEDGER_ERRORS.say(n=len(errors) - len(shown))]
        super().__init__("\n".join(shown))


# -- template ----------------------------------------------------------------------------------
def _instructions(ed: Edition) -> list[str]:
    return [
        "依申请公开台账填写说明",
        "",
        "1. 每件政府信息公开申请填一行，表头在第1行，不要改动表头文字。",
        "2. 日期写成 2024-01-31（也可使用 Excel 日期格式）。",
        "3. 申请人类型、申请方式、办理结果请从下拉列表选择；办理结果按"
        f"{ed.name}年版年度报告格式表三的项目填写。",
        "4. 尚未答复的申请，办理结果和答复日期留空；年度报告中计入“结转下年度继续办理”。",
        "5. 答复期限：自收到申请次日起20个工作日（调休上班日计入、法定节假日不计），"
        "延期最长20个工作日（《条例》第三十三条）。",
        "6. 要求补正的：填写补正告知日期和收到补正日期，期限自收到补正之日起重新计算"
        "（《条例》第三十条）。",
        "7. 征求第三方或其他机关意见的：填写开始和结束日期，该期间不计入答复期限"
        "（《条例》第三十二条、第三十三条）。",
        "8. 办理状态由系统计算，导入时不读取；系统编号仅供核对。",
        "",
        "各列说明：",
        *[f"{f.header}：{f.help or '—'}{'（必填）' if f.required else ''}" for f in FIELDS],
    ]


def build_workbook(ed: Edition, rows: Iterable[dict[str, Any]] = ()) -> Workbook:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    ws.append(text_cells(ws, [f.header for f in FIELDS]))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for i, f in enumerate(FIELDS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = f.width
    ws.freeze_panes = "A2"

    opts = wb.create_sheet(OPTIONS_SHEET)
    lists = {
        "applicant_type": list(applicant_types(ed).values()),
        "channel": list(CHANNELS.values()),
        "outcome": list(outcome_labels(ed).values()),
        "extended": [YES, NO],
    }
    # Lists live on a hidden sheet: an inline list is limited to 255 characters, which
    # the 21 outcome labels exceed.
    for col, (key, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(col)
        for row, value in enumerate(values, start=1):
            set_text(opts.cell(row=row, column=col), value)
        field = next(f for f in FIELDS if f.key == key)
        dv = DataValidation(
            type="list",
            formula1=f"{OPTIONS_SHEET}!${letter}$1:${letter}${len(values)}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="无效的选项",
            error=f"请从下拉列表中选择“{field.header}”",
        )
        target = get_column_letter(FIELDS.index(field) + 1)
        dv.add(f"{target}2:{target}{DATA_ROWS}")
        ws.add_data_validation(dv)
    opts.sheet_state = "hidden"

    help_ws = wb.create_sheet(HELP_SHEET)
    help_ws.column_dimensions["A"].width = 100
    for line in _instructions(ed):
        help_ws.append(text_cells(help_ws, [line]))
    help_ws["A1"].font = Font(bold=True, size=14)

    for values in rows:
        # Text an office typed (or a file imported) is never written as a formula.
        ws.append(text_cells(ws, [values.get(f.key) for f in FIELDS]))
    for row in ws.iter_rows(min_row=2):
        for f, cell in zip(FIELDS, row, strict=False):
            if f.kind == "date" and cell.value is not None:
                cell.number_format = "yyyy-mm-dd"
    return wb


def write_template(path: str | Path, ed: Edition, year: int | None = None) -> None:
    wb = build_workbook(ed)
    add_t2_sheet(wb, ed, year or ed.first_year)
    add_review_sheet(wb)
    wb.save(path)


# -- table 二 and the cases of table 四 as sheets ----------------------------------------------
T2_HEADERS = ("年度", "项目", "信息内容", "指标", "数值", "上年数值", "单元格")
REVIEW_HEADERS = ("系统编号", "案号", "案件类型", "立案日期", "结果", "审结日期", "备注")


def add_t2_sheet(
    wb: Workbook,
    ed: Edition,
    year: int,
    values: dict[str, float] | None = None,
    last_year: dict[str, float] | None = None,
) -> None:
    """One row per table 二 cell of `year`, labels as printed; the office fills 数值. A
    second call appends another year's rows to the same sheet (the 年度 column tells
    them apart on import)."""
    if T2_SHEET in wb.sheetnames:
        ws = wb[T2_SHEET]
    else:
        ws = _sheet(wb, T2_SHEET, T2_HEADERS, (8, 20, 22, 26, 10, 10, 36))
    values, last_year = values or {}, last_year or {}
    for block in ed.t2_blocks:
        for row in block.rows:
            for col in block.columns:
                path = f"{row.path}.{col.key}"
                ws.append(
                    text_cells(
                        ws,
                        [
                            year,
                            block.label,
                            row.label,
                            col.label,
                            values.get(path),
                            last_year.get(path),
                            path,
                        ],
                    )
                )
    ws.freeze_panes = "E2"


def _sheet(wb: Workbook, name: str, headers: Sequence[str], widths: Sequence[int]) -> Any:
    """A new sheet with its header row in bold and its columns' widths."""
    ws = wb.create_sheet(name)
    ws.append(text_cells(ws, headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    return ws


def add_review_sheet(wb: Workbook, rows: Iterable[Review] = ()) -> None:
    ws = _sheet(wb, REVIEW_SHEET, REVIEW_HEADERS, (9, 16, 30, 14, 12, 14, 24))
    for r in rows:
        ws.append(
            text_cells(
                ws,
                [
                    r.id,
                    r.case_no,
                    REVIEW_KINDS.get(r.kind, r.kind),
                    r.filed,
                    REVIEW_OUTCOMES.get(r.outcome, r.outcome),
                    r.concluded,
                    r.notes,
                ],
            )
        )
    opts = wb[OPTIONS_SHEET] if OPTIONS_SHEET in wb.sheetnames else wb.create_sheet(OPTIONS_SHEET)
    base = opts.max_column + 1
    for offset, choices in enumerate((REVIEW_KINDS, REVIEW_OUTCOMES)):
        letter = get_column_letter(base + offset)
        for i, label in enumerate(choices.values(), start=1):
            set_text(opts.cell(row=i, column=base + offset), label)
        dv = DataValidation(
            type="list",
            formula1=f"{OPTIONS_SHEET}!${letter}$1:${letter}${len(choices)}",
            allow_blank=True,
        )
        dv.add(f"{'CE'[offset]}2:{'CE'[offset]}{DATA_ROWS}")
        ws.add_data_validation(dv)
    for row in ws.iter_rows(min_row=2):
        for i in (3, 5):
            if row[i].value is not None:
                row[i].number_format = "yyyy-mm-dd"


def _sheet_rows(p: Path, sheet: str) -> list[tuple[int, dict[str, Any]]] | None:
    table = _sheet_table(p, sheet)
    if table is None:
        return None
    headers = _headers(table)
    return [
        (n, dict(zip(headers, values, strict=False)))
        for n, values in table
        if n > 1 and not _blank(values)
    ]


def _blank(values: Iterable[Any]) -> bool:
    """A row with nothing in it (a formula without a result is not nothing)."""
    return all(v is not FORMULA and _text(v) == "" for v in values)


def _headers(table: Table) -> list[str]:
    """The texts of row 1 (the header is row 1, as the template says)."""
    return [_text(h) for h in table[0][1]] if table and table[0][0] == 1 else []


def read_t2_sheet(path: str | Path, required: bool = True) -> dict[int, dict[str, Any]]:
    """Year → {cell (path or labels): value} from the 表二 sheet; rows with no 数值 are
    skipped. Raises `LedgerImportError` naming rows without a year."""
    p = Path(path)
    rows = _sheet_rows(p, T2_SHEET)
    if rows is None:
        if not required:
            return {}
        raise LedgerFileError(f"{p.name}：没有“{T2_SHEET}”工作表")
    out: dict[int, dict[str, Any]] = {}
    errors = _formula_errors(T2_SHEET, rows, "number")
    for n, raw in rows:
        value = _text(raw.get("数值"))
        if not value:
            continue
        try:
            year = int(plain(_text(raw.get("年度"))))
        except ValueError:
            errors.append(f"{T2_SHEET} 第{n}行“年度”：“{echo(_text(raw.get('年度')))}”不是年份")
            continue
        name = _text(raw.get("单元格")) or f"{_text(raw.get('信息内容'))} {_text(raw.get('指标'))}"
        out.setdefault(year, {})[name] = value
    if errors:
        raise LedgerImportError(errors)
    return out


def read_review_sheet(path: str | Path) -> list[tuple[int, dict[str, Any]]] | None:
    """(row, {field: value}) of the 复议诉讼 sheet, or None when the workbook has none."""
    rows = _sheet_rows(Path(path), REVIEW_SHEET)
    if rows is None:
        return None
    keys = {
        "案号": "case_no",
        "案件类型": "kind",
        "立案日期": "filed",
        "结果": "outcome",
        "审结日期": "concluded",
        "备注": "notes",
    }
    errors = _formula_errors(REVIEW_SHEET, rows, "")
    if errors:
        raise LedgerImportError(errors)
    return [(n, {k: raw.get(h) for h, k in keys.items() if _text(raw.get(h))}) for n, raw in rows]


def _formula_errors(sheet: str, rows: list[tuple[int, dict[str, Any]]], kind: str) -> list[str]:
    """A sentence for each formula without a result of the sheet's rows: such a cell is
    not blank (nor its row skipped), its value is unknown."""
    return [
        f"{sheet} 第{n}行“{header}”：{formula_error(kind)}"
        for n, raw in rows
        for header, value in raw.items()
        if value is FORMULA
    ]


# -- reading ---------------------------------------------------------------------------------
_ROW_NO = regex.compile(r"^第(\d+)行")
_DATE = regex.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


class Formula:
    """The value of a formula cell whose file holds no result of it (Excel saves one;
    programs that write xlsx often do not): unknown, so neither blank nor text."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "FORMULA"


FORMULA = Formula()
# what to write instead of a formula without a result, by the kind of field
_INSTEAD = {
    "text": "请直接填写文字",
    "date": "请直接填写日期",
    "int": "请直接填写整数",
    "money": "请直接填写金额",
    "bool": "请直接填写“是”或“否”",
    "choice": "请从下拉列表中选择",
    "number": "请直接填写数值",
}


def formula_error(kind: str) -> str:
    return f"单元格是公式且没有计算结果，{_INSTEAD.get(kind, '请直接填写')}"


def _text(value: Any) -> str:
    if value is None or value is FORMULA:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    m = _DATE.match(plain(_text(value)))
    if not m:
        raise ValueError
    return date(int(m[1]), int(m[2]), int(m[3]))


class _Row:
    """One spreadsheet row being turned into field values, collecting its errors."""

    def __init__(self, number: int, raw: dict[str, Any], errors: list[str]) -> None:
        self.number, self.raw, self.errors = number, raw, errors

    def fail(self, f: Field, message: str) -> None:
        self.errors.append(f"第{self.number}行“{f.header}”：{message}")

    def formula(self, f: Field) -> bool:
        """Whether the cell is a formula without a result (and said so)."""
        if self.raw.get(f.header) is FORMULA:
            self.fail(f, formula_error(f.kind))
            return True
        return False

    def value(self, f: Field, parse: Callable[[Any], Any]) -> Any:
        if self.formula(f):
            return None
        text = _text(self.raw.get(f.header))
        if not text:
            if f.required:
                self.fail(f, "不能为空")
            return None
        try:
            return parse(self.raw.get(f.header))
        except ValueError as e:
            self.fail(f, str(e) or f"“{echo(text)}”无效")
            return None


def _choice(choices: dict[str, str], what: str) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = _text(value)
        found = parse_choice(text, choices)
        if found is None:
            raise ValueError(
                f"“{echo(text)}”不是有效的{what}（可选：{'、'.join(choices.values())}）"
            )
        return found

    return parse


def _date(value: Any) -> date:
    try:
        return _parse_date(value)
    except ValueError:
        raise ValueError(f"“{echo(_text(value))}”不是有效的日期（应写成 2024-01-31）") from None


def _bool(value: Any) -> bool:
    text = _text(value)
    if text in (YES, "Y", "y", "1", "TRUE", "True", "true"):
        return True
    if text in (NO, "N", "n", "0", "FALSE", "False", "false"):
        return False
    raise ValueError(f"“{echo(text)}”应填“是”或“否”")


def _int(value: Any) -> int:
    text = plain(_text(value))
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"“{echo(_text(value))}”不是整数") from None


def _money(value: Any) -> float:
    text = plain(_text(value)).replace(",", "").removesuffix("元")
    try:
        amount = float(text)
    except ValueError:
        raise ValueError(f"“{echo(_text(value))}”不是金额") from None
    if not math.isfinite(amount):
        raise ValueError(f"“{echo(_text(value))}”不是有限的金额")
    if amount < 0:
        raise ValueError(f"“{echo(_text(value))}”不能为负数")
    problem = bound_error(amount, "金额", _text(value))
    if problem:
        raise ValueError(problem)
    return amount


def _fields_of(row: _Row) -> dict[str, Any]:
    out: dict[str, Any] = {}
    get = {f.key: f for f in FIELDS}
    for f in FIELDS:
        if f.kind == "export" or f.key == "outcome":
            continue
        if f.kind == "text":
            if row.formula(f):
                out[f.key] = None
                continue
            out[f.key] = _text(row.raw.get(f.header)) or None
            if f.required and out[f.key] is None:
                row.fail(f, "不能为空")
        elif f.kind == "date":
            out[f.key] = row.value(f, _date)
        elif f.kind == "bool":
            out[f.key] = row.value(f, _bool)
        elif f.kind == "int":
            out[f.key] = row.value(f, _int)
        elif f.kind == "money":
            out[f.key] = row.value(f, _money)
        elif f.key == "applicant_type":
            out[f.key] = row.value(f, _choice(applicant_types(), "申请人类型"))
        elif f.key == "channel":
            out[f.key] = row.value(f, _choice(CHANNELS, "申请方式"))
    # The outcome's labels depend on the edition of the year it was replied in.
    reply = out.get("reply_date") or out.get("received") or date.today()
    choices = outcome_labels(edition_of(reply.year))
    out["outcome"] = row.value(get["outcome"], _choice(choices, "办理结果"))
    return out


# (row number as the spreadsheet shows it, values) of the rows that hold anything
Table = list[tuple[int, list[Any]]]


def _file_size(p: Path) -> int:
    """The size of a ledger file; `LedgerFileError` when it is missing, unreadable or
    beyond `LEDGER_FILE_BYTES`."""
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise LedgerFileError(f"{p.name}：文件不存在") from None
    except OSError as e:
        raise LedgerFileError(f"{p.name}：无法读取（{reason(e)}）") from None
    if size > LEDGER_FILE_BYTES.value:
        raise LedgerFileError(LEDGER_FILE_BYTES.say(name=p.name, size=megabytes(size)))
    return size


def _check_unpacked(p: Path) -> None:
    """Refuse a workbook whose parts unpack beyond `LEDGER_XLSX_BYTES`, before openpyxl
    unpacks anything: a few MB of zip can hold gigabytes of sheet."""
    _file_size(p)
    try:
        with zipfile.ZipFile(p) as z:
            total = sum(max(i.file_size, 0) for i in z.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise LedgerFileError(f"{p.name}：不是 Excel 工作簿（.xlsx），或文件已损坏") from None
    if total > LEDGER_XLSX_BYTES.value:
        raise LedgerFileError(LEDGER_XLSX_BYTES.say(name=p.name, size=megabytes(total)))


def _too_many(p: Path, sheet: str) -> LedgerFileError:
    return LedgerFileError(LEDGER_ROWS.say(name=p.name, sheet=f"工作表“{sheet}”" if sheet else ""))


def _worksheet_rows(wb: Any, ws: Any) -> Iterator[tuple[int, list[Any]]]:
    """(row number, values) of the rows of a read-only sheet that have cells, at most
    `LEDGER_COLUMNS` wide; a formula's value is a `Formula` holding its saved result.

    openpyxl either gives a formula's saved result (data_only) or its text, never tells
    which cells are formulas; its sheet parser is used here with that one addition. A
    formula with a saved result is read as that result (what the office sees)."""
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class Parser(WorkSheetParser):  # type: ignore[misc]
        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell: dict[str, Any] = super().parse_cell(element)
            if cell["value"] is None and element.find(FORMULA_TAG) is not None:
                cell["value"] = FORMULA
            return cell

    with ws._get_source() as src:
        parser = Parser(
            src,
            ws._shared_strings,
            data_only=True,
            epoch=wb.epoch,
            date_formats=wb._date_formats,
            timedelta_formats=wb._timedelta_formats,
        )
        for number, cells in parser.parse():
            kept = [c for c in cells if c["column"] <= LEDGER_COLUMNS and c["value"] is not None]
            if not kept:
                continue
            values: list[Any] = [None] * max(c["column"] for c in kept)
            for c in kept:
                values[c["column"] - 1] = c["value"]
            yield number, values


def _bounded(p: Path, sheet: str, rows: Iterable[tuple[int, list[Any]]]) -> Table:
    """The rows, refused (`LEDGER_ROWS`) past the bound: the rest is never read."""
    table: Table = []
    for number, values in rows:
        table.append((number, values))
        if len(table) > LEDGER_ROWS.value + 1:  # the header is not a row of data
            raise _too_many(p, sheet)
    return table


def _sheet_table(p: Path, sheet: str | None) -> Table | None:
    """The rows of one sheet of a workbook (the named one, else the first), or None when
    the named sheet is absent; `LedgerFileError` when the file is not a readable xlsx or
    is beyond a bound."""
    from openpyxl.utils.exceptions import InvalidFileException

    _check_unpacked(p)
    try:
        wb = load_workbook(p, data_only=True, read_only=True)
        try:
            if sheet is not None and sheet not in wb.sheetnames:
                return None
            ws = wb[sheet] if sheet is not None else wb.worksheets[0]
            return _bounded(p, ws.title, _worksheet_rows(wb, ws))
        finally:
            wb.close()
    except LedgerFileError:  # a bound: a ValueError, not damage
        raise
    except (zipfile.BadZipFile, InvalidFileException):
        raise LedgerFileError(f"{p.name}：不是 Excel 工作簿（.xlsx），或文件已损坏") from None
    except (
        OSError,
        KeyError,
        IndexError,
        ValueError,
        TypeError,
        EOFError,
        SyntaxError,  # XML that does not parse (ElementTree's and lxml's errors)
        zipfile.LargeZipFile,
    ) as e:
        # openpyxl reports damaged parts with many exception types; none is worth a
        # traceback to the office.
        raise LedgerFileError(f"{p.name}：工作簿已损坏，无法读取（{type(e).__name__}）") from None


def _lines(text: str) -> Iterator[str]:
    """The lines of `text` one at a time, ends kept (what csv reads of a file): a
    StringIO would hold another copy of the text, four bytes a character."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


def _csv_table(p: Path) -> Table:
    """The records of a CSV file (UTF-8 or GB18030), numbered as a spreadsheet numbers
    its rows, within the ledger's bounds."""
    _file_size(p)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise LedgerFileError(f"{p.name}：文件不存在") from None
    except OSError as e:
        raise LedgerFileError(f"{p.name}：无法读取（{reason(e)}）") from None
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise LedgerImportError([f"{p.name}：无法识别文件编码，请保存为 UTF-8 的 CSV"])
    del data
    reader = csv.reader(_lines(text))
    table: Table = []
    number = 0
    while True:
        number += 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            if "field larger than field limit" in str(e):
                raise LedgerFileError(LEDGER_FIELD_CHARS.say(name=p.name, row=number)) from None
            raise LedgerFileError(f"{p.name}：第{number}行不是有效的 CSV，或文件已损坏") from None
        if any(len(v) > LEDGER_FIELD_CHARS.value for v in record):  # csv's own bound raised
            raise LedgerFileError(LEDGER_FIELD_CHARS.say(name=p.name, row=number))
        if not any(record):
            continue
        # The apostrophe `export_ledger` puts before text a spreadsheet would run is
        # not part of the text.
        table.append((number, [csv_unquote(v) for v in record]))
        if len(table) > LEDGER_ROWS.value + 1:
            raise _too_many(p, "")
    return table


def read_rows(path: str | Path) -> list[tuple[int, dict[str, Any]]]:
    """(row number, {header: value}) for every non-empty row of an xlsx or csv file."""
    p = Path(path)
    if p.suffix.lower() == ".csv":
        table = _csv_table(p)
    else:
        found = _sheet_table(p, SHEET)
        if found is None:
            found = _sheet_table(p, None) or []
            if _headers(found)[:2] in (list(T2_HEADERS[:2]), list(REVIEW_HEADERS[:2])):
                return []  # a workbook of only 表二 / 复议诉讼 sheets
        table = found
    if not table:
        raise LedgerImportError([f"{p.name}：文件是空的"])
    headers = _headers(table)
    missing = [f.header for f in FIELDS if f.required and f.header not in headers]
    if missing:
        raise LedgerImportError([f"第1行：缺少表头“{'”“'.join(missing)}”"])
    out = []
    for number, values in table:
        if number == 1 or _blank(values):
            continue
        out.append((number, dict(zip(headers, values, strict=False))))
    return out


def import_ledger(session: Session, agency: Agency, path: str | Path) -> tuple[int, int]:
    """Add or update the applications of a spreadsheet; (added, updated)."""
    errors: list[str] = []
    parsed: list[tuple[int, dict[str, Any]]] = []
    seen: dict[tuple[int, str], int] = {}
    for number, raw in read_rows(path):
        row = _Row(number, raw, errors)
        before = len(errors)
        values = _fields_of(row)
        if len(errors) > before:
            continue
        key = (values["received"].year, values["serial_no"])
        if key in seen:
            errors.append(
                f"第{number}行“申请编号”：“{echo(key[1])}”与第{seen[key]}行重复（{key[0]}年）"
            )
            continue
        seen[key] = number
        parsed.append((number, values))
    existing = {
        (a.year, a.serial_no): a
        for a in session.scalars(select(Application).where(Application.agency_id == agency.id))
    }
    added = updated = 0
    staged: list[Application] = []
    for number, values in parsed:
        key = (values["received"].year, values["serial_no"])
        app = existing.get(key)
        is_new = app is None
        if app is None:
            app = Application(agency_id=agency.id)
        for k, v in values.items():
            setattr(app, k, v)
        if app.extended is None:
            app.extended = bool(app.extension_days)
        try:
            check_application(app)
        except LedgerError:
            problems = application_errors(app)
            errors += [f"第{number}行：{p}" for p in problems]
            if is_new:
                continue
        staged.append(app)
        added += is_new
        updated += not is_new
    if errors:
        session.rollback()
        # Row order, as the office reads the file; within a row, column order.
        errors.sort(key=lambda m: int(_ROW_NO.match(m)[1]) if _ROW_NO.match(m) else 0)
        raise LedgerImportError(errors)
    session.add_all(staged)
    session.flush()
    return added, updated


# -- writing ---------------------------------------------------------------------------------
def export_rows(apps: Iterable[Application]) -> list[dict[str, Any]]:
    rows = []
    types = applicant_types()
    for a in apps:
        labels = outcome_labels(edition_of((a.reply_date or a.received).year))
        rows.append(
            {
                "id": a.id,
                "serial_no": a.serial_no,
                "applicant_name": a.applicant_name,
                "applicant_type": types.get(a.applicant_type, a.applicant_type),
                "received": a.received,
                "channel": CHANNELS.get(a.channel, a.channel),
                "content": a.content,
                "status": STATUSES.get(a.status, a.status),
                "outcome": labels.get(a.outcome, a.outcome) if a.outcome else None,
                "reply_date": a.reply_date,
                "extended": YES if a.extended else NO,
                "extension_days": a.extension_days or None,
                "correction_start": a.correction_start,
                "correction_end": a.correction_end,
                "consult_start": a.consult_start,
                "consult_end": a.consult_end,
                "fee": a.fee or None,
                "notes": a.notes,
            }
        )
    return rows


def export_ledger(
    session: Session, agency: Agency, path: str | Path, year: int | None = None
) -> int:
    """Write the agency's records to xlsx (applications, 表二, 复议诉讼) or csv (only
    applications), so that importing the file into an empty ledger gives the same
    reports: all of them, or with `year` everything that year's report counts —
    applications received in it or carried over into it (received earlier, not replied
    to before it), its 表二 and the cases its table 四 counts."""
    q = select(Application).where(Application.agency_id == agency.id)
    if year is not None:
        start = date(year, 1, 1)
        q = q.where(
            Application.received <= date(year, 12, 31),
            (Application.received >= start)
            | Application.reply_date.is_(None)
            | (Application.reply_date >= start),
        )
    apps = list(session.scalars(q.order_by(Application.received, Application.serial_no)))
    rows = export_rows(apps)
    p = Path(path)
    if p.suffix.lower() == ".csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow([f.header for f in FIELDS])
        for r in rows:
            # Text is neutralised (a spreadsheet would run "=…" as a formula); the
            # import removes the apostrophe again, so the file round-trips.
            w.writerow(csv_row("" if r[f.key] is None else _csv_value(r[f.key]) for f in FIELDS))
        # A BOM lets Excel open the file as UTF-8.
        p.write_text(buf.getvalue(), encoding="utf-8-sig")
    else:
        counts: dict[int, dict[str, float]] = {}
        for c in session.scalars(
            select(ProactiveCount).where(ProactiveCount.agency_id == agency.id)
        ):
            counts.setdefault(c.year, {})[c.path] = c.value
        # Every year with a count recorded (a blank sheet of this year when none): a
        # whole-ledger export is also its backup.
        years = [year] if year is not None else sorted(counts) or [date.today().year]
        wb = build_workbook(edition_of(years[-1]), rows)
        for y in years:
            add_t2_sheet(wb, edition_of(y), y, counts.get(y), counts.get(y - 1))
        reviews = session.scalars(
            select(Review).where(Review.agency_id == agency.id).order_by(Review.filed, Review.id)
        )
        if year is not None:  # the cases table 四 of the year counts (see compose.tables)
            reviews = [
                r
                for r in reviews
                if r.filed.year <= year and (r.concluded is None or r.concluded.year >= year)
            ]
        add_review_sheet(wb, reviews)
        wb.save(p)
    return len(rows)


def _csv_value(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
