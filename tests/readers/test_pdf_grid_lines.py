"""The shortcuts of the table reader's grid (`pdf_tables._grid`) against the
straightforward code they stand in for: the rules at each grid line found in a window of
the rules sorted by position (`_at_lines`), the coverage of a line's spans asked in one
call (`_covered_spans`), the cells of a grid without merges made at once, and a
text layer's cell made into a table's without asking for OCR's fields. Seeded
random rules, positions exactly SNAP away and a float's width either side of it, and
NaN and infinities; the answers must be those of the plain code, rule for rule and in
the same order (the sums of lengths in `_covered` depend on it)."""

from __future__ import annotations

import itertools
import math
import random

import numpy as np

from ogi.blocks import Cell
from ogi.readers import pdf_tables
from ogi.readers.pdf_tables import SNAP, Grid, GridCell, Rule, _covered, _grid

_ODD = [float("nan"), float("inf"), -float("inf")]


def _plain_at(rules: list[Rule], lines: list[float]) -> list[list[Rule]]:
    return [[r for r in rules if abs(r.pos - v) <= SNAP] for v in lines]


def _edge_values(rng: random.Random, around: list[float]) -> list[float]:
    """Values SNAP (and a float's width either side of it) from those `around`, and
    the like with JOIN's and the window's margins."""
    out = []
    for v in around:
        for d in (SNAP, -SNAP, pdf_tables._WINDOW, 0.0, 1e-9, SNAP + 1e-12):
            w = v + d
            out += [w, math.nextafter(w, math.inf), math.nextafter(w, -math.inf)]
        out.append(v + rng.uniform(-2 * SNAP, 2 * SNAP))
    return out


def _random_rules(rng: random.Random, n: int, odd: bool) -> list[Rule]:
    base = [rng.choice([0.0, -0.0, 3.0, 6.0, 100.0, 0.1, 1e6]) for _ in range(4)]
    rules = []
    for _ in range(n):
        pick = rng.random()
        if pick < 0.4:
            pos = rng.choice(base) + rng.choice([0.0, SNAP, -SNAP, 1.5, 2 * SNAP])
        elif pick < 0.5:
            pos = math.nextafter(rng.choice(base) + SNAP, rng.choice([math.inf, -math.inf]))
        elif odd and pick < 0.55:
            pos = rng.choice([*_ODD, 1e300, -1e300, 5e-324])
        else:
            pos = rng.uniform(-50, 150)
        a = rng.uniform(-10, 100)
        b = a + rng.choice([0.0, rng.uniform(0, 200)])
        if odd and rng.random() < 0.05:
            a, b = rng.choice(_ODD), rng.choice([*_ODD, b])
        rules.append(Rule(rng.random() < 0.5, pos, a, b))
    return rules


def test_rules_at_lines_are_those_of_the_plain_filter() -> None:
    rng = random.Random(20240611)
    for trial in range(400):
        rules = _random_rules(rng, rng.randrange(0, 40), odd=trial % 3 == 0)
        lines = _edge_values(rng, [r.pos for r in rules[:6]] + [rng.uniform(-20, 120)])
        lines += rng.sample([*_ODD, 0.0, -0.0, 1e300], 2)
        found = pdf_tables._at_lines(rules, lines)
        want = _plain_at(rules, lines)
        # the same rules (the objects themselves), in the same order
        assert [[id(r) for r in g] for g in found] == [[id(r) for r in g] for g in want]


def test_rules_exactly_snap_away_are_at_the_line() -> None:
    at = Rule(True, 10.0, 0.0, 5.0)
    out = Rule(True, math.nextafter(13.0, math.inf), 0.0, 5.0)
    below = Rule(True, 7.0, 0.0, 5.0)
    same = Rule(True, 10.0, 1.0, 2.0)
    rules = [out, same, below, at]
    assert pdf_tables._at_lines(rules, [10.0]) == [[same, below, at]]
    assert pdf_tables._at_lines(rules, [13.0]) == [[out, same, at]]
    assert pdf_tables._at_lines(rules, [float("nan"), float("inf")]) == [[], []]
    # a position no window can be trusted with: every rule is tested
    odd = Rule(True, float("nan"), 0.0, 1.0)
    assert pdf_tables._at_lines([odd, at], [10.0]) == [[at]]


