"""How each figure in an article is read: its subject, modality, year, metric and evidence span.

:func:`article_context` prepares one article (sentence and clause bounds, cue words, explicit years, headings and
the article's main place); :func:`read_figure` then reads one :class:`~bayatlas.layers.figures.Figure` in it.

* **modality** — cue words in its clause: 确保 guarantee, 力争/争取 strive, 预计 expect, 将/计划/拟/规划 plan,
  已/完成/实现 achieved, else a stated fact; a 确保/力争/预计 earlier in the sentence carries over;
* **year** — an explicit year in its sentence (or just after it in its clause), else the publication year
  (年内/今年/全年 and present tense);
* **subject**, first rule that applies — a link for lengths and travel times; the park, zone, project or station
  named in its clause (not a listed or counted one: 上南、罗松西四个工业片区); a name right after it joined by 的
  (占地703亩的洪木涧连片产业用地); the topic a sentence or paragraph opens with; the place a 全市/全镇 means; the
  place a bare 园区/合作区/该项目 refers back to; a park or zone named earlier in the sentence; the link a section
  heading names (for costs); a town or district named in the sentence (not an origin: 来自宝安区的项目, 深圳企业);
  the park the paragraph has been about; the section heading's topic; else the article's main place (the most
  named admin place, or a zone or link named more often).
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from bayatlas.geo.geoparse import Mention
from bayatlas.layers.figures import Figure
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
_NAMED_KINDS = frozenset(("park", "zone", "station"))
_TOPIC_KINDS = frozenset(("park", "zone", "project", "station", "link"))
_LIST_RE = re.compile("[、和及与等]")
_BACKREF = re.compile(r"(?P<dem>该|其|上述|此)?(?P<word>产业园区|产业园|共建园|园区|合作区|开发区|高新区|新区|片区|基地|项目|中心)")
_HEADING_KINDS = frozenset(("park", "zone", "station", "link"))
_BULLET = re.compile(r"^[■□●○◆◇▲△★☆▶►·•\s]+|^[一二三四五六七八九十]+、|^[（(][一二三四五六七八九十\d]+[）)]|沿线$|建设$")
_ORIGIN_AFTER = re.compile(r"企业|项目|资本|客商|人才|青年|游客|籍")
_REFPOINT = re.compile(r"(?:距离|距|离|到|至|往返|前往)$")
_ORIGIN_BEFORE = re.compile(r"(?:来自|从)$")
_CMP_WORDS = re.compile(r"不少于|不低于|超过|突破|达到|约|近|超|达|逾")
_LINK_TAIL = re.compile(r"(?:铁路|公路|线)$")
_ZONE_REF = re.compile(r"合作区|开发区|高新区|新区|试验区|实验区|示范区|先行区")
_WHOLE = re.compile(r"全(?P<level>市|区|县|镇|街)")
_HEADING_STOP = re.compile(r"[。！？!?；;]|[，,].*[，,]")

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
    heading_pos: list[int] = field(default_factory=list)
    headings: list = field(default_factory=list)
    by_sentence: dict = field(default_factory=dict)  # mentions per sentence span, filled on demand
    para_topics: dict = field(default_factory=dict)  # paragraph start → the park/zone its figures were about


def publication_date(mtext: str) -> dt.date | None:
    """The article's date: the first full date in its first or last 400 characters (bylines, 发布时间)."""
    for part in (mtext[:400], mtext[-400:]):
        for m in _DATE.finditer(part):
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
    return None


def title_span(mtext: str) -> tuple[int, int]:
    """Where the title is: the first line that is not blank and not wholly in brackets (（测试用虚构稿件）)."""
    start = 0
    for line in mtext.split("\n"):
        t = line.strip()
        if t and not (t[0] in "（(【[" and t[-1] in "）)】]"):
            return start, start + len(line)
        start += len(line) + 1
        if start > 2000:
            break
    return 0, min(len(mtext), 80)


def _bounds(rx: re.Pattern, text: str) -> list[int]:
    return [-1] + [m.start() for m in rx.finditer(text)] + [len(text)]


def _span(bounds: list[int], pos: int) -> tuple[int, int]:
    i = bisect.bisect_left(bounds, pos)
    return bounds[i - 1] + 1, bounds[i]


