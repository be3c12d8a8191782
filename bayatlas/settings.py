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
