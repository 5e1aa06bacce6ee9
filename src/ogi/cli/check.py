"""`ogi check` and `ogi rules`: findings for people (terminal), machines (JSON Lines)
and supervisors (an Excel workbook to send back to agencies). The work is done in
`ogi.services.check`; this module only prints."""

from __future__ import annotations

import inspect
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ogi.check import Finding, all_rules
from ogi.check.finding import SEVERITY_ZH, status_text
from ogi.cli.extract import DaskOpt, JobsOpt
from ogi.cli.verbose import VerboseOption, setup
from ogi.oserrors import describe, ensure_folder

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
SUFFIX_FORMATS = {".xlsx": "xlsx", ".json": "json", ".jsonl": "json", ".txt": "text"}


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    xlsx = "xlsx"


def _split(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


def output_format(fmt: OutputFormat | None, output: Path | None, split: Path | None) -> str:
    """The format asked for, else the one the output file's suffix names."""
    if fmt is not None:
        return fmt.value
    if split is not None:
        return "xlsx"
    if output is None:
        return "text"
    try:
        return SUFFIX_FORMATS[output.suffix.lower()]
    except KeyError:
        raise ValueError(
            f"无法从输出文件名 {output.name} 判断格式：用 .xlsx、.json、.jsonl 或 .txt 结尾，"
            "或用 --format 指定"
        ) from None


def _finding_line(f: Finding, out: Console, en: bool) -> None:
    sev = SEVERITY_ZH[f.severity]
    msg = f.message_en if en and f.message_en else f.message
    status = f" [magenta]{status_text(f)}[/]" if f.status else ""
    out.print(
        f"  [{SEVERITY_STYLE[f.severity]}]{sev}[/]{status} [dim]{f.rule}[/] {escape(msg)}",
        highlight=False,
    )
    if f.was and not en:
        out.print(f"      [dim]上一轮：{escape(f.was)}[/dim]", highlight=False)
    if f.hint and not en:
        out.print(f"      [dim]修改建议：{escape(f.hint)}[/dim]", highlight=False)


def _print_report(checked: object, out: Console, en: bool) -> None:
    from ogi.services.check import Checked

    assert isinstance(checked, Checked)
    s = checked.summary
    meta = " ".join(x for x in (s.agency, f"{s.year}年度" if s.year else "") if x)
    out.print(f"[bold]{escape(s.path)}[/bold]  {escape(meta)}", highlight=False)
    mine = [f for f in checked.findings if f.audience == "agency"]
    doubts = [f for f in checked.findings if f.audience == "supervisor"]
    if not mine:
        out.print("  [green]未发现问题[/green]")
    for f in mine:
        _finding_line(f, out, en)
    if doubts or s.problems:
        out.print(
            f"  [dim]读取疑点 {len(doubts) + len(s.problems)} 处（供审核人员核对原文）：[/dim]"
        )
        for f in doubts:
            out.print(f"    [dim]{escape(f.message)}[/dim]", highlight=False)
        for p in s.problems:
            out.print(f"    [dim]{escape(p.where)}：{escape(p.message)}[/dim]", highlight=False)
    out.print()


def summary_line(result: object) -> str:
    from ogi.services.check import BatchResult

    assert isinstance(result, BatchResult)
    t = result.totals
    line = (
        f"共检查 {result.checked} 份报告：错误 {t['error']} 条，警告 {t['warning']} 条，"
        f"提示 {t['info']} 条"
    )
    if result.compared:
        line += "；" + result.rounds_text()
    if result.doubts:
        line += f"；读取疑点 {result.doubts} 处"
    if result.duplicates:
        line += f"；重复文件 {len(result.duplicates)} 个（未重复核查）"
    if result.failed:
        line += f"；{len(result.failed)} 个文件无法读取"
    return line


def check(
    paths: Annotated[
        list[Path],
        typer.Argument(metavar="文件", help="报告文件、目录或 zip 压缩包（也可为 ogi 的 JSON）"),
    ],
    fmt: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="输出：text（终端）、json（JSON Lines）、xlsx；默认按 -o 的扩展名判断",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="输出文件（.xlsx / .json / .jsonl / .txt）"),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            help="上一轮的核查结果（ogi check -f json 的输出），标出新增、仍存在、已修正",
        ),
    ] = None,
    split_by_agency: Annotated[
        Path | None,
        typer.Option("--split-by-agency", help="按机关分别写出 Excel 工作簿到此目录"),
    ] = None,
    region_parent: Annotated[
        str | None,
        typer.Option(
            "--region-parent",
            help="本批报告为一个地区：此机关（如 示例县人民政府）的报告与同批其他报告之和比较",
        ),
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
    jobs: JobsOpt = None,
    dask: DaskOpt = None,
) -> None:
    """核查年度报告：表格勾稽关系、格式版本、结构、内容与时限。"""
    setup(verbose)
    from ogi.cli.progress import BatchProgress
    from ogi.services.batch import EngineError
    from ogi.services.check import (
        Baseline,
        BatchCheck,
        Duplicate,
        check_paths,
        check_targets,
        findings_jsonl,
        write_spooled_by_agency,
        write_spooled_workbook,
    )

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        kind = output_format(fmt, output, split_by_agency)
        base = Baseline.load(baseline) if baseline else None
        batch = BatchCheck(
            select=_split(select),
            ignore=_split(ignore),
            region_parent=region_parent,
            baseline=base,
            # workbooks are written from the spool at the end, row by row
            keep_findings=False,
            spool_findings=kind == "xlsx",
        )
    except ValueError as e:
        err.print(str(e))
        raise typer.Exit(2) from None

    sink: IO[str] | None = None
    try:  # where the results go, made before any report is read: a wrong path fails fast
        if output is not None:
            ensure_folder(output.parent)
            if kind in ("json", "text"):
                sink = output.open("w", encoding="utf-8")
        if split_by_agency is not None:
            ensure_folder(split_by_agency)
    except OSError as e:
        err.print(escape(f"无法写出结果：{describe(e)}"))
        raise typer.Exit(2) from None
    out = (
        Console(file=sink, highlight=False, soft_wrap=True, no_color=True, width=200)
        if sink
        else Console(highlight=False, soft_wrap=True)
    )

    # `-o x.json` is one JSON document (an array of findings) that json.load reads;
    # .jsonl and standard output are JSON Lines, a finding per line, written as found.
    array = sink is not None and output is not None and output.suffix.lower() == ".json"
    written = 0

    def write_json(findings: list[Finding]) -> None:
        nonlocal written
        for line in findings_jsonl(findings):
            if array:
                assert sink is not None
                sink.write(("[\n" if not written else ",\n") + line)
            else:
                (sink.write if sink else typer.echo)(line + ("\n" if sink else ""))
            written += 1

    targets = check_targets(paths, skip=(output, split_by_agency))  # not its own output
    try:
        with BatchProgress(len(targets), "核查") as bar:
            for _, events in check_paths(batch, paths, jobs=jobs, dask=dask, targets=targets):
                bar.advance(failed=any(isinstance(e, tuple) for e in events))
                for event in events:
                    if isinstance(event, tuple):
                        bar.print(f"{event[0]}: {event[1]}")
                    elif isinstance(event, Duplicate):
                        bar.print(f"{event.path}: {event.message}")
                    elif kind == "json":
                        write_json(event.findings)
                    elif kind == "text":
                        _print_report(event, out, en)
        late = 0

        def print_late(f: Finding) -> None:  # written as they come, not gathered
            nonlocal late
            if kind == "json":
                write_json([f])
            elif kind == "text":
                if not late:
                    out.print("[bold]跨年度、跨报告核查[/bold]")
                out.print(f"  [dim]{escape(f.file)}[/dim]", highlight=False)
                _finding_line(f, out, en)
            late += 1

        _, fixed = batch.finish(print_late)
        result = batch.result
        skipped = result.skipped
        if kind == "json":
            write_json(fixed)
            if array:
                assert sink is not None
                sink.write("\n]\n" if written else "[]\n")
        elif kind == "text":
            if late:
                out.print()
            if fixed:
                out.print(f"[bold]与上一轮相比已修正 {len(fixed)} 条[/bold]")
                for f in fixed:
                    out.print(
                        f"  [green]已修正[/] [dim]{f.rule}[/] {escape(f.agency or f.file)}："
                        f"{escape(f.message)}",
                        highlight=False,
                    )
                out.print()
            out.print(summary_line(result))
        else:
            if output is not None or split_by_agency is None:
                target = output or Path("ogi-check.xlsx")
                write_spooled_workbook(target, batch)
                err.print(f"已写入 {target}")
            if split_by_agency is not None:  # last: it closes the spool
                written = write_spooled_by_agency(split_by_agency, batch)
                err.print(f"已写入 {len(written)} 个工作簿到 {split_by_agency}")
            err.print(summary_line(result))
        for note in result.notes:
            err.print(escape(note))
        if skipped:
            err.print(f"跳过 {len(skipped)} 个不是 ogi 报告的 JSON 文件：{'、'.join(skipped[:5])}")
        if len(targets) > 1:
            err.print(escape(bar.summary()))
    except EngineError as e:  # the cluster cannot be reached
        err.print(escape(str(e)))
        raise typer.Exit(2) from None
    except OSError as e:
        err.print(escape(f"无法写出结果：{describe(e)}"))
        raise typer.Exit(2) from None
    finally:
        if sink:
            sink.close()
    if result.failed:
        raise typer.Exit(2)
    raise typer.Exit(1 if result.has_errors and not exit_zero else 0)


def rules(
    rule_id: Annotated[
        str | None, typer.Argument(metavar="规则编号", help="规则编号，如 T3-RESULTS-SUM")
    ] = None,
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
