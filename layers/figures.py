"""Stated figures in Chinese text: a number, its unit, comparator, range, modality and year.

Works on the *matching text* of :func:`bayatlas.geo.geoparse.matching_text` (simplified, half-width, same offsets
as the original). One compiled pattern finds every number followed by a unit, so only real candidates reach
Python; dates, ordinals (第十五次), years (2025年), numbering and phone numbers have no unit or are filtered here.
"""
from __future__ import annotations

import re
import string
from functools import lru_cache
from operator import attrgetter
from typing import Final

from bayatlas.layers.numerals import parse_number
from bayatlas.layers.units import UNITS

_NUM_CHARS: Final = "0-9零〇一二两三四五六七八九十百千万亿"
_NUM: Final = rf"[{_NUM_CHARS}][{_NUM_CHARS},.]*"
_SEP: Final = r"\s*(?:-|~|—|–|至|到)\s*"
#: Units extracted from text (a safe subset of :data:`~bayatlas.layers.units.UNITS`; 区/镇/村/日/月 are not).
EXTRACT_UNITS: Final = ("个百分点", "个工作日", "平方公里", "平方千米", "平方米", "个月", "工作日", "百分点", "分钟", "小时",
                        "公顷", "公里", "千米", "km2", "km", "m2", "㎡", "元", "亩", "%", "倍", "个", "家", "项", "宗",
                        "条", "座", "件", "户", "人", "位", "名", "所", "栋", "套", "台", "批", "期", "大", "类", "场", "级",
                        "层", "次", "辆", "天", "年", "米")
_UNIT_ALT: Final = "|".join(re.escape(u) for u in sorted(EXTRACT_UNITS, key=len, reverse=True))
# What may follow a number in a figure: a space, a range separator or a unit's first character. The lookahead says
# nothing the rest of the pattern does not, but it drops a number followed by anything else (一体化, 十四五) at once
# instead of after every unit was tried at every length of the number: the scan takes 40% less time.
_AFTER_NUM: Final = "(?=[\\s" + "".join(map(re.escape, sorted({u[0] for u in EXTRACT_UNITS} | set("-~—–至到")))) \
    + "])"
# The pattern opens with a character class, so the regex engine skips every other character in C: the scan runs at
# the speed of a bare ``\d+`` pass. Number syntax is checked afterwards by :func:`parse_number`.
FIGURE_RE: Final = re.compile(rf"(?P<a>{_NUM}){_AFTER_NUM}(?:{_SEP}(?P<b>{_NUM}))?\s?(?P<unit>{_UNIT_ALT})")
# How find_figures runs FIGURE_RE: re.split with one more group around the whole pattern hands back each match's
# text and groups with the text between matches, whose lengths give the offsets: no Match objects.
_FIGURE_SPLIT: Final = re.compile(f"({FIGURE_RE.pattern})")
_PERCENT_RE: Final = re.compile(rf"百分之(?P<a>{_NUM})")
_MULTS: Final = ("万亿", "千万", "亿", "万", "千")
_ARABIC: Final = re.compile(r"^\d+(?:,\d{3})*(?:\.\d+)?$")

_ZH_DIGIT: Final = re.compile("[零〇一二两三四五六七八九十]")
# what may not follow a unit for the figure to count (个人, 家庭, 名单, 人民 …)
_BAD_AFTER: Final = {"个": "人性体案", "家": "庭长乡园居属", "人": "民才口员大", "名": "单称牌义字誉录", "位": "置于列居",
                     "条": "例件款", "大": "学会家众型力道", "场": "景所地", "次": "要序", "级": "别", "类": "似型",
                     "米": "饭", "台": "风湾", "所": "有以在谓"}
_BAD_AFTER_SET: Final = {unit: frozenset(chars) for unit, chars in _BAD_AFTER.items()}
_EMPTY: Final[frozenset[str]] = frozenset()
# what may not come before a number: ordinals (第), rankings (前10名), numbering (序), codes (G4, 5A)
_BAD_PREV: Final = frozenset("第前序" + string.ascii_letters + string.digits)
_PRE_CMP: Final = (("不超过", "<="), ("不少于", ">="), ("不低于", ">="), ("不小于", ">="), ("多于", ">="), ("高于", ">="), ("超过", ">="),
                   ("突破", ">="), ("逾", ">="), ("超", ">="), ("不高于", "<="), ("不到", "<="),
                   ("不足", "<="), ("低于", "<="), ("少于", "<="), ("接近", "~"), ("将近", "~"), ("大约", "~"), ("约", "~"),
                   ("近", "~"), ("达到", "="), ("达", "="))
