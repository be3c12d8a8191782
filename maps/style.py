"""Colours and symbols: one table per visual variable, shared by the map and its legend."""
from __future__ import annotations

import math

BANK_COLOR = {"east": "#d95f02", "west": "#1b9e77", "other": "#7570b3"}
BANK_LABEL = {"east": "East bank 东岸", "west": "West bank 西岸", "other": "Other 其他"}

MODE_COLOR = {"expressway": "#c51b7d", "road": "#e7298a", "bridge_tunnel": "#d7301f",
              "intercity_rail": "#2171b5", "rail": "#08519c", "metro": "#6a51a3"}
MODE_LABEL = {"expressway": "Expressway 高速", "road": "Road 道路", "bridge_tunnel": "Bridge–tunnel 桥隧",
              "intercity_rail": "Intercity rail 城际", "rail": "Rail 铁路", "metro": "Metro 地铁"}
#: Leaflet dashArray per status: solid when operating, dashed when being built, dotted when planned.
STATUS_DASH = {"operating": None, "under_construction": "10 6", "planned": "2 6"}
STATUS_LABEL = {"operating": "operating 运营", "under_construction": "under construction 在建",
                "planned": "planned 规划"}

KIND_COLOR = {"town": "#333333", "subdistrict": "#333333", "village": "#666666", "park": "#e6550d",
              "zone": "#fd8d3c", "project": "#a63603", "station": "#2171b5", "interchange": "#2171b5"}

#: Marker fill opacity by geocode precision: solid for a sourced site, faint for a town or district fallback.
PRECISION_OPACITY = {"site": 0.9, "near": 0.75, "town": 0.45, "district": 0.3, "city": 0.2}
PRECISION_LABEL = {"site": "exact site", "near": "near (≤1 km)", "town": "town", "district": "district",
                   "city": "city"}

CATEGORY_COLOR = {"growth": "#1f77b4", "investment": "#d62728", "land": "#8c564b", "floor_area": "#e377c2",
                  "output": "#ff7f0e", "firms": "#2ca02c", "jobs_people": "#17becf",
                  "infrastructure": "#7f7f7f", "services": "#bcbd22", "other": "#9467bd"}


def marker_radius(n_commitments: int, base: float = 4.0) -> float:
    """Circle radius in pixels growing with the square root of the number of commitments."""
    return round(base + 2.2 * math.sqrt(max(n_commitments, 0)), 2)
