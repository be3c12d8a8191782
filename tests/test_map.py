import json
import re
from pathlib import Path

import pytest
import yaml

import bayatlas
from bayatlas.geo.crs import geodesic_distance_m, wgs84_to_gcj02
from bayatlas.maps import basemaps
from bayatlas.maps.atlas_map import LAYER_TITLES, _placed_at, _sources, make_map, render_html
from bayatlas.maps.data import payload, search_keys, to_json
from conftest import copy_seeds

EVIL_NAME = "<img src=x onerror=\"window.__pwned=1\">`${1}`"
EVIL_EVIDENCE = "<script>window.__pwned=2</script>占地49亩"


def test_html_is_self_contained(built):
    out, _ = built
    html = (out / "atlas.html").read_text(encoding="utf-8")
    assert not re.search(r"<(script|link)[^>]+(src|href)=[\"']https?://", html)
    assert "Leaflet 1.9.3" in html


def test_map_has_a_group_per_layer_and_the_legend(built):
    html = (built[0] / "atlas.html").read_text(encoding="utf-8")
    for title in ("Transport links", "Towns", "Parks", "Stations", "Commitments", "districts"):
        assert title in html, title
    assert "ba-legend" in html and "not mapped" in html


def make_evil_seeds(tmp_path):
    root = copy_seeds(tmp_path / "seeds")
    (root / "sources" / "zz-evil.yaml").write_text(
        "source: {id: zz-evil, title: evil, publisher: test, published: 2024-01-01, script: simplified}\n"
        "places:\n"
        f"  - {{id: evil-park, name: '{EVIL_NAME}', name_en: Evil, kind: park, parent: fusha}}\n"
        "commitments:\n"
        f"  - {{subject: evil-park, metric: 占地, category: land, value: 49, unit: 亩, modality: fact, "
        f"evidence: '{EVIL_EVIDENCE}'}}\n", encoding="utf-8")
    return root


def test_names_and_evidence_are_escaped(tmp_path):
    atlas = bayatlas.build_atlas(make_evil_seeds(tmp_path))
    html = render_html(make_map(atlas, tiles="none"))
    assert "<script>window.__pwned" not in html
    assert "<img src=x" not in html
    # the page's data is JSON with every "<" escaped, so no string can close the <script> that carries it
    assert "\\u003cscript>window.__pwned=2\\u003c/script>" in html


def test_same_atlas_gives_the_same_html(atlas):
    assert render_html(make_map(atlas, tiles="none")) == render_html(make_map(atlas, tiles="none"))
    assert render_html(make_map(atlas)) == render_html(make_map(atlas))


def test_basemaps_default_first_and_keyed_ones_only_with_their_key(monkeypatch):
    for name in ("BAYATLAS_TIANDITU_KEY", "TIANDITU_KEY"):
        monkeypatch.delenv(name, raising=False)
    keys = [b.key for b in basemaps.choose("osm")]
    assert keys == ["osm", "positron", "imagery", "amap"]
    assert [b.key for b in basemaps.choose("amap")][0] == "amap"
    assert basemaps.choose("none") == []
    assert {b.key: b.crs for b in basemaps.choose("osm")}["amap"] == "gcj02"
    assert all(b.url.startswith("https://") for b in basemaps.choose("osm"))
    with pytest.raises(ValueError, match="needs a key"):
        basemaps.choose("tianditu")
    monkeypatch.setenv("BAYATLAS_TIANDITU_KEY", "k123")
    tdt = basemaps.choose("osm")[-1]
    assert tdt.key == "tianditu" and "tk=k123" in tdt.url and "tk=k123" in tdt.overlay_url


def test_embedded_data_is_compact_and_script_safe(atlas):
    data = payload(atlas, _sources(atlas), _placed_at, titles=LAYER_TITLES, shown=("towns",), bases=[])
    n_points = sum(int((~(atlas[k].geometry.isna() | atlas[k].geometry.is_empty)).sum())
                   for k in ("towns", "parks", "stations"))
    assert len(data["places"]["id"]) == n_points
    assert len(data["commitments"]["id"]) == len(atlas["commitments"])
    assert [(layer["key"], layer["show"]) for layer in data["layers"]] == [
        ("parks", False), ("stations", False), ("towns", True), ("commitments", False)]
    text = to_json({"s": "</script><script>alert(1)</script>\u2028"})
    assert "<" not in text and json.loads(text)["s"].startswith("</script>")


def test_search_keys_cover_both_scripts_and_pinyin():
    keys = search_keys("凤岗镇", "Fenggang").split("|")
    assert "凤岗镇" in keys and "鳳崗鎮" in keys and "fenggangzhen" in keys and "fenggang" in keys


LANDMARKS = Path(__file__).parent / "data" / "landmarks.yaml"


def amap_checkpoints() -> list[dict]:
    """WGS-84 points with the GCJ-02 point AMap itself gives for them (sources in tests/data/landmarks.yaml)."""
    return yaml.safe_load(LANDMARKS.read_text(encoding="utf-8"))["checkpoints"]


@pytest.mark.parametrize("cp", amap_checkpoints(), ids=lambda cp: cp["id"])
def test_gcj02_formula_matches_amap(cp):
    lon, lat = (float(v) for v in wgs84_to_gcj02(*cp["wgs84"]))
    assert geodesic_distance_m(lon, lat, *cp["gcj02"]) < cp["tolerance_m"]
    assert geodesic_distance_m(*cp["wgs84"], *cp["gcj02"]) > 300  # unshifted, it would be hundreds of metres off