_POST_CMP: Final = (("及以上", ">="), ("以上", ">="), ("多", ">="), ("余", ">="), ("以下", "<="), ("以内", "<="),
                    ("之内", "<="), ("内", "<="), ("左右", "~"))


class Figure:
    """One number with its unit, found at ``[start, end)`` of the text (comparator words included).

    A plain class rather than a NamedTuple: compiled, it is a native class, made and read without Python calls."""

    start: int
    end: int
    num_start: int
    value: float
    value_max: float | None
    unit: str
    comparator: str

    def __init__(self, start: int, end: int, num_start: int, value: float, value_max: float | None, unit: str,
                 comparator: str) -> None:
        self.start, self.end, self.num_start = start, end, num_start
        self.value, self.value_max, self.unit, self.comparator = value, value_max, unit, comparator


_UNIT_NAME: Final = {"百分点": "个百分点", "㎡": "m2"}  # units as stored


def _unit_of(value: float, mult: str | None, unit: str) -> tuple[float, str]:
    unit = _UNIT_NAME.get(unit, unit)
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
    """Every stated figure in ``mtext``, in order.

    The checks on the characters around a candidate come first (they are cheap); what depends only on the number
    text and unit is :func:`_read_number`'s, and a comparator regex runs only where a comparator character is."""
    out: list[Figure] = []
    parts = _FIGURE_SPLIT.split(mtext)
    e = 0
    for k in range(1, len(parts), 5):  # text before, figure text, a, b, unit (see _FIGURE_SPLIT)
        s = e + len(parts[k - 1])
        e = s + len(parts[k])
        o = ord(mtext[s - 1]) if s else 32  # the code point before: at the start, a space's
        before = _NEAR_FLAGS[o] if o < 0x10000 else 0
        if before & _BEFORE_BAD:
            continue  # ordinals, codes (G4, 5A), rankings (前10名)
        if before & _BEFORE_ZHI and mtext[s - 3:s] == "百分之":
            continue
        a: str = parts[k + 1]
        b: str | None = parts[k + 2]
        unit: str = parts[k + 3]
        oa = ord(mtext[e]) if e < len(mtext) else 32  # the code point after: at the end, a space's
        after = _NEAR_FLAGS[oa] if oa < 0x10000 else 0
        if after & _AFTER_BAD and chr(oa) in _BAD_AFTER_SET.get(unit, _EMPTY):
            continue
        if unit == "年" or unit == "期":  # spans of time (近两年, 未来五年); 期 only as 分N期/共N期
            prev = chr(o)
            if prev in "近来去这前后每" if unit == "年" else prev not in "分共":
                continue
        read = _read_number(a, b, unit)
        if read is None:
            continue
        value, vmax, fig_unit = read
        start, end, comparator = s, e, "="
        if vmax is not None:
            comparator = "range"
        else:
            if before & _BEFORE_CMP:  # a comparator word can end right before the number
                c = _PRE_RE.search(mtext, max(0, s - 3), s)
                if c:
                    comparator, start = _PRE_OF[c.group()], c.start()
            if after & _AFTER_CMP:
                c = _POST_RE.match(mtext, e)
                if c:
                    comparator, end = _POST_OF[c.group()], c.end()
        out.append(Figure(start, end, s, value, vmax, fig_unit, comparator))
    # The figures so far are in order of start: a comparator word before a number holds no character of the figure
    # before it. Only 百分之 figures need sorting in.
    # 百分之五: every match starts at a 百分之 (and holds no other), so str.find, not a regex scan, finds them
    i = mtext.find("百分之")
    if i < 0:
        return out
    while i >= 0:
        pm = _PERCENT_RE.match(mtext, i)
        if pm is None:
            i = mtext.find("百分之", i + 1)
            continue
        i = mtext.find("百分之", pm.end())
        try:
            value = parse_number(pm.group("a"))
        except ValueError:
            continue
        out.append(_with_comparator(mtext, pm.start(), pm.end(), value, None, "%"))
    out.sort(key=_start_of)
    return out


