"""The map's embedded data: compact columnar arrays the page's script draws, searches and filters.

Point layers are not pre-rendered into per-marker HTML: each layer is a set of column arrays (coordinates,
names, styles) and the commitments are one table referenced by index, so 100k points cost a few megabytes,
and popups are built on click. The payload is serialised with sorted keys (byte-identical rebuilds) and with
``<`` escaped, so no data string can close the ``<script>`` element that carries it.
"""
from __future__ import annotations

import json
import math
from collections.abc import Iterable

import pandas as pd
import shapely

from bayatlas.geo.crs import from_projected, to_projected
from bayatlas.geo.names import latin_key, normalise, pinyin, to_traditional
from bayatlas.maps import popup, style

#: Point layers drawn by the page's script, in drawing order (towns last: their markers stay clickable).
POINT_LAYERS = ("parks", "stations", "towns")


def _text(v) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return ""
    return str(v)


def _coord(v: float) -> float:
    return round(float(v), 6)


def _has_point(g) -> bool:
    return g is not None and not g.is_empty


def _script_variants(name: str) -> set[str]:
    """Simplified and traditional spellings of a name (OpenCC), for search keys."""
    s = normalise(name)
    return {s, to_traditional(s), name}


def search_keys(name: str, name_en: str = "", aliases: Iterable[str] = ()) -> str:
    """Lower-case search keys of a place joined by ``|``: simplified, traditional, pinyin and English."""
    keys: set[str] = set()
    for n in [name, *aliases]:
        if not n:
            continue
        keys |= {k.lower().replace(" ", "") for k in _script_variants(n)}
        keys.add(latin_key(pinyin(n)))
    if name_en:
        keys.add(latin_key(name_en))
        keys.add(name_en.lower().replace(" ", ""))
    return "|".join(sorted(k for k in keys if k))


def _places(atlas, placed_at) -> tuple[dict, list[list]]:
    cols: dict[str, list] = {k: [] for k in ("layer", "id", "name", "en", "tc", "kind", "bank", "prec", "n", "lon",
                                              "lat", "color", "radius", "opacity", "note", "src", "here", "draft")}
    search = []
    for li, layer in enumerate(POINT_LAYERS):
        gdf = atlas[layer]
        if not len(gdf):
            continue
        gdf = gdf.copy()
        gdf["_under"] = ~gdf["geo_note"].fillna("").astype(str).str.contains("placed at")
        for _, row in gdf.sort_values(["_under", "id"]).iterrows():
            if not _has_point(row.geometry):
                continue
            n = int(row.get("n_commitments", 0) or 0)
            color = style.BANK_COLOR[row["bank"]] if layer == "towns" else style.KIND_COLOR.get(row["kind"], "#333")
            here = placed_at(atlas, row) if layer == "towns" else None
            cols["layer"].append(li)
            cols["id"].append(row["id"])
            cols["name"].append(_text(row["name"]))
            cols["en"].append(_text(row["name_en"]))
            cols["tc"].append(_text(row.get("name_tc")))
            cols["kind"].append(_text(row["kind"]))
            cols["bank"].append(_text(row["bank"]))
            cols["prec"].append(_text(row["precision"]))
            cols["n"].append(n)
            cols["lon"].append(_coord(row.geometry.x))
            cols["lat"].append(_coord(row.geometry.y))
            cols["color"].append(color)
            cols["radius"].append(style.marker_radius(n))
            cols["opacity"].append(style.PRECISION_OPACITY.get(row["precision"], 0.3))
            cols["note"].append(_text(row.get("geo_note")))
            cols["src"].append(_text(row.get("source")))
            cols["draft"].append(0 if bool(row.get("reviewed", True)) else 1)
            cols["here"].append(None if here is None else
                                [[_text(r["name"]), _text(r["kind"]), int(r.get("n_commitments", 0) or 0)]
                                 for _, r in here.iterrows()])
            aliases = [a for a in _text(row.get("aliases")).split("|") if a]
            search.append([_text(row["name"]), _text(row["name_en"]), _text(row["kind"]),
                           search_keys(_text(row["name"]), _text(row["name_en"]), aliases),
                           ["p", len(cols["id"]) - 1]])
    return cols, search


def _bbox(geom) -> list[float]:
    minx, miny, maxx, maxy = geom.bounds
    return [_coord(miny), _coord(minx), _coord(maxy), _coord(maxx)]


def _area_search(atlas) -> list[list]:
    """Search entries for links, cities and districts: found by name, shown by fitting their bounds."""
    out = []
    for layer in ("links", "districts"):
        gdf = atlas[layer]
        for _, row in gdf.sort_values("id").iterrows() if len(gdf) else ():
            if not _has_point(row.geometry):
                continue
            aliases = [a for a in _text(row.get("aliases")).split("|") if a]
            out.append([_text(row["name"]), _text(row["name_en"]), _text(row["kind"]),
                        search_keys(_text(row["name"]), _text(row["name_en"]), aliases), ["b", _bbox(row.geometry)]])
    return out


