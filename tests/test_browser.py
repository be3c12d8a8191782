"""The HTML map in a real browser: Debian's chromium driven by Playwright (no browser download).

Network access other than file:// is blocked and recorded. Set BAYATLAS_REQUIRE_BROWSER=1 (as .ci/run does) to
fail instead of skipping when chromium or playwright is missing.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

import bayatlas
from bayatlas.geo.crs import wgs84_to_gcj02
from bayatlas.layers.assemble import Atlas
from bayatlas.maps import basemaps
from test_map import amap_checkpoints, make_evil_seeds

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _need_browser():
    reason = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reason = "playwright is not installed (pip install -e '.[test]')"
    if reason is None and not Path(CHROMIUM).exists():
        reason = "Debian chromium is not installed (apt-get install -y chromium)"
    if reason:
        if os.environ.get("BAYATLAS_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    _need_browser()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def open_map(browser, path: Path):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    state = {"errors": [], "requests": []}
    page.on("console", lambda m: state["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: state["errors"].append(str(e)))

    def route(r):
        if r.request.url.startswith("file://"):
            return r.continue_()
        state["requests"].append(r.request.url)
        return r.abort()
    page.route("**/*", route)
    page.goto(path.as_uri())
    page.wait_for_function("() => Object.keys(window).some(k => k.startsWith('map_'))")
    page.wait_for_timeout(300)
    return page, state


COUNT_JS = """() => {
  const map = window[Object.keys(window).find(k => k.startsWith('map_'))];
  const out = {drawn: Object.assign({}, map.bayatlas.drawn)};  // points drawn per layer by the canvas's draw loop
  out.circles = Object.values(out.drawn).reduce((a, b) => a + b, 0);
  map.eachLayer(l => {
    if (l instanceof L.Polyline && !(l instanceof L.Polygon)) out.lines = (out.lines || 0) + 1;
    else if (l instanceof L.Polygon) out.polygons = (out.polygons || 0) + 1;
  });
  return out;
}"""


def _drawn(atlas, layer):
    g = atlas[layer].geometry
    return int((~(g.isna() | g.is_empty)).sum())


def test_map_loads_offline_and_draws_every_feature(browser, built, atlas, tmp_path):
    out, _ = built
    page, state = open_map(browser, out / "atlas.html")
    counts = page.evaluate(COUNT_JS)
    assert state["errors"] == []
    assert state["requests"] == []  # --tiles none: zero network requests
    shown = sum(_drawn(atlas, n) for n in ("towns", "parks", "stations"))  # commitments group starts hidden
    assert counts.get("circles") == shown
    assert counts["drawn"] == {k: _drawn(atlas, k) for k in ("parks", "stations", "towns")} | {"commitments": 0}
    assert counts.get("lines") == _drawn(atlas, "links")
    assert counts.get("polygons", 0) >= len(atlas["districts"])
    shot = tmp_path / "atlas.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000
    if os.environ.get("BAYATLAS_SCREENSHOT"):
        shutil.copy(shot, os.environ["BAYATLAS_SCREENSHOT"])
    page.close()


def test_popup_shows_commitments_and_layers_toggle(browser, built):
    out, _ = built
    page, state = open_map(browser, out / "atlas.html")
    # click the 凤岗 town marker where Leaflet draws it
    xy = page.evaluate("""() => {
      const map = window[Object.keys(window).find(k => k.startsWith('map_'))];
      map.setView([22.75675, 114.14879], 12, {animate: false});
      const p = map.latLngToContainerPoint([22.75675, 114.14879]);
      const r = map.getContainer().getBoundingClientRect();
      return [r.left + p.x, r.top + p.y];
    }""")
    page.wait_for_timeout(200)
    page.mouse.move(xy[0], xy[1])  # hover: the tooltip names the place (hit-tested on the canvas)
    page.wait_for_selector(".leaflet-tooltip .ba-tip", timeout=5000)
    assert "凤岗镇" in page.inner_text(".leaflet-tooltip")
    page.mouse.click(xy[0], xy[1])
    page.wait_for_selector(".leaflet-popup-content table.ba-commitments", timeout=5000)
    text = page.inner_text(".leaflet-popup-content")
    assert "凤岗镇" in text and "5.5" in text and "力争" in text
    before = page.evaluate(COUNT_JS)["circles"]
    page.get_by_text("Towns 镇街").click()
    after = page.evaluate(COUNT_JS)["circles"]
    assert after < before
    assert state["errors"] == []
    page.close()


def test_injected_markup_is_shown_as_text_and_never_runs(browser, tmp_path):
    atlas = bayatlas.build_atlas(make_evil_seeds(tmp_path))
    html = tmp_path / "evil.html"
    bayatlas.save_map(bayatlas.make_map(atlas, tiles="none", shown=("parks", "commitments")), html)
    page, state = open_map(browser, html)
    # via the name: search results list and the place popup
    page.fill(".ba-search input", "Evil")
    page.wait_for_selector(".ba-results li")
    assert "<img src=x" in page.inner_text(".ba-results")
    page.click(".ba-results li")
    page.wait_for_selector(".leaflet-popup-content h4")
    assert page.inner_text(".leaflet-popup-content h4").startswith("<img src=x")
    # via the evidence: the commitment's own popup
    page.evaluate(_js("""
      const S = map.bayatlas, C = S.data.commitments;
      const j = C.ev.findIndex(e => e.includes('pwned'));
      S.openCommitment(j);"""))
    page.wait_for_selector(".leaflet-popup-content td.ba-ev")
    text = page.inner_text(".leaflet-popup-content")
    assert "<script>window.__pwned=2</script>" in text
    assert page.evaluate("() => window.__pwned") is None
    assert page.evaluate("() => document.querySelectorAll('.leaflet-popup-content img, .ba-results img').length") == 0
    assert state["errors"] == []
    page.close()


MAP_JS = "() => { const map = window[Object.keys(window).find(k => k.startsWith('map_'))];"


def _js(body: str) -> str:
    return MAP_JS + body + "}"


def test_search_finds_a_place_in_simplified_traditional_and_pinyin(browser, built):
    page, state = open_map(browser, built[0] / "atlas.html")
    for query in ("凤岗", "鳳崗鎮", "fenggang", "Feng Gang"):
        top = page.evaluate(_js(f"return map.bayatlas.search({query!r}).map(e => e[0]);"))
        assert top and top[0] == "凤岗镇", (query, top)
    page.fill(".ba-search input", "鳳崗")
    page.wait_for_selector(".ba-results li")
    page.press(".ba-search input", "Enter")
    page.wait_for_selector(".leaflet-popup-content table.ba-commitments")
    assert "凤岗镇" in page.inner_text(".leaflet-popup-content h4")
    page.fill(".ba-search input", "zzzqqq")
    assert "no match" in page.inner_text(".ba-results")
    assert state["errors"] == []
    page.close()


COMMITMENT_CIRCLES = _js("return map.bayatlas.drawn.commitments;")


def test_filters_change_the_commitments_shown(browser, built, atlas):
    page, state = open_map(browser, built[0] / "atlas.html")
    page.get_by_text("Commitments 承诺").click()
    c = atlas["commitments"]
    located = ~(c.geometry.isna() | c.geometry.is_empty)
    assert page.evaluate(COMMITMENT_CIRCLES) == int(located.sum())
    assert f"{len(c)} of {len(c)}" in page.inner_text("#ba-count")
    page.select_option("select[data-filter=cat]", "land")
    want = int((located & (c["category"] == "land")).sum())
    assert 0 < want < int(located.sum())
    assert page.evaluate(COMMITMENT_CIRCLES) == want
    page.select_option("select[data-filter=mod]", "strive")
    both = int((located & (c["category"] == "land") & (c["modality"] == "strive")).sum())
    assert page.evaluate(COMMITMENT_CIRCLES) == both
    page.select_option("select[data-filter=cat]", "")
    page.select_option("select[data-filter=mod]", "")
    page.select_option("select[data-filter=year]", "2025")
    y2025 = int((located & (c["year"] == 2025)).sum())
    assert page.evaluate(COMMITMENT_CIRCLES) == y2025
    assert f"{int((c['year'] == 2025).sum())} of {len(c)}" in page.inner_text("#ba-count")
    # a place popup hides the rows the filter excludes
    page.evaluate(_js("""const S = map.bayatlas; const i = S.data.places.name.indexOf('凤岗镇');
      S.openPlace(i);"""))
    page.wait_for_selector(".leaflet-popup-content table.ba-commitments")
    shown = page.evaluate("() => [...document.querySelectorAll('.leaflet-popup-content tr[data-year]')]"
                          ".filter(r => r.style.display !== 'none').map(r => r.dataset.year)")
    assert shown and set(shown) == {"2025"}
    assert state["errors"] == []
    page.close()


def test_scale_bar_fullscreen_minimap_and_legend_are_present(browser, built):
    page, state = open_map(browser, built[0] / "atlas.html")
    for sel in (".leaflet-control-scale", ".ba-fullscreen-control a", ".ba-minimap.leaflet-container",
                ".ba-legend-control #ba-legend", "#ba-legend-categories", ".ba-search input", ".ba-filter"):
        assert page.locator(sel).count() == 1, sel
    assert page.locator(".ba-minimap path.leaflet-interactive, .ba-minimap path").count() >= 2  # outlines + view
    page.click(".ba-fullscreen-control a")
    page.wait_for_function("() => !!document.fullscreenElement || "
                           "document.querySelector('.leaflet-container.ba-fullscreen') !== null")
    page.click(".ba-fullscreen-control a")
    page.wait_for_function("() => !document.fullscreenElement && !document.querySelector('.ba-fullscreen')")
    assert state["errors"] == []
    page.close()


def _host(url: str) -> str:
    return url.split("/")[2]


def _tile_hosts(bases) -> set[str]:
    hosts = set()
    for b in bases:
        for url in (b.url, b.overlay_url):
            if url:
                for sub in (b.subdomains or "-"):
                    hosts.add(_host(url.replace("{s}", sub)))
    return hosts


BASE_LABELS = "() => [...document.querySelectorAll('.leaflet-control-layers-base label')].map(l => l.innerText.trim())"


@pytest.mark.parametrize("tianditu_key", [None, "test-key-not-real"])
def test_basemap_switcher_and_only_tile_requests(browser, atlas, tmp_path, monkeypatch, tianditu_key):
    for name in ("BAYATLAS_TIANDITU_KEY", "TIANDITU_KEY"):
        monkeypatch.delenv(name, raising=False)
    if tianditu_key:
        monkeypatch.setenv("BAYATLAS_TIANDITU_KEY", tianditu_key)
    html = tmp_path / "tiles.html"
    bayatlas.save_map(bayatlas.make_map(atlas, tiles="osm"), html)
    page, state = open_map(browser, html)
    labels = page.evaluate(BASE_LABELS)
    want = ["OpenStreetMap", "CartoDB Positron", "Esri World Imagery", "AMap 高德", "Tianditu 天地图"]
    assert [next(w for w in want if lab.startswith(w)) for lab in labels] == want[:len(labels)]
    assert len(labels) == (5 if tianditu_key else 4)
    for label in labels[1:]:
        page.get_by_text(label).click()
        page.wait_for_timeout(150)
    hosts = {_host(u) for u in state["requests"]}
    assert hosts and hosts <= _tile_hosts(basemaps.choose("osm")), hosts
    assert {"tile.openstreetmap.org", "server.arcgisonline.com"} <= hosts
    assert [e for e in state["errors"] if "ERR_FAILED" not in e] == []  # blocked tiles are the only failures
    page.close()


def test_gcj02_drawing_on_amap_matches_the_python_transform(browser, atlas, tmp_path):
    html = tmp_path / "amap.html"
    bayatlas.save_map(bayatlas.make_map(atlas, tiles="amap"), html)
    page, state = open_map(browser, html)
    # 1. the JS port against geo/crs.py on a grid over the Greater Bay Area (and one point outside China)
    lon, lat = np.meshgrid(np.linspace(112.0, 115.5, 15), np.linspace(21.5, 24.5, 13))
    pts = [[float(x), float(y)] for x, y in zip(lon.ravel(), lat.ravel())] + [[151.2, -33.9]]
    got = np.array(page.evaluate("pts => pts.map(p => BayAtlas.wgs2gcj(p[0], p[1]))", pts))
    want = np.column_stack(wgs84_to_gcj02(*np.array(pts).T))
    assert np.abs(got - want).max() < 1e-9
    back = np.array(page.evaluate("pts => pts.map(p => BayAtlas.gcj2wgs(p[0], p[1]))", want.tolist()))
    assert np.abs(back - np.array(pts)).max() < 1e-8
    # 2. a drawn marker sits at the Web Mercator pixel of its GCJ-02 position (where AMap tiles draw the place)
    fg = atlas["towns"].set_index("id").loc["fenggang"].geometry
    glon, glat = (float(v) for v in wgs84_to_gcj02(fg.x, fg.y))
    probe = _js(f"""const S = map.bayatlas, i = S.data.places.id.indexOf('fenggang');
      const ll = L.latLng(S.data.places.lat[i], S.data.places.lon[i]);
      map.setView(ll, 18, {{animate: false}});
      const cp = S.drawnPoint('towns', i), z = map.getZoom();  // where the draw loop put the marker
      const p = map.containerPointToLayerPoint(cp).add(map.getPixelOrigin());
      const amap = L.CRS.EPSG3857.latLngToPoint(L.latLng({glat}, {glon}), z);
      const raw = L.CRS.EPSG3857.latLngToPoint(ll, z);
      const alpha = q => {{  // canvas alpha at a container point: is something painted there?
        const c = S.points._container, lp = map.containerPointToLayerPoint(q).subtract(S.points._origin);
        if (lp.x < 0 || lp.y < 0 || lp.x >= c.width || lp.y >= c.height) return 0;
        return c.getContext('2d').getImageData(Math.round(lp.x), Math.round(lp.y), 1, 1).data[3];
      }};
      const toCp = q => map.layerPointToContainerPoint(q.subtract(map.getPixelOrigin()));
      return {{crs: map.options.crs.code, z: z, d: p.distanceTo(amap), raw: p.distanceTo(raw),
               ll: [ll.lng, ll.lat], ink: alpha(toCp(amap)), inkRaw: alpha(toCp(raw))}};""")
    r = page.evaluate(probe)
    m_per_px = 40075016.686 * math.cos(math.radians(fg.y)) / (256 * 2 ** r["z"])
    assert r["crs"].endswith("GCJ-02")
    assert r["d"] * m_per_px < 1.0                 # within a metre of the GCJ-02 position
    assert r["raw"] * m_per_px > 200               # the unshifted position would be hundreds of metres off
    assert r["ll"] == pytest.approx([fg.x, fg.y], abs=1e-6)  # data (and so exports) stay WGS-84
    assert r["ink"] > 0 and r["inkRaw"] == 0       # painted at the GCJ-02 pixel, nothing at the unshifted one
    # 3. back on a WGS-84 basemap the marker is drawn at its WGS-84 position again
    page.get_by_text("OpenStreetMap").click()
    r2 = page.evaluate(probe)
    assert r2["crs"] == "EPSG:3857" and r2["raw"] < 0.01 and r2["ink"] == 0 and r2["inkRaw"] > 0
    assert [e for e in state["errors"] if "ERR_FAILED" not in e] == []
    page.close()


def _with_checkpoints(atlas, checkpoints) -> Atlas:
    """The atlas plus one park per AMap checkpoint, at the checkpoint's WGS-84 coordinate."""
    parks = atlas["parks"]
    rows = parks.iloc[[0] * len(checkpoints)].copy()
    rows["id"] = [cp["id"] for cp in checkpoints]
    rows["name"] = rows["name_en"] = rows["name_tc"] = [cp["id"] for cp in checkpoints]
    rows["precision"], rows["geo_note"], rows["source"] = "site", "", "tests/data/landmarks.yaml"
    rows["geometry"] = [shapely.Point(*cp["wgs84"]) for cp in checkpoints]
    layers = dict(atlas.layers, parks=gpd.GeoDataFrame(pd.concat([parks, rows]), crs=parks.crs))
    return Atlas(seeds=atlas.seeds, layers=layers, unresolved=atlas.unresolved, fallbacks=atlas.fallbacks)


