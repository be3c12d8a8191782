"""The interactive Folium map of an :class:`~bayatlas.layers.assemble.Atlas`.

One toggleable group per layer, links styled by mode (colour) and status (dash), towns and parks sized by their
number of commitments and faded by location precision, popups with the commitments table, Chinese tooltips
with pinyin, a legend listing unmapped places, banks shaded, fitted to the data. Element ids are renumbered
in order of appearance so the same atlas always gives the same bytes.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd
import shapely

from bayatlas.geo.crs import from_projected, to_projected
from bayatlas.layers._atomic import atomic_write_text
from bayatlas.maps import popup, style
from bayatlas.maps.app import AtlasApp
from bayatlas.maps.assets import make_self_contained
from bayatlas.maps import catchments as catchments_map, choropleth as choropleth_map, flows as flows_map
from bayatlas.maps.basemaps import choose as choose_basemaps
from bayatlas.maps.data import payload

_HEX_ID = re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")

LAYER_TITLES = {
    "districts": "Cities & districts 市区 (banks)",
    "links": "Transport links 交通",
    "towns": "Towns 镇街",
    "parks": "Parks, zones & projects 园区项目",
    "stations": "Stations 站点",
    "commitments": "Commitments 承诺 (by category)",
}


def _sources(atlas) -> dict[str, dict]:
    return {sid: {"publisher": s.publisher, "published": s.published.isoformat(), "url": s.url, "title": s.title}
            for sid, s in atlas.seeds.sources.items()}


def _display_districts(gdf: gpd.GeoDataFrame, tolerance_m: float = 80.0) -> gpd.GeoDataFrame:
    """Simplified copies of the polygons for drawing (simplified in metres, not degrees)."""
    out = gdf[["id", "name", "name_en", "kind", "bank", "n_commitments", "geometry"]].copy()
    out["geometry"] = [from_projected(shapely.simplify(to_projected(g), tolerance_m, preserve_topology=True))
                       for g in out.geometry]
    out["tip"] = [popup.tooltip(r["name"], r["name_en"], f"{r['bank']} · {r['n_commitments']} commitments")
                  for _, r in out.iterrows()]
    return out.sort_values(["kind", "id"]).reset_index(drop=True)


def _add_districts(m: folium.Map, atlas) -> None:
    if not len(atlas["districts"]):
        return
    gdf = _display_districts(atlas["districts"])
    group = folium.FeatureGroup(name=LAYER_TITLES["districts"], show=True)

    def style_fn(feature):
        p = feature["properties"]
        city = p["kind"] == "city"
        return {"fillColor": style.BANK_COLOR[p["bank"]], "color": "#555" if city else "#999",
                "weight": 1.4 if city else 0.5, "fillOpacity": 0.0 if city else 0.12}

    folium.GeoJson(gdf[["id", "tip", "kind", "bank", "geometry"]].to_json(), name="districts", style_function=style_fn,
                   tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=False),
                   highlight_function=lambda f: {"weight": 2, "fillOpacity": 0.25}).add_to(group)
    group.add_to(m)


def _popup_for(row, commitments: pd.DataFrame, sources: dict, here: pd.DataFrame | None = None) -> folium.Popup:
    rows = commitments[commitments["subject"] == row["id"]]
    body = popup.commitments_table(rows, sources)
    if here is not None and len(here):
        body += popup.placed_here(here)
    return folium.Popup(popup.place_popup(row, body), max_width=640)


def _placed_at(atlas, row) -> pd.DataFrame | None:
    """Parks and stations drawn at this town's point for lack of a sourced site (listed in the town popup)."""
    if row["kind"] not in ("town", "subdistrict") or row.geometry is None:
        return None
    frames = []
    for layer in ("towns", "parks", "stations"):
        gdf = atlas[layer]
        same = gdf[(gdf["precision"] == "town") & gdf.geometry.notna() & (gdf["id"] != row["id"])
                   & gdf["geo_note"].fillna("").str.contains("placed at")]
        same = same[same.geometry.apply(lambda g: g.equals_exact(row.geometry, 1e-9))]
        frames.append(same)
    out = pd.concat(frames) if frames else None
    return out.sort_values("id") if out is not None and len(out) else None


