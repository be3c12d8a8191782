"""Corridor catchments on the map: the 5/10/30 km buffers (settings.CATCHMENT_KM) around links and stations."""
from __future__ import annotations

import folium
import shapely

from bayatlas.geo.crs import from_projected, to_projected
from bayatlas.maps import popup

TITLE = "Catchments 沿线范围 (km from links and stations)"
BAND_OPACITY = (0.16, 0.10, 0.05)


def add_catchments(m: folium.Map, atlas, show: bool = False, tolerance_m: float = 50.0) -> None:
    """Add the toggleable catchment polygons (simplified by ``tolerance_m`` metres for drawing) to a map."""
    if "catchments" not in atlas.layers or not len(atlas["catchments"]):
        return
    group = folium.FeatureGroup(name=TITLE, show=show)
    gdf = atlas["catchments"].sort_values(["distance_km", "id"], ascending=[False, True])
    bands = sorted(set(gdf["distance_km"]))
    for _, r in gdf.iterrows():
        g = from_projected(shapely.simplify(to_projected(r.geometry), tolerance_m))
        rings = [g] if g.geom_type == "Polygon" else list(g.geoms)
        i = bands.index(r["distance_km"])
        color = "#2171b5" if r["corridor_kind"] == "link" else "#6a51a3"
        tip = popup.tooltip(r["name"], r["name_en"], f"{r['n_towns']} towns · {r['n_parks']} parks · "
                                                     f"{r['n_commitments']} commitments")
        for poly in rings:
            folium.Polygon([(round(y, 6), round(x, 6)) for x, y in poly.exterior.coords], color=color, weight=0.8,
                           opacity=0.5, fill=True, fill_color=color,
                           fill_opacity=BAND_OPACITY[min(i, len(BAND_OPACITY) - 1)],
                           tooltip=folium.Tooltip(tip), class_name="ba-catchment").add_to(group)
    group.add_to(m)
