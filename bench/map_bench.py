"""Map scale benchmark: HTML size and time until drawn in headless Chromium, bayatlas vs GeoDataFrame.explore().

Builds synthetic atlases of 1k, 10k and 100k commitment points (real commitment records re-used in turn, each
moved to a random point within ~3 km of a real town of the atlas, so the points stay inside the Greater Bay
Area and on its settlements), writes bayatlas's map and ``explore()``'s map of the same GeoDataFrame, opens
each in Debian's chromium (Playwright, network blocked, no tiles in either) and reports:

* size: bytes of the HTML file;
* drawn (median of three loads, with the range): milliseconds from navigation start until the page's ``load``
  event plus two animation frames (the frame after every layer has been added has been painted), measured the
  same way for both pages; the number of points drawn is checked against N (ours: the count the canvas draw
  loop reports; explore(): its circle markers on the map).

Fairness: explore()'s page links Leaflet, jQuery, Bootstrap, Font Awesome and awesome-markers from CDNs; it is
given the same inlined Leaflet and jQuery as ours (``make_self_contained``), and the CSS/JS it only needs for
icon markers is dropped, so neither page waits on the network. Both use ``tiles=None``.

Run: ``python bench/map_bench.py [N ...]`` (needs ``pip install -e '.[test,bench]'`` and chromium).
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

import bayatlas
from bayatlas.layers.assemble import Atlas
from bayatlas.maps.assets import make_self_contained
from bayatlas.maps.atlas_map import make_map, save_map

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
SIZES = (1_000, 10_000, 100_000)
COLUMNS = ["id", "subject_name", "metric", "category", "value", "unit", "year", "modality", "evidence", "source"]
DRAWN_FLAG = """
window.addEventListener('load', () => requestAnimationFrame(() => requestAnimationFrame(() => {
  window.__drawnAt = performance.now();
})));
"""
COUNT_POINTS = """() => {
  const map = window[Object.keys(window).find(k => k.startsWith('map_'))];
  if (map.bayatlas) return map.bayatlas.drawn.commitments;  // ours: points painted by the canvas draw loop
  let n = 0; map.eachLayer(l => { if (l instanceof L.CircleMarker) n++; }); return n;
}"""


def synthetic_atlas(base: Atlas, n: int, seed: int = 7) -> Atlas:
    """``n`` commitments at random points near the atlas's towns; every other layer empty."""
    rng = np.random.default_rng(seed)
    towns = base["towns"][base["towns"].geometry.notna()]
    anchors = np.array([(g.x, g.y) for g in towns.geometry])
    pick = anchors[rng.integers(0, len(anchors), n)]
    jitter = rng.normal(0.0, 0.03, size=(n, 2))  # ~3 km standard deviation
    xy = np.round(pick + jitter, 6)
    real = base["commitments"].drop(columns="geometry")
    rows = real.iloc[np.arange(n) % len(real)].reset_index(drop=True).copy()
    rows["id"] = [f"syn-{i:06d}" for i in range(n)]
    rows["subject"] = rows["id"]
    gdf = gpd.GeoDataFrame(rows, geometry=shapely.points(xy), crs=4326)
    layers = {k: v.iloc[0:0] for k, v in base.layers.items()}
    layers["commitments"] = gdf
    return Atlas(seeds=base.seeds, layers=layers, unresolved=[], fallbacks=[])


def explore_html(gdf: gpd.GeoDataFrame, path: Path) -> Path:
    m = gdf[[*COLUMNS, "geometry"]].explore(tiles=None)
    make_self_contained(m)
    return save_map(m, path)


def measure(browser, path: Path, n: int) -> float:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
    page.add_init_script(DRAWN_FLAG)
    page.goto(path.as_uri(), timeout=300_000)
    page.wait_for_function("() => window.__drawnAt", timeout=300_000)
    drawn = page.evaluate("() => window.__drawnAt")
    count = page.evaluate(COUNT_POINTS)
    page.close()
    if errors or count != n:
        raise RuntimeError(f"{path.name}: {count} points drawn of {n}; errors: {errors[:3]}")
    return float(drawn)


def main(sizes=SIZES) -> None:
    from playwright.sync_api import sync_playwright

    base = bayatlas.build_atlas()
    rows, spread = [], []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for n in sizes:
            atlas = synthetic_atlas(base, n)
            t0 = time.perf_counter()
            ours = save_map(make_map(atlas, tiles="none", shown=("commitments",)), Path(tmp) / f"ours-{n}.html")
            t_build = time.perf_counter() - t0
            theirs = explore_html(atlas["commitments"], Path(tmp) / f"explore-{n}.html")
            runs = 1 if "--quick" in sys.argv else 3
            ours_runs = sorted(measure(browser, ours, n) for _ in range(runs))
            theirs_runs = sorted(measure(browser, theirs, n) for _ in range(runs))
            ms_ours, ms_theirs = statistics.median(ours_runs), statistics.median(theirs_runs)
            spread.append((n, ours_runs[0], ours_runs[-1]))
            rows.append((n, ours.stat().st_size, ms_ours, theirs.stat().st_size, ms_theirs, t_build))
            print(f"  {n:>7,} points done", file=sys.stderr, flush=True)
        browser.close()
    print(f"{'points':>8} | {'bayatlas MB':>11} {'drawn ms':>9} | {'explore MB':>10} {'drawn ms':>9} | "
          f"{'size ratio':>10} {'time ratio':>10} | {'build s':>7}")
    for n, s1, t1, s2, t2, tb in rows:
        print(f"{n:>8,} | {s1 / 1e6:>11.2f} {t1:>9.0f} | {s2 / 1e6:>10.2f} {t2:>9.0f} | "
              f"{s1 / s2:>10.2f} {t1 / t2:>10.2f} | {tb:>7.1f}")
    print("bayatlas drawn ms, range over runs: " + ", ".join(f"{n:,}: {lo:.0f}–{hi:.0f}" for n, lo, hi in spread))
    n, s1, t1, s2, t2, _ = rows[-1]
    print(f"at {n:,} points: drawn in {t1 / 1000:.2f} s (median; target < 3 s), "
          f"{t1 / t2:.0%} of explore()'s time and {s1 / s2:.0%} of its size (target ≤ 50% each)")


if __name__ == "__main__":
    main(tuple(int(a) for a in sys.argv[1:] if a.isdigit()) or SIZES)
