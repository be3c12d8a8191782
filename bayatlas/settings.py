"""Project-wide settings in one place (the osmnx way): banks, styling keys, defaults."""
from __future__ import annotations

#: Which city lies on which bank of the Pearl River estuary. East: the Shenzhen metropolitan circle's estuary
#: cities and Hong Kong; west: the 珠江口西岸都市圈 (Zhuhai, Zhongshan, Jiangmen) and Macau — the three
#: metropolitan circles of the Guangdong territorial spatial plan 《广东省国土空间规划（2021—2035年）》.
#: Guangzhou, Foshan and Zhaoqing (the Guangzhou circle at the head of the estuary) and Shantou are "other".
BANK_OF_CITY: dict[str, str] = {
    "深圳市": "east", "东莞市": "east", "惠州市": "east", "香港特别行政区": "east",
    "中山市": "west", "珠海市": "west", "江门市": "west", "澳门特别行政区": "west",
}
BANKS = ("east", "west", "other")

#: Cities whose city and district polygons make up the ``districts`` layer: the bay and Shantou. The gazetteer
#: covers all of Guangdong so partner places can be located; their cities join the layer when a seed place lies in
#: them (a 河源 county named by a co-built park), so the map stays on the estuary.
ATLAS_CITIES = frozenset({
    "广州市", "深圳市", "珠海市", "汕头市", "佛山市", "江门市", "惠州市", "东莞市", "中山市", "肇庆市",
    "香港特别行政区", "澳门特别行政区",
})

#: Layers written by ``bayatlas build``, in drawing order.
LAYERS = ("districts", "links", "towns", "parks", "stations", "commitments", "flows", "catchments")

#: Catchment distances around every link and station, in km (measured in the projected CRS).
CATCHMENT_KM: tuple[float, ...] = (5.0, 10.0, 30.0)
#: A commitment belongs to a corridor when it lies within this many km of the link or station.
CORRIDOR_KM = 10.0
#: Tables written by ``bayatlas build`` as ``<name>.csv`` and ``<name>.parquet`` (see layers/analytics.py).
TABLES = ("catchment_members", "headlines", "park_access", "totals")

#: Place kinds gathered into each point layer.
LAYER_KINDS: dict[str, tuple[str, ...]] = {
    "towns": ("town", "subdistrict", "village"),
    "parks": ("park", "zone", "project"),
    "stations": ("station", "interchange"),
    "links": ("link",),
}

#: Decimal places of exported coordinates (RFC 7946 recommends ≤ 6, about 0.1 m).
COORD_DECIMALS = 6

#: Basemaps offered by the map's switcher, default first. ``xyz``: an xyzservices provider (used wherever it
#: has the service); otherwise ``url`` and ``attribution`` are given here. ``crs``: the datum the tiles are drawn
#: in — on a ``gcj02`` base every vector is shifted WGS-84 → GCJ-02 for drawing only. ``key_env``: environment
#: variables holding the key a provider needs; the basemap is offered only when one of them is set.
BASEMAPS: dict[str, dict] = {
    "osm": {"label": "OpenStreetMap", "xyz": "OpenStreetMap.Mapnik", "crs": "wgs84"},
    "positron": {"label": "CartoDB Positron 浅色", "xyz": "CartoDB.Positron", "crs": "wgs84"},
    "imagery": {"label": "Esri World Imagery 影像", "xyz": "Esri.WorldImagery", "crs": "wgs84", "max_zoom": 18},
    "amap": {"label": "AMap 高德 (GCJ-02)", "xyz": "Gaode.Normal", "crs": "gcj02", "max_zoom": 18},
    "tianditu": {"label": "Tianditu 天地图 (CGCS2000)", "crs": "wgs84", "key_env": ("BAYATLAS_TIANDITU_KEY", "TIANDITU_KEY"),
                 "url": "https://t{s}.tianditu.gov.cn/DataServer?T=vec_w&x={x}&y={y}&l={z}&tk={key}",
                 "overlay_url": "https://t{s}.tianditu.gov.cn/DataServer?T=cva_w&x={x}&y={y}&l={z}&tk={key}",
                 "subdomains": "01234567", "max_zoom": 18,
                 "attribution": "&copy; <a href=\"https://www.tianditu.gov.cn/\">天地图 Tianditu</a> 国家地理信息公共服务平台"},
}
