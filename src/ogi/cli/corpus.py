"""`ogi ingest`: published reports into the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from ogi.cli.verbose import VerboseOption, setup

DB_OPTION = typer.Option(
    "--db", envvar="OGI_DB", help="数据库：文件路径或 URL（默认当前目录 ogi.db）"
)


def ingest_cmd(
    paths: Annotated[list[Path], typer.Argument(help="报告文件或目录")],
    db: Annotated[str | None, DB_OPTION] = None,
    verbose: VerboseOption = False,
) -> None:
    """读取报告并存入数据库（按文件内容去重，可反复执行）。"""
    setup(verbose)
    from ogi.extract import extract
    from ogi.services.batch import expand_paths
    from ogi.services.corpus import ingest
    from ogi.store import open_store

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    files = expand_paths(paths)
    store = open_store(db)
    with Progress(
        TextColumn("读取"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as bar:
        task = bar.add_task("", total=len(files))

        def step(p: Path) -> None:
            bar.update(task, advance=1, description=p.name)

        result = ingest(store, files, extract, step)
    for path, reason in result.failed:
        err.print(f"{path}: {reason}")
    typer.echo(
        f"已存入 {result.added} 份报告，{result.already} 份此前已存入，"
        f"{len(result.failed)} 个文件无法读取（数据库：{store.url}）"
    )
    store.close()
    raise typer.Exit(2 if result.failed else 0)
