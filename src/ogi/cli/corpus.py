"""`ogi ingest`: published reports into the store."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from ogi.cli.extract import DaskOpt, JobsOpt
from ogi.cli.verbose import VerboseOption, setup

DB_OPTION = typer.Option(
    "--db", envvar="OGI_DB", help="数据库：文件路径或 URL（默认当前目录 ogi.db）"
)


def ingest_cmd(
    paths: Annotated[
        list[Path], typer.Argument(metavar="文件", help="报告文件、目录或 zip 压缩包")
    ],
    db: Annotated[str | None, DB_OPTION] = None,
    verbose: VerboseOption = False,
    jobs: JobsOpt = None,
    dask: DaskOpt = None,
    ocr: Annotated[bool, typer.Option("--ocr/--no-ocr", help="扫描页是否做 OCR")] = True,
    batch: Annotated[
        int, typer.Option("--batch", min=1, help="每批写入的报告数（每批一个事务）")
    ] = 100,
) -> None:
    """读取报告并存入数据库（按文件内容去重，已存入的文件不再读取；可反复执行，中断后重跑即可补全）。"""
    setup(verbose)
    from ogi.services.batch import expand_paths
    from ogi.store import is_new, resolve_url

    started = time.monotonic()
    files = expand_paths(paths)
    url = resolve_url(db)
    hashes = None
    if is_new(url):
        if len(files) > 1:
            # a store not created yet holds none of them: every file will be read, so the
            # workers' server loads while the store is being created
            from ogi.services.corpus import start_workers

            start_workers(jobs, dask)
    else:
        from ogi.services.ingest_skip import all_stored
        from ogi.store.errors import mask_password

        done, hashes = all_stored(url, files)
        if done:  # nothing to read: said without loading the database layer
            typer.echo(_summary(0, len(files), 0, mask_password(url), started))
            raise typer.Exit(0)
    from ogi.cli.progress import BatchProgress
    from ogi.readers import PdfOptions
    from ogi.services.batch import EngineError
    from ogi.services.corpus import ingest
    from ogi.store import open_store

    store = open_store(db)
    try:
        with BatchProgress(len(files), "入库") as bar:

            def step(path: Path, error: str | None, _skipped: bool) -> None:
                bar.advance(failed=error is not None)
                if error:
                    bar.print(f"{path}: {error}")

            result = ingest(
                store,
                files,
                pdf=PdfOptions(ocr=ocr),
                jobs=jobs,
                dask=dask,
                progress=step,
                batch=batch,
                hashes=hashes,
            )
    except EngineError as e:
        typer.echo(str(e), err=True)
        raise typer.Exit(2) from None
    finally:
        store.close()
    summary = _summary(
        result.added, result.already, len(result.failed), store.shown_url, bar.started
    )
    typer.echo(summary)
    if result.published:
        typer.echo(f"其中 {result.published} 份此前只是核查批次中的送审稿，现已作为公开的报告存入")
    raise typer.Exit(2 if result.failed else 0)


def _summary(added: int, already: int, failed: int, shown_url: str, started: float) -> str:
    return (
        f"已存入 {added} 份报告，{already} 份此前已存入，"
        f"{failed} 个文件无法读取（数据库：{shown_url}；"
        f"用时 {time.monotonic() - started:.1f} 秒）"
    )
