"""`ogi check` and `ogi rules`: findings for people (terminal), machines (JSON Lines)
and supervisors (an Excel workbook to send back to agencies)."""

from __future__ import annotations

import inspect
import json
import sys
from collections import Counter, defaultdict
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ogi.check import Finding, all_rules, run_checks
from ogi.cli.verbose import VerboseOption, setup
from ogi.model import Report
from ogi.services.batch import expand_paths, read_each

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
TABLE_ZH = {"t2": "表二", "t3": "表三", "t4": "表四"}


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    xlsx = "xlsx"


def _split(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


def read_reports(paths: list[Path], err: Console) -> tuple[list[Report], list[tuple[str, str]]]:
    """Every file's reports; a file that cannot be read is reported and skipped."""
    reports: list[Report] = []
    failed: list[tuple[str, str]] = []
    for o in read_each(expand_paths(paths)):
        if o.error:
            failed.append((str(o.path), o.error))
            err.print(f"{escape(str(o.path))}: {escape(o.error)}", highlight=False)
        reports += o.reports
    return reports, failed


def print_text(findings: list[Finding], reports: list[Report], out: Console, en: bool) -> None:
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_file[f.file].append(f)
    for r in reports:
        fs = by_file.get(r.source.path, [])
        head = f"{r.source.path}"
        meta = " ".join(x for x in (r.agency, f"{r.report_year}年度" if r.report_year else "") if x)
        out.print(f"[bold]{escape(head)}[/bold]  {escape(meta)}", highlight=False)
        if not fs:
            out.print("  [green]未发现问题[/green]")
        for f in fs:
            sev = SEVERITY_ZH[f.severity]
            msg = f.message_en if en and f.message_en else f.message
            out.print(
                f"  [{SEVERITY_STYLE[f.severity]}]{sev}[/] [dim]{f.rule}[/] {escape(msg)}",
                highlight=False,
            )
            if f.hint and not en:
                out.print(f"      [dim]修改建议：{escape(f.hint)}[/dim]", highlight=False)
        out.print()


def summary_line(findings: list[Finding], n_reports: int, n_failed: int) -> str:
    c = Counter(f.severity for f in findings)
    line = (
        f"共检查 {n_reports} 份报告：错误 {c['error']} 条，警告 {c['warning']} 条，"
        f"提示 {c['info']} 条"
    )
    if n_failed:
        line += f"；{n_failed} 个文件无法读取"
    return line


def write_xlsx(
    path: Path, findings: list[Finding], reports: list[Report], failed: list[tuple[str, str]]
) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "问题清单"
    head = [
        "文件",
        "机关",
        "年度",
        "规则",
        "严重程度",
        "表格",
        "行",
        "列",
        "部分",
        "应为",
        "实为",
        "说明",
        "修改建议",
    ]
    ws.append(head)
    info = {r.source.path: r for r in reports}
    fills = {
        "error": PatternFill("solid", fgColor="F8D7DA"),
        "warning": PatternFill("solid", fgColor="FFF3CD"),
        "info": PatternFill("solid", fgColor="D1ECF1"),
    }

    def cell(v: object) -> object:
        return json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v

    for f in findings:
        r = info.get(f.file)
        ws.append(
            [
                f.file,
                r.agency if r else None,
                r.report_year if r else None,
                f.rule,
                SEVERITY_ZH[f.severity],
                TABLE_ZH.get(f.table or ""),
                f.row,
                f.column,
                f.section,
                cell(f.expected),
                cell(f.found),
                f.message,
                f.hint,
            ]
        )
        ws.cell(ws.max_row, 5).fill = fills[f.severity]
    widths = [36, 24, 8, 22, 10, 8, 28, 18, 20, 12, 12, 70, 50]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = w
    for c in ws[1]:
        c.font = Font(bold=True)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions

    s = wb.create_sheet("报告汇总")
    s.append(["文件", "机关", "年度", "格式版本", "错误", "警告", "提示", "读取问题", "结论"])
    per: dict[str, Counter[str]] = defaultdict(Counter)
    for f in findings:
        per[f.file][f.severity] += 1
    for r in reports:
        c = per[r.source.path]
        verdict = "需修改" if c["error"] else ("建议修改" if c["warning"] else "通过")
        s.append(
            [
                r.source.path,
                r.agency,
                r.report_year,
                r.edition,
                c["error"],
                c["warning"],
                c["info"],
                "；".join(f"{p.where}：{p.message}" for p in r.problems) or None,
                verdict,
            ]
        )
    for path_, reason in failed:
        s.append([path_, None, None, None, None, None, None, reason, "无法读取"])
    for i, w in enumerate([36, 24, 8, 10, 8, 8, 8, 60, 10], start=1):
        s.column_dimensions[s.cell(1, i).column_letter].width = w
    for c in s[1]:
        c.font = Font(bold=True)
    for row in s.iter_rows(min_row=2):
        row[7].alignment = Alignment(wrap_text=True, vertical="top")
    s.freeze_panes = "A2"
    wb.save(path)


def check(
    paths: Annotated[list[Path], typer.Argument(help="报告文件或目录")],
    fmt: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="输出：text（终端）、json（JSON Lines）、xlsx"),
    ] = OutputFormat.text,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="xlsx 输出文件（默认 ogi-check.xlsx）")
    ] = None,
    select: Annotated[
        list[str] | None, typer.Option("--select", help="只用这些规则或规则组（可逗号分隔）")
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option("--ignore", help="忽略这些规则或规则组")
    ] = None,
    en: Annotated[bool, typer.Option("--en", help="英文说明")] = False,
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="发现错误时也以 0 退出（无法读取的文件仍为 2）")
    ] = False,
    verbose: VerboseOption = False,
) -> None:
    """核查年度报告：表格勾稽关系、格式版本、结构、内容与时限。"""
    setup(verbose)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    reports, failed = read_reports(paths, err)
    try:
        findings = run_checks(reports, select=_split(select), ignore=_split(ignore))
    except ValueError as e:
        err.print(str(e))
        raise typer.Exit(2) from None
    if fmt is OutputFormat.json:
        for f in findings:
            sys.stdout.write(json.dumps(f.model_dump(mode="json"), ensure_ascii=False) + "\n")
    elif fmt is OutputFormat.xlsx:
        target = output or Path("ogi-check.xlsx")
        write_xlsx(target, findings, reports, failed)
        err.print(f"已写入 {target}")
    else:
        out = Console(highlight=False, soft_wrap=True)
        print_text(findings, reports, out, en)
        out.print(summary_line(findings, len(reports), len(failed)))
    if failed:
        raise typer.Exit(2)
    has_error = any(f.severity == "error" for f in findings)
    raise typer.Exit(1 if has_error and not exit_zero else 0)


def rules(
    rule_id: Annotated[str | None, typer.Argument(help="规则编号，如 T3-RESULTS-SUM")] = None,
) -> None:
    """列出核查规则；给出编号时显示该规则的说明、反例和正例。"""
    out = Console(highlight=False)
    all_ = all_rules()
    if rule_id is None:
        t = Table("编号", "组", "严重程度", "说明")
        for r in sorted(all_, key=lambda r: r.id):
            t.add_row(r.id, r.group, SEVERITY_ZH[r.severity], r.statement_zh)
        out.print(t)
        return
    rule = next((r for r in all_ if r.id == rule_id.upper()), None)
    if rule is None:
        Console(stderr=True).print(f"没有规则 {rule_id}；用 `ogi rules` 查看全部规则")
        raise typer.Exit(2)
    out.print(f"[bold]{rule.id}[/bold]  （{rule.group}，{SEVERITY_ZH[rule.severity]}）")
    out.print(rule.statement_zh)
    out.print(f"[dim]{rule.statement_en}[/dim]")
    out.print()
    out.print(inspect.cleandoc(rule.__doc__ or ""))
