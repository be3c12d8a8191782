import numpy as np
import pytest
from shapely.geometry import LineString

from bayatlas.geo import crs


def test_gcj02_roundtrip_is_sub_millimetre():
    lon = np.linspace(113.0, 117.0, 50)
    lat = np.linspace(21.9, 23.8, 50)
    glon, glat = crs.wgs84_to_gcj02(lon, lat)
    back_lon, back_lat = crs.gcj02_to_wgs84(glon, glat)
    assert np.max(np.abs(back_lon - lon)) < 1e-8 and np.max(np.abs(back_lat - lat)) < 1e-8


def test_gcj02_offset_in_shenzhen_is_hundreds_of_metres():
    glon, glat = crs.wgs84_to_gcj02(114.06, 22.54)
    d = crs.geodesic_distance_m(114.06, 22.54, float(glon), float(glat))
    assert 200 < d < 800


def test_gcj02_matches_an_independent_implementation():
    evil = pytest.importorskip("eviltransform", reason="eviltransform is the cross-check (test extra)")
    for lon, lat in [(113.9, 22.5), (114.15, 22.75), (116.7, 23.35)]:
        glon, glat = crs.wgs84_to_gcj02(lon, lat)
        elat, elon = evil.wgs2gcj(lat, lon)
        assert crs.geodesic_distance_m(float(glon), float(glat), elon, elat) < 0.05


def test_outside_china_is_unchanged():
    lon, lat = crs.wgs84_to_gcj02(2.35, 48.85)
    assert (float(lon), float(lat)) == (2.35, 48.85)


def test_to_wgs84_rejects_unknown_datum():
    with pytest.raises(ValueError, match="unknown datum"):
        crs.to_wgs84(114, 22, "OSGB36")


def test_geodesic_length_of_one_degree_of_latitude():
    assert crs.geodesic_length_km(LineString([(114, 22), (114, 23)])) == pytest.approx(110.75, abs=0.1)


def test_projected_roundtrip():
    line = LineString([(113.8, 22.6), (113.6, 22.55)])
    back = crs.from_projected(crs.to_projected(line))
    assert back.equals_exact(line, 1e-7)
