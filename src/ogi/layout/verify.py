"""Values that fail their table's own arithmetic in a way a misread explains are taken
back out: a row holding the report year where its sum fails (a date read as a count),
or, in a table read from the token stream, a row whose sum holds once its values are
moved one place (a number taken from the row before or after). A table that merely
does not add up is left as printed: that is for the checks to report."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from ogi.format import editions
from ogi.layout.specs import TableResult, drop
from ogi.model import Problem

Number = int | float


_NUMBER_TYPES = frozenset((int, float))


def _numbers(res: TableResult, paths: Sequence[str]) -> list[Number] | None:
    """The values of `paths`, where each is a number (not None, not a bool)."""
    vals = list(map(res.cells.get, paths))
    # (by type, at C speed: every row of every table is asked)
    return vals if _NUMBER_TYPES.issuperset(map(type, vals)) else None  # type: ignore[return-value]


def _sums(v: list[Number]) -> bool:
    return sum(v[:-1]) == v[-1]


def _flag(res: TableResult, key: str, paths: list[str], why: str) -> None:
    origin = next((res.origins[p] for p in paths if p in res.origins), None)
    drop(res, paths)
    name = {"t3": "表三", "t4": "表四"}[res.table]
    res.problems.append(
        Problem(where=f"{name} {key}", path=key, message=f"{why}，疑为误读，未取值", origin=origin)
    )


def check_misreads(res: TableResult, year: int | None, from_stream: bool) -> None:
    if res.table == "t3":
        _check_t3(res, year, from_stream)
    elif res.table == "t4":
        _check_t4(res, year, from_stream)
    check_unsure(res)


def check_unsure(res: TableResult) -> None:
    """Values the reader was unsure of (a 0 under a stamp that OCR read as 4 or 6) stay
    only where one of the sums they are part of holds with them (`_sum_groups`: in table
    三 their row, their column's outcomes, their column's balance; in table 四 their
    group). Where none does they are taken out, with the reason; where there is no sum
    (table 二) too, unless the reader was sure enough (`weak`)."""
    if not res.vouch:
        return
    groups = _sum_groups(res)
    for path, (why, where, weak) in res.vouch.items():
        if path not in res.cells:
            continue
        mine = [g for g in groups if path in g]
        if not mine and weak:
            continue  # no sum to ask, and OCR sure enough
        if any(_holds(res, g) for g in mine):
            continue
        drop(res, [path])
        check = "所在行、列的合计不能印证" if mine else "没有合计可以印证"
        res.problems.append(
            Problem(
                where=where,
                path=path,
                message=f"{why}，{check}，未取数",
                origin=res.origins.get(path),
            )
        )
    res.vouch.clear()


def _holds(res: TableResult, group: list[str]) -> bool:
    """Whether the group's cells are all numbers and add up (its sums: `_sum_groups`)."""
    v = _numbers(res, group)
    if v is None:
        return False
    if group[0].startswith("t3.new_received."):  # 一 + 二 = （七）总计 + 四
        return v[0] + v[1] == v[2] + v[3]
    return _sums(v)


def _sum_groups(res: TableResult) -> list[list[str]]:
    """The cells that add up, each list ending with their total: in table 三 each row
    across its columns, each column's outcomes down to （七）总计, and each column's
    一 + 二 against （七）总计 + 四 (`_holds` knows that one); in table 四 each group."""
    ed = editions()[res.edition or "2021"]
    if res.table == "t3":
        cols = [c.key for c in ed.t3_columns]
        rows = [r.path for r in ed.t3_data_rows]
        outcomes = [r for r in rows if r.startswith("results.") and r != "results.total"]
        across = [[f"t3.{r}.{c}" for c in cols] for r in rows]
        down = [[f"t3.{r}.{c}" for r in [*outcomes, "results.total"]] for c in cols]
        balance = [
            [
                f"t3.{r}.{c}"
                for r in ("new_received", "carried_over", "results.total", "carried_forward")
            ]
            for c in cols
        ]
        return across + down + balance
    if res.table == "t4":
        paths = [f"t4.{c.key}" for c in ed.t4_columns]
        return [paths[g : g + 5] for g in range(0, len(paths), 5)]
    return []


def _year_in(v: list[Number], year: int | None) -> bool:
    return year is not None and any(x in (year, year + 1) for x in v)


def _check_t3(res: TableResult, year: int | None, from_stream: bool) -> None:
    rows, paths = _t3_row_paths(res.edition or "2021")
    values = {k: _numbers(res, p) for k, p in zip(rows, paths, strict=True)}
    flagged: list[tuple[str, str]] = []
    for i, key in enumerate(rows):
        v = values[key]
        if v is None or _sums(v):
            continue
        if _year_in(v, year):
            flagged.append((key, f"本行合计不符且含有与报告年度相同的数值{year}"))
            continue
        if not from_stream:
            continue
        nxt = values[rows[i + 1]] if i + 1 < len(rows) else None
        prev = values[rows[i - 1]] if i > 0 else None
        if nxt is not None and _sums([*v[1:], nxt[0]]):
            flagged.append((key, "本行合计不符，数值整体后移一列即相符（可能混入了其他数字）"))
        elif prev is not None and _sums([prev[-1], *v[:-1]]):
            flagged.append((key, "本行合计不符，数值整体前移一列即相符（可能缺了一个数字）"))
    for key, why in flagged:
        _flag(res, key, list(paths[rows.index(key)]), why)


@cache
def _t3_row_paths(edition: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Edition `edition`'s rows of table 三 that hold values, and each one's cells (the
    same for every report: worked out once)."""
    ed = editions()[edition]
    cols = [c.key for c in ed.t3_columns]
    rows = tuple(f"t3.{r.path}" for r in ed.t3_data_rows)
    return rows, tuple(tuple(f"{k}.{c}" for c in cols) for k in rows)


def _check_t4(res: TableResult, year: int | None, from_stream: bool) -> None:
    ed = editions()[res.edition or "2021"]
    paths = [f"t4.{c.key}" for c in ed.t4_columns]
    v = _numbers(res, paths)
    if v is None:
        return

    def ok(x: list[Number]) -> bool:
        return all(_sums(x[g : g + 5]) for g in range(0, len(x), 5))

    if ok(v):
        return
    if _year_in(v, year):
        _flag(res, "t4", paths, f"表内合计不符且含有与报告年度相同的数值{year}")
    elif from_stream and ((ok([*v[1:], 0]) and v[0] != 0) or (ok([0, *v[:-1]]) and v[-1] != 0)):
        _flag(res, "t4", paths, "表内合计不符，数值整体移动一栏即相符（可能混入或缺了一个数字）")
