"""Server-drawn charts: round ticks with light rules and the unit on the y axis, and
marks scaled to the top tick."""

from __future__ import annotations

import re

from ogi.web.charts import lines, stacked_bars, ticks


def test_ticks_are_round_and_reach_the_peak() -> None:
    assert ticks(0) == [0, 1]
    assert ticks(3) == [0, 1, 2, 3]
    assert ticks(7) == [0, 2, 4, 6, 8]
    assert ticks(22) == [0, 5, 10, 15, 20, 25]
    assert ticks(100) == [0, 20, 40, 60, 80, 100]
    assert ticks(101) == [0, 50, 100, 150]
    assert ticks(1909) == [0, 500, 1000, 1500, 2000]


def _labels(svg: str) -> list[str]:
    return re.findall(r'text-anchor="end" class="axis">([^<]+)</text>', svg)


def test_bars_have_a_rule_and_a_label_at_each_tick_and_scale_to_the_top_one() -> None:
    svg = str(
        stacked_bars(
            [2023, 2024],
            [("a", "予以公开"), ("b", "部分公开")],
            {2023: {"a": 4, "b": 1}, 2024: {"a": 14, "b": 4}},
            lambda y, k: f"/corpus?year={y}",
        )
    )
    # the peak is 18: ticks 0 5 10 15 20, then the unit over them
    assert _labels(svg) == ["0", "5", "10", "15", "20", "（件）"]
    assert svg.count('stroke="#e3e3e3"') == 4  # a light rule at each tick but 0
    # plot height 260 - 22 - 24 = 214 stands for 20: 14 is 149.8 high, 4 is 42.8
    heights = re.findall(r'"><rect x="[^"]+" y="[^"]+" width="[^"]+" height="([^"]+)"', svg)
    assert heights == ["42.8", "10.7", "149.8", "42.8"]


def test_lines_scale_to_the_top_tick_and_take_another_unit() -> None:
    svg = str(
        lines(
            [2023, 2024],
            [("a", "属于国家秘密")],
            {2023: {"a": 0}, 2024: {"a": 7}},
            lambda y, k: "/",
            unit="份",
        )
    )
    assert _labels(svg) == ["0", "2", "4", "6", "8", "（份）"]
    ys = [float(y) for y in re.findall(r'<circle cx="[^"]+" cy="([^"]+)"', svg)]
    # 0 on the axis (22 + 214), 7 of 8 up the plot
    assert ys == [236.0, round(236 - 214 * 7 / 8, 1)]
