"""Each seed rendered to DOCX, printed to PDF by LibreOffice (real ruled tables), reads
back to the seed's values through the PDF reader."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from ogi.extract import extract
from ogi.format import edition
from tests.extract.test_roundtrip import _report, _seeds, _write
from tests.shared import need_shared

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module")
def seed_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    need_shared()
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    d = tmp_path_factory.mktemp("pdf")
    docs = [_write(_report(t), "docx", d / f"{t['file'][:3]}.docx") for t in _seeds()]
    profile = d / "profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(d),
            *map(str, docs),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {p.stem: p for p in d.glob("*.pdf")}


@pytest.mark.parametrize("t", _seeds(), ids=lambda t: t["file"][:3])
def test_seed_pdf_reads_back(t: dict, seed_pdfs: dict[str, Path]) -> None:
    r = extract(seed_pdfs[t["file"][:3]])
    assert r.source.form == "pdf"
    assert r.cells == t["cells"]
    assert r.table_editions == t["table_editions"]
    assert [s.key for s in r.sections] == [s.key for s in edition("2021").sections]
