"""Flows: directed relations between places (co-built parks, reverse enclaves, relocations, cooperation axes).

Two jobs, one module:

* :func:`flows_layer` turns the curated ``flows:`` records into a layer: one gentle arc per flow from the origin
  to the destination end (the ``via`` park or base when it is located, else the destination), computed in the
  projected CRS, with the commitments attached and their totals in base units.
* :func:`detect_flow` reads one sentence and the places it mentions and returns a :class:`Flow` draft when a
  relation is stated by a known pattern (共建, 反向飞地, 对口帮扶, 落户/来自, 组团/走廊); the text extractor calls it.

Direction (issue 5): from the place that gives capital, firms or know-how to the place that receives them; a
reverse enclave runs from its home district to the place hosting its base.
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Final, Mapping, Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import LineString

from bayatlas.geo.crs import WGS84, from_projected, geodesic_distance_m, to_projected
from bayatlas.layers.records import Flow, FlowType

#: Share of the chord length by which an arc bulges to the left of its direction (opposite flows separate).
ARC_BULGE = 0.12
ARC_POINTS = 33
_PRECISION_ORDER = ["site", "near", "town", "district", "city"]

FLOW_TYPE_LABEL = {
    "co_built_park": "co-built park 共建产业园", "reverse_enclave": "reverse enclave 反向飞地",
    "relocation": "firms / projects moving 企业落户", "cooperation_axis": "cooperation axis 合作组团",
    "paired_assistance": "paired assistance 对口帮扶协作", "liaison_platform": "liaison platform 交流中心",
}


def arc(p0: tuple[float, float], p1: tuple[float, float], bulge: float = ARC_BULGE,
        n: int = ARC_POINTS) -> LineString:
    """A quadratic Bézier arc from ``p0`` to ``p1`` (WGS-84 lon/lat), bent left of its direction in metres."""
    a = np.array(to_projected(shapely.Point(p0)).coords[0])
    b = np.array(to_projected(shapely.Point(p1)).coords[0])
    d = b - a
    normal = np.array([-d[1], d[0]])
    ctrl = (a + b) / 2 + normal * bulge
    t = np.linspace(0.0, 1.0, n)[:, None]
    pts = (1 - t) ** 2 * a + 2 * (1 - t) * t * ctrl + t ** 2 * b
    return from_projected(LineString(pts))


def _coarser(*precisions: str) -> str:
    return max(precisions, key=lambda p: _PRECISION_ORDER.index(p) if p in _PRECISION_ORDER else len(_PRECISION_ORDER))


def attached(flow: Flow, commitments: pd.DataFrame) -> pd.DataFrame:
    """The commitments a flow carries: those about its ``subjects`` plus those it names by id."""
    mask = commitments["subject"].isin(flow.subjects) | commitments["id"].isin(flow.commitments)
    return commitments[mask]


def flows_layer(seeds, located: Mapping, commitments: pd.DataFrame, bank_of) -> gpd.GeoDataFrame:
    """One row per curated flow; ``located`` maps place id → Geocode (or None), ``bank_of(geom)`` → bank."""
    from bayatlas.layers.analytics import largest_per_subject

    rows = []
    pair_count: dict[tuple, int] = defaultdict(int)
    for f in sorted(seeds.flows, key=lambda f: f.id):
        o, d = seeds.places[f.origin], seeds.places[f.destination]
        v = seeds.places[f.via] if f.via else None
        go, gd = located.get(f.origin), located.get(f.destination)
        gv = located.get(f.via) if f.via else None
        end = gv if gv is not None else gd
        geom, note = None, ""
        if go is None or end is None:
            missing = [p.id for p, g in ((o, go), (v or d, end)) if g is None]
            note = f"not drawn: {', '.join(missing)} could not be located"
        elif go.point.equals_exact(end.point, 1e-9):
            note = "not drawn: both ends fall on the same point (no sourced sites)"
        else:
            key = (f.origin, f.destination)
            geom = arc((go.point.x, go.point.y), (end.point.x, end.point.y), ARC_BULGE * (1 + 0.6 * pair_count[key]))
            pair_count[key] += 1
        bank_from = bank_of(go.point) if go is not None else "other"
        bank_to = bank_of(end.point) if end is not None else "other"
        att = attached(f, commitments)
        src = seeds.sources[f.source]
        rows.append({
            "id": f.id, "name": f"{o.name} → {d.name}", "name_en": f"{o.name_en} → {d.name_en}", "kind": "flow",
            "type": f.type, "origin": f.origin, "origin_name": o.name, "destination": f.destination,
            "destination_name": d.name, "via": f.via or "", "via_name": v.name if v else "",
            "bank": bank_from if bank_from == bank_to else "other", "bank_from": bank_from, "bank_to": bank_to,
            "crosses_estuary": {bank_from, bank_to} == {"east", "west"},
            # geom is drawn only when both ends are located (go and end are not None)
            "distance_km": round(geodesic_distance_m(go.point.x, go.point.y,  # type: ignore[union-attr]
                                                     end.point.x, end.point.y) / 1000, 3)  # type: ignore[union-attr]
            if geom is not None else None,
            "n_commitments": int(len(att)), "commitment_ids": "|".join(sorted(att["id"])),
            "committed_cny": largest_per_subject(att, "investment", "CNY"),
            "land_m2": largest_per_subject(att, "land", "m2"),
            "floor_area_m2": largest_per_subject(att, "floor_area", "m2"),
            "evidence": f.evidence, "note": f.note or "", "geo_note": note,
            "precision": _coarser(go.precision, end.precision)  # type: ignore[union-attr]
            if geom is not None else "unresolved",
            "source": f.source, "source_title": src.title, "source_date": src.published.isoformat(),
            "reviewed": f.reviewed, "geometry": geom,
        })
    if not rows:
        return gpd.GeoDataFrame({"id": []}, geometry=gpd.GeoSeries([], crs=WGS84), crs=WGS84)
    df = pd.DataFrame(rows)
    return gpd.GeoDataFrame(df.drop(columns="geometry"), geometry=gpd.GeoSeries(df["geometry"], crs=WGS84), crs=WGS84)


# --------------------------------------------------------------------------------------------------------------
# Detection in text (called by the extractor)

#: Cities that give capital and know-how in the relations the sources describe (the hub of each pair).
HUB_CITIES: Final = frozenset({"深圳", "广州", "香港", "shenzhen", "guangzhou", "hong-kong"})

_PATTERNS: Final[list[tuple[FlowType, re.Pattern]]] = [
    ("reverse_enclave", re.compile(r"反向飞地|反向飛地")),
    ("paired_assistance", re.compile(r"对口帮扶|對口幫扶|对口协作|對口協作|结对帮扶|結對幫扶")),
    ("co_built_park", re.compile(r"共建|合作园|合作園|产业园区|產業園區")),
    ("relocation", re.compile(r"落户|落戶|招引|来自|來自|迁入|遷入|布局分支")),
    ("cooperation_axis", re.compile(r"组团|組團|走廊|发展轴|發展軸|合作轴|一体化|一體化")),
]
_ADMIN_KINDS: Final = frozenset({"city", "district", "town", "subdistrict", "village"})
_PARK_KINDS: Final = frozenset({"park", "zone", "project"})
#: What pydantic's ``str_strip_whitespace`` strips (Unicode White_Space; ``str.strip`` also strips U+001C–U+001F):
#: :class:`Relation` evidence is stripped as the :class:`Flow` record would store it.
_RECORD_WHITESPACE: Final = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009" \
                            "\u200a\u2028\u2029\u202f\u205f\u3000"


class PlaceSpan:
    """A place named in a sentence, as relation detection reads it: id, kind, offsets in the sentence, and whether
    it lies in a hub city. A plain class (a native class when compiled): the extractor makes several per sentence."""

    def __init__(self, id: str, kind: str, start: int, end: int, city: str | None) -> None:
        self.id = id
        self.kind = kind
        self.start = start
        self.end = end
        self.hub = _in_hub_city(city or "") or id in HUB_CITIES


#: :func:`_in_hub_city` answers by city name (a few hundred names at most; kept up to this many).
_HUB_MEMO: Final[dict[str, bool]] = {}
_HUB_MEMO_SIZE: Final = 4096


def _in_hub_city(city: str) -> bool:
    """Whether ``city`` (深圳, 深圳市, shenzhen …) is one of :data:`HUB_CITIES`; memoised, as the extractor asks it for
    every place of every sentence it reads for a relation (three string methods each time otherwise)."""
    hub = _HUB_MEMO.get(city)
    if hub is None:
        hub = city.strip().removesuffix("市").lower() in HUB_CITIES
        if len(_HUB_MEMO) < _HUB_MEMO_SIZE:
            _HUB_MEMO[city] = hub
    return hub


class Relation:
    """A relation a sentence states, with the values a :class:`Flow` draft stores (ids are slugs, so only the
    evidence needs the record's whitespace stripping, done here)."""

    def __init__(self, origin: str, destination: str, type: FlowType, via: str | None, evidence: str) -> None:
        self.origin = origin
        self.destination = destination
        self.type = type
        self.via = via
        self.evidence = evidence

    @property
    def id(self) -> str:
        return f"{self.origin}-{self.destination}-{self.type.replace('_', '-')}"


def _spans(sentence: str, places: Sequence[Mapping]) -> list[PlaceSpan]:
    out = []
    for p in places:
        start = p.get("start")
        text = p.get("text") or ""
        if start is None and text:
            start = sentence.find(text)
        if start is None or start < 0:
            continue
        end = p.get("end")
        if end is None:
            end = start + len(text)
        out.append(PlaceSpan(p["id"], p.get("kind") or "", int(start), int(end), p.get("city")))
    return out


def _order(p: PlaceSpan) -> tuple[int, int]:
    return p.start, -p.end


def _in_order(spans: list[PlaceSpan]) -> bool:
    """Whether ``spans`` are sorted by :func:`_order` already: the extractor passes them in mention order, which is
    that order, so the sort (a Python-level key call per span) is skipped; ties stay as given, as the stable sort
    would leave them."""
    for i in range(1, len(spans)):
        a, b = spans[i - 1], spans[i]
        if a.start > b.start or (a.start == b.start and a.end < b.end):
            return False
    return True


def _distinct(spans: list[PlaceSpan]) -> list[PlaceSpan]:
    seen: set[str] = set()
    uniq: list[PlaceSpan] = []
    for p in spans:
        if p.id not in seen:
            seen.add(p.id)
            uniq.append(p)
    return uniq


def _evidence(sentence: str, start: int, end: int, limit: int = 120) -> str:
    span = sentence[start:end].strip()
    return span if len(span) <= limit else span[:limit].rstrip(_RECORD_WHITESPACE)


def detect_flow(sentence: str, places: Sequence[Mapping], *, source: str = "",
                destination: str | None = None) -> Flow | None:
    """A :class:`Flow` draft (``reviewed=False``) for a relation the sentence states, or ``None``.

    Signature for the extractor::

        detect_flow(sentence: str,
                    places: [{"id": str, "kind": str, "city": str | None,       # city name (深圳/深圳市) or id
                              "text": str,                                     # the mention as written …
                              "start": int | None, "end": int | None}, …],    # … or its offsets in sentence
                    *, source: str = "",            # source id stored on the draft
                    destination: str | None = None  # the article's home place, the receiver when the sentence
                   ) -> Flow | None                 # names only the origin ("4个重点在建项目均来自深圳")

    Patterns, first match wins: 反向飞地 (home → host: the host is the place after 选址 or in a hub city),
    对口帮扶/协作 ("X对口帮扶Y": X → Y), 共建/合作园 (hub-city place → the other, else first → second),
    落户/招引/来自 ("从X", "X企业", "来自X" mark the origin), 组团/走廊/一体化 (hub → other). Only places of
    kind city, district, town, subdistrict or village take part; a park named in the sentence becomes ``via``.
    The evidence is the sentence span from the first place to the end of the trigger word (≤ 120 characters).
    """
    rel = find_relation(sentence, _spans(sentence, places), destination)
    if rel is None:
        return None
    return Flow(id=rel.id, origin=rel.origin, destination=rel.destination, type=rel.type, via=rel.via,
                evidence=rel.evidence, source=source, reviewed=False)


def find_relation(sentence: str, places: list[PlaceSpan], home: str | None) -> Relation | None:
    """The relation ``sentence`` states between ``places`` (see :func:`detect_flow`), or ``None``; the extractor
    calls this directly, without the dictionaries and the validated :class:`Flow` record."""
    spans = places if _in_order(places) else sorted(places, key=_order)
    admin = [p for p in spans if p.kind in _ADMIN_KINDS]
    if not admin:  # every pattern needs an admin place: spare the pattern searches
        return None
    for ftype, rx in _PATTERNS:
        m = rx.search(sentence)
        if not m:
            continue
        start, end = m.start(), m.end()
        pair = _direct(ftype, sentence, start, end, admin, home)
        if pair is None:
            continue
        origin, dest = pair
        if origin == dest:
            continue
        via: str | None = None
        for p in spans:
            if p.id == origin or p.id == dest:
                start, end = min(start, p.start), max(end, p.end)
            elif via is None and p.kind in _PARK_KINDS:
                via = p.id
        return Relation(origin, dest, ftype, via, _evidence(sentence, start, end))
    return None


def _direct(ftype: str, sentence: str, m_start: int, m_end: int, admin: list[PlaceSpan],
            home: str | None) -> tuple[str, str] | None:
    """``(origin, destination)`` ids for pattern ``ftype`` matched at ``[m_start, m_end)``, or ``None``."""
    if ftype == "relocation":
        origin: PlaceSpan | None = None
        for p in admin:
            ahead = sentence[max(0, p.start - 2):p.start]
            behind = sentence[p.end:p.end + 3]
            if ahead.endswith(("从", "從", "来自", "來自")) or behind.startswith(("企业", "企業", "的企业", "科研")):
                origin = p
                break
        if origin is None:
            return None
        others = [p for p in _distinct(admin) if p.id != origin.id]
        dest = others[-1].id if others else home
        return (origin.id, dest) if dest else None
    finer = [p for p in admin if p.kind != "city"]
    if len(_distinct(finer)) >= 2:  # "深圳市宝安区与汕头市澄海区": the districts are the pair, not the cities
        admin = finer
    distinct = _distinct(admin)
    if len(distinct) < 2:
        return None
    a, b = distinct[0], distinct[1]
    if ftype == "paired_assistance":
        before = [p for p in admin if p.end <= m_start]
        after = [p for p in admin if p.start >= m_end]
        if before and after:
            return before[-1].id, after[0].id
        return (a.id, b.id) if not b.hub or a.hub else (b.id, a.id)
    if ftype == "reverse_enclave":
        site = sentence.find("选址", m_end)
        if site < 0:
            site = sentence.find("選址", m_end)
        host = next((p for p in admin if site >= 0 and p.start >= site), None)
        if host is None:
            hubs = [p for p in (a, b) if p.hub]
            host = hubs[0] if len(hubs) == 1 else None
        if host is None:
            return None
        home_place = next((p for p in (a, b) if p.id != host.id), None)
        return (home_place.id, host.id) if home_place else None
    # co-built parks and cooperation axes: the hub-city side gives
    if a.hub != b.hub:
        return (a.id, b.id) if a.hub else (b.id, a.id)
    return a.id, b.id
