"""Units as written in Chinese government text, and their normalisation to base units.

``value_base`` is always computed here from ``value`` and ``unit``, never typed by hand. Base units: CNY, m2
(area), percent, count, km, day, year (a calendar year or a number of years, by metric), minute, ratio.
Only base units in :data:`SUMMABLE` may be added up across records.
"""
from __future__ import annotations

from dataclasses import dataclass

from bayatlas.geo.names import to_simplified

MU_M2 = 10000.0 / 15.0  # 1 亩 = 666.67 m² (市亩, statutory)


@dataclass(frozen=True)
class Unit:
    factor: float
    base: str


UNITS: dict[str, Unit] = {
    # money
    "亿元": Unit(1e8, "CNY"), "万亿元": Unit(1e12, "CNY"), "万元": Unit(1e4, "CNY"), "元": Unit(1.0, "CNY"),
    "千万元": Unit(1e7, "CNY"),
    # land and floor area
    "亩": Unit(MU_M2, "m2"), "万亩": Unit(1e4 * MU_M2, "m2"), "平方公里": Unit(1e6, "m2"),
    "平方千米": Unit(1e6, "m2"), "km2": Unit(1e6, "m2"), "公顷": Unit(1e4, "m2"), "万平方米": Unit(1e4, "m2"),
    "平方米": Unit(1.0, "m2"), "m2": Unit(1.0, "m2"),
    # shares and rates
    "%": Unit(1.0, "percent"), "个百分点": Unit(1.0, "percentage_point"), "倍": Unit(1.0, "ratio"),
    # counts
    **{u: Unit(1.0, "count") for u in (
        "个", "家", "项", "宗", "条", "座", "件", "户", "人", "位", "名", "期", "批", "所", "栋", "辆", "套",
        "次", "场", "类", "大", "级", "层", "片", "处", "张", "间", "款", "台", "支", "段", "区", "镇", "村")},
    "万户": Unit(1e4, "count"), "万": Unit(1e4, "count"), "面": Unit(1.0, "count"), "万人": Unit(1e4, "count"), "万家": Unit(1e4, "count"), "万个": Unit(1e4, "count"),
    # lengths
    "公里": Unit(1.0, "km"), "千米": Unit(1.0, "km"), "km": Unit(1.0, "km"), "米": Unit(1e-3, "km"),
    "m": Unit(1e-3, "km"),
    # durations and calendar
    "个工作日": Unit(1.0, "day"), "工作日": Unit(1.0, "day"), "天": Unit(1.0, "day"), "日": Unit(1.0, "day"),
    "个月": Unit(30.4375, "day"), "年": Unit(1.0, "year"), "分钟": Unit(1.0, "minute"), "小时": Unit(60.0, "minute"),
}

#: Base units whose values may be summed across records (never percentages, rates or years).
SUMMABLE = frozenset({"CNY", "m2", "count", "km"})

#: Unit class used when comparing figures ("same unit class"): money, area, share, count, length, time.
UNIT_CLASS = {"CNY": "money", "m2": "area", "percent": "share", "percentage_point": "share", "ratio": "share",
              "count": "count", "km": "length", "day": "time", "year": "time", "minute": "time"}


def canonical_unit(unit: str) -> str:
    """Simplified, half-width spelling of a unit (億元 → 亿元, ％ → %, 平方公裡 → 平方公里)."""
    return to_simplified(unit.strip())


class UnknownUnit(ValueError):
    """A unit bayatlas cannot normalise."""


def lookup(unit: str) -> Unit:
    """The :class:`Unit` for ``unit``; raises :class:`UnknownUnit` listing the known units."""
    u = canonical_unit(unit)
    if u not in UNITS:
        raise UnknownUnit(f"unknown unit {unit!r}; known units: {' '.join(sorted(UNITS))} "
                       "(add new ones to layers/units.py)")
    return UNITS[u]


def to_base(value: float | None, unit: str) -> tuple[float | None, str]:
    """``(value in base units, base unit)``; 16.86 亿元 → (1.686e9, 'CNY')."""
    u = lookup(unit)
    if value is None:
        return None, u.base
    return round(value * u.factor, 6), u.base
