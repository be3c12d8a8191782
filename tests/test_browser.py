"""The HTML map in a real browser: Debian's chromium driven by Playwright (no browser download).

Network access other than file:// is blocked and recorded. Set BAYATLAS_REQUIRE_BROWSER=1 (as .ci/run does) to
fail instead of skipping when chromium or playwright is missing.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import bayatlas
from test_map import make_evil_seeds

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
  const out = {};
  map.eachLayer(l => {
    if (l instanceof L.CircleMarker) out.circles = (out.circles || 0) + 1;
    else if (l instanceof L.Polyline && !(l instanceof L.Polygon)) out.lines = (out.lines || 0) + 1;
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
    bayatlas.save_map(bayatlas.make_map(atlas, tiles="none"), html)
    page, state = open_map(browser, html)
    page.evaluate("""() => {
      const map = window[Object.keys(window).find(k => k.startsWith('map_'))];
      map.eachLayer(l => { if (l.getPopup && l.getPopup() && String(l.getPopup().getContent().innerHTML || '')
        .includes('pwned')) l.openPopup(); });
    }""")
    page.wait_for_selector(".leaflet-popup-content", timeout=5000)
    text = page.inner_text(".leaflet-popup-content")
    assert "<script>window.__pwned=2</script>" in text
    assert page.evaluate("() => window.__pwned") is None
    page.close()
