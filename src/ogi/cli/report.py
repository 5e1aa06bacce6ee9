"""`ogi compose` and `ogi render`: a report from the ledger, and a report printed in the
official layout."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from ogi.cli.ledger import AgencyOpt, DbOpt, _fail, _guard, _store
from ogi.oserrors import reason


def compose_cmd(
    year: Annotated[int, typer.Option("--year", help="报告年度")],
    agency: AgencyOpt = None,
    narrative: Annotated[
        Path | None,
        typer.Option("--narrative", help="正文（Markdown 或 YAML，标题为格式规定的章节）"),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("-o", "--out", help="输出 JSON 文件（默认标准输出）")
    ] = None,
    db: DbOpt = None,
) -> None:
    """由台账编制年度报告（表格由台账统计得出），输出报告 JSON。

    表二未填写的格按 0 印出并逐格提示；正文见 ogi ledger draft。"""
    from ogi.compose.tables import compose_report

    with _guard(), _store(db).session() as s:
        report = compose_report(s, agency, year, narrative)
    for p in report.problems:
        typer.echo(f"注意：{p.where}：{p.message}", err=True)
    text = json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2)
    if out:
        out.write_text(text + "\n", encoding="utf-8")
        typer.echo(f"已编制 {report.agency}{year}年报告：{out}")
    else:
        sys.stdout.write(text + "\n")


FORMATS = ("docx", "html", "md", "pdf", "txt")


def _load_report(path: Path) -> Any:
    from ogi.services.batch import load_reports

    reports = load_reports(path)
    if len(reports) != 1:
        raise ValueError(f"文件中有 {len(reports)} 份报告，请只给一份")
    return reports[0]


def render_cmd(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            metavar="报告",
            help="报告 JSON（ogi compose / ogi extract 的输出）或报告文件；可多个或目录",
        ),
    ],
    format: Annotated[
        str, typer.Option("-f", "--format", help="输出格式：docx、html、md、pdf、txt")
    ] = "docx",
    out: Annotated[
        Path | None, typer.Option("-o", "--out", help="输出文件（多个输入时为输出目录）")
    ] = None,
    target_edition: Annotated[
        str | None,
        typer.Option("--edition", help="按另一版格式重排（如 2021）；无法换算的单元格留空并列出"),
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("-j", "--jobs", help="并行进程数（多个输入时；默认全部核心）")
    ] = None,
) -> None:
    """把报告排版输出为 DOCX、HTML、Markdown、PDF 或纯文本。"""
    from ogi.blocks import ReadError
    from ogi.render import render_docx, render_html, render_markdown, render_text
    from ogi.render.pdf import render_pdf

    fmt = format.lower().lstrip(".")
    if fmt not in FORMATS:
        _fail(f"不支持的格式“{format}”（可选：{'、'.join(FORMATS)}）", 2)
    if target_edition and target_edition not in ("2019", "2021"):
        _fail(f"未知的格式版本：{target_edition}（可选：2019、2021）", 2)
    if len(inputs) > 1 or inputs[0].is_dir():
        _render_batch(inputs, fmt, out, target_edition, jobs)
        return
    input = inputs[0]
    if not input.exists():
        _fail(f"{input}：文件不存在", 2)
    try:
        report = _load_report(input)
    except (ReadError, ValueError) as e:
        _fail(f"{input}：无法读取报告：{e}", 2)
    except OSError as e:
        _fail(f"{input}：无法读取报告（{reason(e)}）", 2)
    if target_edition:
        from ogi.render.migrate import to_edition

        if target_edition not in ("2019", "2021"):
            _fail(f"未知的格式版本：{target_edition}（可选：2019、2021）", 2)
        report, unmapped = to_edition(report, target_edition)
        if unmapped:
            typer.echo(
                f"按{target_edition}版格式重排：{len(unmapped)} 格无法由原报告数据得出，已留空："
                + "、".join(unmapped),
                err=True,
            )
    target = out or input.with_suffix(f".{fmt}")
    if target.resolve() == input.resolve():
        _fail(f"输出文件与输入相同：{target}", 2)
    if fmt == "docx":
        render_docx(report, target)
    elif fmt == "pdf":
        try:
            plan = render_pdf(report, target)
        except RuntimeError as e:
            _fail(str(e))
        for note in plan.notes:
            typer.echo(f"PDF 字体：{note}", err=True)
        if not plan.notes:
            typer.echo("PDF 字体：使用公文规定字体（仿宋_GB2312、方正小标宋简体、黑体）", err=True)
    else:
        render = {"html": render_html, "md": render_markdown, "txt": render_text}[fmt]
        target.write_text(render(report), encoding="utf-8")
    typer.echo(f"已输出：{target}")


def _note_unmapped(target_edition: str | None, unmapped: list[str]) -> None:
    if unmapped:
        typer.echo(
            f"按{target_edition}版格式重排：{len(unmapped)} 格无法由原报告数据得出，已留空："
            + "、".join(unmapped),
            err=True,
        )


def _render_batch(
    inputs: list[Path], fmt: str, out: Path | None, target_edition: str | None, jobs: int | None
) -> None:
    """Every input (directories: their report files and ogi JSON) rendered on every core,
    each output beside its input or in the `out` directory; a bad file never stops it."""
    from functools import partial

    from ogi.cli.progress import BatchProgress
    from ogi.services.batch import ReadSpec, expand_paths, run_files
    from ogi.services.render import render_file

    paths = expand_paths(inputs, json=True, skip=(out,))  # not what it renders
    if out:
        out.mkdir(parents=True, exist_ok=True)
    spec = ReadSpec(
        after=partial(render_file, fmt, out, target_edition),
        keep_reports=False,
        preload=("ogi.services.render", "ogi.render"),
    )
    with BatchProgress(len(paths), "排版") as bar:
        for o in run_files(paths, spec, jobs=jobs):
            bar.advance(failed=o.error is not None)
            if o.error:
                bar.print(f"{o.path}: {o.error}")
                continue
            for done in o.value:
                _note_unmapped(target_edition, done.unmapped)
                typer.echo(f"已输出：{done.target}")
    typer.echo(bar.summary(), err=True)
    if bar.failed:
        raise typer.Exit(2)
