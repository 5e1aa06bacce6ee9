"""`ogi extract`: published reports read into ogi's JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from ogi.cli.verbose import VerboseOption, setup
from ogi.services.batch import expand_paths, read_each


def extract(
    files: Annotated[list[Path], typer.Argument(help="报告文件或目录（txt/md/html/docx/pdf）")],
    out: Annotated[
        Path | None, typer.Option("-o", "--out", help="输出目录：每个输入写一个 .json")
    ] = None,
    indent: Annotated[bool, typer.Option("--indent", help="缩进输出（单个文件时）")] = False,
    max_pages: Annotated[int, typer.Option("--max-pages", help="PDF 最多读取的页数")] = 300,
    time_limit: Annotated[
        float, typer.Option("--time-limit", help="每个 PDF 的读取时限（秒）")
    ] = 120.0,
    ocr: Annotated[bool, typer.Option("--ocr/--no-ocr", help="扫描页是否做 OCR")] = True,
    verbose: VerboseOption = False,
) -> None:
    """读取年度报告，输出结构化数据（JSON；多个文件为 JSON Lines）。"""
    setup(verbose)
    from ogi.extract import PdfOptions
    from ogi.extract import extract as _extract

    options = PdfOptions(max_pages=max_pages, time_limit=time_limit, ocr=ocr)

    code = 0
    paths = expand_paths(files)
    if out:
        out.mkdir(parents=True, exist_ok=True)
    for o in read_each(paths, lambda p: _extract(p, options), ogi_json=False):
        if o.error:
            typer.echo(f"{o.path}: {o.error}", err=True)
            code = 2
            continue
        for report in o.reports:
            data = report.model_dump(mode="json")
            if out:
                (out / (o.path.name + ".json")).write_text(
                    json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8"
                )
            else:
                one = indent and len(paths) == 1
                sys.stdout.write(
                    json.dumps(data, ensure_ascii=False, indent=2 if one else None) + "\n"
                )
    raise typer.Exit(code)
