"""Read and validate a seed folder: ``places.yaml``, ``sources/*.yaml``, ``geometry/*.yaml``.

Every problem is reported as ``file:line: field: message`` and all of them are collected before failing, so a
curator fixes a whole file in one pass. Run ``python -m bayatlas.layers.seedio [DIR]`` to check a folder.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from bayatlas.layers.records import Commitment, Flow, LinkGeometry, Place, Site, Source


class SeedError(ValueError):
    """Seed data failed validation; ``problems`` lists ``file:line: field: message`` strings."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        head = f"{len(problems)} problem(s) in the seed data:\n  " + "\n  ".join(problems[:50])
        more = f"\n  … and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(head + more)


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that remembers the line of every mapping and of each of its keys."""

    def construct_mapping(self, node, deep=False):  # noqa: D401 - yaml API
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        mapping["__keylines__"] = {k.value: k.start_mark.line + 1 for k, _ in node.value if hasattr(k, "value")}
        return mapping


# Dates stay strings until pydantic sees them, so errors name the field rather than the YAML parser.
_LineLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _strip(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _strip(v) for k, v in obj.items() if k not in ("__line__", "__keylines__")}
    if isinstance(obj, list):
        return [_strip(v) for v in obj]
    return obj


@dataclass
class SeedData:
    """Everything in a seed folder, validated and cross-checked."""

    root: Path
    sources: dict[str, Source] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    commitments: list[Commitment] = field(default_factory=list)
    mentions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sites: dict[str, Site] = field(default_factory=dict)
    links: dict[str, LinkGeometry] = field(default_factory=dict)
    flows: list[Flow] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


class _Reader:
    def __init__(self, root: Path):
        self.root = root
        self.problems: list[str] = []

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def problem(self, path: Path, line: int | None, where: str, msg: str) -> None:
        self.problems.append(f"{self.rel(path)}:{line or 1}: {where}: {msg}")

    def load_yaml(self, path: Path) -> dict | None:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            self.problem(path, None, "file", f"not UTF-8 ({exc.reason} at byte {exc.start}); save it as UTF-8")
            return None
        try:
            data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            self.problem(path, mark.line + 1 if mark else None, "yaml", str(getattr(exc, "problem", exc)))
            return None
        if data is None:
            return {}
        if not isinstance(data, dict):
            self.problem(path, 1, "file", "expected a mapping at the top level (places:, source:, …)")
            return None
        return data

    def model(self, cls: type[BaseModel], raw: Any, path: Path, where: str, **extra) -> Any:
        if not isinstance(raw, dict):
            self.problem(path, None, where, f"expected a mapping, got {type(raw).__name__}")
            return None
        line = raw.get("__line__")
        keylines = raw.get("__keylines__", {})
        try:
            return cls.model_validate({**_strip(raw), **extra})
        except ValidationError as exc:
            for err in exc.errors():
                loc = [str(p) for p in err["loc"]]
                fld = loc[0] if loc else ""
                msg = err["msg"].removeprefix("Value error, ")
                self.problem(path, keylines.get(fld, line), f"{where}.{'.'.join(loc)}" if loc else where, msg)
            return None

    def items(self, data: dict, key: str, path: Path) -> list:
        value = data.get(key) or []
        if not isinstance(value, list):
            self.problem(path, data.get("__keylines__", {}).get(key), key, "expected a list")
            return []
        return value


def _add_place(reader: _Reader, out: SeedData, place: Place, path: Path, line: int | None) -> None:
    old = out.places.get(place.id)
    if old is None:
        out.places[place.id] = place
        return
    if (old.name, old.kind) != (place.name, place.kind):
        reader.problem(path, line, f"places.{place.id}",
                       f"id already defined as {old.name} ({old.kind}) in {old.defined_in}; pick another id")
        return
    aliases = tuple(dict.fromkeys(old.aliases + place.aliases))
    out.places[place.id] = old.model_copy(update={"aliases": aliases, "reviewed": old.reviewed or place.reviewed})


def _load_flows(reader: _Reader, out: SeedData, staged: list[tuple[Path, Source, list[tuple[int, dict]]]]) -> None:
    """Validate every ``flows:`` record and check that the places and commitments it names exist."""
    commitment_ids = {c.id for c in out.commitments}
    seen: dict[str, str] = {}
    for path, src, raws in staged:
        reviewed = not path.name.endswith(_DRAFT_SUFFIXES)
        for i, raw in raws:
            extra = {"source": src.id}
            if isinstance(raw, dict) and "reviewed" not in raw:
                extra["reviewed"] = reviewed
            rec = reader.model(Flow, raw, path, f"flows[{i}]", **extra)
            if rec is None:
                continue
            keylines = raw.get("__keylines__", {})
            ok = True
            for fld in ("origin", "destination", "via"):
                ref = getattr(rec, fld)
                if ref and ref not in out.places:
                    reader.problem(path, keylines.get(fld, raw.get("__line__")), f"flows[{i}].{fld}",
                                   f"unknown place id {ref!r}; define it under places:")
                    ok = False
            for ref in rec.subjects:
                if ref not in out.places:
                    reader.problem(path, keylines.get("subjects", raw.get("__line__")), f"flows[{i}].subjects",
                                   f"unknown place id {ref!r}")
                    ok = False
            for ref in rec.commitments:
                if ref not in commitment_ids:
                    reader.problem(path, keylines.get("commitments", raw.get("__line__")), f"flows[{i}].commitments",
                                   f"unknown commitment id {ref!r}; write <source-id>#<n> (n counts from 1)")
                    ok = False
            if rec.id in seen:
                reader.problem(path, keylines.get("id", raw.get("__line__")), f"flows[{i}].id",
                               f"{rec.id!r} is already used by a flow in {seen[rec.id]}")
                ok = False
            if ok:
                seen[rec.id] = src.id
                out.flows.append(rec)


#: Drafts written by ``bayatlas extract`` (YAML, or JSON with ``--format json``): their records load unreviewed.
_DRAFT_SUFFIXES = (".draft.yaml", ".draft.yml", ".draft.json")


def _is_source(p: Path) -> bool:
    return p.is_file() and (p.suffix in (".yaml", ".yml") or p.name.endswith(".draft.json"))


def load_seeds(root: Path | str) -> SeedData:
    """Load and validate a seed folder; raises :class:`SeedError` listing every problem found."""
    root = Path(root)
    if not root.is_dir():
        raise SeedError([f"{root}: not a folder; pass the seeds folder (the one holding places.yaml)"])
    reader = _Reader(root)
    out = SeedData(root=root)
    place_lines: dict[str, tuple[Path, int | None]] = {}

    catalogue = root / "places.yaml"
    sources_dir = root / "sources"
    source_files = sorted(p for p in sources_dir.iterdir() if _is_source(p)) if sources_dir.is_dir() else []
    source_files += sorted(p for p in root.iterdir() if _is_source(p) and p.name != "places.yaml")
    geometry_files = sorted((root / "geometry").glob("*.y*ml")) if (root / "geometry").is_dir() else []
    pending_mentions: list[tuple[Path, int | None, str, str]] = []

    if catalogue.exists():
        out.files.append(catalogue)
        data = reader.load_yaml(catalogue) or {}
        for i, raw in enumerate(reader.items(data, "places", catalogue)):
            place = reader.model(Place, raw, catalogue, f"places[{i}]", defined_in="catalogue")
            if place:
                _add_place(reader, out, place, catalogue, raw.get("__line__"))
                place_lines.setdefault(place.id, (catalogue, raw.get("__line__")))

    staged: list[tuple[Path, Source, list[tuple[dict, int]]]] = []
    staged_flows: list[tuple[Path, Source, list[tuple[int, dict]]]] = []
    for path in source_files:
        out.files.append(path)
        data = reader.load_yaml(path)
        if data is None:
            continue
        if "source" not in data:
            reader.problem(path, 1, "source", "missing: every source file starts with a `source:` block")
            continue
        src = reader.model(Source, data["source"], path, "source")
        if src is None:
            continue
        if src.id in out.sources:
            reader.problem(path, data["source"].get("__line__"), "source.id", f"{src.id!r} is used by another file")
            continue
        out.sources[src.id] = src
        for i, raw in enumerate(reader.items(data, "places", path)):
            place = reader.model(Place, raw, path, f"places[{i}]", defined_in=src.id,
                                 reviewed=not path.name.endswith(_DRAFT_SUFFIXES))
            if place:
                _add_place(reader, out, place, path, raw.get("__line__"))
                place_lines.setdefault(place.id, (path, raw.get("__line__")))
        mline = data.get("__keylines__", {}).get("mentions")
        mentions = data.get("mentions") or []
        if not isinstance(mentions, list):
            reader.problem(path, mline, "mentions", "expected a list of place ids")
            mentions = []
        out.mentions[src.id] = tuple(str(m) for m in mentions)
        pending_mentions += [(path, mline, src.id, str(m)) for m in mentions]
        staged.append((path, src, list(enumerate(reader.items(data, "commitments", path)))))
        staged_flows.append((path, src, list(enumerate(reader.items(data, "flows", path)))))

    for path, src, raws in staged:
        reviewed = not path.name.endswith(_DRAFT_SUFFIXES)
        for i, raw in raws:
            extra = {"source": src.id, "id": f"{src.id}#{i + 1}"}
            if isinstance(raw, dict) and "reviewed" not in raw:
                extra["reviewed"] = reviewed
            rec = reader.model(Commitment, raw, path, f"commitments[{i}]", **extra)
            if rec is None:
                continue
            if rec.subject not in out.places:
                reader.problem(path, raw.get("__keylines__", {}).get("subject", raw.get("__line__")),
                               f"commitments[{i}].subject", f"unknown place id {rec.subject!r}; define it under places:")
                continue
            out.commitments.append(rec)

    _load_flows(reader, out, staged_flows)

    for path, line, sid, pid in pending_mentions:
        if pid not in out.places:
            reader.problem(path, line, "mentions", f"unknown place id {pid!r} (source {sid})")

    for pid, place in out.places.items():
        path, line = place_lines.get(pid, (catalogue, None))
        for fld in ("parent", "line"):
            ref = getattr(place, fld)
            if ref and ref not in out.places:
                reader.problem(path, line, f"places.{pid}.{fld}", f"unknown place id {ref!r}")
        for ref in place.partners:
            if ref not in out.places:
                reader.problem(path, line, f"places.{pid}.partners", f"unknown place id {ref!r}")

    for path in geometry_files:
        out.files.append(path)
        data = reader.load_yaml(path) or {}
        for key, cls, target in (("sites", Site, out.sites), ("links", LinkGeometry, out.links)):
            for i, raw in enumerate(reader.items(data, key, path)):
                rec = reader.model(cls, raw, path, f"{key}[{i}]")
                if rec is None:
                    continue
                where, line = f"{key}[{i}].place", raw.get("__line__")
                place = out.places.get(rec.place)
                if place is None:
                    reader.problem(path, line, where, f"unknown place id {rec.place!r}")
                elif (place.kind == "link") != (key == "links"):
                    reader.problem(path, line, where, f"{rec.place!r}: links take `links:` waypoints, other "
                                                      "places a `sites:` point")
                elif rec.place in target:
                    reader.problem(path, line, where, f"{rec.place!r} already has geometry in another entry")
                else:
                    target[rec.place] = rec

    if not out.places:
        reader.problem(catalogue, None, "places", "no places found: is this a bayatlas seeds folder?")
    if reader.problems:
        raise SeedError(reader.problems)
    return out


def default_seeds_dir() -> Path:
    """The seed folder shipped inside the package (the curated data for the five source articles)."""
    import bayatlas.seeds

    return Path(bayatlas.seeds.__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else default_seeds_dir()
    try:
        data = load_seeds(root)
    except SeedError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"seeds OK: {len(data.sources)} sources, {len(data.places)} places, {len(data.commitments)} commitments, "
          f"{len(data.flows)} flows, {len(data.sites)} sites, {len(data.links)} link geometries in {root}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