def test_amap_draws_points_where_amap_puts_their_gps_position(browser, atlas, tmp_path):
    """On the AMap base a WGS-84 point is painted within tolerance_m of the GCJ-02 point AMap's own conversion
    service gives for it (tests/data/landmarks.yaml), and nothing is painted at the unshifted position."""
    checkpoints = amap_checkpoints()
    html = tmp_path / "amap-checkpoints.html"
    bayatlas.save_map(bayatlas.make_map(_with_checkpoints(atlas, checkpoints), tiles="amap", shown=("parks",)), html)
    page, state = open_map(browser, html)
    for cp in checkpoints:
        (glon, glat), (wlon, wlat) = cp["gcj02"], cp["wgs84"]
        r = page.evaluate(_js(f"""const S = map.bayatlas, i = S.data.places.id.indexOf({cp['id']!r});
          map.setView([{wlat}, {wlon}], 19, {{animate: false}});
          const cp = S.drawnPoint('parks', i), z = map.getZoom();
          const drawn = map.containerPointToLayerPoint(cp).add(map.getPixelOrigin());
          const amap = L.CRS.EPSG3857.latLngToPoint(L.latLng({glat}, {glon}), z);
          const raw = L.CRS.EPSG3857.latLngToPoint(L.latLng({wlat}, {wlon}), z);
          const c = S.points._container, ctx = c.getContext('2d');
          const ink = q => {{  // alpha painted at a Web Mercator pixel (0 when off the canvas)
            const lp = q.subtract(map.getPixelOrigin()).subtract(S.points._origin);
            if (lp.x < 0 || lp.y < 0 || lp.x >= c.width || lp.y >= c.height) return 0;
            return ctx.getImageData(Math.round(lp.x), Math.round(lp.y), 1, 1).data[3];
          }};
          return {{crs: map.options.crs.code, z: z, d: drawn.distanceTo(amap), raw: drawn.distanceTo(raw),
                   ink: ink(amap), inkRaw: ink(raw)}};"""))
        m_per_px = 40075016.686 * math.cos(math.radians(glat)) / (256 * 2 ** r["z"])
        assert r["crs"].endswith("GCJ-02")
        assert r["d"] * m_per_px < cp["tolerance_m"], (cp["id"], r["d"] * m_per_px)
        assert r["raw"] * m_per_px > 300, cp["id"]  # unshifted it would be hundreds of metres off
        assert r["ink"] > 0 and r["inkRaw"] == 0, cp["id"]
    assert [e for e in state["errors"] if "ERR_FAILED" not in e] == []
    page.close()


