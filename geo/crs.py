"""Coordinate systems: WGS-84 storage, GCJ-02 for Chinese basemaps, projected CRS for measuring.

GCJ-02 is not a CRS that PROJ knows: it is the published obfuscation applied to maps of mainland China. The
forward formula is the widely reimplemented one (e.g. the ``eviltransform`` package); the inverse is solved by
fixed-point iteration to sub-millimetre accuracy. Both are vectorised with numpy because boundaries carry
tens of thousands of vertices.
"""
from __future__ import annotations

import math
import numpy as np
import shapely
from pyproj import CRS, Geod, Transformer

#: Storage and export CRS.
WGS84 = CRS.from_epsg(4326)
#: CGCS2000 / 3-degree Gauss-Kruger CM 114E: metres, centred on the Pearl River estuary.
PROJECTED = CRS.from_epsg(4547)
GEOD = Geod(ellps="WGS84")

_A = 6378245.0
_EE = 0.00669342162296594323


def _out_of_china(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    return (lon < 72.004) | (lon > 137.8347) | (lat < 0.8293) | (lat > 55.8271)


def _delta(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x = lon - 105.0
    y = lat - 35.0
    dlat = (-100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
            + (20.0 * np.sin(6.0 * x * math.pi) + 20.0 * np.sin(2.0 * x * math.pi)) * 2.0 / 3.0
            + (20.0 * np.sin(y * math.pi) + 40.0 * np.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
            + (160.0 * np.sin(y / 12.0 * math.pi) + 320 * np.sin(y * math.pi / 30.0)) * 2.0 / 3.0)
    dlon = (300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
            + (20.0 * np.sin(6.0 * x * math.pi) + 20.0 * np.sin(2.0 * x * math.pi)) * 2.0 / 3.0
            + (20.0 * np.sin(x * math.pi) + 40.0 * np.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
            + (150.0 * np.sin(x / 12.0 * math.pi) + 300.0 * np.sin(x / 30.0 * math.pi)) * 2.0 / 3.0)
    radlat = lat / 180.0 * math.pi
    magic = 1 - _EE * np.sin(radlat) ** 2
    sqrtmagic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrtmagic) * math.pi)
    dlon = (dlon * 180.0) / (_A / sqrtmagic * np.cos(radlat) * math.pi)
    inside = ~_out_of_china(lon, lat)
    return np.where(inside, dlon, 0.0), np.where(inside, dlat, 0.0)


def wgs84_to_gcj02(lon, lat):
    """WGS-84 → GCJ-02 (arrays or scalars); points outside China are returned unchanged."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    dlon, dlat = _delta(lon, lat)
    return lon + dlon, lat + dlat


def gcj02_to_wgs84(lon, lat, tolerance: float = 1e-9, max_iter: int = 30):
    """GCJ-02 → WGS-84 by iterating the forward transform until it reproduces the input (≈0.1 mm)."""
    glon = np.asarray(lon, dtype=float)
    glat = np.asarray(lat, dtype=float)
    wlon, wlat = glon.copy(), glat.copy()
    for _ in range(max_iter):
        flon, flat = wgs84_to_gcj02(wlon, wlat)
        elon, elat = flon - glon, flat - glat
        wlon = wlon - elon
        wlat = wlat - elat
        if np.all(np.abs(elon) < tolerance) and np.all(np.abs(elat) < tolerance):
            break
    return wlon, wlat


_BD_X_PI = math.pi * 3000.0 / 180.0


def bd09_to_gcj02(lon, lat):
    """Baidu BD-09 → GCJ-02 (the published inverse of Baidu's offset)."""
    x = np.asarray(lon, dtype=float) - 0.0065
    y = np.asarray(lat, dtype=float) - 0.006
    z = np.sqrt(x * x + y * y) - 0.00002 * np.sin(y * _BD_X_PI)
    theta = np.arctan2(y, x) - 0.000003 * np.cos(x * _BD_X_PI)
    return z * np.cos(theta), z * np.sin(theta)


def to_wgs84(lon: float, lat: float, crs: str) -> tuple[float, float]:
    """Convert one coordinate published in ``crs`` (WGS84 | CGCS2000 | GCJ02 | BD09) to WGS-84."""
    crs = crs.upper().replace("-", "")
    if crs in ("WGS84", "CGCS2000", "EPSG:4326"):
        return float(lon), float(lat)
    if crs == "GCJ02":
        x, y = gcj02_to_wgs84(lon, lat)
        return float(x), float(y)
    if crs == "BD09":
        x, y = gcj02_to_wgs84(*bd09_to_gcj02(lon, lat))
        return float(x), float(y)
    raise ValueError(f"unknown datum {crs!r}: use WGS84, CGCS2000, GCJ02 or BD09")


def transform_geometry(geom, func):
    """Apply a vectorised (lon, lat) → (lon, lat) function to every vertex of a shapely geometry."""
    def _apply(coords: np.ndarray) -> np.ndarray:
        x, y = func(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])
    return shapely.transform(geom, _apply)


def geodesic_length_km(geom) -> float:
    """Length on the WGS-84 ellipsoid, in kilometres."""
    return GEOD.geometry_length(geom) / 1000.0


def geodesic_area_m2(geom) -> float:
    """Area on the WGS-84 ellipsoid, in square metres."""
    return abs(GEOD.geometry_area_perimeter(geom)[0])


def geodesic_distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Distance between two WGS-84 points on the ellipsoid, in metres."""
    return GEOD.inv(lon1, lat1, lon2, lat2)[2]


_TO_PROJ = Transformer.from_crs(WGS84, PROJECTED, always_xy=True)
_FROM_PROJ = Transformer.from_crs(PROJECTED, WGS84, always_xy=True)


def to_projected(geom):
    """WGS-84 geometry → PROJECTED (metres) for buffers and planar measures."""
    return shapely.transform(geom, lambda c: np.column_stack(_TO_PROJ.transform(c[:, 0], c[:, 1])))


def from_projected(geom):
    """PROJECTED geometry → WGS-84."""
    return shapely.transform(geom, lambda c: np.column_stack(_FROM_PROJ.transform(c[:, 0], c[:, 1])))


def round_coords(geom, ndigits: int = 6):
    """Round every coordinate (RFC 7946 recommends ≤ 6 decimals, ~0.1 m)."""
    return shapely.transform(geom, lambda c: np.round(c, ndigits))

