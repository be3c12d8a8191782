"""Command line: ``bayatlas build | geocode | places``. Every command ends with a short summary."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bayatlas import __version__


def _progress():
    from rich.progress import track

    def wrap(items, label):
        return track(items, description=label, transient=True, disable=not sys.stderr.isatty())
    return wrap


def _print_analytics(a) -> None:
    from bayatlas import settings

    if "flows" in a.layers and len(a["flows"]):
        by_type = a["flows"]["type"].value_counts().sort_index()
        print("  flows by type: " + ", ".join(f"{t} {n}" for t, n in by_type.items()))
    members = a.tables.get("catchment_members")
    if members is not None:
        km = "/".join(f"{d:g}" for d in settings.CATCHMENT_KM)
        print(f"  catchments ({km} km): {members['corridor'].nunique()} links and stations, {len(members)} "
              f"memberships; tables: " + ", ".join(f"{t}.csv/.parquet" for t in settings.TABLES))


def cmd_build(args) -> int:
    from bayatlas.build import build

    t0 = time.perf_counter()
    res = build(args.seeds, args.out, tiles=args.tiles, self_contained=not args.cdn, progress=_progress())
    a = res.atlas
    s = a.summary()
    print(f"bayatlas build: {s['sources']} sources, {len(a.seeds.places)} places, {s['commitments']} commitments")
    for name, n in s["layers"].items():
        unres = int((a[name]["precision"] == "unresolved").sum()) if "precision" in a[name] else 0
        tail = f" ({unres} without geometry)" if unres else ""
        print(f"  {name:<12} {n:>4} features{tail}")
    print(f"  located at a parent (town/district) for lack of a sourced site: {s['fallbacks']}")
    _print_analytics(a)
    if a.unresolved:
        print(f"  unresolved ({len(a.unresolved)}): not drawn, kept in the layers with empty geometry:")
        for u in a.unresolved:
            print(f"    - {u['reason']}")
    print(f"  wrote {len(res.outputs)} files to {Path(args.out).resolve()} in {time.perf_counter() - t0:.1f}s:")
    print("    " + " ".join(p.name for p in res.outputs))
    return 0


def cmd_geocode(args) -> int:
    from bayatlas.geo.geocoder import GeocodeError, Geocoder, geocode
    from bayatlas.layers.seedio import default_seeds_dir, load_seeds

    coder = Geocoder(load_seeds(args.seeds or default_seeds_dir())) if not args.gazetteer_only else None
    failed = 0
    for name in args.names:
        try:
            g = coder.geocode(name, args.context) if coder else geocode(name, args.context)
        except GeocodeError as exc:
            failed += 1
            print(f"{name}\tUNRESOLVED\t{exc}")
            continue
        lon, lat = g.lonlat
        where = " ".join(x for x in (g.city, g.district) if x)
        print(f"{name}\t{g.name}\t{lon:.6f},{lat:.6f}\t{g.precision}\t{where}\t{g.source}"
              + (f"\t{g.note}" if g.note else ""))
    print(f"geocoded {len(args.names) - failed} of {len(args.names)} name(s)", file=sys.stderr)
    return 1 if failed else 0


def cmd_places(args) -> int:
    from bayatlas.layers.assemble import build_atlas
    from bayatlas.layers.seedio import default_seeds_dir

    atlas = build_atlas(args.seeds or default_seeds_dir())
    rows = []
    for layer in ("towns", "parks", "stations", "links"):
        for _, r in atlas[layer].sort_values("id").iterrows():
            if args.kind and r["kind"] != args.kind:
                continue
            g = r.geometry
            pt = "" if g is None or g.is_empty else (f"{g.x:.6f},{g.y:.6f}" if g.geom_type == "Point" else
                                                      f"{r.get('length_km', 0):.1f} km line")
            rows.append((r["id"], r["name"], r["name_en"], r["kind"], r["bank"], r["precision"],
                         int(r.get("n_commitments", 0)), pt))
    for row in rows:
        print("\t".join(str(x) for x in row))
    by_prec: dict[str, int] = {}
    for row in rows:
        by_prec[row[5]] = by_prec.get(row[5], 0) + 1
    print(f"{len(rows)} place(s); precision: " + ", ".join(f"{k} {v}" for k, v in sorted(by_prec.items())),
          file=sys.stderr)
    return 0


def _basemap(value: str) -> str:
    """``--tiles`` value: a basemap of settings.BASEMAPS that can be offered now, or ``none``."""
    from bayatlas.maps.basemaps import choose

    try:
        choose(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value


def cmd_report(args) -> int:
    from bayatlas.layers.assemble import build_atlas
    from bayatlas.layers.seedio import default_seeds_dir
    from bayatlas.report import write_report

    rep = write_report(build_atlas(args.seeds or default_seeds_dir(), progress=_progress()), args.out,
                       map_href=args.map or None)
    print(f"bayatlas report: wrote {args.out} ({rep.fmt}): {rep.summary}")
    return 0


def make_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="bayatlas", description="Map commitments across the Pearl River estuary's banks.")
    p.add_argument("--version", action="version", version=f"bayatlas {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build GeoJSON layers, a GeoPackage and the HTML map")
    b.add_argument("--seeds", type=Path, default=None, help="seed folder (default: the embedded seeds)")
    b.add_argument("--out", type=Path, default=Path("out"), help="output folder (default: ./out)")
    b.add_argument("--tiles", type=_basemap, default="osm", metavar="{osm,positron,imagery,amap,tianditu,none}",
                   help="default basemap, the others offered in the switcher; tianditu needs BAYATLAS_TIANDITU_KEY; "
                        "none: no tiles, zero network requests (default: osm)")
    b.add_argument("--cdn", action="store_true", help="link Leaflet from CDNs instead of inlining it")
    b.add_argument("--offline", action="store_true", help="self-contained HTML (the default; kept for clarity)")
    b.set_defaults(func=cmd_build)

    g = sub.add_parser("geocode", help="locate place names (simplified, traditional or pinyin)")
    g.add_argument("names", nargs="+", metavar="NAME")
    g.add_argument("--context", help="city or district that contains the place, e.g. 东莞 or Dongguan")
    g.add_argument("--seeds", type=Path, default=None, help="seed folder whose places are searched first")
    g.add_argument("--gazetteer-only", action="store_true", help="ignore the seeds; ask the gazetteer only")
    g.set_defaults(func=cmd_geocode)

    pl = sub.add_parser("places", help="list the seed places with their location, bank and precision")
    pl.add_argument("--seeds", type=Path, default=None)
    pl.add_argument("--kind", help="only this kind (town, park, zone, project, station, link …)")
    pl.set_defaults(func=cmd_places)

    r = sub.add_parser("report", help="one-page summary: totals per bank and corridor, top commitments, unresolved")
    r.add_argument("--seeds", type=Path, default=None, help="seed folder (default: the embedded seeds)")
    r.add_argument("--out", type=Path, default=Path("report.html"), help="report.html or report.md (default: report.html)")
    r.add_argument("--map", default="atlas.html", help="link to the map, relative to the report ('' for none)")
    r.set_defaults(func=cmd_report)

    from bayatlas.cli_extract import add_parsers

    add_parsers(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    from bayatlas.layers.seedio import SeedError

    args = make_parser().parse_args(argv)
    try:
        return args.func(args)
    except SeedError as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("fix the seed files above (see seeds/README.md for the format); nothing was written", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {exc}; nothing was written", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
