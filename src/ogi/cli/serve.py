"""`ogi serve`: the web application, one process for an office or several workers for a
province (see docs/web.md)."""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rich.console import Console

DB_OPTION = typer.Option(
    "--db", envvar="OGI_DB", help="数据库：文件路径或 URL（默认当前目录 ogi.db）"
)


def serve_cmd(
    db: Annotated[str | None, DB_OPTION] = None,
    host: Annotated[
        str, typer.Option("--host", help="监听地址；局域网内访问用 0.0.0.0")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="端口")] = 8000,
    workers: Annotated[
        int, typer.Option("--workers", help="进程数（省级部署用 PostgreSQL 时可设为 CPU 核数）")
    ] = 1,
    public: Annotated[
        bool | None,
        typer.Option(
            "--public/--private",
            help="开放或关闭未登录访客浏览已发布报告（不指定则保持数据库中的设置）",
        ),
    ] = None,
    max_file_mb: Annotated[int, typer.Option("--max-file-mb", help="单个上传文件上限（MB）")] = 50,
    max_files: Annotated[int, typer.Option("--max-files", help="一次上传的文件数上限")] = 200,
) -> None:
    """启动网页应用：上传与核查、报告库、统计分析。"""
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        import uvicorn

        from ogi.services.accounts import list_users, set_setting
        from ogi.store import open_store, resolve_url
    except ImportError:
        err.print("网页应用需要额外的依赖：pip install -e '.[web]'")
        raise typer.Exit(2) from None
    url = resolve_url(db)
    if workers > 1 and url.startswith("sqlite"):
        err.print("多进程需要 PostgreSQL（--db postgresql+psycopg://…）；SQLite 请用单进程")
        raise typer.Exit(2)
    store = open_store(url)
    with store.session() as s:
        if public is not None:
            set_setting(s, "public_access", "1" if public else "0")
        if not list_users(s):
            err.print("尚无账户：请先运行 `ogi users add 用户名 --role admin` 建立管理员")
    store.close()
    # Every process (and uvicorn's reloader) builds the application from these.
    os.environ["OGI_DB"] = url
    os.environ["OGI_MAX_FILE_MB"] = str(max_file_mb)
    os.environ["OGI_MAX_FILES"] = str(max_files)
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host
    err.print(f"ogi 网页应用：http://{shown}:{port}/（数据库：{url}；按 Ctrl+C 停止）")
    uvicorn.run(
        "ogi.web.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
    )