def _commitments(atlas, sources: dict[str, dict]) -> tuple[dict, list[dict]]:
    gdf = atlas["commitments"]
    src_ids = sorted(sources)
    src_index = {s: i for i, s in enumerate(src_ids)}
    src_list = [{"label": f"{sources[s].get('publisher', s)} {sources[s].get('published', '')}".strip(),
                 "title": _text(sources[s].get("title")), "url": _text(sources[s].get("url"))} for s in src_ids]
    cats = list(style.CATEGORY_COLOR)
    mods = list(popup.MODALITY_ZH)
    cols: dict[str, list] = {k: [] for k in ("id", "subject", "sname", "metric", "cat", "value", "year", "mod",
                                              "ev", "src", "draft", "lon", "lat")}
    if not len(gdf):
        return cols, src_list
    for r in gdf.sort_values("id").to_dict("records"):
        g = r["geometry"]
        cat, mod = _text(r["category"]), _text(r["modality"])
        if cat not in cats:
            cats.append(cat)
        if mod not in mods:
            mods.append(mod)
        if r["source"] not in src_index:
            src_index[r["source"]] = len(src_list)
            src_list.append({"label": _text(r["source"]), "title": "", "url": ""})
        cols["id"].append(_text(r["id"]))
        cols["subject"].append(_text(r["subject"]))
        cols["sname"].append(_text(r.get("subject_name")))
        cols["metric"].append(_text(r["metric"]))
        cols["cat"].append(cats.index(cat))
        cols["value"].append(popup.value_text(r))
        cols["year"].append(None if pd.isna(r["year"]) else int(r["year"]))
        cols["mod"].append(mods.index(mod))
        cols["ev"].append(_text(r["evidence"]))
        cols["src"].append(src_index[r["source"]])
        cols["draft"].append(0 if r.get("reviewed", True) else 1)
        cols["lon"].append(_coord(g.x) if _has_point(g) else None)
        cols["lat"].append(_coord(g.y) if _has_point(g) else None)
    for key in ("sname", "metric", "value", "ev", "subject"):
        cols[key] = _dictionary(cols[key])
    cols["_cats"], cols["_mods"] = cats, mods
    return cols, src_list


def _dictionary(values: list[str]) -> list[str] | dict:
    """``{"u": unique values, "i": indices}`` when that is shorter (repeated metrics, units, evidence)."""
    uniques: dict[str, int] = {}
    idx = [uniques.setdefault(v, len(uniques)) for v in values]
    return {"u": list(uniques), "i": idx} if len(uniques) * 2 <= len(values) else values


def city_outlines(atlas, tolerance_m: float = 1500.0) -> list[list[list[float]]]:
    """Rings of the city boundaries, simplified in metres, as [lat, lon] lists for the minimap."""
    d = atlas["districts"]
    if not len(d):
        return []
    rings = []
    for g in d[d["kind"] == "city"].sort_values("id").geometry:
        g = from_projected(shapely.simplify(to_projected(g), tolerance_m, preserve_topology=True))
        for poly in getattr(g, "geoms", [g]):
            if poly.area > 1e-4:
                rings.append([[round(y, 4), round(x, 4)] for x, y in poly.exterior.coords])
    return rings


def payload(atlas, sources: dict[str, dict], placed_at, *, titles: dict[str, str], shown: Iterable[str],
            bases: list[dict]) -> dict:
    """Everything the page's script needs, as one JSON-ready dict."""
    places, search = _places(atlas, placed_at)
    commitments, src_list = _commitments(atlas, sources)
    cats = commitments.pop("_cats", list(style.CATEGORY_COLOR))
    mods = commitments.pop("_mods", list(popup.MODALITY_ZH))
    shown = set(shown)
    return {
        "layers": [{"key": k, "title": titles[k], "show": k in shown} for k in (*POINT_LAYERS, "commitments")],
        "places": places,
        "commitments": commitments,
        "sources": src_list,
        "categories": cats,
        "categoryColor": [style.CATEGORY_COLOR.get(c, "#333") for c in cats],
        "modalities": mods,
        "modalityZh": [popup.MODALITY_ZH.get(m, "") for m in mods],
        "precisionLabel": style.PRECISION_LABEL,
        "search": search + _area_search(atlas),
        "outline": city_outlines(atlas),
        "bases": bases,
    }


def to_json(data: dict) -> str:
    """Deterministic compact JSON that is safe inside a ``<script>`` element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
