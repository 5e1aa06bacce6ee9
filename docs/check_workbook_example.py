"""The example workbook of docs/check-workbook.png: two rounds of a check of fictional
reports (示例镇 from samples/, and a 示例县财政局 built like the rule tests' reports).

    .venv/bin/python docs/check_workbook_example.py /tmp/核查意见.xlsx
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ogi.extract import extract  # noqa: E402
from ogi.services.check import Baseline, check_reports, write_workbook  # noqa: E402
from tests.check.check_builders import build  # noqa: E402

FINANCE = {"agency": "示例县财政局", "file": "财政局.docx", "year": 2024, "published": "2025-02-12"}
SHARE = "2024年，示例县财政局全年共收到政府信息公开申请57件，其中自然人申请20件，占35.2%。"


def main(target: Path) -> None:
    town = extract(ROOT / "samples" / "示例镇-2024.txt")
    round1 = [
        town,
        build(
            {
                **FINANCE,
                "cells": {"t4.review.upheld": 2, "t4.review.total": 1},
                "texts": {"overview": SHARE},
            }
        ),
    ]
    counts = {
        "t3.new_received.total": 57,
        "t3.new_received.natural_person": 57,
        "t3.results.granted.natural_person": 57,
        "t3.results.granted.total": 57,
        "t3.results.total.natural_person": 57,
        "t3.results.total.total": 50,
        "t4.litigation.direct.upheld": 1,
    }
    round2 = [
        town,
        build({**FINANCE, "cells": counts, "texts": {"overview": SHARE + "本年度予以公开60件。"}}),
    ]
    first = check_reports(round1, config=False)
    second = check_reports(round2, config=False, baseline=Baseline(first.findings))
    write_workbook(target, second)
    print(f"{target}: {second.rounds_text()}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "核查意见.xlsx"))
