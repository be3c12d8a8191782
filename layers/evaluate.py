"""Score extracted drafts against reviewed records: figure and attached P/R/F1, place-mention recall.

* **figure** — a predicted commitment matches a gold one when their values agree within 0.5 % in base units and
  their units are of the same class (money, area, share, count, length, time);
* **attached** — a figure match whose subjects are the same place (compared by name in either script, with or
  without 镇/街道/区/市, and by aliases; for parks, zones, projects and stations one name of four or more
  characters may contain the other: 凤岗站 / 深惠城际凤岗站);
* **place recall** — the share of gold-mentioned places whose name the prediction also found.

Documents are paired by their ``source.article`` file name. Matching is one-to-one: each gold record takes at
most one prediction, preferring the one whose evidence overlaps its own.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bayatlas.geo.names import name_key
from bayatlas.layers.units import UNIT_CLASS, UnknownUnit, lookup

TOLERANCE = 0.005


@dataclass
class _Doc:
    article: str
    path: Path
    commitments: list[dict]
    mentions: list[str]
    places: dict[str, dict]


@dataclass
class Score:
    """Counts and rates for one document or for the pool."""

    name: str
    gold: int = 0
    pred: int = 0
    figure_tp: int = 0
    attached_tp: int = 0
    places_gold: int = 0
    places_found: int = 0
    missing: list[str] = field(default_factory=list)

    @staticmethod
    def _prf(tp: int, pred: int, gold: int) -> tuple[float, float, float]:
        p = tp / pred if pred else 0.0
        r = tp / gold if gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def figure(self) -> tuple[float, float, float]:
        return self._prf(self.figure_tp, self.pred, self.gold)

    @property
    def attached(self) -> tuple[float, float, float]:
        return self._prf(self.attached_tp, self.pred, self.gold)

    @property
    def place_recall(self) -> float:
        return self.places_found / self.places_gold if self.places_gold else 0.0

    def add(self, other: "Score") -> None:
        for f in ("gold", "pred", "figure_tp", "attached_tp", "places_gold", "places_found"):
            setattr(self, f, getattr(self, f) + getattr(other, f))

    def row(self) -> dict:
        fp, fr, ff = self.figure
        ap, ar, af = self.attached
        return {"document": self.name, "gold": self.gold, "pred": self.pred, "figure_P": fp, "figure_R": fr,
                "figure_F1": ff, "attached_P": ap, "attached_R": ar, "attached_F1": af,
                "place_recall": self.place_recall}


def _load_dir(root: Path) -> tuple[dict[str, _Doc], dict[str, dict]]:
    """Documents (by article file name) and every place defined anywhere under ``root``."""
    docs: dict[str, _Doc] = {}
    places: dict[str, dict] = {}
    files = sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml", ".json") and p.is_file())
    for path in files:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise ValueError(f"{path}: cannot read ({exc}); eval reads seed-format YAML or JSON") from exc
        if not isinstance(data, dict):
            continue
        for p in data.get("places") or []:
            if isinstance(p, dict) and "id" in p:
                places.setdefault(p["id"], p)
        src = data.get("source")
        if not isinstance(src, dict):
            continue
        article = Path(str(src.get("article") or src.get("id") or path.stem)).name
        if article in docs:
            raise ValueError(f"{path}: a second document for article {article!r} (first: {docs[article].path})")
        docs[article] = _Doc(article, path, list(data.get("commitments") or []), list(data.get("mentions") or []),
                             {p["id"]: p for p in data.get("places") or [] if isinstance(p, dict) and "id" in p})
    return docs, places


def _catalogue() -> dict[str, dict]:
    from bayatlas.layers.seedio import default_seeds_dir

    _, places = _load_dir(default_seeds_dir())
    return places


def _keys(pid: str, *tables: dict[str, dict]) -> set[str]:
    for t in tables:
        if pid in t:
            p = t[pid]
            return {name_key(n) for n in (p.get("name", ""), *(p.get("aliases") or [])) if n}
    return {pid}


_ADMIN = {"city", "district", "town", "subdistrict", None}


def _kind(pid: str, *tables: dict[str, dict]) -> str | None:
    for t in tables:
        if pid in t:
            return t[pid].get("kind")
    return None


def _base(c: dict) -> tuple[float, str] | None:
    try:
        u = lookup(str(c["unit"]))
        return float(c["value"]) * u.factor, UNIT_CLASS.get(u.base, u.base)
    except (KeyError, TypeError, ValueError, UnknownUnit):
        return None


def _same_figure(g: dict, p: dict) -> bool:
    bg, bp = _base(g), _base(p)
    if bg is None or bp is None or bg[1] != bp[1]:
        return False
    return abs(bg[0] - bp[0]) <= TOLERANCE * max(abs(bg[0]), 1e-9)


def _overlap(g: dict, p: dict) -> bool:
    a, b = str(g.get("evidence", "")), str(p.get("evidence", ""))
    return bool(a and b) and (a in b or b in a or a[-6:] in b or b[-6:] in a)


def _match(gold: list[dict], pred: list[dict], same_subject) -> int:
    """Size of a one-to-one matching, evidence-overlapping pairs first."""
    used: set[int] = set()
    tp = 0
    for g in gold:
        cands = [i for i, p in enumerate(pred) if i not in used and _same_figure(g, p) and same_subject(g, p)]
        if not cands:
            continue
        best = next((i for i in cands if _overlap(g, pred[i])), cands[0])
        used.add(best)
        tp += 1
    return tp


def evaluate(gold_dir: Path | str, pred_dir: Path | str) -> tuple[list[Score], Score]:
    """Per-document scores and the pooled score (micro-averaged over all records)."""
    gdocs, gplaces = _load_dir(Path(gold_dir))
    pdocs, pplaces = _load_dir(Path(pred_dir))
    cat = _catalogue()
    rows: list[Score] = []
    pool = Score("pooled")
    for article in sorted(gdocs):
        g = gdocs[article]
        s = Score(article, gold=len(g.commitments), places_gold=len(set(g.mentions)))
        p = pdocs.get(article)
        if p is None:
            s.missing.append("no prediction for this article")
        else:
            s.pred = len(p.commitments)
            s.figure_tp = _match(g.commitments, p.commitments, lambda a, b: True)

            def same_subject(a: dict, b: dict, g: _Doc = g, p: _Doc = p) -> bool:
                sa, sb = str(a.get("subject")), str(b.get("subject"))
                ga, pb = _keys(sa, g.places, gplaces, cat), _keys(sb, p.places, pplaces, cat)
                if ga & pb:
                    return True
                # a park, zone or project named a little more or less fully (凤岗站 / 深惠城际凤岗站)
                admin = {_kind(sa, g.places, gplaces, cat), _kind(sb, p.places, pplaces, cat)} & _ADMIN
                return not admin and any(len(x) >= 4 and len(y) >= 4 and (x in y or y in x) for x in ga for y in pb)

            s.attached_tp = _match(g.commitments, p.commitments, same_subject)
            found: set[str] = set()
            for pid in p.mentions:
                found |= _keys(pid, p.places, pplaces, cat)
            for pid in sorted(set(g.mentions)):
                if _found(_keys(pid, g.places, gplaces, cat), found):
                    s.places_found += 1
                else:
                    s.missing.append(pid)
        rows.append(s)
        pool.add(s)
    return rows, pool


def _found(gold_keys: set[str], found: set[str]) -> bool:
    """A gold place is found when a predicted name equals one of its names, or one contains the other (three or
    more characters: 深惠城际凤岗站 covers 凤岗站)."""
    if gold_keys & found:
        return True
    return any(len(g) >= 3 and len(f) >= 3 and (g in f or f in g) for g in gold_keys for f in found)


def markdown_table(rows: list[Score], pool: Score) -> str:
    """The scores as a Markdown table (the README shows one)."""
    head = ("| document | gold | pred | figure P | figure R | figure F1 | attached P | attached R | attached F1 "
            "| place recall |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    lines = [head]
    for s in [*rows, pool]:
        r = s.row()
        name = f"**{r['document']}**" if s is pool else r["document"]
        lines.append(f"| {name} | {r['gold']} | {r['pred']} | " + " | ".join(
            f"{r[k]:.2f}" for k in ("figure_P", "figure_R", "figure_F1", "attached_P", "attached_R",
                                    "attached_F1", "place_recall")) + " |")
    return "\n".join(lines)