def _main_place(mentions: list[Mention], title_end: int, mtext: str = "") -> Mention | None:
    """The place the article is about: the most named admin place (the title counts 3×), or a town, subdistrict or
    district named at least half as often (a town's article names its city too) — or a zone or transport link named
    more often than any of them, counting a zone's bare back-references (横琴粤澳深度合作区 … 合作区 … 合作区);
    names inside longer names (虎门 in 虎门站) do not count."""
    score: Counter = Counter()
    first: dict[str, Mention] = {}
    zones: Counter = Counter()
    zfirst: dict[str, Mention] = {}
    covered_to = -1
    for m in mentions:  # sorted by start, longest first: a name inside a longer one (虎门 in 虎门站) is skipped
        inside = m.end <= covered_to
        covered_to = max(covered_to, m.end)
        if m.kind in ("zone", "link") and (m.place is None or m.kind == "link"):
            key = m.place.key if m.place is not None else _LINK_TAIL.sub("", m.name)  # 中南虎城际(铁路)
            zones[key] += 3 if m.start < title_end else 1
            zfirst.setdefault(key, m)
            continue
        if m.place is None or m.kind not in _ADMIN_RANK or inside or _ORIGIN_AFTER.match(mtext, m.end):
            continue  # 香港企业, 深圳项目: where firms come from, not what the article is about
        # the title counts 3×, and so does a dateline (本报东莞讯): both say where the story is
        score[m.place.key] += 3 if m.start < title_end or mtext[m.end:m.end + 1] == "讯" else 1
        first.setdefault(m.place.key, m)
    if zones and mtext:
        starts = [m.start for m in mentions]
        for ref in _ZONE_REF.finditer(mtext):
            i = bisect.bisect_right(starts, ref.start()) - 1
            if i >= 0 and mentions[i].end > ref.start():
                continue  # part of a name
            named = [k for k, z in zfirst.items() if z.start < ref.start() and z.name.endswith(ref.group())]
            if named:
                zones[named[-1]] += 1
    if not score and not zones:
        return None
    # an article whose title names one park and that names it again is about that park (富山…产业园开园)
    title_start = mtext.rfind("\n", 0, max(0, title_end - 1)) + 1 if mtext else 0
    in_title = {m.name for m in mentions if title_start <= m.start and m.end <= title_end and m.place is None
                and m.kind == "park"} if title_end - title_start <= 60 else set()  # a real headline, not a lead
    if len(in_title) == 1:
        name = in_title.pop()
        again = [m for m in mentions if m.start >= title_end and m.name == name]
        if again:
            return again[0]
    top = max(score, key=lambda k: (score[k], -first[k].start)) if score else None
    if zones:
        z = max(zones, key=lambda k: (zones[k], -zfirst[k].start))
        if top is None or zones[z] > score[top]:
            return zfirst[z]
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
    """The most specific place the figure's clause is about; see the module docstring for the order of rules."""
    sm = ctx.by_sentence.get(sent)
    if sm is None:
        sm = ctx.by_sentence[sent] = _mentions_in(ctx, sent[0], sent[1])
    c0, c1 = clause
    base = _base_unit(fig.unit)
    before_fig = [m for m in sm if m.end <= fig.start]
    h = bisect.bisect_right(ctx.heading_pos, fig.start) - 1
    heading = ctx.headings[h] if h >= 0 else None
    if base in ("km", "minute"):  # 全长约41公里, 通行时间压缩至10分钟: lengths and travel times belong to links
        links = [m for m in before_fig if m.kind == "link"]
        if links:
            return links[-1]
        if heading is not None and heading.kind == "link":
            return heading
    link_ok = base in ("km", "minute", "CNY")  # a link is the subject of its length, travel time or cost only
    spec = [m for m in sm if m.kind in _SPECIFIC and m.start >= c0 and m.end <= c1 and (link_ok or m.kind != "link")
            and not _REFPOINT.search(ctx.mtext, max(0, m.start - 2), m.start)]  # 距珠海机场约25公里: a landmark
    if spec:
        before = [m for m in spec if m.end <= fig.num_start and (m.place is not None or m.kind in _NAMED_KINDS
                                                                 or fig.num_start - m.end <= 8
                                                                 or m.start - c0 <= 2)]  # a clause's opening name
        if before and base == "count":
            # 上南、罗松大有、东阜路、罗松西四个工业片区 / 新落户…项目12个: a listed or counted name is what is counted
            before = [m for m in before if not _LIST_RE.search(ctx.mtext, m.end, fig.num_start)
                      and ctx.mtext[m.end:m.end + 1] not in "、和及与等"
                      and not (m.place is None and len(_CMP_WORDS.sub("", ctx.mtext[m.end:fig.num_start])) <= 2)]
        if before:
            return before[-1]
        # 占地703亩的洪木涧连片产业用地: a name right after the figure, joined by 的
        after = [m for m in spec if m.start >= fig.end and m.start - fig.end <= 3
                 and ctx.mtext[fig.end:m.start].strip("的之个项家") == ""
                 and (base != "count" or "的" in ctx.mtext[fig.end:m.start])]  # 两个跨境人才驿站: counted
        if after:
            return after[0]
    # the topic of the sentence, or of the paragraph when it opens with a name (东部…产业区。面积约6.7平方公里)
    lead = ctx.mtext.find(",", sent[0], min(sent[0] + 7, fig.start))  # matching text: ， is folded to ,  # 交通方面，深汕高铁全长… / 今年，…
    for lo in (sent[0], para_start, lead + 1 if lead >= 0 else -1):
        if lo < 0 or lo > fig.start:
            continue
        topic = [m for m in _mentions_starting(ctx, lo, min(lo + 4, fig.start))
                 if m.kind in _TOPIC_KINDS and m.end <= fig.start
                 and not _REFPOINT.search(ctx.mtext, max(0, m.start - 2), m.start)]
        if topic:
            return max(topic, key=lambda m: m.end - m.start)
    # 全市/全镇 …: the whole admin area named (or the article's place of that level)
    whole = _WHOLE.search(ctx.mtext, c0, fig.start)
    if whole:
        level = {"市": "city", "区": "district", "县": "district", "镇": "town", "街": "subdistrict"}[whole.group("level")]
        named = [m for m in ctx.mentions[:bisect.bisect_left(ctx.starts, fig.start)] if m.kind == level]
        if ctx.main is not None and ctx.main.kind == level:
            return ctx.main
        if named:
            return named[-1]
    # 园区/合作区/该项目 …: a bare generic word earlier in the sentence refers back to the last place named with it
    ref = _back_reference(ctx, sent[0], fig.start, para_start)
    if ref is not None:
        return ref
    # a park or zone named earlier in the sentence, unless it is one item of a list (天安、京东等平台)
    near = [m for m in before_fig if m.kind in ("park", "zone") and m.start >= fig.start - 40
            and ctx.mtext[m.end:m.end + 1] not in "、和及与等"]
    if near:
        return near[-1]
    if heading is not None and heading.kind == "link" and link_ok:
        return heading  # ■ 中南虎城际: the section's investment figures are the link's
    main = ctx.main
    admin = [m for m in before_fig if m.kind in _ADMIN_RANK and (m.kind != "city" or m.start >= c0)
             and (m.place is not None or m.kind == "district")
             and not _ORIGIN_AFTER.match(ctx.mtext, m.end)      # 深圳企业, 港澳青年: where firms come from
             and not _ORIGIN_BEFORE.search(ctx.mtext, max(0, m.start - 2), m.start)]  # 来自宝安区的项目
    if admin and (main is None or admin[-1].place != main.place or admin[-1].name != main.name):
        return admin[-1]
    # the park or zone the paragraph has been about (园区…。一期占地1350亩，已建成…)
    carried = ctx.para_topics.get(para_start)
    if carried is not None:
        return carried
    # the heading the paragraph sits under (■ 仲恺新型显示产业园), unless the sentence names an admin place
    if heading is not None and not any(m.kind in _ADMIN_RANK for m in before_fig):
        return heading
    if main is not None:
        return main
    return before_fig[-1] if before_fig else None