def _read_number(a: str, b: str | None, unit: str) -> tuple[float, float | None, str] | None:
    """Value (rounded as stored), upper bound and unit of a candidate's number text, or None when the text is not
    a figure (a bad numeral, 2025年, a phone number, an empty range).

    Most figures are plain Arabic numbers, bare or with one multiplier (703, 16.86, 16.86亿): those are read here
    directly, with the same result the general reading gives; the rest (Chinese numerals, ranges, 1,200) go to
    :func:`_read_number_text`."""
    if b is None:
        num = a
        mult: str | None = None
        if a[-1] in "亿万千":
            num, mult = a[:-1], a[-1]
        head, dot, tail = num.partition(".")
        if head.isdigit() and (tail.isdigit() or not dot):  # isdigit: the pattern lets only ASCII digits in
            value = float(num)
            if not _plausible(num, value, unit):
                return None
            scaled, fig_unit = _unit_of(value, mult, unit)
            # round(…, 6) (a slow decimal conversion) changes nothing on a whole number, nor on a number of at most
            # 6 decimals below 2**33 (doubles are under 1e-6 apart there): most figures, when no factor applied
            if scaled != value or len(tail) > 6 or tail and value >= _ROUND_EXACT_BELOW:
                scaled = round(scaled, 6)
            return scaled, None, fig_unit
    return _read_number_text(a, b, unit)


@lru_cache(maxsize=4096)
def _read_number_text(a: str, b: str | None, unit: str) -> tuple[float, float | None, str] | None:
    """The general reading behind :func:`_read_number`. Pure, so cached on the short number text."""
    a, mult = _split_mult(a.rstrip(",."))
    if b is not None:
        b, mult_b = _split_mult(b.rstrip(",."))
        mult = mult or mult_b
    if not _ok_numeral(a) or (b is not None and not _ok_numeral(b)):
        return None
    try:
        value = parse_number(a)
        vmax = parse_number(b) if b is not None else None
    except ValueError:
        return None
    if not _plausible(a, value, unit):
        return None
    value, fig_unit = _unit_of(value, mult, unit)
    if vmax is not None:
        vmax, _ = _unit_of(vmax, mult, unit)
        if vmax <= value:
            return None
    return round(value, 6), vmax, fig_unit


_PRE_RE: Final = re.compile("(?:" + "|".join(re.escape(w) for w, _ in _PRE_CMP) + r")\Z")  # (not $: 超过\n5个)
_POST_RE: Final = re.compile("(?:" + "|".join(re.escape(w) for w, _ in _POST_CMP) + ")(?!容)")
_PRE_OF: Final = dict(_PRE_CMP)
_POST_OF: Final = dict(_POST_CMP)
# Characters that let the comparator patterns match at all: a pre word's last character, a post word's first
# character. Anything else skips the regex call.
_PRE_LAST: Final = frozenset(w[-1] for w, _ in _PRE_CMP)
_POST_FIRST: Final = frozenset(w[0] for w, _ in _POST_CMP)
# What find_figures asks of the characters around a figure, one bit each, read by code point: no one-character
# string is made and hashed for each candidate (most have none of these bits).
_BEFORE_BAD: Final = 1  # in _BAD_PREV
_BEFORE_ZHI: Final = 2  # 之, the end of 百分之
_BEFORE_CMP: Final = 4  # in _PRE_LAST
_AFTER_BAD: Final = 8  # may not follow some unit (in a value of _BAD_AFTER_SET)
_AFTER_CMP: Final = 16  # in _POST_FIRST


def _near_flags() -> bytes:
    """The ``_BEFORE_*``/``_AFTER_*`` bits of every BMP code point, indexed by code point (all these characters are
    in the BMP)."""
    flags = bytearray(0x10000)
    for bit, chars in ((_BEFORE_BAD, _BAD_PREV), (_BEFORE_ZHI, frozenset("之")), (_BEFORE_CMP, _PRE_LAST),
                       (_AFTER_BAD, frozenset("".join(_BAD_AFTER.values()))), (_AFTER_CMP, _POST_FIRST)):
        for c in chars:
            flags[ord(c)] |= bit
    return bytes(flags)


_NEAR_FLAGS: Final = _near_flags()
_start_of: Final = attrgetter("start")
_ROUND_EXACT_BELOW: Final = 2.0 ** 33


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


def _plausible(raw: str, value: float, unit: str) -> bool:
    """What the number text alone rules out; :func:`find_figures` checks the character before it (近两年, 分两期)."""
    if unit == "年":  # durations (三年免租), not years (2025年) nor spans of time (近两年, 未来五年)
        return value < 100 and not (raw.isdigit() and len(raw) == 4)
    if unit == "大":
        return value >= 2 and not raw[0].isdigit() or value >= 2 and len(raw) <= 2
    # phone numbers and codes
    return not (unit in ("个", "家", "项", "名", "位") and raw.isdigit() and len(raw) >= 7)
