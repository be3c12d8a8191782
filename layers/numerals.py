"""Numbers as Chinese text writes them: 16.86, １２３, 1,200, 三千, 一万二千, 两, 百分之五, 1.2万.

:func:`parse_number` turns one written number into a float; the extractor finds the spans, this module only
reads them.
"""
from __future__ import annotations

import re
from typing import Final

_DIGITS: Final = {"零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2, "三": 3, "叁": 3,
                  "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
                  "九": 9, "玖": 9}
_SMALL: Final = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_LARGE: Final = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}

#: Characters that can make up a Chinese numeral (used by the extractor's patterns).
CHINESE_NUMERAL_CHARS: Final = "".join(_DIGITS) + "".join(_SMALL) + "".join(_LARGE)

_FULLWIDTH: Final = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_ARABIC: Final = re.compile(r"^\d+(?:\.\d+)?$")


def _chinese_below_wan(text: str) -> float:
    """Value of a numeral without 万/亿 (三千二百, 十五, 二〇二五 read digit by digit)."""
    if text and all(ch in _DIGITS for ch in text) and len(text) > 1:
        return float("".join(str(_DIGITS[ch]) for ch in text))  # 二〇二五 → 2025
    total, digit = 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _SMALL:
            total += (1 if digit is None else digit) * _SMALL[ch]
            digit = None
        else:
            raise ValueError(f"not a Chinese numeral character: {ch!r}")
    return float(total + (digit or 0))


def _mixed(text: str) -> float:
    """A numeral that may mix Arabic digits with 万/亿 and Chinese digits (1.2万, 3千, 一万二千)."""
    if _ARABIC.match(text):
        return float(text)
    m = re.match(r"^(\d+(?:\.\d+)?)([千百十])?$", text)
    if m:
        return float(m.group(1)) * (_SMALL[m.group(2)] if m.group(2) else 1)
    return _chinese_below_wan(text)


def parse_number(text: str) -> float:
    """The value of one written number; raises ``ValueError`` for anything else.

    >>> parse_number("16.86亿"), parse_number("三千"), parse_number("一万二千"), parse_number("１２３")
    (1686000000.0, 3000.0, 12000.0, 123.0)
    """
    s = text.strip().translate(_FULLWIDTH).replace(",", "")
    if not s:
        raise ValueError("empty number")
    if s.startswith("百分之"):
        return parse_number(s[3:])
    total = 0.0
    rest = s
    for big in ("亿", "億", "万", "萬"):
        if big in rest:
            head, rest = rest.split(big, 1)
            total += (parse_number(head) if head else 1.0) * _LARGE[big]
            last_big = big
    if rest:
        # 一万二 (= 12000): a lone trailing digit after 万/亿 counts in the next lower place.
        if total and len(rest) == 1 and rest in _DIGITS and s[-2] in _LARGE:
            total += _DIGITS[rest] * _LARGE[last_big] / 10
        else:
            total += _mixed(rest)
    return total
