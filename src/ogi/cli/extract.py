"""`ogi extract`: published reports read into ogi's JSON."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path
from typing import Annotated

import typer

from ogi.cli.verbose import VerboseOption, setup

JobsOpt = Annotated[
    int | None, typer.Option("-j", "--jobs", help="并行进程数（默认使用全部 CPU 核心）")
]
DaskOpt = Annotated[
    str | None,
    typer.Option(
        "--dask", envvar="OGI_DASK", help="在 Dask 集群上运行：调度器地址，如 tcp://主机:8786"
    ),
]


def extract(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="文件",
            help="报告文件、目录或 zip 压缩包（txt/md/html/mht/docx/doc/pdf；"
            "扫描页图片须逐个指明）",
        ),
    ],
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
    jobs: JobsOpt = None,
    dask: DaskOpt = None,
) -> None:
    """读取年度报告，输出结构化数据（JSON；多个文件为 JSON Lines）。"""
    setup(verbose)
    from ogi.cli.progress import BatchProgress
    from ogi.readers import PdfOptions
    from ogi.services.batch import (
        EngineError,
        ReadSpec,
        expand_paths,
        reports_json,
        run_files,
    )

    paths = expand_paths(files, skip=(out,))
    one = len(paths) == 1
    spec = ReadSpec(
        pdf=PdfOptions(max_pages=max_pages, time_limit=time_limit, ocr=ocr),
        ogi_json=False,
        after=partial(reports_json, 2 if (out or (indent and one)) else None),
        keep_reports=False,
    )
    if out:
        out.mkdir(parents=True, exist_ok=True)
    try:
        outcomes = run_files(paths, spec, jobs=jobs, dask=dask)
        with BatchProgress(len(paths), "读取") as bar:
            for o in outcomes:
                bar.advance(failed=o.error is not None)
                if o.error:
                    bar.print(f"{o.path}: {o.error}")
                    continue
                for text in o.value:
                    if out:
                        (out / (o.path.name + ".json")).write_text(text, encoding="utf-8")
                    else:
                        sys.stdout.write(text + "\n")
    except EngineError as e:  # the cluster cannot be reached
        typer.echo(str(e), err=True)
        raise typer.Exit(2) from None
    if not one:
        typer.echo(bar.summary(), err=True)
    raise typer.Exit(2 if bar.failed else 0)
