"""Flows on the map: one arc per directed relation, coloured by type, with a chevron at the receiving end.

The arrowhead is two short strokes drawn as a polyline (no icon fonts, no CDN plugins). Its size is set in
metres in the projected CRS, so it scales with the map like the arc itself.
"""
from __future__ import annotations

import math

import folium
import numpy as np
import pandas as pd
import shapely

from bayatlas.geo.crs import from_projected, to_projected
from bayatlas.layers.flows import FLOW_TYPE_LABEL
from bayatlas.maps import popup

TITLE = "Flows 流向 (co-built parks, enclaves, relocations)"
TYPE_COLOR = {"co_built_park": "#e6550d", "reverse_enclave": "#756bb1", "relocation": "#31a354",
              "cooperation_axis": "#3182bd", "paired_assistance": "#636363", "liaison_platform": "#de2d26"}
TYPE_DASH = {"reverse_enclave": "8 5", "paired_assistance": "2 5", "liaison_platform": "8 5"}


def arrowhead(line, size_m: float | None = None, angle_deg: float = 28.0) -> list[tuple[float, float]]:
    """Three WGS-84 (lat, lon) points of a chevron pointing along the last segment of ``line`` at its end."""
    xy = np.asarray(to_projected(line).coords)
    tip, prev = xy[-1], xy[-2]
    chord = float(np.hypot(*(xy[-1] - xy[0])))
    size = size_m or min(max(0.06 * chord, 600.0), 6000.0)
    heading = math.atan2(tip[1] - prev[1], tip[0] - prev[0])
    wings = []
    for sign in (1, -1):
        a = heading + math.pi - sign * math.radians(angle_deg)
        wings.append((tip[0] + size * math.cos(a), tip[1] + size * math.sin(a)))
    pts = from_projected(shapely.LineString([wings[0], tuple(tip), wings[1]]))
    return [(round(y, 6), round(x, 6)) for x, y in pts.coords]


def _popup(r) -> str:
    fmt = popup.fmt_number
    figures = []
    for col, label, scale, unit in (("committed_cny", "investment 投资", 1e8, "亿元"), ("land_m2", "land 用地", 1e4 / 15, "亩"),
                                    ("floor_area_m2", "floor area 建筑面积", 1.0, "m²")):
        v = r.get(col)
        if v is not None and not pd.isna(v):
            figures.append(f"<tr><td>{popup.esc(label)}</td><td class='ba-num'>{popup.esc(fmt(round(v / scale, 4)))} "
                           f"{popup.esc(unit)}</td></tr>")
    via = f"<div>via {popup.esc(r['via_name'])}</div>" if r.get("via_name") else ""
    table = (f"<table class='ba-commitments'>{''.join(figures)}</table>" if figures else "")
    return (f"<div class='ba-popup ba-flow'><h4>{popup.esc(r['name'])}</h4>"
            f"<div class='ba-meta'>{popup.esc(FLOW_TYPE_LABEL.get(r['type'], r['type']))} · "
            f"{popup.esc(r['bank_from'])} → {popup.esc(r['bank_to'])} · {int(r['n_commitments'])} commitments</div>"
            f"{via}<div class='ba-ev'>“{popup.esc(r['evidence'])}”</div>{table}"
            f"<div class='ba-note'>{popup.esc(r.get('note', ''))}</div>"
            f"<div class='ba-src'>Source: {popup.esc(r['source_title'])} ({popup.esc(r['source_date'])})</div></div>")


def add_flows(m: folium.Map, atlas, show: bool = False) -> None:
    """Add the toggleable flows layer (arcs and chevrons; hidden when the page opens) to a map."""
    if "flows" not in atlas.layers:
        return
    group = folium.FeatureGroup(name=TITLE, show=show)
    for _, r in atlas["flows"].sort_values("id").iterrows():
        g = r.geometry
        if g is None or g.is_empty:
            continue
        color = TYPE_COLOR.get(r["type"], "#333")
        tip = popup.tooltip(r["name"], r["name_en"], FLOW_TYPE_LABEL.get(r["type"], r["type"]))
        folium.PolyLine([(round(y, 6), round(x, 6)) for x, y in g.coords], color=color, weight=3, opacity=0.85,
                        dash_array=TYPE_DASH.get(r["type"]), tooltip=folium.Tooltip(tip),
                        popup=folium.Popup(_popup(r), max_width=520), class_name="ba-flow-arc").add_to(group)
        folium.PolyLine(arrowhead(g), color=color, weight=3, opacity=0.95, class_name="ba-flow-head").add_to(group)
    group.add_to(m)
