"""The page's first-party script and styles, and the element that hands them the map, its layer control and
the embedded data (see :mod:`bayatlas.maps.data`).

``static/atlas.js`` and ``static/atlas.css`` ship inside the package and are inlined into every page: search,
filters, fullscreen, minimap, basemap switching with GCJ-02 drawing and the point layers need no other asset.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import folium
from branca.element import MacroElement
from jinja2 import Template

from bayatlas.maps.data import to_json


@lru_cache(maxsize=None)
def static_text(name: str) -> str:
    """A file of ``bayatlas/maps/static`` (first-party JS/CSS) as text."""
    return resources.files("bayatlas.maps").joinpath("static", name).read_text(encoding="utf-8")


class AtlasApp(MacroElement):
    """Inline the bayatlas script and styles, embed the data as JSON and start the script on the map."""

    _template = Template("""
{% macro header(this, kwargs) %}
<style>{{ this.css }}</style>
<script>{{ this.js }}</script>
{% endmacro %}
{% macro html(this, kwargs) %}
<script type="application/json" id="ba-data">{{ this.data }}</script>
{% endmacro %}
{% macro script(this, kwargs) %}
BayAtlas.init({{ this._parent.get_name() }}, {{ this.control.get_name() }},
    JSON.parse(document.getElementById("ba-data").textContent));
{% endmacro %}
""")

    def __init__(self, data: dict, control: folium.LayerControl):
        super().__init__()
        self._name = "BayAtlasApp"
        self.control = control
        self.data = to_json(data)
        self.css = static_text("atlas.css")
        self.js = static_text("atlas.js")
