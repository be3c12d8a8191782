import pytest

from bayatlas import GeocodeError, geocode
from bayatlas.geo.gazetteer import load_gazetteer


@pytest.mark.parametrize("name, context, city, precision", [
    ("鳳崗鎮", "东莞", "东莞市", "town"),
    ("Fenggang", "Dongguan", "东莞市", "town"),
    ("厚街", None, "东莞市", "town"),
    ("小欖鎮", None, "中山市", "town"),
    ("阜沙镇", "中山市", "中山市", "town"),
    ("平湖街道", "深圳", "深圳市", "town"),
    ("寶安區", None, "深圳市", "district"),
    ("潮南", None, "汕头市", "district"),
    ("汕头市", None, "汕头市", "city"),
    ("香港", None, "香港特别行政区", "city"),
])
def test_geocode_scripts_suffixes_and_context(name, context, city, precision):
    g = geocode(name, context)
    assert g.city == city
    assert g.precision == precision
    assert g.source


def test_context_separates_namesakes():
    # 凤岗镇 exists in 东莞 and in 肇庆 (怀集县): without a context the name is ambiguous.
    with pytest.raises(GeocodeError, match="ambiguous"):
        geocode("凤岗")
    assert geocode("凤岗", "肇庆").district == "怀集县"
    assert geocode("凤岗", "东莞").city == "东莞市"


def test_unknown_name_is_an_error_not_a_default():
    with pytest.raises(GeocodeError, match="not found"):
        geocode("不存在镇", "东莞")


def test_every_town_lies_in_its_city_polygon():
    gaz = load_gazetteer()
    cities = {e.name: e.geometry for e in gaz.entries if e.level == "city"}
    towns = [e for e in gaz.entries if e.level == "town"]
    assert len(towns) > 800
    for t in towns:
        assert cities[t.city].intersects(t.geometry), t