def test_covered_spans_are_those_of_covered() -> None:
    rng = random.Random(7)
    for trial in range(600):
        rules = _random_rules(rng, rng.choice([0, 1, 1, 2, 3, 8]), odd=trial % 4 == 0)
        bounds = sorted(rng.uniform(-20, 220) for _ in range(rng.randrange(1, 9)))
        if rules and rng.random() < 0.5:  # spans ending at the rules' own ends
            bounds = sorted([*bounds, rules[0].a, rules[0].b])
        if rng.random() < 0.2:
            bounds.insert(rng.randrange(len(bounds) + 1), rng.choice(_ODD))
        want = [_covered(rules, a, b) for a, b in itertools.pairwise(bounds)]
        assert pdf_tables._covered_spans(rules, bounds) == want


def _plain_grid(rules: list[Rule]) -> Grid | None:
    """`_grid` as it read before its shortcuts: every rule tested for every line, a
    `_covered` call for each side, the cells sorted."""
    hs = [r for r in rules if r.horizontal]
    vs = [r for r in rules if not r.horizontal]
    ys = pdf_tables._cluster(
        pdf_tables._with_ends([r.pos for r in hs], min(r.a for r in vs), max(r.b for r in vs))
    )
    xs = pdf_tables._cluster(
        pdf_tables._with_ends([r.pos for r in vs], min(r.a for r in hs), max(r.b for r in hs))
    )
    framed = pdf_tables._framed(xs, ys, hs, vs)
    ys = pdf_tables._spaced_apart(pdf_tables._trim_ends(ys, hs, vs, framed))
    xs = pdf_tables._spaced_apart(pdf_tables._trim_ends(xs, vs, hs, framed))
    if len(xs) < 3 or len(ys) < 2:
        return None
    nr, nc = len(ys) - 1, len(xs) - 1
    at_x, at_y = _plain_at(vs, xs), _plain_at(hs, ys)
    top = [[_covered(at_y[r], xs[c], xs[c + 1]) for c in range(nc)] for r in range(nr)]
    joins = [
        (r * nc + c - 1, r * nc + c)
        for r in range(nr)
        for c in range(1, nc)
        if not _covered(at_x[c], ys[r], ys[r + 1])
    ]
    joins += [
        ((r - 1) * nc + c, r * nc + c) for r in range(1, nr) for c in range(nc) if not top[r][c]
    ]
    comps = pdf_tables._merged_cells(nr, nc, joins)
    cells = [
        GridCell(
            r0,
            c0,
            r1 - r0 + 1,
            c1 - c0 + 1,
            xs[c0],
            xs[c1 + 1],
            ys[r0],
            ys[r1 + 1],
            open_top=not _covered(at_y[r0], xs[c0], xs[c1 + 1]),
        )
        for r0, r1, c0, c1, _ in comps
    ]
    cells.sort(key=lambda g: (g.row, g.col))
    taken: set[tuple[int, int]] = set()
    kept = []
    for g in cells:
        spots = {
            (r, c) for r in range(g.row, g.row + g.rowspan) for c in range(g.col, g.col + g.colspan)
        }
        if not spots & taken:
            taken |= spots
            kept.append(g)
    return Grid(xs, ys, kept)


def _table_rules(rng: random.Random) -> list[Rule]:
    """The rules of a table of random rows and columns, each side of each cell drawn as
    its own piece or left out (merged cells, some not rectangles), positions jittered
    within and about SNAP, pieces in a shuffled order."""
    xs = [0.0]
    for _ in range(rng.randrange(2, 7)):
        xs.append(xs[-1] + rng.choice([4.0, 6.0, 30.0, rng.uniform(5, 80)]))
    ys = [0.0]
    for _ in range(rng.randrange(1, 9)):
        ys.append(ys[-1] + rng.choice([5.0, 12.0, rng.uniform(5, 40)]))
    miss = rng.choice([0.0, 0.0, 0.1, 0.3])
    jitter = rng.choice([0.0, 0.5, SNAP, 4.0])
    rules = []
    for k, y in enumerate(ys):
        for c in range(len(xs) - 1):
            if 0 < k < len(ys) - 1 and rng.random() < miss:
                continue
            pos = y + rng.uniform(-jitter, jitter)
            rules.append(Rule(True, pos, xs[c] + rng.uniform(-1, 1), xs[c + 1]))
    for k, x in enumerate(xs):
        for r in range(len(ys) - 1):
            if 0 < k < len(xs) - 1 and rng.random() < miss:
                continue
            pos = x + rng.uniform(-jitter, jitter)
            rules.append(Rule(False, pos, ys[r], ys[r + 1] + rng.uniform(-1, 1)))
    rng.shuffle(rules)
    return rules


