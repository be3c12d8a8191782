"""Draft seed records from article text: the source, the places it names, and every figure it states.

:func:`extract_text` returns one draft source in the seed format of ``seeds/README.md`` (a plain dict, ready for
YAML or JSON), with character offsets for every evidence span (``evidence_start``/``evidence_end``) and every
place mention (``mention_spans``). Drafts are for review: saved as ``<id>.draft.yaml`` they load with
:func:`~bayatlas.layers.seedio.load_seeds`, and the map flags their records as unreviewed.

How a figure gets its fields: the number, unit, comparator and range come from :mod:`~bayatlas.layers.figures`;
the modality from cue words in its clause (确保 guarantee, 力争/争取 strive, 预计 expect, 将/计划/拟/规划 plan,
已/完成/实现 achieved, else fact); the year from an explicit year in its sentence, else the publication year
(年内/今年/全年 or present tense); the subject from the most specific place named in its clause or sentence
(a park/zone/project first, then a town or district other than the article's main place), else the article's
main place.
"""
from __future__ import annotations

import bisect
import hashlib
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from bayatlas.geo.geoparse import FORM_SUFFIXES, KnownPlace, Mention, PlaceIndex, default_index, matching_text, \
    place_slug
from bayatlas.layers.figures import Figure, find_figures
from bayatlas.layers.units import lookup

EVIDENCE_MAX = 60
_SENT_END = re.compile(r"[。！？!?\n]")
_CLAUSE_END = re.compile(r"[。！？!?\n，,；;：:]")
_YEAR = re.compile(r"((?:19|20)\d\d)年")
_DATE = re.compile(r"((?:19|20)\d\d)\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})")
_SPECIFIC = ("park", "zone", "project", "station", "interchange", "village", "link")
_ADMIN_RANK = {"city": 0, "district": 1, "town": 2, "subdistrict": 2}

_MODALITY_CUES = (("guarantee", ("确保", "保证", "必须")), ("strive", ("力争", "争取", "努力", "冲刺", "奋力")),
                  ("expect", ("预计", "预期", "有望", "可望")),
                  ("plan", ("将", "计划", "拟", "规划", "目标", "推动", "推进", "打造", "启动", "新增", "新建",
                            "加快", "谋划")),
                  ("achieved", ("已", "完成", "实现", "迈上", "累计", "建成", "引进了", "落户了", "获批", "达到",
                                "突破", "共有")))
_CUES = sorted(((cue, mod) for mod, cues in _MODALITY_CUES for cue in cues), key=lambda c: -len(c[0]))
_CUE_RE = re.compile("|".join(re.escape(c) for c, _ in _CUES))
_CUE_MOD = dict(_CUES)
_STRONG = ("guarantee", "strive", "expect")
_COUNT_UNITS = frozenset(u for u in ("个", "家", "项", "宗", "条", "座", "件", "大", "类", "批", "所", "级"))
_NAMED_KINDS = frozenset(("park", "zone", "station"))
_TOPIC_KINDS = frozenset(("park", "zone", "project", "station"))
_LIST_RE = re.compile("[、和及与等]")
_FLOW_TRIGGER = re.compile(r"反向飞地|对口帮扶|对口协作|结对帮扶|共建|合作园|落户|招引|来自|迁入|布局分支|组团|走廊|发展轴|合作轴|一体化")
_ANAPHOR = re.compile(r"项目|园区|基地|该|其|上述|此")

_CATEGORY_RULES = (  # (base unit or None, keywords, category), first match wins
    ("percent", ("增长", "增速", "提高", "提升", "增加", "上升"), "growth"),
    ("CNY", ("投资", "投入", "借款", "资金", "专项债", "融资", "技改", "研发"), "investment"),
    ("CNY", ("产值", "生产总值", "GDP", "销售", "营收", "收入", "规模", "进出口", "外贸", "税", "总量", "增加值",
             "经济", "产业集群"), "output"),
    ("m2", ("建筑面积", "厂房", "楼", "空间"), "floor_area"),
    ("m2", (), "land"),
    ("count", ("企业", "公司", "高企", "市场主体", "商户", "机构"), "firms"),
    ("count", ("人口", "人才", "就业", "岗位", "人", "名", "位"), "jobs_people"),
    ("count", ("项目",), "investment"),
    ("count", ("道路", "停车", "车位", "公园", "桥", "路", "站", "线", "学校", "医院"), "infrastructure"),
    ("count", ("事项", "服务", "政务", "审批"), "services"),
    ("day", (), "services"),
    ("km", ("道路", "公路", "铁路", "城际", "通道", "快线", "高速", "线"), "infrastructure"),
)