def _back_reference(ctx: _Ctx, lo: int, hi: int, para_start: int) -> Mention | None:
    """The place a bare 园区/合作区/开发区/该项目 … between ``lo`` and ``hi`` refers to: the last one named before it
    whose name ends in the same word (any park for 园区); after 该/其/上述/此, or for a bare 项目/基地 in the same
    paragraph, the last park, zone or project named."""
    for m in reversed(list(_BACKREF.finditer(ctx.mtext, lo, hi))):
        if any(k.start <= m.start("word") < k.end for k in _mentions_in(ctx, max(0, m.start() - 24), m.end())):
            continue  # part of a name
        word, pointed = m.group("word"), m.group("dem") is not None
        main = ctx.main
        if (main is not None and main.place is None and main.kind == "park" and main.start < m.start()
                and (word == "园区" or main.name.endswith(word))):
            return main  # the park the article is about (its headline names it)
        loose = word in ("项目", "基地")
        j = bisect.bisect_left(ctx.starts, m.start())
        for k in reversed(ctx.mentions[max(0, j - 40):j]):  # the last 40 places named are far enough back
            if k.kind not in ("park", "zone", "project") or k.end > m.start():
                continue
            if loose and not pointed:
                if k.start < para_start:
                    break
                return k
            if pointed or k.name.endswith(word) or (word == "园区" and k.kind == "park"):
                return k
        if word == "园区":  # 园区 also names a development zone (…高新技术产业开发区 … 园区内)
            for k in reversed(ctx.mentions[max(0, j - 40):j]):
                if k.kind == "zone" and k.end <= m.start() and k.name.endswith(("开发区", "高新区", "新区")):
                    return k
    return None


