"""Stated figures in Chinese text: a number, its unit, comparator, range, modality and year.

Works on the *matching text* of :func:`bayatlas.geo.geoparse.matching_text` (simplified, half-width, same offsets
as the original). One compiled pattern finds every number followed by a unit, so only real candidates reach
Python; dates, ordinals (第十五次), years (2025年), numbering and phone numbers have no unit or are filtered here.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from bayatlas.layers.numerals import parse_number
from bayatlas.layers.units import UNITS

_NUM_CHARS = "0-9零〇一二两三四五六七八九十百千万亿"
_NUM = rf"[{_NUM_CHARS}][{_NUM_CHARS},.]*"
_SEP = r"\s*(?:-|~|—|–|至|到)\s*"
#: Units extracted from text (a safe subset of :data:`~bayatlas.layers.units.UNITS`; 区/镇/村/日/月 are not).
EXTRACT_UNITS = ("个百分点", "个工作日", "平方公里", "平方千米", "平方米", "个月", "工作日", "百分点", "分钟", "小时",
                 "公顷", "公里", "千米", "km2", "km", "m2", "㎡", "元", "亩", "%", "倍", "个", "家", "项", "宗",
                 "条", "座", "件", "户", "人", "位", "名", "所", "栋", "套", "台", "批", "期", "大", "类", "场", "级",
                 "层", "次", "辆", "天", "年", "米")
_UNIT_ALT = "|".join(re.escape(u) for u in sorted(EXTRACT_UNITS, key=len, reverse=True))
# The pattern opens with a character class, so the regex engine skips every other character in C: the scan runs at
# the speed of a bare ``\d+`` pass. Number syntax is checked afterwards by :func:`parse_number`.
FIGURE_RE = re.compile(rf"(?P<a>{_NUM})(?:{_SEP}(?P<b>{_NUM}))?\s?(?P<unit>{_UNIT_ALT})")
_PERCENT_RE = re.compile(rf"百分之(?P<a>{_NUM})")
_MULTS = ("万亿", "千万", "亿", "万", "千")
_ARABIC = re.compile(r"^\d+(?:,\d{3})*(?:\.\d+)?$")

_ZH_DIGIT = re.compile("[零〇一二两三四五六七八九十]")
# what may not follow a unit for the figure to count (个人, 家庭, 名单, 人民 …)
_BAD_AFTER = {"个": "人性体案", "家": "庭长乡园居属", "人": "民才口员大", "名": "单称牌义字誉录", "位": "置于列居",
              "条": "例件款", "大": "学会家众型力道", "场": "景所地", "次": "要序", "级": "别", "类": "似型",
              "米": "饭", "台": "风湾", "所": "有以在谓"}
_PRE_CMP = (("不超过", "<="), ("不少于", ">="), ("不低于", ">="), ("不小于", ">="), ("多于", ">="), ("高于", ">="), ("超过", ">="),
            ("突破", ">="), ("逾", ">="), ("超", ">="), ("不高于", "<="), ("不到", "<="),
            ("不足", "<="), ("低于", "<="), ("少于", "<="), ("接近", "~"), ("将近", "~"), ("大约", "~"), ("约", "~"),
            ("近", "~"), ("达到", "="), ("达", "="))
_POST_CMP = (("及以上", ">="), ("以上", ">="), ("多", ">="), ("余", ">="), ("以下", "<="), ("以内", "<="),
             ("之内", "<="), ("内", "<="), ("左右", "~"))


class Figure(NamedTuple):
    """One number with its unit, found at ``[start, end)`` of the text (comparator words included)."""

    start: int
    end: int
    num_start: int
    value: float
    value_max: float | None
    unit: str
    comparator: str


def _unit_of(value: float, mult: str | None, unit: str) -> tuple[float, str]:
    unit = {"百分点": "个百分点", "㎡": "m2"}.get(unit, unit)
    if not mult:
        return value, unit
    if mult + unit in UNITS:
        return value, mult + unit
    factor = {"千": 1e3, "万": 1e4, "千万": 1e7, "亿": 1e8, "万亿": 1e12}[mult]
    return value * factor, unit


def _split_mult(num: str) -> tuple[str, str | None]:
    """``16.86亿`` → (``16.86``, ``亿``); Chinese numerals keep their 万/亿 (三千万 is read whole)."""
    for mult in _MULTS:
        if num.endswith(mult) and _ARABIC.match(num[: -len(mult)] or "x"):
            return num[: -len(mult)], mult
    return num, None


def find_figures(mtext: str) -> list[Figure]:
    """Every stated figure in ``mtext``, in order."""
    out: list[Figure] = []
    for m in FIGURE_RE.finditer(mtext):
        s, e = m.span()
        prev = mtext[s - 1] if s else " "
        if prev in "第前序" or prev.isascii() and prev.isalnum():
            continue  # ordinals, codes (G4, 5A), rankings (前10名)
        a, b, unit = m.group("a"), m.group("b"), m.group("unit")
        if a.startswith("百分之") or prev == "之" and mtext[s - 3:s] == "百分之":
            continue
        a, mult = _split_mult(a.rstrip(",."))
        if b is not None:
            b, mult_b = _split_mult(b.rstrip(",."))
            mult = mult or mult_b
        if not _ok_numeral(a) or (b is not None and not _ok_numeral(b)):
            continue
        nxt = mtext[e:e + 1]
        if nxt and nxt in _BAD_AFTER.get(unit, ""):
            continue
        try:
            value = parse_number(a)
            vmax = parse_number(b) if b is not None else None
        except ValueError:
            continue
        if not _plausible(a, value, unit, prev):
            continue
        value, fig_unit = _unit_of(value, mult, unit)
        if vmax is not None:
            vmax, _ = _unit_of(vmax, mult, unit)
            if vmax <= value:
                continue
        out.append(_with_comparator(mtext, s, e, value, vmax, fig_unit))
    for m in _PERCENT_RE.finditer(mtext):
        try:
            value = parse_number(m.group("a"))
        except ValueError:
            continue
        out.append(_with_comparator(mtext, m.start(), m.end(), value, None, "%"))
    out.sort(key=lambda f: f.start)
    return out


_PRE_RE = re.compile("(?:" + "|".join(re.escape(w) for w, _ in _PRE_CMP) + ")$")
_POST_RE = re.compile("(?:" + "|".join(re.escape(w) for w, _ in _POST_CMP) + ")(?!容)")
_PRE_OF, _POST_OF = dict(_PRE_CMP), dict(_POST_CMP)


def _with_comparator(mtext: str, s: int, e: int, value: float, vmax: float | None, unit: str) -> Figure:
    comparator = "range" if vmax is not None else "="
    start, end = s, e
    if vmax is None:
        m = _PRE_RE.search(mtext, max(0, s - 3), s)
        if m:
            comparator, start = _PRE_OF[m.group()], m.start()
        m = _POST_RE.match(mtext, e)
        if m:
            comparator, end = _POST_OF[m.group()], m.end()
    return Figure(start, end, s, round(value, 6), vmax, unit, comparator)


def _ok_numeral(text: str) -> bool:
    if not text:
        return False
    if text[0].isdigit():
        return _ARABIC.match(text) is not None or _ARABIC.match(text.rstrip("万亿千百十")) is not None
    return bool(_ZH_DIGIT.search(text)) and text != "一" and not any(c.isdigit() for c in text)


def _plausible(raw: str, value: float, unit: str, prev: str) -> bool:
    if unit == "年":  # durations (三年免租), not years (2025年) nor spans of time (近两年, 未来五年)
        return value < 100 and not (raw.isdigit() and len(raw) == 4) and prev not in "近来去这前后每"
    if unit == "期":
        return prev in "分共"
    if unit == "大":
        return value >= 2 and not raw[0].isdigit() or value >= 2 and len(raw) <= 2
    if unit in ("个", "家", "项", "名", "位") and raw.isdigit() and len(raw) >= 7:
        return False  # phone numbers and codes
    return True