@dataclass(frozen=True)
class _Ctx:
    mtext: str
    text: str
    mentions: list[Mention]
    starts: list[int]
    sent_bounds: list[int]
    clause_bounds: list[int]
    main: Mention | None
    pub_year: int | None
    cue_pos: list[int]
    cues: list[tuple[int, str]]       # (start, modality) of every cue word, in order
    year_pos: list[int]
    years: list[int]
    by_sentence: dict = field(default_factory=dict)  # mentions per sentence span, filled on demand


def publication_date(mtext: str) -> dt.date | None:
    """The article's date: the first full date in its first or last 400 characters (bylines, 发布时间)."""
    for part in (mtext[:400], mtext[-400:]):
        for m in _DATE.finditer(part):
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
    return None


def _bounds(rx: re.Pattern, text: str) -> list[int]:
    return [-1] + [m.start() for m in rx.finditer(text)] + [len(text)]


def _span(bounds: list[int], pos: int) -> tuple[int, int]:
    i = bisect.bisect_left(bounds, pos)
    return bounds[i - 1] + 1, bounds[i]


def _main_place(mentions: list[Mention], title_end: int) -> Mention | None:
    """The place the article is about: the most named admin place (the title counts 3×), or a town, subdistrict or
    district named at least half as often (a town's article names its city too)."""
    score: Counter = Counter()
    first: dict[str, Mention] = {}
    for m in mentions:
        if m.place is None or m.kind not in _ADMIN_RANK:
            continue
        score[m.place.key] += 3 if m.start < title_end else 1
        first.setdefault(m.place.key, m)
    if not score:
        return None
    top = max(score, key=lambda k: (score[k], -first[k].start))
    for level in (2, 1):
        cands = [k for k in score if _ADMIN_RANK[first[k].kind] == level and score[k] >= max(2, score[top] / 2)]
        if cands and _ADMIN_RANK[first[top].kind] < level:
            return first[max(cands, key=lambda k: (score[k], -first[k].start))]
    return first[top]


def _modality(ctx: _Ctx, fig: Figure, sent: tuple[int, int], clause: tuple[int, int]) -> tuple[str, int | None]:
    """Modality and the offset of its cue word (None for ``fact``): a 确保/力争/预计 anywhere earlier in the sentence,
    else the cue nearest before the figure in its clause, else one just after it (…3个项目均计划…)."""
    lo = bisect.bisect_left(ctx.cue_pos, sent[0])
    hi = bisect.bisect_left(ctx.cue_pos, fig.start)
    strong: tuple[str, int] | None = None
    for pos, mod in ctx.cues[lo:hi]:
        if mod in _STRONG and (strong is None or _STRONG.index(mod) <= _STRONG.index(strong[0])):
            strong = (mod, pos)
    if strong is not None:
        return strong
    if hi > lo and ctx.cues[hi - 1][0] >= clause[0]:
        pos, mod = ctx.cues[hi - 1]
        return mod, pos
    j = bisect.bisect_left(ctx.cue_pos, fig.end)
    if j < len(ctx.cues) and ctx.cues[j][0] < min(clause[1], fig.end + 12):
        return ctx.cues[j][1], None
    return "fact", None


def _year(ctx: _Ctx, fig: Figure, sent: tuple[int, int], clause: tuple[int, int]) -> int | None:
    hi = bisect.bisect_left(ctx.year_pos, fig.start)
    if hi and ctx.year_pos[hi - 1] >= sent[0]:
        return ctx.years[hi - 1]
    j = bisect.bisect_left(ctx.year_pos, fig.end)
    if j < len(ctx.years) and ctx.year_pos[j] < min(clause[1], fig.end + 12):
        return ctx.years[j]
    return ctx.pub_year


def _mentions_in(ctx: _Ctx, lo: int, hi: int) -> list[Mention]:
    """Mentions lying inside ``[lo, hi)``."""
    return [m for m in ctx.mentions[bisect.bisect_left(ctx.starts, lo):bisect.bisect_left(ctx.starts, hi)]
            if m.end <= hi]


def _mentions_starting(ctx: _Ctx, lo: int, hi: int) -> list[Mention]:
    return ctx.mentions[bisect.bisect_left(ctx.starts, lo):bisect.bisect_left(ctx.starts, hi)]


