"""Choropleths: districts (or cities without districts, such as 东莞 and 中山) shaded by committed investment
and by land, from :func:`bayatlas.layers.analytics.headline` — summable base units only, never percentages."""
from __future__ import annotations

import folium
import numpy as np
import shapely

from bayatlas.geo.crs import from_projected, to_projected
from bayatlas.layers import analytics
from bayatlas.maps import popup

#: ColorBrewer YlOrRd, 5 classes.
RAMP = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
MEASURE_TITLE = {"investment": ("Committed investment by district 投资 (亿元)", 1e8, "亿元"),
                 "land": ("Committed land by district 用地 (亩)", 1e4 / 15, "亩")}


def classes(values: list[float], n: int = len(RAMP)) -> list[float]:
    """Upper bounds of ``n`` classes evenly spaced in log10 between the smallest and largest value."""
    lo, hi = np.log10(min(values)), np.log10(max(values))
    return [float(10 ** x) for x in np.linspace(lo, hi, n + 1)[1:]] if hi > lo else [float(max(values))] * n


def add_choropleth(m: folium.Map, atlas, measures: tuple[str, ...] = ("investment", "land"),
                   tolerance_m: float = 80.0) -> None:
    """Add one toggleable (hidden at start) choropleth group per measure to a map."""
    h = analytics.headline(atlas, "area")
    d = atlas["districts"].set_index("id")
    for measure in measures:
        title, scale, unit = MEASURE_TITLE[measure]
        rows = h[(h["measure"] == measure) & (h["area"].isin(d.index)) & (h["total"] > 0)]
        if not len(rows):
            continue
        bounds = classes(list(rows["total"]))
        group = folium.FeatureGroup(name=title, show=False)
        for _, r in rows.sort_values("area").iterrows():
            a = d.loc[r["area"]]
            k = next((i for i, b in enumerate(bounds) if r["total"] <= b * (1 + 1e-9)), len(RAMP) - 1)
            g = from_projected(shapely.simplify(to_projected(a.geometry), tolerance_m, preserve_topology=True))
            floor = " (floor: some figures are 以上)" if r["n_lower_bound"] else ""
            tip = popup.tooltip(a["name"], a["name_en"],
                                f"{popup.fmt_number(round(r['total'] / scale, 2))} {unit} · {int(r['n_subjects'])} "
                                f"subjects{floor}")
            folium.GeoJson(shapely.geometry.mapping(shapely.transform(g, lambda c: np.round(c, 6))),
                           style_function=lambda _f, c=RAMP[k]: {"fillColor": c, "color": "#555", "weight": 0.8,
                                                                  "fillOpacity": 0.7},
                           tooltip=folium.Tooltip(tip)).add_to(group)
        group.add_to(m)
