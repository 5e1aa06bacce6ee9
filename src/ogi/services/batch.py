"""Reading many files: which files a path names, and one report source per file.

Every command that takes report files (extract, check, ingest, render) reads them
here, so they agree on what a directory holds, on ogi's own JSON being accepted as a
report, and on a bad file being reported without stopping the rest.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ogi.blocks import ReadError
from ogi.model import Report

REPORT_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".shtml", ".docx", ".pdf"}
NOT_REPORTS = {"README", "LICENSE", "CHANGELOG", "NOTES"}  # a folder's own notes
log = logging.getLogger("ogi.read")


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given; directories expanded to the report files inside them."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(
                q
                for q in p.rglob("*")
                if q.is_file()
                and q.suffix.lower() in REPORT_SUFFIXES
                and q.stem.upper() not in NOT_REPORTS
            )
        else:
            out.append(p)
    return out


def load_reports_json(path: Path) -> list[Report]:
    """Reports already read or composed by ogi (`ogi extract`/`ogi compose` output):
    one JSON object, or JSON Lines."""
    from pydantic import ValidationError

    text = path.read_text(encoding="utf-8-sig")
    try:
        if path.suffix.lower() == ".jsonl" or (text.lstrip().startswith("{") and "\n{" in text):
            return [Report.model_validate_json(ln) for ln in text.splitlines() if ln.strip()]
        return [Report.model_validate_json(text)]
    except ValidationError as e:
        raise ReadError(f"不是 ogi 的报告 JSON（{e.error_count()} 处不符）") from None


def load_reports(
    path: Path, read: Callable[[Path], Report] | None = None, *, ogi_json: bool = True
) -> list[Report]:
    """The reports one file holds: ogi's JSON as is (when `ogi_json`), any other form
    read by `read` (`extract` by default)."""
    if ogi_json and path.suffix.lower() in (".json", ".jsonl"):
        return load_reports_json(path)
    if read is None:
        from ogi.extract import extract as read
    return [read(path)]


@dataclass
class Outcome:
    path: Path
    reports: list[Report]
    error: str | None = None  # one line, Chinese, when the file could not be read


def read_each(
    paths: Iterable[Path],
    read: Callable[[Path], Report] | None = None,
    *,
    ogi_json: bool = True,
) -> Iterator[Outcome]:
    """Each file's reports, or the reason it could not be read; never raises for a file.
    `ogi_json=False` reads published files only (extract, ingest)."""
    for p in paths:
        try:
            yield Outcome(p, load_reports(p, read, ogi_json=ogi_json))
        except ReadError as e:
            yield Outcome(p, [], str(e))
        except Exception as e:  # one bad file must not stop a batch
            from ogi.readers.unexpected import explain

            log.debug("%s: 读取时出现异常", p, exc_info=True)
            yield Outcome(p, [], explain(e, p))
