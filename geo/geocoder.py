"""Geocoding: names → WGS-84 geometry with a precision and a source, never a default point.

Two layers of knowledge:

* :func:`geocode` asks the embedded gazetteer (cities, districts, GeoNames towns) for a name in either script,
  with or without 镇/街道/区/市, in Chinese or pinyin, and uses ``context`` (a city or district) to choose
  among namesakes.
* :class:`Geocoder` adds the curated seeds: sourced sites and link waypoints, place aliases, and the parent
  chain used as an honest fallback (a park with no sourced site sits at its town, with precision ``town``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry

from bayatlas.geo.crs import to_wgs84
from bayatlas.geo.gazetteer import Entry, Gazetteer, load_gazetteer
from bayatlas.geo.names import is_chinese, latin_key, name_key, normalise

LEVEL_PRECISION = {"city": "city", "district": "district", "town": "town"}
KIND_LEVEL = {"city": "city", "district": "district", "town": "town", "subdistrict": "town"}
_SUFFIX_LEVEL = (("特别行政区", "city"), ("市", "city"), ("区", "district"), ("县", "district"),
                 ("街道", "town"), ("镇", "town"), ("乡", "town"))


class GeocodeError(LookupError):
    """A name could not be resolved; ``candidates`` lists namesakes outside the context, if any."""

    def __init__(self, message: str, candidates: Iterable[str] = ()):
        super().__init__(message)
        self.candidates = tuple(candidates)


@dataclass(frozen=True)
class Geocode:
    """Where a name is, how sure we are (``precision``) and who says so (``source``)."""

    query: str
    name: str
    geometry: BaseGeometry = field(repr=False)
    precision: str
    source: str
    city: str = ""
    district: str = ""
    matched_by: str = "name"
    place_id: str | None = None
    note: str = ""

    @property
    def point(self) -> Point:
        g = self.geometry
        if g.geom_type == "Point":
            return g
        if g.geom_type in ("LineString", "MultiLineString"):
            return g.interpolate(0.5, normalized=True)
        return g.representative_point()

    @property
    def lonlat(self) -> tuple[float, float]:
        return (round(self.point.x, 6), round(self.point.y, 6))


def _wanted_level(name: str) -> str | None:
    n = normalise(name)
    for suffix, level in _SUFFIX_LEVEL:
        if n.endswith(suffix):
            return level
    return None


def _context_filter(gaz: Gazetteer, entries: list[Entry], context: str | None) -> list[Entry]:
    if not context:
        return entries
    ctx = [e for e in gaz.lookup(context) if e.level in ("city", "district")]
    if not ctx:
        raise GeocodeError(f"context {context!r} is not a city or district the gazetteer knows")
    keep = []
    for e in entries:
        for c in ctx:
            if (c.level == "city" and e.city == c.city) or (c.level == "district" and e.district == c.name):
                keep.append(e)
                break
    return keep


def _rank(entries: list[Entry], query: str) -> list[Entry]:
    want = _wanted_level(query)
    full = normalise(query)
    order = {"city": 0, "district": 1, "town": 2}

    def score(e: Entry):
        return (want is not None and e.level != want, order[e.level], normalise(e.name) != full, e.uid)
    return sorted(entries, key=score)


def _from_entry(query: str, e: Entry, matched_by: str, note: str = "") -> Geocode:
    return Geocode(query=query, name=e.name, geometry=e.geometry, precision=LEVEL_PRECISION[e.level],
                   source=e.source, city=e.city, district=e.district, matched_by=matched_by, note=note)


def geocode(name: str, context: str | None = None, *, gazetteer: Gazetteer | None = None) -> Geocode:
    """Resolve an admin place name (city, district, town, subdistrict) with the embedded gazetteer.

    ``context`` is a city or district (any script or pinyin) used to pick among namesakes. Raises
    :class:`GeocodeError` when nothing matches or when namesakes remain that the context cannot separate.
    """
    gaz = gazetteer or load_gazetteer()
    if not name or not name.strip():
        raise GeocodeError("empty name")
    hits = gaz.lookup(name)
    matched_by = "name"
    if not context and hits and is_chinese(name) and _wanted_level(name) in (None, "town"):
        # without a context, a pinyin namesake in another city makes the name ambiguous (凤岗: 肇庆 or 东莞?)
        known = {e.uid for e in hits}
        hits += [e for e in gaz.lookup_pinyin(name) if e.uid not in known and e.level == "town"]
    in_ctx = _context_filter(gaz, hits, context)
    if not in_ctx and is_chinese(name) and _wanted_level(name) in (None, "town"):
        py = _context_filter(gaz, gaz.lookup_pinyin(name), context)
        if py:
            in_ctx, matched_by = py, "pinyin"
    if not in_ctx:
        where = f" in {context}" if context else ""
        others = [f"{e.name} ({e.city}{e.district and ' ' + e.district})" for e in hits]
        hint = f"; namesakes elsewhere: {', '.join(others)}" if others else ""
        raise GeocodeError(f"{name!r} not found{where}{hint}", others)
    ranked = _rank(in_ctx, name)
    best = ranked[0]
    ties = [e for e in ranked[1:] if e.level == best.level and (e.city, e.district) != (best.city, best.district)]
    if ties and not context:
        names = [f"{e.name} ({e.city}{e.district and ' ' + e.district})" for e in [best, *ties]]
        raise GeocodeError(f"{name!r} is ambiguous: {', '.join(names)}; give a context city or district", names)
    note = "matched by pinyin of the Chinese name against GeoNames" if matched_by == "pinyin" else ""
    return _from_entry(name, best, matched_by, note)


class Geocoder:
    """Seed-aware geocoder: sourced sites and links first, the gazetteer for admin areas, parents as fallback."""

    def __init__(self, seeds, gazetteer: Gazetteer | None = None):
        self.seeds = seeds
        self.gaz = gazetteer or load_gazetteer()
        self._cache: dict[str, Geocode | GeocodeError] = {}
        self._by_key: dict[str, list[str]] = {}
        for pid, p in seeds.places.items():
            keys = {name_key(n) for n in (p.name, *p.aliases)} | {latin_key(p.name_en)}
            for k in sorted(k for k in keys if k):
                self._by_key.setdefault(k, []).append(pid)

    # -- seed places ---------------------------------------------------------------------------------------------
    def _context_of(self, pid: str | None) -> str | None:
        """Nearest district or city above a place, as a gazetteer context."""
        seen = set()
        while pid and pid not in seen:
            seen.add(pid)
            p = self.seeds.places.get(pid)
            if p is None:
                return None
            if p.kind in ("district", "city"):
                return p.name
            pid = p.parent
        return None

    def locate(self, pid: str) -> Geocode:
        """Geometry of a seed place; raises :class:`GeocodeError` with the reason when it cannot be placed."""
        hit = self._cache.get(pid)
        if hit is None:
            try:
                hit = self._locate(pid, set())
            except GeocodeError as exc:
                hit = exc
            self._cache[pid] = hit
        if isinstance(hit, GeocodeError):
            raise hit
        return hit

    def _locate(self, pid: str, seen: set[str]) -> Geocode:
        if pid in seen:
            raise GeocodeError(f"{pid}: parent chain loops")
        seen.add(pid)
        p = self.seeds.places[pid]
        if p.kind == "link":
            link = self.seeds.links.get(pid)
            if link is None:
                raise GeocodeError(f"{p.name} ({pid}): no sourced alignment in seeds/geometry; not drawn")
            coords = [to_wgs84(*w.lonlat, w.crs) for w in link.waypoints]
            sources = sorted({w.source for w in link.waypoints})
            note = f"{len(coords)} sourced waypoints" + (f"; {link.note}" if link.note else "")
            return Geocode(query=p.name, name=p.name, geometry=LineString(coords), precision=link.precision,
                           source="; ".join(sources), matched_by="waypoints", place_id=pid, note=note)
        site = self.seeds.sites.get(pid)
        if site is not None:
            lon, lat = to_wgs84(*site.lonlat, site.crs)
            city, district = self.gaz.admin_at(lon, lat)
            note = site.note or ""
            if site.crs not in ("WGS84", "CGCS2000"):
                note = (note + f" (published in {site.crs}, converted to WGS-84)").strip()
            return Geocode(query=p.name, name=p.name, geometry=Point(lon, lat), precision=site.precision,
                           source=site.source, city=city, district=district, matched_by="site", place_id=pid,
                           note=note)
        gaz_error = None
        if p.kind in KIND_LEVEL:
            try:
                g = geocode(p.name, self._context_of(p.parent), gazetteer=self.gaz)
            except GeocodeError as exc:
                gaz_error = exc
            else:
                return Geocode(query=p.name, name=p.name, geometry=g.geometry, precision=g.precision,
                               source=g.source, city=g.city, district=g.district, matched_by=g.matched_by,
                               place_id=pid, note=g.note)
        parent = p.line if p.kind == "station" and not p.parent else p.parent
        if not parent:
            why = f"not in the gazetteer ({gaz_error})" if gaz_error else "no sourced site"
            raise GeocodeError(f"{p.name} ({pid}): {why} and no parent to fall back to")
        if self.seeds.places[parent].kind == "link":
            raise GeocodeError(f"{p.name} ({pid}): no sourced site; a station is not placed on its line by guess")
        up = self._locate(parent, seen)
        precision = up.precision if up.precision in ("town", "district", "city") else "near"
        up_name = self.seeds.places[parent].name
        why = "not in the gazetteer" if gaz_error else "no sourced site"
        return Geocode(query=p.name, name=p.name, geometry=up.point, precision=precision, source=up.source,
                       city=up.city, district=up.district, matched_by="parent", place_id=pid,
                       note=f"{why}; placed at {up_name} ({up.precision})")

    # -- free names ----------------------------------------------------------------------------------------------
    def geocode(self, name: str, context: str | None = None) -> Geocode:
        """Resolve a free name: a seed place (name or alias, either script) first, then the gazetteer."""
        pids = self._by_key.get(name_key(name)) or self._by_key.get(latin_key(name), [])
        if len(pids) > 1 and context:
            ctx = self.gaz.city_of(context)
            pids = [p for p in pids if self._city_of_place(p) == ctx] or pids
        if len(pids) == 1:
            return self.locate(pids[0])
        if len(pids) > 1:
            names = [f"{self.seeds.places[p].name} ({p})" for p in pids]
            raise GeocodeError(f"{name!r} is ambiguous among seed places: {', '.join(names)}", names)
        return geocode(name, context, gazetteer=self.gaz)

    def _city_of_place(self, pid: str) -> str | None:
        try:
            return self.locate(pid).city or None
        except GeocodeError:
            return None
