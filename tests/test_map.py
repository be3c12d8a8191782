import re

import bayatlas
from bayatlas.maps.atlas_map import make_map, render_html
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
    assert "&lt;script&gt;window.__pwned=2&lt;/script&gt;" in html


def test_same_atlas_gives_the_same_html(atlas):
    assert render_html(make_map(atlas, tiles="none")) == render_html(make_map(atlas, tiles="none"))
