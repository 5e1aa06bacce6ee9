"""Charts drawn on the server as SVG: no chart library to load, nothing from outside,
readable without JavaScript, and every mark a link to the figures it was drawn from."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

PALETTE = (
    "#2f6db3",
    "#5aa469",
    "#d9822b",
    "#c23b3b",
    "#7d5ba6",
    "#8a8a8a",
    "#2aa3a3",
    "#b58900",
)


def _fmt(v: float | int | None) -> str:
    if v is None:
        return "—"
    if isinstance(v, float) and not v.is_integer():
        return f"{v:.1%}" if v <= 1 else f"{v:,.1f}"
    return f"{int(v):,}"


def sparkline(
    points: Sequence[tuple[int, float | int | None, str]],
    width: int = 120,
    height: int = 28,
    mark: int | None = None,
) -> Markup:
    """A small line of (year, value, link) points; the year `mark` drawn larger."""
    known = [(y, v, h) for y, v, h in points if v is not None]
    if not known:
        return Markup('<span class="muted">—</span>')
    years = [p[0] for p in points]
    lo_y, hi_y = min(years), max(years)
    lo, hi = min(v for _, v, _ in known), max(v for _, v, _ in known)
    pad = 4

    def x(year: int) -> float:
        return pad + (width - 2 * pad) * ((year - lo_y) / (hi_y - lo_y) if hi_y > lo_y else 0.5)

    def y(value: float) -> float:
        return height - pad - (height - 2 * pad) * ((value - lo) / (hi - lo) if hi > lo else 0.5)

    line = " ".join(f"{x(yr):.1f},{y(v):.1f}" for yr, v, _ in known)
    parts = [
        f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="趋势">',
        f'<polyline points="{line}" fill="none" stroke="{PALETTE[0]}" stroke-width="1.5"/>',
    ]
    for yr, v, href in known:
        r = 3.2 if yr == mark else 2
        parts.append(
            f'<a href="{escape(href)}"><circle cx="{x(yr):.1f}" cy="{y(v):.1f}" r="{r}" '
            f'fill="{PALETTE[3] if yr == mark else PALETTE[0]}"><title>{yr}年：{_fmt(v)}'
            f"</title></circle></a>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def ticks(peak: float, most: int = 5) -> list[int]:
    """Round values for the y axis from 0 up to the first tick at or over `peak`: steps
    of 1, 2 or 5 times a power of ten, at most `most` steps."""
    peak = max(peak, 1)
    step = 1
    while True:
        for m in (1, 2, 5):
            if peak <= step * m * most:
                n = -(-peak // (step * m))  # steps up to the peak, rounded up
                return [int(step * m * k) for k in range(int(n) + 1)]
        step *= 10


def _frame(
    width: int,
    height: int,
    left: int,
    top: int,
    plot_w: int,
    plot_h: int,
    scale: list[int],
    unit: str,
) -> list[str]:
    """The opening of a chart: the svg element, a light rule and a label at each tick of
    `scale` (the x axis at 0), and the unit over the labels."""
    parts = [
        f'<svg class="chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img">',
    ]
    top_value = scale[-1]
    for v in scale:
        y = top + plot_h - plot_h * v / top_value
        stroke = "#999" if v == 0 else "#e3e3e3"
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" '
            f'stroke="{stroke}"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="axis">{_fmt(v)}</text>'
        )
    if unit:
        parts.append(
            f'<text x="{left - 6}" y="{max(top - 12, 9)}" text-anchor="end" class="axis">'
            f"（{escape(unit)}）</text>"
        )
    return parts


def stacked_bars(
    years: Sequence[int],
    series: Sequence[tuple[str, str]],
    data: dict[int, dict[str, int]],
    href: Callable[[int, str], str],
    width: int = 640,
    height: int = 260,
    unit: str = "件",
) -> Markup:
    """One bar per year, stacked by `series` (key, label); each piece links to the
    reports it adds up."""
    if not years:
        return Markup('<p class="muted">没有数据</p>')
    left, bottom, top, legend_w = 56, 24, 22, 170
    plot_w, plot_h = width - left - legend_w, height - top - bottom
    scale = ticks(max((sum(data[y].get(k, 0) for k, _ in series) for y in years), default=0))
    peak = scale[-1]
    slot = plot_w / len(years)
    bar = min(48.0, slot * 0.6)
    parts = _frame(width, height, left, top, plot_w, plot_h, scale, unit)
    for i, year in enumerate(years):
        x = left + slot * i + (slot - bar) / 2
        base = top + plot_h
        for j, (key, label) in enumerate(series):
            v = data[year].get(key, 0)
            if not v:
                continue
            h = plot_h * v / peak
            base -= h
            parts.append(
                f'<a href="{escape(href(year, key))}"><rect x="{x:.1f}" y="{base:.1f}" '
                f'width="{bar:.1f}" height="{h:.1f}" fill="{PALETTE[j % len(PALETTE)]}">'
                f"<title>{year}年 {escape(label)}：{_fmt(v)}</title></rect></a>"
            )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{top + plot_h + 16}" text-anchor="middle" '
            f'class="axis">{year}</text>'
        )
    parts += _legend(series, left + plot_w + 16, top)
    parts.append("</svg>")
    return Markup("".join(parts))


def lines(
    years: Sequence[int],
    series: Sequence[tuple[str, str]],
    data: dict[int, dict[str, int]],
    href: Callable[[int, str], str],
    width: int = 640,
    height: int = 260,
    unit: str = "件",
) -> Markup:
    """One line per series over the years; each point links to its reports."""
    if not years:
        return Markup('<p class="muted">没有数据</p>')
    left, bottom, top, legend_w = 56, 24, 22, 190
    plot_w, plot_h = width - left - legend_w, height - top - bottom
    scale = ticks(max((data[y].get(k, 0) for y in years for k, _ in series), default=0))
    peak = scale[-1]

    def px(i: int) -> float:
        return left + (plot_w * i / (len(years) - 1) if len(years) > 1 else plot_w / 2)

    def py(v: int) -> float:
        return top + plot_h - plot_h * v / peak

    parts = _frame(width, height, left, top, plot_w, plot_h, scale, unit)
    for i, year in enumerate(years):
        parts.append(
            f'<text x="{px(i):.1f}" y="{top + plot_h + 16}" text-anchor="middle" '
            f'class="axis">{year}</text>'
        )
    for j, (key, label) in enumerate(series):
        color = PALETTE[j % len(PALETTE)]
        pts = " ".join(f"{px(i):.1f},{py(data[y].get(key, 0)):.1f}" for i, y in enumerate(years))
        parts.append(f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="2"/>')
        for i, year in enumerate(years):
            v = data[year].get(key, 0)
            parts.append(
                f'<a href="{escape(href(year, key))}"><circle cx="{px(i):.1f}" cy="{py(v):.1f}" '
                f'r="3.5" fill="{color}"><title>{year}年 {escape(label)}：{_fmt(v)}</title>'
                f"</circle></a>"
            )
    parts += _legend(series, left + plot_w + 16, top)
    parts.append("</svg>")
    return Markup("".join(parts))


def _legend(series: Sequence[tuple[str, str]], x: float, y: float) -> list[str]:
    out = []
    for j, (_, label) in enumerate(series):
        yy = y + 18 * j
        text = label if len(label) <= 12 else label[:11] + "…"
        out.append(
            f'<rect x="{x}" y="{yy}" width="10" height="10" fill="{PALETTE[j % len(PALETTE)]}"/>'
            f'<text x="{x + 14}" y="{yy + 9}" class="legend">{escape(text)}'
            f"<title>{escape(label)}</title></text>"
        )
    return out