def test_grids_are_those_of_the_plain_code() -> None:
    rng = random.Random(99)
    merged = plain_merged = 0
    for _ in range(400):
        rules = _table_rules(rng)
        want = _plain_grid(rules)
        got = _grid(rules)
        assert repr(got) == repr(want)
        if want is not None and any(c.rowspan > 1 or c.colspan > 1 for c in want.cells):
            merged += 1
        if want is not None and all(c.rowspan == c.colspan == 1 for c in want.cells):
            plain_merged += 1
    assert merged > 50 and plain_merged > 50  # both paths were taken


def test_a_table_without_a_frame_keeps_its_open_outer_bands_only() -> None:
    # inner rules only: the outer bands (a label column reached by two of the five
    # horizontal rules, a header row by one of the three vertical ones) are the table's
    # own; the vertical rules running on 7 pt past the last horizontal one are no row
    hs = [Rule(True, y, 0.0 if y < 50 else 30.0, 120.0) for y in (20.0, 40.0, 60.0, 80.0, 100.0)]
    vs = [Rule(False, 30.0, 20.0, 107.0), Rule(False, 60.0, 0.0, 107.0)]
    vs.append(Rule(False, 90.0, 20.0, 107.0))
    g = _grid(hs + vs)
    assert g is not None
    assert (g.xs, g.ys) == ([0.0, 30.0, 60.0, 90.0, 120.0], [0.0, 20.0, 40.0, 60.0, 80.0, 100.0])


def test_a_cell_of_a_text_layer_is_made_as_one_of_ocr() -> None:
    """`to_cell` reads OCR's fields of an OcrCell; a plain GridCell's cell is the one
    their defaults make."""
    from ogi.readers.ocr import OcrCell

    plain = GridCell(2, 1, 1, 3, 10.0, 40.0, 5.0, 9.0, False, text="12", page=0)
    assert plain.to_cell(4) == Cell("12", 2, 1, 1, 3, None, 4, (10.0, 5.0, 40.0, 9.0))
    plain.page = 3
    assert plain.to_cell(4).page == 3
    ocr = OcrCell(0, 0, 1, 1, 0.0, 1.0, 0.0, 1.0, True, text="7", confidence=0.5, weak=True)
    made = ocr.to_cell(1)
    assert (made.confidence, made.weak, made.unsure) == (0.5, True, None)


def test_matrices_are_multiplied_as_mul_does() -> None:
    """`_mul_rows` (all paths' matrices at once) against `_mul`, to the bit (signed
    zeros, infinities and NaN included), with one outer matrix for all or one each."""
    rng = random.Random(5)
    odd = [0.0, -0.0, 1.0, -1.0, 0.5, float("inf"), -float("inf"), float("nan"), 1e308]
    for _ in range(200):
        n = rng.randrange(1, 12)
        own = [
            tuple(rng.choice([*odd, rng.uniform(-900, 900)]) for _ in range(6)) for _ in range(n)
        ]
        outers = [tuple(rng.choice([*odd, rng.uniform(-2, 2)]) for _ in range(6)) for _ in range(n)]
        m = np.array(own, np.float64).T
        for each in (True, False):
            outer = np.array(outers, np.float64).T if each else np.array(outers[0])[:, None]
            want = np.array(
                [pdf_tables._mul(own[k], outers[k] if each else outers[0]) for k in range(n)]
            ).T
            with np.errstate(all="ignore"):  # (the overflows are meant)
                got = pdf_tables._mul_rows(m, outer)
            # (a NaN's sign and payload, which no comparison sees, may differ)
            nan = np.isnan(want)
            assert (np.isnan(got) == nan).all()
            assert got[~nan].tobytes() == want[~nan].tobytes()