def _subject(ctx: _Ctx, fig: Figure, sent: tuple[int, int], clause: tuple[int, int], para_start: int) -> Mention:
    sm = ctx.by_sentence.get(sent)
    if sm is None:
        sm = ctx.by_sentence[sent] = _mentions_in(ctx, sent[0], sent[1])
    c0, c1 = clause
    spec = [m for m in sm if m.kind in _SPECIFIC and m.start >= c0 and m.end <= c1]
    if spec:
        before = [m for m in spec if m.end <= fig.num_start and (m.place is not None or m.kind in _NAMED_KINDS
                                                                 or fig.num_start - m.end <= 8)]
        if before and fig.unit in _COUNT_UNITS:  # 上南、罗松大有、东阜路、罗松西四个工业片区: the list is what is counted
            before = [m for m in before if not _LIST_RE.search(ctx.mtext, m.end, fig.num_start)
                      and ctx.mtext[m.end:m.end + 1] not in "、和及与等"]
        if before:
            return before[-1]
        # 占地703亩的洪木涧连片产业用地: a name right after the figure, joined by 的
        after = [m for m in spec if m.start >= fig.end and m.start - fig.end <= 3
                 and ctx.mtext[fig.end:m.start].strip("的之个项家") == ""]
        if after:
            return after[0]
    # the topic of the sentence, or of the paragraph when it opens with a name (东部…产业区。面积约6.7平方公里)
    for lo in (sent[0], para_start):
        if lo > fig.start:
            continue
        topic = [m for m in _mentions_starting(ctx, lo, min(lo + 4, fig.start))
                 if m.kind in _TOPIC_KINDS and m.end <= fig.start]
        if topic:
            return max(topic, key=lambda m: m.end - m.start)
    before_fig = [m for m in sm if m.end <= fig.start]
    # a park or zone named earlier in the sentence, unless it is one item of a list (天安、京东等平台)
    near = [m for m in before_fig if m.kind in ("park", "zone") and m.start >= fig.start - 40
            and ctx.mtext[m.end:m.end + 1] not in "、和及与等"]
    if near:
        return near[-1]
    if _ANAPHOR.search(ctx.mtext, c0, fig.start):
        prior = [m for m in _mentions_in(ctx, para_start, fig.start) if m.kind in ("park", "zone", "project")]
        if prior:
            return prior[-1]
    main = ctx.main
    admin = [m for m in before_fig if m.place is not None and (m.kind in ("district", "town", "subdistrict") or
                                                               m.kind == "city" and m.start >= c0)]
    if admin and (main is None or admin[-1].place != main.place):
        return admin[-1]
    if main is not None:
        return main
    return before_fig[-1] if before_fig else None


def _metric(ctx: _Ctx, fig: Figure, clause: tuple[int, int], floor: int) -> tuple[str, int]:
    """A short label for the figure (the words before it in its clause) and where that label starts."""
    lo = max(clause[0], floor, fig.start - 16)
    label = ctx.mtext[lo:fig.start].strip(" “”\"'()（）、")
    start = fig.start - len(ctx.mtext[lo:fig.start].lstrip(" “”\"'()（）、")) if label else fig.start
    if len(label) < 2:
        tail = ctx.mtext[fig.end:min(clause[1], fig.end + 10)].strip(" “”\"'、")
        label = (label + tail) if tail else fig.unit
    return label[-16:], start


@lru_cache(maxsize=256)
def _base_unit(unit: str) -> str:
    return lookup(unit).base


_CATEGORY_RX: dict[str, list[tuple[re.Pattern | None, str]]] = {}
for _unit, _words, _cat in _CATEGORY_RULES:
    _CATEGORY_RX.setdefault(_unit, []).append(
        (re.compile("|".join(map(re.escape, _words))) if _words else None, _cat))


def _category(fig: Figure, metric: str) -> str:
    for rx, cat in _CATEGORY_RX.get(_base_unit(fig.unit), ()):
        if rx is None or rx.search(metric):
            return cat
    return "other"


def _evidence(ctx: _Ctx, lo: int, fig: Figure, clause: tuple[int, int]) -> tuple[int, int]:
    s, e = max(lo, clause[0], fig.end - EVIDENCE_MAX), fig.end
    while s < e and ctx.text[s] in " \t“”\"'、，,":
        s += 1
    return s, e


def _para_start(mtext: str, pos: int) -> int:
    return mtext.rfind("\n", 0, pos) + 1


