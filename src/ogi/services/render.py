"""Reports printed in the official layout: one report, or a batch on every core."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ogi.blocks import ReadError

FORMATS = ("docx", "html", "md", "pdf", "txt")


@dataclass
class Rendered:
    target: Path
    unmapped: list[str]  # cells that could not be carried into `target_edition`


def render_report(
    report: Any, fmt: str, target: Path, target_edition: str | None = None
) -> list[str]:
    """Write `report` to `target` as `fmt`; the cells left empty by a change of edition."""
    from ogi.render import render_docx, render_html, render_markdown, render_text

    unmapped: list[str] = []
    if target_edition:
        from ogi.render.migrate import to_edition

        report, unmapped = to_edition(report, target_edition)
    if fmt == "docx":
        render_docx(report, target)
    elif fmt == "pdf":
        from ogi.render.pdf import render_pdf

        render_pdf(report, target)
    else:
        render = {"html": render_html, "md": render_markdown, "txt": render_text}[fmt]
        target.write_text(render(report), encoding="utf-8")
    return unmapped


def render_file(
    fmt: str, out_dir: Path | None, target_edition: str | None, path: Path, reports: list[Any]
) -> list[Rendered]:
    """The reports one input file holds, each written beside it (or into `out_dir`):
    the batch engine's per-file work (`ogi.services.batch.ReadSpec.after`)."""
    folder = out_dir or path.parent
    done = []
    for k, report in enumerate(reports):
        stem = path.stem if len(reports) == 1 else f"{path.stem}-{k + 1}"
        target = folder / f"{stem}.{fmt}"
        if target.resolve() == path.resolve():
            raise ReadError(f"输出文件与输入相同：{target}")
        try:
            unmapped = render_report(report, fmt, target, target_edition)
        except RuntimeError as e:  # no LibreOffice, or it failed: that file's reason
            raise ReadError(str(e)) from None
        done.append(Rendered(target, unmapped))
    return done
