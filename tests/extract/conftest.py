"""Seed reports printed to PDF once per test session (LibreOffice is slow to start)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.extract.test_roundtrip import _report, _seeds, _write
from tests.shared import need_shared

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="session")
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
