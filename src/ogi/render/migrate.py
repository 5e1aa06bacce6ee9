"""Re-issuing a report in another edition's layout, as far as its data allow.

Cells carry over where both editions share the key (the format files share keys
exactly where the meaning is the same). The 2019 single row （六）其他处理 becomes the
three 2021 rows only when it is 0 (every part is then 0); any other value cannot be
split and is listed, like every cell of the target edition with no source.
"""

from __future__ import annotations

from ogi.format import edition
from ogi.model import Problem, Report


def to_edition(report: Report, target: str) -> tuple[Report, list[str]]:
    """A copy of `report` in edition `target` and the target cells that could not be
    filled from it (printed blank)."""
    ed = edition(target)
    out = report.model_copy(deep=True)
    wanted = ed.cell_paths()
    cells: dict[str, int | float | None] = {}
    for path in wanted:
        if path in report.cells:
            cells[path] = report.cells[path]
    if target == "2021":
        for col in ed.t3_columns:
            single = report.cells.get(f"t3.results.other.{col.key}")
            if single == 0:
                for row in ed.t3_data_rows:
                    if row.path.startswith("results.other."):
                        cells[f"t3.{row.path}.{col.key}"] = 0
    elif target == "2019":
        for col in ed.t3_columns:
            parts = [
                report.cells.get(f"t3.{r.path}.{col.key}")
                for r in edition("2021").t3_data_rows
                if r.path.startswith("results.other.")
            ]
            if parts and all(isinstance(p, int | float) for p in parts):
                cells[f"t3.results.other.{col.key}"] = sum(parts)  # type: ignore[arg-type]
    unmapped = [p for p in wanted if p not in cells]
    out.cells = {p: cells.get(p) for p in wanted}
    out.raw = [r for r in report.raw if r.path in cells]
    out.edition = target  # type: ignore[assignment]
    out.table_editions = {"t2": target, "t3": target}
    if unmapped:
        out.problems.append(
            Problem(
                where=f"转为{target}版格式",
                message=f"{len(unmapped)} 格无法由原报告数据得出，已留空："
                + "、".join(unmapped[:12])
                + ("等" if len(unmapped) > 12 else ""),
            )
        )
    return out, unmapped
