"""Build `Report`s for the rule tests: a consistent report of one edition (all cells 0,
six well-formed parts), changed only where a test case says so."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ogi.format import edition
from ogi.model import Problem, RawCell, Report, Section, Source

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"

OVERVIEW = (
    "本机关认真贯彻落实《中华人民共和国政府信息公开条例》。"
    "（一）主动公开方面，及时发布政策文件。（二）依申请公开方面，规范办理流程。"
    "（三）政府信息管理方面，开展文件清理。（四）政府信息公开平台建设方面，优化门户网站。"
    "（五）监督保障方面，开展工作考核、社会评议，本年度未发生责任追究情况。"
)
PROBLEMS = "存在的主要问题是公开内容不够丰富。下一步将加强培训，提升公开质量。"
OTHER = "本年度未收取信息处理费。"

TEXTS = {
    "overview": OVERVIEW,
    "proactive_disclosure": "",
    "applications": "",
    "review_litigation": "",
    "problems_improvements": PROBLEMS,
    "other_matters": OTHER,
}


def default_sections(name: str) -> list[Section]:
    ed = edition(name)
    return [
        Section(key=s.key, ordinal=s.ordinal, title=s.title, text=TEXTS[s.key]) for s in ed.sections
    ]


def zero_cells(t2: str, t3: str) -> dict[str, int]:
    cells = {p: 0 for p in edition(t2).cell_paths("t2")}
    cells.update({p: 0 for p in edition(t3).cell_paths("t3")})
    cells.update({p: 0 for p in edition(t3).cell_paths("t4")})
    return cells


def build(spec: dict[str, Any] | None = None) -> Report:
    """A report from a test-case spec. Keys: edition, year, t2/t3 (table editions), agency,
    title, preamble, published, file, cells (overrides), drop (path prefixes to remove), raw
    ({path: text}), units, labels, extra_rows, metadata, sections (list of
    [key, ordinal, title, text]; [] for none), texts ({section key: text}),
    problems (list of Problem fields)."""
    spec = dict(spec or {})
    given = spec.get("edition", "2021")
    name = None if given is None else str(given)
    t2 = str(spec.get("t2", "2019" if name == "2019" else "2021"))
    t3 = str(spec.get("t3", "2019" if name == "2019" else "2021"))
    year = spec.get("year", 2020 if name == "2019" else 2021)
    cells: dict[str, Any] = zero_cells(t2, t3) if spec.get("tables", True) else {}
    for prefix in spec.get("drop", []):
        cells = {p: v for p, v in cells.items() if not p.startswith(prefix)}
    cells.update(spec.get("cells") or {})
    if "sections" in spec:
        sections = [Section(key=k, ordinal=o, title=t, text=x) for k, o, t, x in spec["sections"]]
    else:
        sections = default_sections(name if name in ("2019", "2021") else "2021")
        for s in sections:
            if s.key in (spec.get("texts") or {}):
                s.text = spec["texts"][s.key]
    return Report(
        source=Source(path=spec.get("file", "case.txt"), sha256="", form="txt"),
        report_year=year,
        agency=spec.get("agency", "示例县财政局"),
        title=spec.get("title"),
        preamble=spec.get("preamble", ""),
        published=spec.get("published"),
        metadata=spec.get("metadata") or {},
        edition=name,  # type: ignore[arg-type]
        table_editions={"t2": t2, "t3": t3},
        cells=cells,
        raw=[RawCell(path=p, text=t) for p, t in (spec.get("raw") or {}).items()],
        units=spec.get("units") or {},
        labels=spec.get("labels") or {},
        extra_rows=spec.get("extra_rows") or [],
        sections=sections,
        problems=[Problem(**p) for p in spec.get("problems") or []],
    )


def truth_reports(which: str) -> list[Report]:
    """Reports made of the hand-checked truth cells (no text parts: truth has none)."""
    out = []
    for line in (SHARED / which / "truth.jsonl").read_text("utf-8").splitlines():
        d = json.loads(line)
        out.append(
            Report(
                source=Source(path=d["file"], sha256="", form="txt"),
                report_year=d["report_year"],
                agency=d.get("agency"),
                title=d.get("title"),
                published=d.get("published"),
                edition=d.get("edition"),
                table_editions=d.get("table_editions") or {},
                cells=d["cells"],
            )
        )
    return out


def truth_records(which: str) -> list[dict[str, Any]]:
    path = SHARED / which / "truth.jsonl"
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


# Fictional bodies of one county, 2021 edition, consistent unless a case says otherwise
# (the batch-check and workbook tests).
FINANCE = {"agency": "示例县财政局", "file": "财政局.txt"}
LAND = {"agency": "示例县自然资源局", "file": "自然资源局.txt"}
EDU = {"agency": "示例县教育局", "file": "教育局.txt"}
REVIEW_DEFECT = {"t4.review.upheld": 2, "t4.review.total": 1}  # T4-REVIEW-SUM


def write_reports(folder: Path, reports: list[Report]) -> None:
    """Reports as ogi's JSON files in `folder`, named after their sources."""
    folder.mkdir(parents=True, exist_ok=True)
    for r in reports:
        name = Path(r.source.path).stem + ".json"
        (folder / name).write_text(r.model_dump_json(), encoding="utf-8")
