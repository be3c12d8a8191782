"""Corridor catchments: what lies within given distances of each transport link and station.

Everything is measured in the projected CRS (:data:`bayatlas.geo.crs.PROJECTED`, EPSG:4547, metres), never in
degrees. Three products:

* :func:`members` — one row per (corridor, member) for every town, park and commitment within the largest
  distance, with its distance and the smallest configured band (e.g. 5, 10, 30 km) that holds it;
* :func:`catchment_polygons` — the buffers themselves, one polygon per corridor and band (a map layer);
* :func:`park_access` — for each park, zone or project: the nearest station and the nearest link landfall.

A **landfall** is where a link that crosses the estuary (``crosses_estuary``) reaches land. The sourced alignments
stop at the shore works, so the landfalls are taken as the two ends of the link's line: for 深中通道 the
Shenzhen end near 机场互通 and the Zhongshan end on 马鞍岛. Distances to members placed at a town or district
(no sourced site) inherit that precision; the ``member_precision`` column says so.
"""
from __future__ import annotations

from typing import Iterable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from bayatlas import settings
from bayatlas.geo.crs import PROJECTED, WGS84

MEMBER_LAYERS = ("towns", "parks", "commitments")


def _has_geom(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return gdf[gdf.geometry.notna() & ~gdf.geometry.is_empty]


def _bands(distances_km: Iterable[float] | None) -> tuple[float, ...]:
    bands = tuple(sorted({float(d) for d in (distances_km or settings.CATCHMENT_KM)}))
    if not bands or bands[0] <= 0:
        raise ValueError(f"catchment distances must be positive kilometres, got {bands}")
    return bands


def corridors(layers: dict[str, gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    """Links and stations that have geometry, in the projected CRS: the things catchments are drawn around."""
    frames = []
    for layer in ("links", "stations"):
        gdf = _has_geom(layers[layer])
        if len(gdf):
            frames.append(gdf[["id", "name", "name_en", "kind", "bank", "precision", "geometry"]]
                          .assign(corridor_kind="link" if layer == "links" else "station"))
    if not frames:
        return gpd.GeoDataFrame({"id": []}, geometry=gpd.GeoSeries([], crs=PROJECTED), crs=PROJECTED)
    out = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=WGS84).to_crs(PROJECTED)
    return out.sort_values("id").reset_index(drop=True)


def members(layers: dict[str, gpd.GeoDataFrame], distances_km: Iterable[float] | None = None) -> pd.DataFrame:
    """Every town, park and commitment within the largest distance of each corridor (projected distances)."""
    bands = _bands(distances_km)
    cor = corridors(layers)
    rows = []
    for layer in MEMBER_LAYERS:
        gdf = _has_geom(layers[layer])
        if not len(gdf):
            continue
        pts = gdf.to_crs(PROJECTED)
        name_col = "subject_name" if layer == "commitments" else "name"
        for _, c in cor.iterrows():
            dist = shapely.distance(c.geometry, pts.geometry.values) / 1000.0
            for (_, m), d in zip(pts.iterrows(), dist):
                if d > bands[-1]:
                    continue
                rows.append({
                    "corridor": c["id"], "corridor_name": c["name"], "corridor_kind": c["corridor_kind"],
                    "member_layer": layer, "member": m["id"], "member_name": m[name_col],
                    "member_kind": m["subject_kind"] if layer == "commitments" else m["kind"],
                    "member_precision": m["precision"], "distance_km": round(float(d), 3),
                    "band_km": next(b for b in bands if d <= b),
                })
    cols = ["corridor", "corridor_name", "corridor_kind", "member_layer", "member", "member_name", "member_kind",
            "member_precision", "distance_km", "band_km"]
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["corridor", "member_layer", "distance_km", "member"], kind="stable").reset_index(drop=True)


def catchment_polygons(layers: dict[str, gpd.GeoDataFrame], distances_km: Iterable[float] | None = None,
                       table: pd.DataFrame | None = None) -> gpd.GeoDataFrame:
    """One buffer polygon per corridor and band (WGS-84), with how many towns, parks, commitments fall in it."""
    bands = _bands(distances_km)
    table = members(layers, bands) if table is None else table
    rows = []
    for _, c in corridors(layers).iterrows():
        inside = table[table["corridor"] == c["id"]]
        for b in bands:
            within = inside[inside["distance_km"] <= b]
            n = within.groupby("member_layer").size()
            label = f"{b:g} km"
            rows.append({
                "id": f"{c['id']}@{b:g}km", "name": f"{c['name']} {label}", "name_en": f"{c['name_en']}, {label}",
                "kind": "catchment", "corridor": c["id"], "corridor_kind": c["corridor_kind"], "distance_km": b,
                "bank": c["bank"], "precision": c["precision"],
                "source": f"buffer of the {c['corridor_kind']} geometry in EPSG:{PROJECTED.to_epsg()}",
                "n_towns": int(n.get("towns", 0)), "n_parks": int(n.get("parks", 0)),
                "n_commitments": int(n.get("commitments", 0)),
                "geometry": shapely.buffer(c.geometry, b * 1000.0, quad_segs=8),
            })
    if not rows:
        return gpd.GeoDataFrame({"id": []}, geometry=gpd.GeoSeries([], crs=WGS84), crs=WGS84)
    df = pd.DataFrame(rows)
    geom = gpd.GeoSeries(df.pop("geometry"), crs=PROJECTED).to_crs(WGS84)
    return gpd.GeoDataFrame(df, geometry=geom, crs=WGS84)


def landfalls(layers: dict[str, gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    """The two ends of every drawn link that crosses the estuary (see the module docstring), in WGS-84."""
    links = _has_geom(layers["links"])
    if "crosses_estuary" in links:
        links = links[links["crosses_estuary"].fillna(False).astype(bool)]
    else:
        links = links.iloc[0:0]
    rows = []
    for _, r in links.sort_values("id").iterrows():
        lines = [r.geometry] if r.geometry.geom_type == "LineString" else list(r.geometry.geoms)
        ends = [shapely.Point(lines[0].coords[0]), shapely.Point(lines[-1].coords[-1])]
        for i, p in enumerate(ends):
            rows.append({"id": f"{r['id']}:landfall-{i + 1}", "link": r["id"], "name": f"{r['name']} landfall {i + 1}",
                         "geometry": p})
    return gpd.GeoDataFrame(pd.DataFrame(rows, columns=["id", "link", "name", "geometry"]), geometry="geometry",
                            crs=WGS84)


def park_access(layers: dict[str, gpd.GeoDataFrame]) -> pd.DataFrame:
    """For each located park, zone and project: nearest station, nearest landfall and the nearer of the two (km)."""
    parks = _has_geom(layers["parks"]).sort_values("id")
    targets = {"station": _has_geom(layers["stations"])[["id", "geometry"]], "landfall": landfalls(layers)}
    out = parks[["id", "name", "kind", "bank", "precision"]].rename(columns={"id": "park"}).reset_index(drop=True)
    pp = np.asarray(parks.to_crs(PROJECTED).geometry.values, dtype=object)
    for kind, gdf in targets.items():
        if not len(gdf):
            out[f"nearest_{kind}"], out[f"{kind}_km"] = "", np.nan
            continue
        tp = gdf.to_crs(PROJECTED)
        d = shapely.distance(pp[:, None], np.asarray(tp.geometry.values, dtype=object)[None, :]) / 1000.0
        idx = d.argmin(axis=1)
        out[f"nearest_{kind}"] = tp["id"].values[idx]
        out[f"{kind}_km"] = np.round(d[np.arange(len(pp)), idx], 3)
    best_landfall = out["landfall_km"] < out["station_km"].fillna(np.inf)
    out["nearest"] = np.where(best_landfall, out["nearest_landfall"], out["nearest_station"])
    out["nearest_km"] = np.where(best_landfall, out["landfall_km"], out["station_km"])
    return out