def _headings(mtext: str, mentions: list[Mention], starts: list[int], title_end: int) -> tuple[list[int], list]:
    """Short heading lines (■ 仲恺新型显示产业园, （二）深江产业园) and the park, zone, station or link each one is
    about — when that name makes up most of the heading; None otherwise (the heading ends the previous topic)."""
    pos, topics = [], []
    start = 0
    for line in mtext.split("\n"):
        end = start + len(line)
        text = line.strip()
        if start >= title_end and 0 < len(text) <= 30 and not _HEADING_STOP.search(text):
            inside = [m for m in mentions[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]
                      if m.kind in _HEADING_KINDS]
            best = max(inside, key=lambda m: m.end - m.start) if inside else None
            body = len(_BULLET.sub("", text))
            pos.append(start)
            topics.append(best if best is not None and (best.end - best.start) * 2 >= body else None)
        start = end + 1
    return pos, topics


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


class Reading(NamedTuple):
    """What :func:`read_figure` makes of one figure."""

    subject: Mention | None
    modality: str
    metric: str
    category: str
    year: int | None
    evidence: tuple[int, int]


def article_context(text: str, mtext: str, mentions: list[Mention], published: dt.date | None,
                    title_span: tuple[int, int]) -> _Ctx:
    """Everything :func:`read_figure` needs to know about one article, computed once."""
    main = _main_place(mentions, title_span[1], mtext)
    cues = [(m.start(), _CUE_MOD[m.group()]) for m in _CUE_RE.finditer(mtext)]
    years = [(m.start(), int(m.group(1))) for m in _YEAR.finditer(mtext)]
    starts = [m.start for m in mentions]
    return _Ctx(mtext, text, mentions, starts, _bounds(_SENT_END, mtext), _bounds(_CLAUSE_END, mtext), main,
                published.year if published else None, [c[0] for c in cues], cues, [y[0] for y in years],
                [y[1] for y in years], *_headings(mtext, mentions, starts, title_span[1]))


def read_figure(ctx: _Ctx, fig: Figure) -> Reading:
    """Subject, modality, metric, category, year and evidence span of one figure (see the module docstring)."""
    sent, clause = _span(ctx.sent_bounds, fig.num_start), _span(ctx.clause_bounds, fig.num_start)
    para = _para_start(ctx.mtext, fig.start)
    subj = _subject(ctx, fig, sent, clause, para)
    if subj is not None and subj.kind in ("park", "zone", "project"):
        ctx.para_topics[para] = subj
    modality, cue_at = _modality(ctx, fig, sent, clause)
    floor = max([m.end for m in _mentions_in(ctx, clause[0], fig.start)], default=clause[0])
    if cue_at is not None and cue_at >= clause[0]:
        floor = max(floor, cue_at + 1) if cue_at < fig.start else floor
    metric, mstart = _metric(ctx, fig, clause, floor)
    ev_lo = min(mstart, cue_at) if cue_at is not None and fig.start - cue_at <= 12 and cue_at >= clause[0] \
        else mstart
    return Reading(subj, modality, metric, _category(fig, metric), _year(ctx, fig, sent, clause),
                   _evidence(ctx, ev_lo, fig, clause))


def sentence_of(ctx: _Ctx, pos: int) -> tuple[int, int]:
    """``[start, end)`` of the sentence holding ``pos``."""
    return _span(ctx.sent_bounds, pos)


def mentions_in(ctx: _Ctx, lo: int, hi: int) -> list[Mention]:
    """The place mentions lying inside ``[lo, hi)``."""
    return _mentions_in(ctx, lo, hi)
