import json
import re

import pyogrio
import pytest
import shapely
from shapely.geometry import shape

import bayatlas
from bayatlas import settings

LAYERS = settings.LAYERS


def test_build_writes_every_layer_gpkg_and_html(built):
    out, res = built
    names = {p.name for p in res.outputs}
    assert names == {f"{n}.geojson" for n in LAYERS} | {"atlas.gpkg", "atlas.html"} | \
        {f"{t}.{ext}" for t in settings.TABLES for ext in ("csv", "parquet")}
    for p in res.outputs:
        assert p.exists() and p.stat().st_size > 0
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no staging leftovers


@pytest.mark.parametrize("layer", LAYERS)
def test_geojson_is_rfc7946(built, layer):
    out, _ = built
    raw = (out / f"{layer}.geojson").read_text(encoding="utf-8")
    fc = json.loads(raw)
    assert fc["type"] == "FeatureCollection" and "crs" not in fc
    assert "\\u" not in raw  # Chinese is written as UTF-8, not escaped
    decimals = re.findall(r"-?\d+\.(\d+)", json.dumps([f["geometry"] for f in fc["features"]]))
    assert max((len(d) for d in decimals), default=0) <= 6
    for f in fc["features"]:
        g = f["geometry"]
        if g is None:
            continue
        geom = shape(g)
        if geom.geom_type in ("Polygon", "MultiPolygon"):
            polys = [geom] if geom.geom_type == "Polygon" else list(geom.geoms)
            for poly in polys:
                assert poly.exterior.is_ccw, f["id"]  # right-hand rule
                assert all(not ring.is_ccw for ring in poly.interiors)
        x, y = shapely.get_coordinates(geom).T
        assert ((-180 <= x) & (x <= 180) & (-90 <= y) & (y <= 90)).all()


@pytest.mark.parametrize("layer", LAYERS)
def test_gdal_reads_back_the_same_attributes(built, atlas, layer):
    out, _ = built
    for path, kw in ((out / f"{layer}.geojson", {}), (out / "atlas.gpkg", {"layer": layer})):
        df = pyogrio.read_dataframe(path, **kw)
        src = atlas[layer]
        assert len(df) == len(src), path
        assert set(src.columns) <= set(df.columns), (path, set(src.columns) - set(df.columns))
        a = src.sort_values("id").reset_index(drop=True)
        b = df.sort_values("id").reset_index(drop=True)
        for col in ("id", "name", "bank", "precision"):
            if col in a:
                assert list(a[col]) == list(b[col]), (path, col)
        if layer == "commitments":
            assert list(a["evidence"]) == list(b["evidence"])
            assert b["value_base"].fillna(-1).tolist() == pytest.approx(a["value_base"].fillna(-1).tolist())


def test_gpkg_lists_every_layer(built):
    out, _ = built
    assert sorted(name for name, _ in pyogrio.list_layers(out / "atlas.gpkg")) == sorted(LAYERS)


def test_rebuild_is_byte_identical(built, tmp_path):
    out, _ = built
    bayatlas.build(out_dir=tmp_path, tiles="none")
    for p in sorted(out.iterdir()):
        assert (tmp_path / p.name).read_bytes() == p.read_bytes(), p.name


def test_failed_build_leaves_previous_outputs_untouched(built, tmp_path):
    from conftest import copy_seeds
    out, _ = built
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    root = copy_seeds(tmp_path / "seeds")
    (root / "places.yaml").write_text("places:\n  - {id: Bad Id, name: x}\n", encoding="utf-8")
    with pytest.raises(bayatlas.SeedError):
        bayatlas.build(root, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
