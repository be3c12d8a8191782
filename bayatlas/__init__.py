"""bayatlas: where the commitments made about the Pearl River estuary's two banks land.

Public API::

    import bayatlas
    atlas = bayatlas.build_atlas()            # embedded seeds → layers (GeoDataFrames)
    atlas["commitments"]                      # one row per stated figure
    bayatlas.geocode("鳳崗鎮", context="东莞")  # gazetteer lookup with precision and source
    m = bayatlas.make_map(atlas)              # Folium map
"""
from __future__ import annotations

__version__ = "0.1.0"

from bayatlas.build import BuildResult, build
from bayatlas.geo.geocoder import Geocode, GeocodeError, Geocoder, geocode
from bayatlas.layers import analytics, catchments, flows
from bayatlas.layers.assemble import Atlas, build_atlas
from bayatlas.layers.export import to_geojson
from bayatlas.layers.seedio import SeedData, SeedError, default_seeds_dir, load_seeds
from bayatlas.maps.atlas_map import make_map, save_map
from bayatlas.report import write_report

__all__ = [
    "Atlas", "BuildResult", "analytics", "catchments", "flows", "Geocode", "GeocodeError", "Geocoder", "SeedData", "SeedError", "build", "build_atlas",
    "default_seeds_dir", "geocode", "load_seeds", "make_map", "save_map", "to_geojson", "write_report", "__version__",
]