class Extractor:
    """Turns article text into draft seed records; build once (the place index is the costly part)."""

    def __init__(self, index: PlaceIndex | None = None):
        self.index = index or default_index()

    def extract(self, text: str, *, article: str, source_id: str | None = None,
                published: dt.date | None = None) -> dict:
        """One draft source (seed format) for ``text``; ``article`` is the file name recorded as its source."""
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        mtext, script = matching_text(text)
        mentions = self.index.find(mtext)
        title_end = mtext.find("\n") if "\n" in mtext else min(len(mtext), 80)
        found_date = publication_date(mtext)
        pub = published or found_date
        main = _main_place(mentions, title_end)
        cues = [(m.start(), _CUE_MOD[m.group()]) for m in _CUE_RE.finditer(mtext)]
        years = [(m.start(), int(m.group(1))) for m in _YEAR.finditer(mtext)]
        ctx = _Ctx(mtext, text, mentions, [m.start for m in mentions], _bounds(_SENT_END, mtext),
                   _bounds(_CLAUSE_END, mtext), main, pub.year if pub else None,
                   [c[0] for c in cues], cues, [y[0] for y in years], [y[1] for y in years])
        records, used = [], {}
        seen = set()
        ids: dict = {}

        def pid_of(m: Mention) -> str:
            key = m.place.key if m.place is not None else (m.name, m.kind)
            pid = ids.get(key)
            if pid is None:
                pid = ids[key] = self._place_id(m, used, mentions, main)
            return pid

        for fig in find_figures(mtext):
            sent, clause = _span(ctx.sent_bounds, fig.num_start), _span(ctx.clause_bounds, fig.num_start)
            subj = _subject(ctx, fig, sent, clause, _para_start(mtext, fig.start))
            if subj is None:
                continue
            modality, cue_at = _modality(ctx, fig, sent, clause)
            floor = max([m.end for m in _mentions_in(ctx, clause[0], fig.start)], default=clause[0])
            if cue_at is not None and cue_at >= clause[0]:
                floor = max(floor, cue_at + 1) if cue_at < fig.start else floor
            metric, mstart = _metric(ctx, fig, clause, floor)
            ev_lo = min(mstart, cue_at) if cue_at is not None and fig.start - cue_at <= 12 and cue_at >= clause[0] \
                else mstart
            es, ee = _evidence(ctx, ev_lo, fig, clause)
            pid = pid_of(subj)
            key = (pid, fig.value, fig.value_max, fig.unit, metric)
            if key in seen:
                continue
            seen.add(key)
            records.append({
                "subject": pid, "metric": metric, "category": _category(fig, metric), "value": fig.value,
                "value_max": fig.value_max, "unit": fig.unit, "comparator": fig.comparator,
                "year": _year(ctx, fig, sent, clause), "modality": modality, "evidence": text[es:ee],
                "evidence_start": es, "evidence_end": ee})
        spans = [[pid_of(m), m.start, m.end] for m in mentions]
        sid = source_id or source_slug(article)
        flows = self._flows(ctx, sid, used, main)
        title = text.strip().split("\n", 1)[0].strip()[:60] if text.strip() else article
        source = {"id": sid, "title": title or article, "publisher": "unknown (extracted draft; fill in)",
                  "published": pub.isoformat() if pub else None,
                  "published_estimated": pub is None or (published is None and found_date is None),
                  "date_note": ("given on the command line" if published else
                                "date found in the text" if found_date else
                                "no date found in the text: fill it in or pass --published"),
                  "language": "zh", "script": script, "article": article, "url": None}
        return {"source": source, "mentions": sorted({s[0] for s in spans}),
                "places": [used[k] for k in sorted(used)], "commitments": records, "flows": flows,
                "mention_spans": spans}

    def _flows(self, ctx: _Ctx, sid: str, used: dict, main: Mention | None) -> list[dict]:
        """Relations between places that a sentence states (co-built parks, 反向飞地, firms moving …), as drafts
        (:func:`bayatlas.layers.flows.detect_flow` reads each sentence that has a trigger word)."""
        from bayatlas.layers.flows import detect_flow

        out, seen = [], set()
        home = self._place_id(main, used, ctx.mentions, main) if main is not None else None
        for m in _FLOW_TRIGGER.finditer(ctx.mtext):
            s0, s1 = _span(ctx.sent_bounds, m.start())
            if (s0, s1) in seen:
                continue
            seen.add((s0, s1))
            inside = _mentions_in(ctx, s0, s1)
            if sum(1 for k in inside if k.kind in _ADMIN_RANK) + (home is not None) < 2:
                continue  # a relation needs two places
            places = []
            for k in inside:
                city = k.place.city if k.place is not None else ""
                places.append({"id": self._place_id(k, used, ctx.mentions, main), "kind": k.kind, "city": city,
                               "text": k.name, "start": k.start - s0, "end": k.end - s0})
            if len({p["id"] for p in places}) < 1:
                continue
            flow = detect_flow(ctx.mtext[s0:s1], places, source=sid, destination=home)
            if flow is None:
                continue
            at = ctx.mtext.find(flow.evidence, s0, s1)
            evidence = ctx.text[at:at + len(flow.evidence)] if at >= 0 else flow.evidence
            fid = f"{sid}-{flow.id}"[:80].rstrip("-")
            if any(f["id"] == fid for f in out):
                continue
            rec = {"id": fid, "origin": flow.origin, "destination": flow.destination, "type": flow.type}
            if flow.via:
                rec["via"] = flow.via
                rec["subjects"] = [flow.via]
            rec["evidence"] = evidence
            rec["note"] = f"extracted: evidence at characters {at}-{at + len(flow.evidence)} of the article"
            out.append(rec)
        return out

    # ---------------------------------------------------------------------------------------------------------
    def _place_id(self, m: Mention, used: dict, mentions: list[Mention], main: Mention | None) -> str:
        """The seed id for a mention, defining draft places (gazetteer towns, names found by form) as needed."""
        if m.place is not None:
            return self._known_id(m.place, used)
        kind = m.kind
        name = m.name
        # pinyin plus a short hash of the name: two drafts naming the same place agree on its id, and namesakes in
        # sound (新城站 / 新程站) do not collide
        pid = f"{place_slug(name)[:40].rstrip('-')}-{hashlib.sha1(name.encode()).hexdigest()[:4]}"
        if pid in used:
            return pid
        rec: dict = {"id": pid, "name": name, "name_en": _title_pinyin(name), "kind": kind}
        hint = m.parent_hint
        if kind == "link":
            mode = _link_mode(name)
            rec.update(mode=mode, status="planned", status_source="assumed by the extractor: review")
        elif kind == "station":
            if hint is not None and hint.kind == "link":
                rec["line"] = self._known_id(hint, used)
            else:
                parent = hint if hint is not None and hint.kind != "link" else (main.place if main else None)
                if parent is not None:
                    rec["parent"] = self._known_id(parent, used)
        else:
            parent = hint if hint is not None and hint.kind in _ADMIN_RANK else self._container(m, mentions, main)
            if parent is None:
                return self._known_id(main.place, used) if main and main.place else pid
            rec["parent"] = self._known_id(parent, used)
        rec["note"] = "found by its form in the text; located at its parent until a site is curated"
        used[pid] = rec
        return pid

    def _container(self, m: Mention, mentions: list[Mention], main: Mention | None) -> KnownPlace | None:
        """The admin place the text implies for a new name: the last one named before it in its sentence, else the
        article's main place."""
        lo = max(m.start - 60, 0)
        for k in reversed([k for k in mentions if lo <= k.start < m.start and k.place is not None]):
            if k.kind in ("town", "subdistrict", "district") and "\n" not in k.name:
                return k.place
        return main.place if main is not None else None

    def _known_id(self, kp: KnownPlace, used: dict) -> str:
        if kp.place_id:
            return kp.place_id
        if kp.key in used:
            return used[kp.key]["id"]
        e = kp.entry
        city_slug = place_slug(kp.city.removesuffix("市")) if kp.city else ""
        pid = place_slug(e.name if e is not None else kp.name)
        if kp.kind != "city" and city_slug and not pid.endswith(city_slug):
            pid = f"{pid}-{city_slug}"
        rec: dict = {"id": pid, "name": kp.name, "name_en": kp.name_en, "kind": kp.kind}
        if kp.parent_key:
            parent = self.index.places.get(kp.parent_key)
            if parent is not None:
                rec["parent"] = self._known_id(parent, used)
        rec["note"] = "gazetteer place named in the text"
        used[kp.key] = rec
        return pid


@lru_cache(maxsize=65536)
def _title_pinyin(name: str) -> str:
    from bayatlas.geo.names import pinyin

    return pinyin(name)


_LINK_SUFFIXES = sorted(((sfx, mode) for sfx, (_kind, mode) in FORM_SUFFIXES.items() if mode), key=lambda x: -len(x[0]))


def _link_mode(name: str) -> str:
    if "号线" in name or "地铁" in name:
        return "metro"
    return next((mode for sfx, mode in _LINK_SUFFIXES if name.endswith(sfx)), "road")


def source_slug(article: str) -> str:
    """A source id from an article file name (000_07a2….txt → 000-07a2…)."""
    stem = Path(article).name
    for ext in (".txt", ".text"):
        stem = stem.removesuffix(ext)
    s = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    if not s or not s.isascii():
        s = place_slug(stem)
    return s[:60] or "article"


def extract_text(text: str, *, article: str = "article.txt", published: dt.date | None = None) -> dict:
    """Draft seed records for one article's text (see :class:`Extractor`)."""
    return Extractor().extract(text, article=article, published=published)
