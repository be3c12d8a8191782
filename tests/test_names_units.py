import pytest

from bayatlas.geo.names import latin_key, name_key, normalise, pinyin, to_simplified
from bayatlas.layers import units


@pytest.mark.parametrize("raw, key", [
    ("鳳崗鎮", "凤岗"), ("凤岗镇", "凤岗"), ("凤岗", "凤岗"), ("平湖街道", "平湖"), ("小欖鎮", "小榄"),
    ("永甯社區", "永宁"), ("宝安区", "宝安"), ("深圳市", "深圳"), ("香港特别行政区", "香港"),
])
def test_name_key_folds_script_and_suffix(raw, key):
    assert name_key(raw) == key


def test_full_width_and_dashes_fold():
    assert normalise("２０２５年　宝安－潮南") == "2025年宝安-潮南"
    assert to_simplified("１６．８６億元") == "16.86亿元"


def test_pinyin_and_latin_keys():
    assert pinyin("凤岗") == "Fenggang"
    assert latin_key("Bao'an") == latin_key("baoan") == "baoan"
    assert latin_key("Fusha Zhen") == "fusha"


def test_single_character_names_keep_suffix():
    assert name_key("东区") == "东区"  # stripping would leave one character


@pytest.mark.parametrize("value, unit, base, ub", [
    (16.86, "亿元", 1.686e9, "CNY"), (703, "亩", 703 * 10000 / 15, "m2"), (1.76, "万亩", 1.76e4 * 10000 / 15, "m2"),
    (6.7, "平方公里", 6.7e6, "m2"), (43.2, "万平方米", 4.32e5, "m2"), (5.5, "%", 5.5, "percent"),
    (14, "家", 14, "count"), (0.5, "个工作日", 0.5, "day"), (8.5, "萬戶", 8.5e4, "count"),
])
def test_units_normalise_to_base(value, unit, base, ub):
    got, got_unit = units.to_base(value, unit)
    assert got == pytest.approx(base, rel=1e-9)
    assert got_unit == ub


def test_unknown_unit_is_a_clear_error():
    with pytest.raises(units.UnknownUnit, match="known units"):
        units.lookup("斤")


def test_percent_is_never_summable():
    assert "percent" not in units.SUMMABLE and "CNY" in units.SUMMABLE
