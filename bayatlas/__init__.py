"""bayatlas: where the commitments made about the Pearl River estuary's two banks land.

Public API::

    import bayatlas
    atlas = bayatlas.build_atlas()            # embedded seeds → layers (GeoDataFrames)
    atlas["commitments"]                      # one row per stated figure
    bayatlas.geocode("鳳崗鎮", context="东莞")  # gazetteer lookup with precision and source
    m = bayatlas.make_map(atlas)              # Folium map
    draft = bayatlas.extract_text(text, article="a.txt")   # draft seed records from Chinese article text
    rows, pooled = bayatlas.evaluate("eval/heldout/gold", "drafts/")  # P/R/F1 of drafts vs reviewed records
"""
from __future__ import annotations

__version__ = "0.1.0"

from bayatlas.build import BuildResult, build
from bayatlas.geo.geocoder import Geocode, GeocodeError, Geocoder, geocode
from bayatlas.layers import analytics, catchments, flows
from bayatlas.layers.assemble import Atlas, build_atlas
from bayatlas.layers.evaluate import evaluate
from bayatlas.layers.extract import Extractor, extract_text
from bayatlas.layers.export import to_geojson
from bayatlas.layers.seedio import SeedData, SeedError, default_seeds_dir, load_seeds
from bayatlas.maps.atlas_map import make_map, save_map
from bayatlas.report import write_report

__all__ = [
    "Atlas", "BuildResult", "Extractor", "Geocode", "GeocodeError", "Geocoder", "SeedData", "SeedError",
    "__version__", "analytics", "build", "build_atlas", "catchments", "default_seeds_dir", "evaluate",
    "extract_text", "flows", "geocode", "load_seeds", "make_map", "save_map", "to_geojson", "write_report",
]
