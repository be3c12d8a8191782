"""Draft seed records from article text: the source, the places it names, every figure it states, and the
relations between places it states.

:func:`extract_text` returns one draft source in the seed format of ``seeds/README.md`` (a plain dict, ready for
YAML or JSON), with character offsets for every evidence span (``evidence_start``/``evidence_end``) and every
place mention (``mention_spans``). Drafts are for review: saved as ``<id>.draft.yaml`` they load with
:func:`~bayatlas.layers.seedio.load_seeds`, and the map flags their records as unreviewed.

Places come from :mod:`bayatlas.geo.geoparse`, figures from :mod:`~bayatlas.layers.figures`, and how each figure
is read (subject, modality, year, metric, evidence) from :mod:`~bayatlas.layers.figure_context`. This module turns
them into records: seed ids for every place (catalogue ids, gazetteer places and names found by their form, each
defined with the parent the text implies), one commitment per figure, and draft flows.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from pathlib import Path
from typing import Final

from bayatlas.geo.geoparse import FORM_SUFFIXES, KnownPlace, Mention, PlaceIndex, default_index, matching_text, \
    place_slug
from bayatlas.layers.figure_context import _Ctx, article_context, mentions_in, publication_date, read_figure, \
    title_span
from bayatlas.layers.figures import find_figures

_ADMIN_RANK: Final = {"city": 0, "district": 1, "town": 2, "subdistrict": 2}
_FLOW_TRIGGER: Final = re.compile(r"反向飞地|对口帮扶|对口协作|结对帮扶|共建|合作园|落户|招引|来自|迁入|布局分支|组团|走廊|发展轴|合作轴|一体化")


class Extractor:
    """Turns article text into draft seed records; build once (the place index is the costly part)."""

    def __init__(self, index: PlaceIndex | None = None):
        from bayatlas.native import warn_if_stale

        warn_if_stale()
        self.index = index or default_index()
        # Ids that depend on the place alone, kept across articles: a dict lookup costs less than the slug and pinyin
        # calls (lru-cached underneath) and string work it spares. Emptied when full, as a bound on a long batch.
        self._form_ids: dict[str, tuple[str, str]] = {}  # name found by its form → (seed id, pinyin)
        self._gazetteer_ids: dict[str, str] = {}  # gazetteer place key → seed id

    def extract(self, text: str, *, article: str, source_id: str | None = None,
                published: dt.date | None = None) -> dict:
        """One draft source (seed format) for ``text``; ``article`` is the file name recorded as its source."""
        if "\r" in text:  # one scan for the usual text (read_article has done this), not two replace passes
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        mtext, script = matching_text(text)
        mentions = self.index.find(mtext)
        title_start, title_end = title_span(mtext)
        found_date = publication_date(mtext)
        pub = published or found_date
        ctx = article_context(text, mtext, mentions, pub, (title_start, title_end))
        main = ctx.main
        records: list[dict] = []
        used: dict = {}
        seen: set[tuple] = set()
        ids: dict[object, str | None] = {}
        unplaced = 0
        for fig in find_figures(mtext):
            r = read_figure(ctx, fig)
            pid = self._pid_of(r.subject, ids, used, mentions, main) if r.subject is not None else None
            if pid is None:
                unplaced += 1
                continue
            key = (pid, fig.value, fig.value_max, fig.unit, r.metric)
            if key in seen:
                continue
            seen.add(key)
            es, ee = r.evidence
            records.append({
                "subject": pid, "metric": r.metric, "category": r.category, "value": fig.value,
                "value_max": fig.value_max, "unit": fig.unit, "comparator": fig.comparator, "year": r.year,
                "modality": r.modality, "evidence": text[es:ee], "evidence_start": es, "evidence_end": ee})
        spans: list[list] = []
        for m in mentions:
            pid = self._pid_of(m, ids, used, mentions, main)
            if pid is not None:
                start, end, _name, _kind, _place, _hint = m  # unpacked: a NamedTuple getattr is slow compiled
                spans.append([pid, start, end])
        sid = source_id or source_slug(article)
        flows = self._flows(ctx, sid, used, main)
        title = text[title_start:title_end].strip()[:60] or article
        date_note = ("given on the command line" if published else
                     "date found in the text" if found_date else
                     "no date found in the text: fill it in or pass --published")
        if unplaced:
            date_note += (f"; {unplaced} figure(s) left out: the article names no place to attach them to "
                          "(add the place and its figures by hand)")
        source: dict = {"id": sid, "title": title or article, "publisher": "unknown (extracted draft; fill in)",
                  "published": pub.isoformat() if pub else None,
                  "published_estimated": pub is None or (published is None and found_date is None),
                  "date_note": date_note,
                  "language": "zh", "script": script, "article": article, "url": None}
        return {"source": source, "mentions": sorted({s[0] for s in spans}),
                "places": [used[k] for k in sorted(used)], "commitments": records, "flows": flows,
                "mention_spans": spans}

    def _flows(self, ctx, sid: str, used: dict, main: Mention | None) -> list[dict]:
        """Relations between places that a sentence states (co-built parks, 反向飞地, firms moving …), as drafts
        (:func:`bayatlas.layers.flows.find_relation` reads each sentence that has a trigger word)."""
        from bayatlas.layers.flows import PlaceSpan, find_relation

        out: list[dict] = []
        fids: set[str] = set()
        home = self._place_id(main, used, ctx.mentions, None) if main is not None else None
        for s0, s1 in _admin_sentences(ctx):
            if _FLOW_TRIGGER.search(ctx.mtext, s0, s1) is None:
                continue
            inside = mentions_in(ctx, s0, s1)
            if sum(1 for k in inside if k[3] in _ADMIN_RANK) + (home is not None) < 2:  # k[3]: its kind
                continue  # a relation needs two places
            places: list[PlaceSpan] = []
            for k in inside:
                kid = self._place_id(k, used, ctx.mentions, main)
                if kid is not None:
                    start, end, _name, kind, place, _hint = k
                    places.append(PlaceSpan(kid, kind, start - s0, end - s0, place.city if place is not None else ""))
            if not places:
                continue
            flow = find_relation(ctx.mtext[s0:s1], places, home)
            if flow is None:
                continue
            at = ctx.mtext.find(flow.evidence, s0, s1)
            evidence = ctx.text[at:at + len(flow.evidence)] if at >= 0 else flow.evidence
            fid = f"{sid}-{flow.id}"[:80].rstrip("-")
            if fid in fids:
                continue
            fids.add(fid)
            rec: dict = {"id": fid, "origin": flow.origin, "destination": flow.destination, "type": flow.type}
            if flow.via:
                rec["via"] = flow.via
                rec["subjects"] = [flow.via]
            rec["evidence"] = evidence
            rec["note"] = f"extracted: evidence at characters {at}-{at + len(flow.evidence)} of the article"
            out.append(rec)
        return out

    # ---------------------------------------------------------------------------------------------------------
    def _pid_of(self, m: Mention, ids: dict[object, str | None], used: dict, mentions: list[Mention],
                main: Mention | None) -> str | None:
        """:meth:`_place_id` once per place (per name and kind for names found by their form); ``ids`` keeps the
        answers for the article. A method, not a closure: the compiled build calls it natively."""
        _start, _end, name, kind, place, _hint = m  # unpacked: a NamedTuple getattr is slow compiled
        key: object = place.key if place is not None else (name, kind)
        pid = ids.get(key, "")  # one lookup, not `in` then `[]`: "" marks a place not asked yet (no id is empty)
        if pid == "":
            pid = ids[key] = self._place_id(m, used, mentions, main)
        return pid

    def _place_id(self, m: Mention, used: dict, mentions: list[Mention], main: Mention | None) -> str | None:
        """The seed id for a mention, defining draft places (gazetteer towns, names found by form) as needed; None
        when a new name has no place to sit in (an article that names no admin place at all)."""
        _start, _end, name, kind, place, hint = m  # unpacked: a NamedTuple getattr is slow compiled
        if place is not None:
            return self._known_id(place, used)
        # pinyin plus a short hash of the name: two drafts naming the same place agree on its id, and namesakes in
        # sound (新城站 / 新程站) do not collide
        cached = self._form_ids.get(name)
        if cached is None:
            if len(self._form_ids) >= _ID_CACHE_SIZE:
                self._form_ids.clear()
            cached = self._form_ids[name] = (_form_id(name), _title_pinyin(name))
        pid, name_en = cached
        if pid in used:
            return pid
        rec: dict = {"id": pid, "name": name, "name_en": name_en, "kind": kind}
        if kind == "link":  # item by item: a keyword update builds a dict of the keywords first
            rec["mode"] = _link_mode(name)
            rec["status"] = "planned"
            rec["status_source"] = "assumed by the extractor: review"
        elif kind == "station" and hint is not None and hint.kind == "link":
            rec["line"] = self._known_id(hint, used)
        else:
            parent = self._parent_of(m, used, mentions, main)
            if parent == pid:  # never its own parent
                parent = self._parent_of(m, used, mentions, None)
            if parent is None:
                if kind != "station":
                    return None
            else:
                rec["parent"] = parent
        rec["note"] = "found by its form in the text; located at its parent until a site is curated"
        used[pid] = rec
        return pid

    def _parent_of(self, m: Mention, used: dict, mentions: list[Mention], main: Mention | None) -> str | None:
        """The admin place the text implies for a new name: the one written at its start (凤岗站), else the last town,
        subdistrict or district named shortly before it, else the article's main place, else the first admin place
        the article names."""
        hint = m.parent_hint
        if hint is not None and hint.kind in _ADMIN_RANK:
            return self._known_id(hint, used)
        lo = max(m.start - 60, 0)
        i = _first_at(mentions, m.start)
        while i > 0 and mentions[i - 1].start >= lo:
            i -= 1
            k = mentions[i]
            if k.place is not None and k.kind in ("town", "subdistrict", "district"):
                return self._known_id(k.place, used)
        if main is not None and not (main.place is None and (main.name, main.kind) == (m.name, m.kind)):
            if main.place is not None:
                return self._known_id(main.place, used)
            return self._place_id(main, used, mentions, None)  # a zone that the article is about (横琴合作区)
        first = next((k.place for k in mentions if k.place is not None and k.kind in _ADMIN_RANK), None)
        return self._known_id(first, used) if first is not None else None

    def _known_id(self, kp: KnownPlace, used: dict) -> str:
        if kp.place_id:
            return kp.place_id
        if kp.key in used:
            return used[kp.key]["id"]
        pid = self._gazetteer_ids.get(kp.key)
        if pid is None:
            if len(self._gazetteer_ids) >= _ID_CACHE_SIZE:
                self._gazetteer_ids.clear()
            pid = self._gazetteer_ids[kp.key] = _gazetteer_id(kp)
        rec: dict = {"id": pid, "name": kp.name, "name_en": kp.name_en, "kind": kp.kind}
        if kp.parent_key:
            parent = self.index.places.get(kp.parent_key)
            if parent is not None:
                rec["parent"] = self._known_id(parent, used)
        rec["note"] = "gazetteer place named in the text"
        used[kp.key] = rec
        return pid


def _admin_sentences(ctx: _Ctx) -> list[tuple[int, int]]:
    """``[start, end)`` of each sentence where an admin place starts, in text order: the only sentences that can
    state a relation (it needs an admin place in the sentence). Scanning these for a trigger word, not the whole
    text, finds the same sentences for less (no trigger word holds a sentence end) and skips most of the text."""
    bounds = ctx.sent_bounds  # every sentence end, framed by -1 and len(mtext)
    out: list[tuple[int, int]] = []
    i = 1
    last = -1
    for m in ctx.mentions:  # sorted by start; m[3] its kind, m[0] its start: no NamedTuple getattr, no full unpack
        if m[3] not in _ADMIN_RANK:
            continue
        start = m[0]
        while bounds[i] < start:  # bisect_left(bounds, start) as in sentence_of, walked along the sorted mentions
            i += 1
        if i != last:
            last = i
            out.append((bounds[i - 1] + 1, bounds[i]))
    return out


#: Entries kept in each of the extractor's id caches before it is emptied.
_ID_CACHE_SIZE: Final = 65536


def _gazetteer_id(kp: KnownPlace) -> str:
    """Seed id of a gazetteer place: pinyin of its name, with its city's when it is not a city and the name does
    not end with it already."""
    e = kp.entry
    city_slug = place_slug(kp.city.removesuffix("市")) if kp.city else ""
    pid = place_slug(e.name if e is not None else kp.name)
    if kp.kind != "city" and city_slug and not pid.endswith(city_slug):
        pid = f"{pid}-{city_slug}"
    return pid


def _form_id(name: str) -> str:
    """Seed id of a name found by its form: pinyin plus a short hash of the name."""
    return f"{place_slug(name)[:40].rstrip('-')}-{hashlib.sha1(name.encode()).hexdigest()[:4]}"


def _first_at(mentions: list[Mention], pos: int) -> int:
    """Index of the first mention starting at or after ``pos`` (mentions are sorted by offset): ``bisect_left``
    written out, as the compiled build would call a ``key`` function through Python for every step."""
    lo, hi = 0, len(mentions)
    while lo < hi:
        mid = (lo + hi) // 2
        if mentions[mid].start < pos:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _title_pinyin(name: str) -> str:
    from bayatlas.geo.names import pinyin

    return pinyin(name)


_LINK_SUFFIXES: Final = sorted(((sfx, mode) for sfx, (_kind, mode) in FORM_SUFFIXES.items() if mode), key=lambda x: -len(x[0]))


def _link_mode(name: str) -> str:
    if "号线" in name or "地铁" in name:
        return "metro"
    return next((mode for sfx, mode in _LINK_SUFFIXES if name.endswith(sfx)), "road")


_NOT_SLUG: Final = re.compile(r"[^a-z0-9]+")


def source_slug(article: str) -> str:
    """A source id from an article file name (000_07a2….txt → 000-07a2…)."""
    # a bare file name is its own name (the usual case: skip building a Path)
    bare = os.sep not in article and (os.altsep is None or os.altsep not in article) and article not in ("", ".")
    stem = article if bare else Path(article).name
    for ext in (".txt", ".text"):
        stem = stem.removesuffix(ext)
    s = _NOT_SLUG.sub("-", stem.lower()).strip("-")
    if not s or not s.isascii():
        s = place_slug(stem)
    return s[:60] or "article"


def extract_text(text: str, *, article: str = "article.txt", published: dt.date | None = None) -> dict:
    """Draft seed records for one article's text (see :class:`Extractor`)."""
    return Extractor().extract(text, article=article, published=published)
