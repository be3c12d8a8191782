"""Self-contained maps: inline Leaflet and jQuery from their PyPI XStatic packages instead of CDN links.

Folium links its JavaScript and CSS from foreign CDNs, which are slow or blocked in mainland China. The files
are read at run time from ``xstatic-leaflet`` (Leaflet 1.9.3, the version folium uses) and ``xstatic-jquery``
(used by folium's popups) — never copied into this repository. Bootstrap, Font Awesome and awesome-markers are
dropped: bayatlas draws circle markers and polylines only, which need none of them.
"""
from __future__ import annotations

import base64
import re
from pathlib import Path

import folium

_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.M)


def _pkg_dir(module: str) -> Path:
    try:
        mod = __import__(module, fromlist=["BASE_DIR"])
    except ImportError as exc:  # pragma: no cover - both are install requirements
        raise RuntimeError(f"{module} is missing: reinstall bayatlas (pip install -e .)") from exc
    return Path(mod.BASE_DIR)


def _inline_images(css: str, image_dir: Path) -> str:
    def repl(m: re.Match) -> str:
        f = image_dir / m.group(1)
        if not f.exists():
            return m.group(0)
        return f"url(data:image/png;base64,{base64.b64encode(f.read_bytes()).decode('ascii')})"
    return re.sub(r"url\(images/([\w.-]+\.png)\)", repl, css)


def inline_assets_html() -> str:
    """``<style>``/``<script>`` blocks holding Leaflet's CSS (images as data URIs), Leaflet and jQuery."""
    leaflet = _pkg_dir("xstatic.pkg.leaflet")
    jquery = _pkg_dir("xstatic.pkg.jquery")
    css = _inline_images((leaflet / "leaflet.css").read_text(encoding="utf-8"), leaflet / "images")
    js_l = _SOURCE_MAP.sub("", (leaflet / "leaflet.js").read_text(encoding="utf-8"))
    js_j = _SOURCE_MAP.sub("", (jquery / "jquery.min.js").read_text(encoding="utf-8"))
    return (f"<style>/* Leaflet 1.9.3 (xstatic-leaflet) */\n{css}</style>\n"
            f"<script>/* Leaflet 1.9.3 (xstatic-leaflet) */\n{js_l}</script>\n"
            f"<script>/* jQuery (xstatic-jquery) */\n{js_j}</script>\n")


def make_self_contained(m: folium.Map) -> folium.Map:
    """Replace the map's CDN links by inlined copies; call before rendering."""
    m.default_js = []
    m.default_css = []
    m.get_root().header.add_child(folium.Element(inline_assets_html()), name="bayatlas_inline_assets", index=0)
    return m
