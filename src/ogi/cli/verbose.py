"""`--verbose` for the commands that read files: the detail behind a one-line reason."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

VerboseOption = Annotated[
    bool,
    typer.Option("--verbose", "-v", help="无法读取的文件同时输出详细的异常信息（用于报告问题）"),
]


def setup(verbose: bool) -> None:
    """Send ogi's log to standard error when asked; otherwise it stays silent. A handler
    left by an earlier command in the same process (tests, a server) is removed."""
    logger = logging.getLogger("ogi")
    for old in [h for h in logger.handlers if getattr(h, "_ogi_verbose", False)]:
        logger.removeHandler(old)
    if not verbose:
        logger.setLevel(logging.NOTSET)
        return
    handler = logging.StreamHandler()  # standard error as it is now
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler._ogi_verbose = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
