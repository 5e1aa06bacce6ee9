"""Numbers written in Chinese numerals, as reports number their parts and lists."""

from __future__ import annotations


def chinese(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五, 1010 → 一千零一十; a
    number Chinese numerals of this kind do not write (below 0, from 10,000) in digits."""
    if not 0 <= n < 10000:
        return str(n)
    if n == 0:
        return "〇"
    digits = "〇一二三四五六七八九"
    out = ""
    zero = False
    for unit, value in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
        d = n // value % 10
        if d:
            if zero and out:
                out += "零"
            out += digits[d] + unit
            zero = False
        elif out:
            zero = True
    return out[1:] if out.startswith("一十") else out