def _add_links(m: folium.Map, atlas, sources: dict) -> None:
    group = folium.FeatureGroup(name=LAYER_TITLES["links"], show=True)
    commitments = atlas["commitments"]
    for _, row in atlas["links"].sort_values("id").iterrows():
        geom = row.geometry
        if geom is None or geom.is_empty:
            continue
        lines = [geom] if geom.geom_type == "LineString" else list(geom.geoms)
        for line in lines:
            folium.PolyLine(
                locations=[(round(y, 6), round(x, 6)) for x, y in line.coords],
                color=style.MODE_COLOR.get(row["mode"], "#333"), weight=5 if row["mode"] == "bridge_tunnel" else 4,
                opacity=0.9, dash_array=style.STATUS_DASH.get(row["status"]),
                tooltip=folium.Tooltip(popup.tooltip(row["name"], row["name_en"],
                                                     style.STATUS_LABEL.get(row["status"], ""))),
                popup=_popup_for(row, commitments, sources),
            ).add_to(group)
    group.add_to(m)


def _bounds(atlas) -> list[list[float]] | None:
    geoms = [g for name in ("towns", "parks", "stations", "links", "commitments") for g in atlas[name].geometry
             if g is not None and not g.is_empty]
    if not geoms:
        return None
    minx, miny, maxx, maxy = shapely.GeometryCollection(geoms).bounds
    return [[round(miny, 6), round(minx, 6)], [round(maxy, 6), round(maxx, 6)]]


def make_map(atlas, *, tiles: str = "osm", self_contained: bool = True,
             shown: Iterable[str] = ("parks", "stations", "towns")) -> folium.Map:
    """Build the Folium map of an atlas.

    ``tiles``: the default basemap (``osm``, ``positron``, ``imagery``, ``amap``, ``tianditu`` when its key is
    set, see :data:`bayatlas.settings.BASEMAPS`), offered beside the others in the switcher, or ``none`` for no
    tiles and zero network requests. ``self_contained`` inlines Leaflet and jQuery from their PyPI packages so
    the page needs no CDN (see :mod:`bayatlas.maps.assets`). ``shown``: point layers visible when the page opens.
    """
    bases = [b.as_js() for b in choose_basemaps(tiles)]
    m = folium.Map(location=[22.6, 113.8], zoom_start=9, tiles=None, control_scale=True, prefer_canvas=True)
    if self_contained:
        make_self_contained(m)
    sources = _sources(atlas)
    _add_districts(m, atlas)
    _add_links(m, atlas, sources)
    choropleth_map.add_choropleth(m, atlas)
    catchments_map.add_catchments(m, atlas)
    flows_map.add_flows(m, atlas)
    control = folium.LayerControl(collapsed=False)
    control.add_to(m)
    modes = [mo for mo in atlas["links"].get("mode", pd.Series(dtype=str)).dropna()]
    m.get_root().header.add_child(folium.Element(f"<style>{popup.LEGEND_CSS}</style>"))
    m.get_root().html.add_child(folium.Element(popup.legend_html([u["reason"] for u in atlas.unresolved], modes)))
    data = payload(atlas, sources, _placed_at, titles=LAYER_TITLES, shown=shown, bases=bases)
    data["fit"] = _bounds(atlas)  # fitted by the script, without animation, before any point is drawn
    AtlasApp(data, control).add_to(m)
    return m


def render_html(m: folium.Map) -> str:
    """The map's HTML with folium's random element ids replaced by stable sequential ones."""
    html = m.get_root().render()
    ids: dict[str, str] = {}

    def stable(match: re.Match) -> str:
        return ids.setdefault(match.group(0), f"{len(ids) + 1:032x}")
    return _HEX_ID.sub(stable, html)


def save_map(m: folium.Map, path: Path | str) -> Path:
    """Write the map atomically as deterministic HTML."""
    return atomic_write_text(Path(path), render_html(m))
