"""Assemble the atlas: seed records + geocodes → one GeoDataFrame per layer, with a build report.

Layers: ``districts`` (city and district polygons), ``towns``, ``parks`` (parks, zones, projects) and
``stations`` (points), ``links`` (LineStrings) and ``commitments`` (one row per figure, at its subject).
Places that cannot be located keep their row with an empty geometry and precision ``unresolved`` and are listed
in :attr:`Atlas.unresolved`: nothing is dropped and nothing is put at a default point.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from bayatlas import settings
from bayatlas.geo.crs import WGS84, geodesic_length_km
from bayatlas.geo.gazetteer import Gazetteer, load_gazetteer
from bayatlas.geo.geocoder import Geocode, GeocodeError, Geocoder
from bayatlas.geo.names import name_key, pinyin, to_traditional
from bayatlas.layers import catchments as _catchments
from bayatlas.layers.flows import flows_layer
from bayatlas.layers.records import Place
from bayatlas.layers.seedio import SeedData, default_seeds_dir, load_seeds


@dataclass
class Atlas:
    """The built atlas: layers, the seed data behind them, and what could not be placed."""

    seeds: SeedData
    layers: dict[str, gpd.GeoDataFrame]
    unresolved: list[dict] = field(default_factory=list)
    fallbacks: list[dict] = field(default_factory=list)
    #: non-spatial tables: ``catchment_members`` and ``park_access`` (see :mod:`bayatlas.layers.catchments`)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def __getitem__(self, name: str) -> gpd.GeoDataFrame:
        return self.layers[name]

    def summary(self) -> dict:
        """Counts per layer, unresolved places and fallbacks, for the CLI and the notebook."""
        return {
            "layers": {k: int(len(v)) for k, v in self.layers.items()},
            "sources": len(self.seeds.sources),
            "commitments": len(self.seeds.commitments),
            "unresolved": [u["reason"] for u in self.unresolved],
            "fallbacks": len(self.fallbacks),
        }


def bank_of_point(gaz: Gazetteer, lon: float, lat: float) -> str:
    city, _ = gaz.admin_at(lon, lat)
    return settings.BANK_OF_CITY.get(city, "other")


def bank_of_geometry(gaz: Gazetteer, geom) -> tuple[str, bool]:
    """``(bank, crosses_estuary)`` of a geometry, from the cities its vertices fall in."""
    if geom is None or geom.is_empty:
        return "other", False
    if geom.geom_type == "Point":
        return bank_of_point(gaz, geom.x, geom.y), False
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        p = geom.representative_point()
        return bank_of_point(gaz, p.x, p.y), False
    coords = shapely.get_coordinates(geom)
    banks = {bank_of_point(gaz, x, y) for x, y in coords}
    if {"east", "west"} <= banks:
        return "other", True
    for b in ("east", "west"):
        if b in banks:
            return b, False
    return "other", False


def _place_row(p: Place, seeds: SeedData, g: Geocode | None, reason: str, gaz: Gazetteer) -> dict:
    mentioned = sorted(sid for sid, ids in seeds.mentions.items() if p.id in ids)
    defined = "" if p.defined_in == "catalogue" else p.defined_in
    if defined and defined not in mentioned:
        mentioned = sorted({*mentioned, defined})
    geom = g.geometry if g is not None else None
    if geom is not None and p.kind != "link":
        geom = g.point
    bank, crosses = bank_of_geometry(gaz, geom)
    row = {
        "id": p.id,
        "name": p.name,
        "name_en": p.name_en or pinyin(p.name),
        "name_tc": to_traditional(p.name),
        "kind": p.kind,
        "parent": p.parent or "",
        "aliases": "|".join(p.aliases),
        "bank": bank,
        "precision": g.precision if g is not None else "unresolved",
        "source": g.source if g is not None else "",
        "geo_note": g.note if g is not None else reason,
        "city": g.city if g is not None else "",
        "district": g.district if g is not None else "",
        "mentioned_in": "|".join(mentioned),
        "reviewed": p.reviewed,
        "geometry": geom,
    }
    if p.kind == "link":
        row.update(mode=p.mode, status=p.status, status_source=p.status_source or "",
                   crosses_estuary=crosses, length_km=round(geodesic_length_km(geom), 3) if geom is not None else None)
    if p.kind == "station":
        row["line"] = p.line or ""
    if p.partners:
        row["partners"] = "|".join(p.partners)
    return row


def _commitment_rows(seeds: SeedData, located: dict[str, Geocode | None], gaz: Gazetteer) -> list[dict]:
    rows = []
    for c in seeds.commitments:
        src = seeds.sources[c.source]
        subj = seeds.places[c.subject]
        g = located.get(c.subject)
        geom = g.point if g is not None else None
        rows.append({
            "id": c.id, "name": subj.name, "name_en": subj.name_en, "kind": "commitment",
            "subject": c.subject, "subject_name": subj.name, "subject_kind": subj.kind,
            "metric": c.metric, "category": c.category, "value": c.value, "value_max": c.value_max,
            "unit": c.unit, "comparator": c.comparator, "year": c.year, "modality": c.modality,
            "value_base": c.value_base, "value_max_base": c.value_max_base, "unit_base": c.unit_base,
            "evidence": c.evidence, "note": c.note or "", "source": c.source, "source_title": src.title,
            "source_publisher": src.publisher, "source_date": src.published.isoformat(),
            "source_url": src.url or "", "reviewed": c.reviewed,
            "bank": bank_of_geometry(gaz, geom)[0],
            "precision": g.precision if g is not None else "unresolved",
            "geo_source": g.source if g is not None else "",
            "geometry": geom,
        })
    return rows


def _gdf(rows: list[dict], columns: list[str] | None = None) -> gpd.GeoDataFrame:
    if not rows:
        return gpd.GeoDataFrame({c: [] for c in (columns or ["id"])}, geometry=gpd.GeoSeries([], crs=WGS84),
                                crs=WGS84)
    df = pd.DataFrame(rows)
    geom = gpd.GeoSeries(df.pop("geometry"), crs=WGS84)
    return gpd.GeoDataFrame(df, geometry=geom, crs=WGS84)


def _districts_layer(gaz: Gazetteer, seeds: SeedData, commitments: gpd.GeoDataFrame,
                     cities: frozenset[str] = settings.ATLAS_CITIES) -> gpd.GeoDataFrame:
    """City and district polygons of ``cities`` (the bay, Shantou, and any city a located place lies in)."""
    by_key = {}
    for p in seeds.places.values():
        if p.kind in ("city", "district"):
            by_key[(p.kind, name_key(p.name))] = p
    rows = []
    for e in gaz.entries:
        if e.level not in ("city", "district") or e.city not in cities:
            continue
        p = by_key.get((e.level, name_key(e.name)))
        subj = commitments[commitments["subject"] == p.id] if p is not None else commitments.iloc[0:0]
        rows.append({
            "id": p.id if p is not None else e.uid.replace(":", "-"),
            "name": e.name, "name_en": p.name_en if p is not None else e.name_en,
            "name_tc": to_traditional(e.name), "kind": e.level, "city": e.city,
            "adcode": e.uid.split(":")[1],
            "bank": settings.BANK_OF_CITY.get(e.city, "other"), "precision": e.level, "source": e.source,
            "n_commitments": int(len(subj)),
            "geometry": e.geometry,
        })
    return _gdf(rows)


def build_atlas(seeds: SeedData | Path | str | None = None, *, gazetteer: Gazetteer | None = None,
                progress=None) -> Atlas:
    """Build every layer from a seed folder (default: the embedded seeds) or from loaded :class:`SeedData`."""
    if seeds is None:
        seeds = default_seeds_dir()
    if not isinstance(seeds, SeedData):
        seeds = load_seeds(seeds)
    gaz = gazetteer or load_gazetteer()
    coder = Geocoder(seeds, gaz)
    located: dict[str, Geocode | None] = {}
    unresolved, fallbacks = [], []
    rows: dict[str, list[dict]] = {k: [] for k in settings.LAYER_KINDS}
    places = sorted(seeds.places.values(), key=lambda p: p.id)
    for p in (progress(places, "geocoding places") if progress else places):
        reason = ""
        try:
            g = coder.locate(p.id)
        except GeocodeError as exc:
            g, reason = None, str(exc)
            unresolved.append({"id": p.id, "name": p.name, "kind": p.kind, "reason": reason})
        located[p.id] = g
        if g is not None and g.matched_by == "parent":
            fallbacks.append({"id": p.id, "name": p.name, "kind": p.kind, "precision": g.precision, "note": g.note})
        for layer, kinds in settings.LAYER_KINDS.items():
            if p.kind in kinds:
                rows[layer].append(_place_row(p, seeds, g, reason, gaz))
    commitments = _gdf(_commitment_rows(seeds, located, gaz))
    layers: dict[str, gpd.GeoDataFrame] = {}
    counts = commitments.groupby("subject").size() if len(commitments) else pd.Series(dtype=int)
    for layer in settings.LAYER_KINDS:
        gdf = _gdf(rows[layer])
        if len(gdf):
            gdf["n_commitments"] = gdf["id"].map(counts).fillna(0).astype(int)
        layers[layer] = gdf
    placed_in = {c for layer in settings.LAYER_KINDS for c in layers[layer].get("city", pd.Series(dtype=str)) if c}
    layers["districts"] = _districts_layer(gaz, seeds, commitments, settings.ATLAS_CITIES | placed_in)
    layers["commitments"] = commitments
    layers["flows"] = flows_layer(seeds, located, commitments, lambda p: bank_of_point(gaz, p.x, p.y))
    members = _catchments.members(layers)
    layers["catchments"] = _catchments.catchment_polygons(layers, table=members)
    tables = {"catchment_members": members, "park_access": _catchments.park_access(layers)}
    ordered = {k: layers[k] for k in settings.LAYERS}
    return Atlas(seeds=seeds, layers=ordered, unresolved=unresolved, fallbacks=fallbacks, tables=tables)
