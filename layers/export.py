"""Exports: RFC 7946 GeoJSON per layer and one GeoPackage, written atomically and byte-reproducibly.

GeoJSON is written by hand rather than through GDAL so that the bytes are under our control: WGS-84 lon/lat,
≤ 6 decimals, counter-clockwise exterior rings (right-hand rule), UTF-8 with Chinese unescaped, features in id
order. The GeoPackage goes through pyogrio/GDAL with ``OGR_CURRENT_DATE`` pinned so rebuilds are identical.
"""
from __future__ import annotations

import json
import math
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from shapely.geometry import mapping

from bayatlas import settings


def _clean(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        f = float(value)
        if math.isnan(f) or math.isinf(f):
            return None
        return int(f) if f.is_integer() and abs(f) < 2**53 else f
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def _geometry(geom, ndigits: int) -> dict | None:
    if geom is None or geom.is_empty:
        return None
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        geom = shapely.orient_polygons(geom, exterior_cw=False)
    geom = shapely.transform(geom, lambda c: np.round(c, ndigits))
    return mapping(geom)


def _tuples_to_lists(obj: Any) -> Any:
    if isinstance(obj, (list, tuple)):
        return [_tuples_to_lists(o) for o in obj]
    if isinstance(obj, dict):
        return {k: _tuples_to_lists(v) for k, v in obj.items()}
    return obj


def to_geojson(gdf: gpd.GeoDataFrame, *, ndigits: int = settings.COORD_DECIMALS) -> str:
    """Serialise a WGS-84 GeoDataFrame as an RFC 7946 FeatureCollection (deterministic text)."""
    if gdf.crs is not None and not gdf.crs.equals("EPSG:4326"):
        gdf = gdf.to_crs(4326)
    cols = [c for c in gdf.columns if c != gdf.geometry.name]
    features = []
    order = gdf.sort_values("id", kind="stable") if "id" in gdf.columns else gdf
    for _, row in order.iterrows():
        props = {c: _clean(row[c]) for c in cols}
        feat = {"type": "Feature", "id": props.get("id"), "properties": props,
                "geometry": _tuples_to_lists(_geometry(row[gdf.geometry.name], ndigits))}
        features.append(feat)
    fc = {"type": "FeatureCollection", "features": features}
    return json.dumps(fc, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"


def _gpkg_frame(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    out = gdf.copy()
    for c in out.columns:
        if c == out.geometry.name:
            continue
        if out[c].dtype == object:
            vals = out[c].dropna()
            if len(vals) and all(isinstance(v, bool) for v in vals):
                out[c] = out[c].astype("boolean")
    if "id" in out.columns:
        out = out.sort_values("id", kind="stable").reset_index(drop=True)
    return out


@contextmanager
def staging(out_dir: Path) -> Iterator[Path]:
    """A temporary folder beside ``out_dir``; on success its files replace the targets one by one."""
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".bayatlas-", dir=out_dir))
    try:
        yield tmp
        for f in sorted(tmp.iterdir()):
            os.chmod(f, 0o644)
            os.replace(f, out_dir / f.name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def write_geojson_layers(layers: dict[str, gpd.GeoDataFrame], folder: Path) -> list[Path]:
    paths = []
    for name, gdf in layers.items():
        p = folder / f"{name}.geojson"
        p.write_text(to_geojson(gdf), encoding="utf-8")
        paths.append(p)
    return paths


def write_geopackage(layers: dict[str, gpd.GeoDataFrame], path: Path, *, timestamp: str) -> Path:
    """All layers in one GeoPackage; ``timestamp`` (ISO) pins GDAL's change dates for reproducible bytes."""
    path.unlink(missing_ok=True)
    old = os.environ.get("OGR_CURRENT_DATE")
    os.environ["OGR_CURRENT_DATE"] = timestamp
    try:
        for name, gdf in layers.items():
            frame = _gpkg_frame(gdf)
            geom_types = {t for t in frame.geometry.geom_type.dropna().unique()}
            gtype = geom_types.pop() if len(geom_types) == 1 else "Unknown"
            pyogrio.write_dataframe(frame, path, layer=name, driver="GPKG", geometry_type=gtype,
                                    promote_to_multi=False, layer_options={"SPATIAL_INDEX": "NO"})
    finally:
        if old is None:
            os.environ.pop("OGR_CURRENT_DATE", None)
        else:
            os.environ["OGR_CURRENT_DATE"] = old
    return path
