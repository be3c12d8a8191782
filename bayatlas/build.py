"""The main job: seeds → atlas → GeoJSON layers, GeoPackage and the HTML map, written atomically."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bayatlas.layers import analytics
from bayatlas.layers.assemble import Atlas, build_atlas
from bayatlas.layers.export import staging, write_geojson_layers, write_geopackage
from bayatlas.layers.seedio import default_seeds_dir, load_seeds
from bayatlas.layers.tables import write_tables
from bayatlas.maps.atlas_map import make_map, render_html


@dataclass
class BuildResult:
    atlas: Atlas
    outputs: list[Path]


def build(seeds_dir: Path | str | None = None, out_dir: Path | str = "out", *, tiles: str = "osm",
          self_contained: bool = True, progress=None) -> BuildResult:
    """Build every output into ``out_dir``; nothing is replaced unless the whole build succeeds."""
    seeds = load_seeds(seeds_dir or default_seeds_dir())
    atlas = build_atlas(seeds, progress=progress)
    out_dir = Path(out_dir)
    stamp = max(s.published for s in seeds.sources.values()).isoformat() + "T00:00:00Z" if seeds.sources else \
        "2020-01-01T00:00:00Z"
    html = render_html(make_map(atlas, tiles=tiles, self_contained=self_contained))
    with staging(out_dir) as tmp:
        names = [p.name for p in write_geojson_layers(atlas.layers, tmp)]
        write_geopackage(atlas.layers, tmp / "atlas.gpkg", timestamp=stamp)
        (tmp / "atlas.html").write_text(html, encoding="utf-8")
        names += ["atlas.gpkg", "atlas.html"]
        names += [p.name for p in write_tables(analytics.tables(atlas), tmp)]
    return BuildResult(atlas=atlas, outputs=[out_dir / n for n in names])