def test_extracted_drafts_are_flagged_on_the_map(browser, tmp_path):
    """A drafted article built beside the curated seeds: its new places and its figures say "draft 未审核"."""
    from bayatlas.build import build
    from bayatlas.layers.extract import extract_text
    from bayatlas.layers.extract_batch import dump
    from tests.conftest import copy_seeds

    root = copy_seeds(tmp_path / "seeds")
    text = ("（测试用虚构稿件）\n金鼎科创产业园开园\n本报讯 2025年5月6日，中山市三角镇金鼎科创产业园开园。"
            "园区占地约320亩，总投资12亿元，首批进驻企业18家。")
    d = extract_text(text, article="jinding.txt")
    (root / "sources" / f"{d['source']['id']}.draft.yaml").write_text(dump(d, "yaml"), encoding="utf-8")
    res = build(root, tmp_path / "out", tiles="none")
    parks = res.atlas["parks"]
    (park,) = parks[parks["name"] == "金鼎科创产业园"].itertuples()
    assert park.reviewed is False or park.reviewed == 0
    page, state = open_map(browser, tmp_path / "out" / "atlas.html")
    page.evaluate(_js("""const S = map.bayatlas; S.openPlace(S.data.places.name.indexOf('金鼎科创产业园'));"""))
    page.wait_for_selector(".leaflet-popup-content table.ba-commitments")
    popup = page.inner_text(".leaflet-popup-content")
    assert "draft 未审核" in popup.split("\n")[0]  # the place itself
    assert popup.count("draft 未审核") >= 4  # … and each of its three figures
    assert "320" in popup and "12 亿元" in popup.replace("12亿元", "12 亿元")
    assert state["errors"] == []
    page.close()
