"""How each figure in an article is read: its subject, modality, year, metric and evidence span.

:func:`article_context` prepares one article (sentence bounds, explicit years, headings and the article's main
place); :func:`read_figure` then reads one :class:`~bayatlas.layers.figures.Figure` in it. What only figures need
(clauses, cue words, the names each subject rule looks for) is worked out once per sentence that holds a figure,
when its first figure is read.

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

import datetime as dt
import re
from typing import Final

import ahocorasick_rs

from bayatlas.geo.geoparse import Mention
from bayatlas.geo.intsearch import bisect_left, bisect_right
from bayatlas.layers.figures import Figure
from bayatlas.layers.units import lookup

EVIDENCE_MAX: Final = 60


_SENT_END: Final = re.compile(r"[。！？!?\n]")
_CLAUSE_END: Final = re.compile(r"[。！？!?\n，,；;：:]")
_YEAR: Final = re.compile(r"((?:19|20)\d\d)年")
_DATE: Final = re.compile(r"((?:19|20)\d\d)\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})")
_SPECIFIC: Final = ("park", "zone", "project", "station", "interchange", "village", "link")
_ADMIN_RANK: Final = {"city": 0, "district": 1, "town": 2, "subdistrict": 2}

_MODALITY_CUES: Final = (("guarantee", ("确保", "保证", "必须")), ("strive", ("力争", "争取", "努力", "冲刺", "奋力")),
                         ("expect", ("预计", "预期", "有望", "可望")),
                         ("plan", ("将", "计划", "拟", "规划", "目标", "推动", "推进", "打造", "启动", "新增", "新建",
                                   "加快", "谋划")),
                         ("achieved", ("已", "完成", "实现", "迈上", "累计", "建成", "引进了", "落户了", "获批", "达到",
                                       "突破", "共有")))
_CUES: Final = sorted(((cue, mod) for mod, cues in _MODALITY_CUES for cue in cues), key=lambda c: -len(c[0]))
_CUE_RE: Final = re.compile("|".join(re.escape(c) for c, _ in _CUES))
_STRONG: Final = ("guarantee", "strive", "expect")
#: Cue words that only say how sure a figure is; left out of its label (content verbs such as 新增 stay in it).
_MODAL_WORDS: Final = frozenset(("确保", "保证", "必须", "力争", "争取", "努力", "冲刺", "奋力", "预计", "预期", "有望", "可望",
                                 "将", "计划", "拟", "规划", "目标", "已"))
_NAMED_KINDS: Final = frozenset(("park", "zone", "station"))
_TOPIC_KINDS: Final = frozenset(("park", "zone", "project", "station", "link"))
_LIST_RE: Final = re.compile("[、和及与等]")
_DEMONSTRATIVES: Final = ("该", "其", "上述", "此")
_GENERIC_WORDS: Final = ("产业园区", "产业园", "共建园", "园区", "合作区", "开发区", "高新区", "新区", "片区", "基地", "项目", "中心",
                           "飞地")
_BACKREF: Final = re.compile("(?P<dem>" + "|".join(_DEMONSTRATIVES) + ")?(?P<word>" + "|".join(_GENERIC_WORDS) + ")")
# Split patterns (one capture group around the whole match): ``re.split`` hands back the matched words and the text
# between them with no Match objects, and their offsets follow from the running sum of lengths.
_GENERIC_SPLIT: Final = re.compile("(" + "|".join(_GENERIC_WORDS) + ")")  # how _BACKREF is run (_BackRefs)
# How _CUE_RE is run (see _CueWords): an Aho-Corasick automaton, leftmost-first over the words in _CUE_RE's order,
# matches what the regex alternation does (the same words at the same offsets), about 3x faster than a regex split.
_CUE_WORDS: Final = [c for c, _ in _CUES]
_CUE_FINDER: Final = ahocorasick_rs.AhoCorasick(_CUE_WORDS, matchkind=ahocorasick_rs.MatchKind.LeftmostFirst,
                                                implementation=ahocorasick_rs.Implementation.DFA)
_CUE_WORD_MOD: Final = [mod for _, mod in _CUES]  # by index in _CUE_WORDS
_CUE_WORD_MODAL: Final = [c in _MODAL_WORDS for c in _CUE_WORDS]
_ONE_CHAR_DEMONSTRATIVES: Final = frozenset(d for d in _DEMONSTRATIVES if len(d) == 1)
_TWO_CHAR_DEMONSTRATIVES: Final = frozenset(d for d in _DEMONSTRATIVES if len(d) == 2)
_HEADING_KINDS: Final = frozenset(("park", "zone", "station", "link"))
_MARKS: Final = r"[■□●○◆◇▲△★☆▶►·•\s]+|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]"  # ■, 一、, （二）
_LIST_MARK: Final = re.compile(_MARKS + r"|\d{1,2}[.、](?!\d)")  # where a paragraph's words start (also after 2.)
_BULLET: Final = re.compile(f"^(?:{_MARKS})|沿线$|建设$")  # what a heading holds besides its name
_ORIGIN_AFTER: Final = re.compile(r"的?(?:企业|项目|资本|客商|人才|青年|游客|(?:研发|科研|创业)?团队)|籍")  # 深圳企业, 南山区的项目
_SPEAKER: Final = re.compile(r"(?:有关|相关)?(?:负责人|管委会负责人|党工委负责人)(?:介绍|表示|说|称|透露)")
_SPEAKER_FIRST: Final = frozenset("有相负管党")
_FULL_ADMIN: Final = ("市", "区", "县", "镇", "街道")  # how an admin place's full name ends
_WE: Final = re.compile(r"(?:[^,，。]{1,6},)?(?:我们|我镇|我区|我县|我市)")  # a sentence the speaker's place opens
_PARTNER_BEFORE: Final = re.compile(r"(?:我们|我镇|我区|我县|我市|本镇|本区|本市)(?:也|还)?(?:将|要|正|已)?(?:与|和|同|联合)$")
_REFPOINT: Final = re.compile(r"(?:距离|距|离|到|至|往返|前往)$")
_LOCATED_AT: Final = re.compile(r"(?:位于|地处|坐落于|坐落在|选址)$")
_ORIGIN_BEFORE: Final = re.compile(r"(?:来自|从)$")
_CMP_WORDS: Final = re.compile(r"不少于|不低于|超过|突破|达到|约|近|超|达|逾")
_LINK_TAIL: Final = re.compile(r"(?:铁路|公路|线)$")
_LINK_WORD: Final = re.compile(r"通道|大桥|城际|铁路|高铁|高速|快线|快速路|隧道|全线")  # a link's bare generic word
_ZONE_WORDS: Final = ("合作区", "开发区", "高新区", "新区", "试验区", "实验区", "示范区", "先行区")
_ZONE_REF: Final = re.compile("|".join(_ZONE_WORDS))  # what _zone_refs finds
_WHOLE: Final = re.compile(r"全(?P<level>市|区|县|镇|街)")
_SUM: Final = re.compile(r"[两三四五六七八九十]个?(镇|街道|区|县)")  # 两镇, 三个区: several admin places
_SUM_LEVEL: Final = {"镇": "town", "街道": "subdistrict", "区": "district", "县": "district"}
_HEADING_STOP: Final = re.compile(r"[。！？!?；;]|[，,].*[，,]")  # what no heading holds (see _heading_stop)

_CATEGORY_RULES: Final = (  # (base unit or None, keywords, category), first match wins
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


# Sentence and clause ends (_SENT_END, _CLAUSE_END), found with str.find: a regex scan of these texts costs about
# 10 ns a character, str.find a tenth of that.
_SENT_END_CHARS: Final = "。！？!?\n"
_CLAUSE_MID_CHARS: Final = "，,；;：:"  # clause ends that do not end a sentence
assert set(_SENT_END.pattern[1:-1].replace("\\n", "\n")) == set(_SENT_END_CHARS)
assert set(_CLAUSE_END.pattern[1:-1].replace("\\n", "\n")) == set(_SENT_END_CHARS + _CLAUSE_MID_CHARS)
assert all(w.endswith("区") and len(w) in (2, 3) for w in _ZONE_WORDS)
_ZONE_WORDS_3: Final = frozenset(w for w in _ZONE_WORDS if len(w) == 3)
_ZONE_WORDS_2: Final = frozenset(w for w in _ZONE_WORDS if len(w) == 2)
# Characters a word of these patterns starts or ends with (or the newline ``$`` also matches before): anything else
# at that spot means no match, and the regex call is skipped.
_ORIGIN_FIRST: Final = frozenset("企项资客人青游籍的研科创团")
_REFPOINT_LAST: Final = frozenset("距离到至返往\n")
_ORIGIN_LAST: Final = frozenset("自从\n")
_NO_PLACE: Final = 1 << 62  # an offset past any text


class _Sentence:
    """What the subject rules need about one sentence, worked out once for all the figures in it (a plain class:
    compiled, a native class, whose fields the many reads per figure get without Python calls)."""

    start: int
    end: int
    para: int                         # where its paragraph starts
    mentions: list[Mention]           # the mentions inside it, in order
    specific: list[Mention]           # parks, zones, projects, stations, links … not named as a landmark (距…)
    parks: list[Mention]              # parks and zones that are not one item of a list (天安、京东等)
    admins: list[Mention]             # towns, districts … that are not an origin (深圳企业, 来自宝安区)
    admin_end: int                    # the smallest end of any admin mention (_NO_PLACE when there is none)
    clauses: list[int]                # its clause ends, framed by start - 1 and its end
    cues: _CueWords                   # the article's cue words (将, 力争 …) …
    cue_lo: int                       # … of which those in [cue_lo, cue_hi) are in the sentence
    cue_hi: int
    topics: list[tuple[int, list[Mention]]]  # (where, names) that may open its topic (see _subject), only non-empty
    has_whole: bool                   # whether 全 is in it (全市, 全镇 …)
    heading: Mention | None           # what the heading it sits under names (a sentence never holds a line start)
    refs: _BackRefs | None            # its generic words (园区, 该项目 …), found when a figure's subject rules get to them

    def __init__(self, start: int, end: int, para: int, mentions: list[Mention], specific: list[Mention],
                 parks: list[Mention], admins: list[Mention], admin_end: int, clauses: list[int], cues: _CueWords,
                 cue_lo: int, cue_hi: int, topics: list[tuple[int, list[Mention]]], has_whole: bool,
                 heading: Mention | None) -> None:
        self.start, self.end, self.para, self.mentions = start, end, para, mentions
        self.specific, self.parks, self.admins, self.admin_end = specific, parks, admins, admin_end
        self.clauses, self.cues, self.cue_lo, self.cue_hi = clauses, cues, cue_lo, cue_hi
        self.topics, self.has_whole = topics, has_whole
        self.heading = heading
        self.refs = None


# No cue word or generic word holds a sentence end, so a scan of the article finds the same ones in a sentence as a
# scan of the sentence alone. Cue words are found by one scan of the article, when its first figure is read; generic
# words by scanning a sentence alone, when a figure in it needs them (few do).


def _split_words(split: re.Pattern[str], mtext: str, lo: int, hi: int) -> tuple[list[int], list[int], list[str]]:
    """Starts, ends and words of the matches of a split pattern in ``mtext[lo:hi]`` (offsets in ``mtext``, summed
    in a native loop)."""
    parts = split.split(mtext[lo:hi])
    starts: list[int] = []
    ends: list[int] = []
    words: list[str] = []
    at = lo
    for k in range(1, len(parts), 2):
        word: str = parts[k]
        at += len(parts[k - 1])
        starts.append(at)
        at += len(word)
        ends.append(at)
        words.append(word)
    return starts, ends, words


class _CueWords:
    """The cue words of ``mtext`` (an article) as ``_CUE_RE`` scans it (leftmost first, not overlapping), in order."""

    pos: list[int]                    # where each starts
    ends: list[int]                   # … ends
    mods: list[str]                   # … its modality
    modal: list[bool]                 # … whether it is one of _MODAL_WORDS

    def __init__(self, mtext: str) -> None:
        matches: list[tuple[int, int, int]] = _CUE_FINDER.find_matches_as_indexes(mtext)
        self.pos, self.ends, self.mods, self.modal = [], [], [], []
        for w, s, e in matches:
            self.pos.append(s)
            self.ends.append(e)
            self.mods.append(_CUE_WORD_MOD[w])
            self.modal.append(_CUE_WORD_MODAL[w])


class _BackRefs:
    """Where each of :data:`_GENERIC_WORDS` (园区, 合作区 …) stands in ``mtext[lo:hi]`` (one sentence), in order:
    the words of the ``_BACKREF`` matches (the demonstrative before one, 该/其/上述/此, is read off when its referent
    is needed: no demonstrative character is part of a word, so the matches are the same). A plain alternation of
    words scans 3x faster than ``_BACKREF``."""

    word_starts: list[int]
    ends: list[int]
    words: list[str]
    referents: dict[int, Mention | None]  # what the i-th one refers to, worked out when first asked

    def __init__(self, mtext: str, lo: int, hi: int) -> None:
        self.word_starts, self.ends, self.words = _split_words(_GENERIC_SPLIT, mtext, lo, hi)
        self.referents = {}


class _Ctx:
    """One article as :func:`read_figure` needs it (see :func:`article_context`). A plain class, not a dataclass:
    compiled, its ``__init__`` is native too (a dataclass's is generated Python)."""

    mtext: str
    text: str
    mentions: list[Mention]
    starts: list[int]
    sent_bounds: list[int]            # every sentence end, framed by -1 and len(mtext)
    clause_chars: str                 # the characters of _CLAUSE_MID_CHARS that are in mtext
    main: Mention | None
    pub_year: int | None
    year_pos: list[int]
    years: list[int]
    heading_pos: list[int]
    headings: list[Mention | None]
    para_topics: dict[int, Mention]   # paragraph start → the park/zone it is about
    sentences: dict[int, _Sentence]   # by sentence start, filled on demand
    topic_pos: list[int] | None       # starts of the mentions that can open a topic, on demand
    topic_mentions: list[Mention] | None
    cues: _CueWords | None            # the cue words, on demand

    def __init__(self, mtext: str, text: str, mentions: list[Mention], starts: list[int], sent_bounds: list[int],
                 clause_chars: str, main: Mention | None, pub_year: int | None, year_pos: list[int], years: list[int],
                 heading_pos: list[int], headings: list[Mention | None]) -> None:
        self.mtext, self.text, self.mentions, self.starts, self.sent_bounds = mtext, text, mentions, starts, sent_bounds
        self.clause_chars, self.main, self.pub_year, self.year_pos, self.years = \
            clause_chars, main, pub_year, year_pos, years
        self.heading_pos, self.headings = heading_pos, headings
        self.para_topics = {}
        self.sentences = {}
        self.topic_pos = self.topic_mentions = None
        self.cues = None


def publication_date(mtext: str) -> dt.date | None:
    """The article's date: the first full date in its first or last 400 characters (bylines, 发布时间)."""
    n = len(mtext)
    found = _first_date(mtext, 0, min(n, 400))
    return found if found is not None else _first_date(mtext, max(0, n - 400), n)


def _first_date(mtext: str, lo: int, hi: int) -> dt.date | None:
    """The first valid date of ``_DATE.finditer(mtext, lo, hi)``. Every match starts at a 19 or 20, so the pattern
    is tried only where str.find finds one (few articles have a full date: the regex scan of every character cost
    more than the rest of the title and date stage)."""
    i = lo
    while True:
        at = mtext.find("20", i, hi)
        at19 = mtext.find("19", i, hi)
        if at19 >= 0 and (at < 0 or at19 < at):
            at = at19
        if at < 0:
            return None
        m = _DATE.match(mtext, at, hi)
        if m is None:
            i = at + 1
            continue
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            i = m.end()  # (where finditer goes on after a match)


def title_span(mtext: str) -> tuple[int, int]:
    """Where the title is: the first line that is not blank and not wholly in brackets (（测试用虚构稿件）)."""
    start = 0
    n = len(mtext)
    while start <= n:  # line by line, without splitting the whole text
        end = mtext.find("\n", start)
        if end < 0:
            end = n
        t = mtext[start:end].strip()
        if t and not (t[0] in "（(【[" and t[-1] in "）)】]"):
            return start, end
        start = end + 1
        if start > 2000:
            break
    return 0, min(len(mtext), 80)


def _positions(mtext: str, chars: str, lo: int, hi: int) -> list[int]:
    """Sorted offsets of every one of ``chars`` in ``mtext[lo:hi]``."""
    out: list[int] = []
    for ch in chars:  # (mtext.find, not a bound method in a local: mypyc calls str.find directly only so)
        i = mtext.find(ch, lo, hi)
        while i >= 0:
            out.append(i)
            i = mtext.find(ch, i + 1, hi)
    out.sort()
    return out


def _sentence_bounds(mtext: str) -> list[int]:
    """Offsets of every sentence end, framed by -1 and ``len(mtext)`` (what a bisection needs)."""
    return [-1, *_positions(mtext, _SENT_END_CHARS, 0, len(mtext)), len(mtext)]


def _years(mtext: str) -> tuple[list[int], list[int]]:
    """Start and value of every explicit year (2025年), as ``_YEAR`` finds them: each match ends at a 年 and holds
    no other, so looking before each 年 finds the same ones (and 年 is rare: much faster than a scan)."""
    pos: list[int] = []
    years: list[int] = []
    i = mtext.find("年", 4)
    while i >= 0:
        m = _YEAR.match(mtext, i - 4)
        if m is not None:
            pos.append(i - 4)
            years.append(int(m.group(1)))
        i = mtext.find("年", i + 1)
    return pos, years


#: Generic tails of a zone's full name; what is left is the short name the text goes on to use (东莞松山湖高新技术产业开发区
#: → 松山湖), longest first.
_ZONE_TAILS: Final = ("高新技术产业开发区", "经济技术开发区", "高新技术开发区", "产业开发区", "高新区", "开发区", "经开区",
                      "合作区", "试验区", "实验区", "示范区", "先行区", "新区")


def _count_short_names(zones: dict[str, int], zfirst: dict[str, Mention], mtext: str, title_end: int,
                       mentions: list[Mention]) -> None:
    """Add to each zone found by its form the bare uses of its short name, outside any place name (松山湖 for
    东莞松山湖高新技术产业开发区, not in 松山湖…创新中心; the title counts 3×): an article about a zone names it short."""
    for key, m in zfirst.items():
        if m.kind != "zone" or m.place is not None:
            continue
        stem = m.name
        hint = m.parent_hint.name if m.parent_hint is not None else ""
        for prefix in (hint, hint[:-1]):  # the place written at its start, with or without 市/区/县
            if len(prefix) >= 2 and stem.startswith(prefix):
                stem = stem[len(prefix):]
                break
        for tail in _ZONE_TAILS:
            if stem.endswith(tail):
                stem = stem[:-len(tail)]
                break
        else:
            continue
        if len(stem) < 2:
            continue
        i = mtext.find(stem)
        while i >= 0:
            if not any(k.start <= i < k.end for k in mentions):
                zones[key] += 3 if i < title_end else 1
            i = mtext.find(stem, i + len(stem))


def _zone_refs(mtext: str) -> list[tuple[int, str]]:
    """Start and word of every match of ``_ZONE_REF`` (合作区, 新区 …), found from each 区: every word ends in 区 and
    has no other, and a three-character word starting two before a 区 is what the leftmost match takes."""
    out: list[tuple[int, str]] = []
    i = mtext.find("区", 1)
    while i >= 0:
        if i >= 2 and mtext[i - 2:i + 1] in _ZONE_WORDS_3:
            out.append((i - 2, mtext[i - 2:i + 1]))
        elif mtext[i - 1:i + 1] in _ZONE_WORDS_2:
            out.append((i - 1, mtext[i - 1:i + 1]))
        i = mtext.find("区", i + 1)
    return out


def _span(bounds: list[int], pos: int) -> tuple[int, int]:
    i = bisect_left(bounds, pos)
    return bounds[i - 1] + 1, bounds[i]


def _main_place(mentions: list[Mention], title_end: int, mtext: str = "",
                starts: list[int] | None = None) -> Mention | None:
    """The place the article is about: the most named admin place (the title counts 3×), or a town, subdistrict or
    district named at least half as often (a town's article names its city too) — or a zone or transport link named
    more often than any of them, counting a zone's bare back-references (横琴粤澳深度合作区 … 合作区 … 合作区);
    names inside longer names (虎门 in 虎门站) do not count."""
    score: dict[str, int] = {}
    first: dict[str, Mention] = {}
    zones: dict[str, int] = {}
    zfirst: dict[str, Mention] = {}
    covered_to = -1
    for m in mentions:  # sorted by start, longest first: a name inside a longer one (虎门 in 虎门站) is skipped
        start, end, name, kind, place, _hint = m
        inside = end <= covered_to
        covered_to = max(covered_to, end)
        if kind == "link" or kind == "zone":
            key = place.key if place is not None else _LINK_TAIL.sub("", name)  # 中南虎城际(铁路)
            zones[key] = zones.get(key, 0) + (3 if start < title_end else 1)
            if key not in zfirst:
                zfirst[key] = m
            continue
        if place is None or inside or kind not in _ADMIN_RANK:
            continue
        nxt = mtext[end:end + 1]
        if nxt in _ORIGIN_FIRST and _ORIGIN_AFTER.match(mtext, end):
            continue  # 香港企业, 深圳项目: where firms come from, not what the article is about
        # the title counts 3×, and so does a dateline (本报东莞讯): both say where the story is
        key = place.key
        score[key] = score.get(key, 0) + (3 if start < title_end or nxt == "讯" else 1)
        if key not in first:
            first[key] = m
    if zones and mtext:
        if starts is None:
            starts = [m.start for m in mentions]
        for at, word in _zone_refs(mtext):
            i = bisect_right(starts, at) - 1
            if i >= 0 and mentions[i].end > at:
                continue  # part of a name
            named = [k for k, z in zfirst.items() if z.start < at and z.name.endswith(word)]
            if named:
                zones[named[-1]] += 1
    if zones and mtext:
        _count_short_names(zones, zfirst, mtext, title_end, mentions)
    if not score and not zones:
        return None
    # an article whose title names one park and that names it again is about that park (富山…产业园开园)
    title_start = mtext.rfind("\n", 0, max(0, title_end - 1)) + 1 if mtext else 0
    if title_end - title_start <= 60:  # a real headline, not a lead
        lo = bisect_left(starts, title_start) if starts is not None else 0
        in_title = {m.name for m in mentions[lo:] if m.start < title_end and m.end <= title_end
                    and m.place is None and m.kind == "park" and title_start <= m.start}
        if len(in_title) == 1:
            name = in_title.pop()
            again = [m for m in mentions if m.start >= title_end and m.name == name]
            if again:
                return again[0]
    if not score:  # zones only
        return zfirst[_top(list(zones), zones, zfirst)]
    top = _top(list(score), score, first)
    if zones:
        z = _top(list(zones), zones, zfirst)
        if zones[z] > score[top]:
            return zfirst[z]
    for level in (2, 1):
        cands = [k for k in score if _ADMIN_RANK[first[k].kind] == level and score[k] >= max(2, score[top] / 2)
                 and _within(first[k], first[top])]
        if cands and _ADMIN_RANK[first[top].kind] < level:
            return first[_top(cands, score, first)]
    return first[top]


def _within(m: Mention, top: Mention) -> bool:
    """Whether ``m`` may stand for ``top``'s area: it lies in ``top`` when that is a city (光明区 is no place of an
    article about 肇庆 that names its partner district often)."""
    if top.kind != "city" or m.place is None or top.place is None or not m.place.city:
        return True
    return m.place.city == top.place.name


# max over keys and names without a key function (compiled, a lambda is a Python-level call per item)
def _top(keys: list[str], counts: dict[str, int], first: dict[str, Mention]) -> str:
    """The first of ``keys`` counted most, among equals the one named first: ``max`` keyed on ``(count, -start)``."""
    best = keys[0]
    best_count, best_start = counts[best], first[best].start
    for k in keys:
        count, start = counts[k], first[k].start
        if count > best_count or count == best_count and start < best_start:
            best, best_count, best_start = k, count, start
    return best


def _longest(names: list[Mention]) -> Mention:
    """The first of the longest ``names``: ``max`` keyed on length."""
    best = names[0]
    for m in names:
        if m.end - m.start > best.end - best.start:
            best = m
    return best


def _modality(sent: _Sentence, fs: int, fe: int, c0: int, c1: int) -> tuple[str, int | None]:
    """Modality and the offset of its cue word (None for ``fact``): a 确保/力争/预计 anywhere earlier in the sentence,
    else the cue nearest before the figure in its clause, else one just after it (…3个项目均计划…)."""
    cue_pos, mods = sent.cues.pos, sent.cues.mods
    lo, end = sent.cue_lo, sent.cue_hi
    hi = bisect_left(cue_pos, fs, lo, end)
    strong: tuple[str, int] | None = None
    for i in range(lo, hi):
        mod = mods[i]
        if mod in _STRONG and (strong is None or _STRONG.index(mod) <= _STRONG.index(strong[0])):
            strong = (mod, cue_pos[i])
    if strong is not None:
        return strong
    if hi > lo and cue_pos[hi - 1] >= c0:
        return mods[hi - 1], cue_pos[hi - 1]
    j = bisect_left(cue_pos, fe, hi, end)
    if j < end and cue_pos[j] < min(c1, fe + 12):
        return mods[j], None
    return "fact", None


def _modal_floor(ctx: _Ctx, sent: _Sentence, lo: int, hi: int, floor: int) -> int:
    """The end of the last modal word (力争, 预计 …) that ``_CUE_RE.finditer(mtext, lo, hi)`` finds, else ``floor``.

    The sentence's cue words answer without a scan unless one of them straddles ``lo`` or ``hi``: otherwise the
    scan of the window finds exactly the ones inside it (it has nothing to resume from at ``lo``, and the
    sentence's scan found no word starting between them, nor after the last one before ``hi``)."""
    cues = sent.cues
    cue_pos, ends = cues.pos, cues.ends
    i = bisect_left(cue_pos, lo, sent.cue_lo, sent.cue_hi)
    j = bisect_left(cue_pos, hi, i, sent.cue_hi)
    if i > sent.cue_lo and ends[i - 1] > lo or j > i and ends[j - 1] > hi:
        for cue in _CUE_RE.finditer(ctx.mtext, lo, hi):
            if cue.group() in _MODAL_WORDS:
                floor = cue.end()
        return floor
    modal = cues.modal
    for k in range(i, j):
        if modal[k]:
            floor = ends[k]
    return floor


def _year(ctx: _Ctx, fs: int, fe: int, s0: int, c1: int) -> int | None:
    year_pos = ctx.year_pos
    hi = bisect_left(year_pos, fs)
    if hi and year_pos[hi - 1] >= s0:
        return ctx.years[hi - 1]
    j = bisect_left(year_pos, fe, hi)
    if j < len(year_pos) and year_pos[j] < min(c1, fe + 12):
        return ctx.years[j]
    return ctx.pub_year


def _mentions_in(ctx: _Ctx, lo: int, hi: int) -> list[Mention]:
    """Mentions lying inside ``[lo, hi)``."""
    starts = ctx.starts
    i = bisect_left(starts, lo)
    return [m for m in ctx.mentions[i:bisect_left(starts, hi, i)] if m.end <= hi]


def _speaker(mtext: str, end: int) -> bool:
    """Whether the name ending at ``end`` is a speaker's organisation (火炬开发区有关负责人介绍)."""
    return mtext[end:end + 1] in _SPEAKER_FIRST and _SPEAKER.match(mtext, end) is not None


def _refpoint(mtext: str, start: int) -> bool:
    """A name written as a landmark to measure from (距珠海机场约25公里)."""
    return start > 0 and mtext[start - 1] in _REFPOINT_LAST and _REFPOINT.search(mtext, max(0, start - 2), start) \
        is not None


def _sentence(ctx: _Ctx, s0: int, s1: int) -> _Sentence:
    """Make the :class:`_Sentence` starting at ``s0`` (ending at ``s1``) and keep it in ``ctx.sentences``: what
    the subject rules look for in a sentence is looked up once here, so most figures find at once that a rule does
    not apply."""
    mtext = ctx.mtext
    starts = ctx.starts
    lo = bisect_left(starts, s0)
    inside: list[Mention] = []
    specific: list[Mention] = []
    parks: list[Mention] = []
    admins: list[Mention] = []
    admin_end = _NO_PLACE
    named_to = -1  # the end of the last park, zone … name: a place inside one (罗湖 in 罗湖—始兴产业共建园) is part of it
    partner_to = -1  # the end of the last partner named (宝安区 in 我们将与宝安区沙井街道…)
    for m in ctx.mentions[lo:bisect_left(starts, s1, lo)]:
        start, end, _name, kind, place, _hint = m
        if end > s1:
            continue
        inside.append(m)
        if _speaker(mtext, end):
            continue  # 火炬开发区有关负责人介绍，…: who speaks, not what the figures are about
        if kind in _ADMIN_RANK:
            admin_end = min(admin_end, end)
            if start == partner_to or start > 1 and mtext[start - 1] in "与和同合" \
                    and _PARTNER_BEFORE.search(mtext, max(s0, start - 8), start) is not None:
                partner_to = end  # 我们将与宝安区沙井街道共同谋划…: a partner of the speaker's place
            elif end > named_to and (place is not None or kind == "district") \
                    and not (mtext[end:end + 1] in _ORIGIN_FIRST and _ORIGIN_AFTER.match(mtext, end)) \
                    and not (start > 0 and mtext[start - 1] in _ORIGIN_LAST
                             and _ORIGIN_BEFORE.search(mtext, max(0, start - 2), start)) \
                    and not _refpoint(mtext, start):  # 往返香港约需70分钟: a destination
                admins.append(m)
        elif kind in _SPECIFIC:
            named_to = max(named_to, end)
            if not _refpoint(mtext, start):
                specific.append(m)
            if (kind == "park" or kind == "zone") and mtext[end:end + 1] not in "、和及与等":
                parks.append(m)
    clauses = [s0 - 1, *[p for p in _positions(mtext, ctx.clause_chars, s0, s1) if not _digit_group(mtext, p)], s1]
    para = mtext.rfind("\n", 0, s0) + 1
    # names that may open the sentence's topic: at its start, at its paragraph's, after a lead-in (交通方面，…)
    topic_pos, topic_mentions = _topics(ctx)
    topics: list[tuple[int, list[Mention]]] = []
    n = len(topic_pos)
    i = bisect_left(topic_pos, s0)
    mark = _LIST_MARK.match(mtext, para)
    opening = mark.end() if mark is not None else para  # where the paragraph's words start (after 2. / （二） / ■)
    j = bisect_left(topic_pos, para, 0, i)
    if i < n and topic_pos[i] < s0 + 11 or j < n and topic_pos[j] < opening + 4:  # (a lead-in's comma is within 7)
        lead = mtext.find(",", s0, s0 + 7)  # matching text: ， is folded to ,
        for at in (s0, opening, lead + 1 if lead >= 0 else -1):
            i = bisect_left(topic_pos, at) if at >= 0 else n
            if i < n and topic_pos[i] < at + 4:
                topics.append((at, topic_mentions[i:bisect_left(topic_pos, at + 4, i)]))
    h = bisect_right(ctx.heading_pos, s0) - 1
    cues = ctx.cues
    if cues is None:
        cues = ctx.cues = _CueWords(mtext)
    cue_lo = bisect_left(cues.pos, s0)
    sent = ctx.sentences[s0] = _Sentence(
        s0, s1, para, inside, specific, parks, admins, admin_end, clauses, cues, cue_lo,
        bisect_left(cues.pos, s1, cue_lo), topics, mtext.find("全", s0, s1) >= 0, ctx.headings[h] if h >= 0 else None)
    return sent


def _digit_group(mtext: str, p: int) -> bool:
    """Whether the comma at ``p`` groups digits (约2,600亩), which ends no clause."""
    return mtext[p] == "," and 0 < p < len(mtext) - 1 and mtext[p - 1].isdigit() and mtext[p + 1].isdigit()


def _topics(ctx: _Ctx) -> tuple[list[int], list[Mention]]:
    """The mentions that can open a sentence's or paragraph's topic (and their starts), made on first use."""
    if ctx.topic_pos is not None and ctx.topic_mentions is not None:
        return ctx.topic_pos, ctx.topic_mentions
    mtext = ctx.mtext
    ctx.topic_mentions = tms = [m for m in ctx.mentions if m.kind in _TOPIC_KINDS and not _refpoint(mtext, m.start)
                                and not _speaker(mtext, m.end)]
    ctx.topic_pos = pos = [m.start for m in tms]
    return pos, tms


def _subject(ctx: _Ctx, fig: Figure, sent: _Sentence, clause: tuple[int, int], base: str) -> Mention | None:
    """The most specific place the figure's clause is about; see the module docstring for the order of rules."""
    fs, fe, fn = fig.start, fig.end, fig.num_start
    c0, c1 = clause
    mtext = ctx.mtext
    heading = sent.heading
    if base in ("km", "minute"):  # 全长约41公里, 通行时间压缩至10分钟: lengths and travel times belong to links
        for m in reversed(sent.mentions):
            if m.kind == "link" and m.end <= fs:
                return m
        if heading is not None and heading.kind == "link":
            return heading
        bare = _LINK_WORD.search(mtext, sent.start, fs)  # 通道建成后…缩短至15分钟: the link last named
        if bare is not None and not any(m.start <= bare.start() < m.end for m in sent.mentions):
            for m in reversed(ctx.mentions[:bisect_left(ctx.starts, sent.start)]):
                if m.kind == "link":
                    return m
    section = _section_of_link(ctx, sent, c0, fs)  # 东莞段长约7.8公里: a section of the link last named
    if section is not None:
        return section
    several = _SUM.search(mtext, c0, fs + 1)
    if several is not None:  # 两镇合计签约…: a figure for several towns is their county's
        holder = _containing(ctx, _SUM_LEVEL[several.group(1)])
        if holder is not None:
            return holder
    link_ok = base in ("km", "minute", "CNY")  # a link is the subject of its length, travel time or cost only
    spec = [m for m in sent.specific if m.start >= c0 and m.end <= c1 and (link_ok or m.kind != "link")] \
        if sent.specific else sent.specific
    if spec:
        before = [m for m in spec if m.end <= fn and (m.place is not None or m.kind in _NAMED_KINDS
                                                       or fn - m.end <= 8
                                                       or m.start - c0 <= 2  # a clause's opening name
                                                       or _opens_with(spec, m, c0))]
        if before and base == "count":
            # 上南、罗松大有、东阜路、罗松西四个工业片区 / 新落户…项目12个: a listed or counted name is what is counted
            before = [m for m in before if not _LIST_RE.search(mtext, m.end, fn)
                      and mtext[m.end:m.end + 1] not in "、和及与等"
                      and not (m.place is None and len(_CMP_WORDS.sub("", mtext[m.end:fn])) <= 2)]
        if before:
            return before[-1]
        # 占地703亩的洪木涧连片产业用地: a name right after the figure, joined by 的
        after = [m for m in spec if m.start >= fe and m.start - fe <= 3
                 and mtext[fe:m.start].strip("的之个项家") == ""
                 and (base != "count" or "的" in mtext[fe:m.start])]  # 两个跨境人才驿站: counted
        if after:
            return after[0]
    # a town or city written in full opening the figure's clause, not the sentence's (…；肇庆市今年…增长4.1%)
    for m in sent.admins:
        if c0 <= m.start <= c0 + 2 and m.end <= fs and c0 > sent.start and m.name.endswith(_FULL_ADMIN):
            return m
    # the topic of the sentence, or of the paragraph when it opens with a name (东部…产业区。面积约6.7平方公里), or
    # of what follows a lead-in (交通方面，深汕高铁全长… / 今年，…): a name starting in the four characters there
    for lo, names in sent.topics:
        if lo > fs:  # (a lead-in's comma after the figure does not count)
            continue
        topic = [m for m in names if m.end <= fs]
        if topic:
            return _longest(topic)
    # 今年，我们确保…: the speaker's own place, not the park the paragraph was about (unless the sentence names one)
    main = ctx.main
    if main is not None and main.kind in _ADMIN_RANK and _WE.match(mtext, sent.start, fs) is not None \
            and not any(m.end <= fs for m in sent.specific):
        return main
    # 全市/全镇 …: the whole admin area named (or the article's place of that level)
    whole = _WHOLE.search(mtext, c0, fs) if sent.has_whole else None
    if whole:
        level = {"市": "city", "区": "district", "县": "district", "镇": "town", "街": "subdistrict"}[whole.group("level")]
        named = [m for m in ctx.mentions[:bisect_left(ctx.starts, fs)] if m.kind == level]
        if ctx.main is not None and ctx.main.kind == level:
            return ctx.main
        if named:
            return named[-1]
    # 园区/合作区/该项目 …: a bare generic word earlier in the sentence refers back to the last place named with it
    refs = sent.refs
    if refs is None:  # (most sentences have every figure's subject before this rule: no need to look)
        refs = sent.refs = _BackRefs(mtext, sent.start, sent.end)
    ref = _back_reference(ctx, sent, refs, fs) if refs.words else None
    if ref is not None:
        return ref
    # a park or zone named earlier in the sentence, unless it is one item of a list (天安、京东等平台)
    for m in reversed(sent.parks):
        if m.end <= fs and m.start >= fs - 40:
            return m
    if heading is not None and heading.kind == "link" and link_ok:
        return heading  # ■ 中南虎城际: the section's investment figures are the link's
    for m in reversed(sent.admins):  # the last admin place named before the figure (a city only in its clause)
        if m.end <= fs and (m.kind != "city" or m.start >= c0):
            owned = _owner(mtext, sent, m, fs)
            if owned is not None:
                return owned
            located = _located(mtext, sent, m)
            if located is not None:
                return located
            # (an identity test first: the dataclass's == is a Python-level call)
            if main is None or m.place is not main.place and m.place != main.place or m.name != main.name:
                return m
            break
    # the park or zone the paragraph has been about (园区…。一期占地1350亩，已建成…)
    carried = ctx.para_topics.get(sent.para)
    if carried is not None:
        return carried
    # the heading the paragraph sits under (■ 仲恺新型显示产业园), unless the sentence names an admin place
    if heading is not None and sent.admin_end > fs:
        return heading
    if main is not None:
        return main
    for m in reversed(sent.mentions):
        if m.end <= fs:
            return m
    return None


def _containing(ctx: _Ctx, kind: str) -> Mention | None:
    """A mention of the one place that holds every known place of ``kind`` the article names (惠东县 for 稔山镇 and
    吉隆镇), if the article names it."""
    parents = {m.place.parent_key for m in ctx.mentions if m.kind == kind and m.place is not None}
    if len(parents) != 1:
        return None
    key = parents.pop()
    for m in ctx.mentions:
        if m.place is not None and m.place.key == key:
            return m
    return None


def _opens_with(spec: list[Mention], m: Mention, c0: int) -> bool:
    """Whether ``m`` follows a name opening the clause with nothing between (宝满港区冷链物流园项目占地300亩): the
    two are one name."""
    for k in spec:
        if k.end == m.start and k.start - c0 <= 2:
            return True
    return False


def _section_of_link(ctx: _Ctx, sent: _Sentence, c0: int, fs: int) -> Mention | None:
    """The link last named before the figure when its clause opens on a place's section of it (东莞段, 南沙段)."""
    for m in sent.mentions:
        if c0 <= m.start and m.end < fs and m.kind in _ADMIN_RANK and ctx.mtext[m.end:m.end + 1] == "段":
            for k in reversed(ctx.mentions[:bisect_left(ctx.starts, m.start)]):
                if k.kind == "link":
                    return k
            return None
    return None


def _located(mtext: str, sent: _Sentence, m: Mention) -> Mention | None:
    """The park, zone or project the sentence places in ``m`` (罗湖—始兴产业共建园，位于太平镇，…): the figures after
    are about what is located, not about where it is."""
    if not _LOCATED_AT.search(mtext, max(sent.start, m.start - 4), m.start):
        return None
    for k in reversed(sent.specific):
        if k.end <= m.start and k.kind in ("park", "zone", "project"):
            return k
    return None


def _owner(mtext: str, sent: _Sentence, m: Mention, fs: int) -> Mention | None:
    """The park, zone, project or link that the admin place ``m`` only qualifies (连接番禺区与沙田镇的莲花山过江通道,
    东莞市的松山湖…): a specific name right after ``m`` and 的, before the figure."""
    if mtext[m.end:m.end + 1] != "的":
        return None
    for k in sent.specific:
        if k.start == m.end + 1 and k.end <= fs:
            return k
    return None


def _back_reference(ctx: _Ctx, sent: _Sentence, refs: _BackRefs, fs: int) -> Mention | None:
    """The place the last bare 园区/合作区/开发区/该项目 … (``refs``, the sentence's) before ``fs`` refers to, if any
    does; each word's referent is worked out once, when first needed."""
    known = refs.referents
    i = bisect_right(refs.ends, fs)
    while i > 0:
        i -= 1
        if i in known:
            ref = known[i]
        else:
            ref = known[i] = _referent(ctx, refs.word_starts[i], refs.ends[i], refs.words[i], sent.para)
        if ref is not None:
            return ref
    return None


def _match_start(mtext: str, word_start: int) -> int:
    """Where the ``_BACKREF`` match of a generic word starts: at its 该/其/上述/此, if one stands right before it."""
    if word_start >= 1 and mtext[word_start - 1] in _ONE_CHAR_DEMONSTRATIVES:
        return word_start - 1
    if word_start >= 2 and mtext[word_start - 2:word_start] in _TWO_CHAR_DEMONSTRATIVES:
        return word_start - 2
    return word_start


def _referent(ctx: _Ctx, word_start: int, end: int, word: str, para_start: int) -> Mention | None:
    """The place a bare 园区/合作区/开发区/该项目 … (its word at ``[word_start, end)``) refers to: the last one named
    before it whose name ends in the same word (any park for 园区); after 该/其/上述/此, or for a bare 项目/基地 in the
    same paragraph, the last park, zone or project named. None when the word is part of a name, or nothing fits."""
    at = _match_start(ctx.mtext, word_start)
    for k in _mentions_in(ctx, max(0, at - 24), end):
        if k.start <= word_start < k.end:
            return None  # part of a name
    pointed = word_start > at
    main = ctx.main
    if (main is not None and main.place is None and main.kind == "park" and main.start < at
            and (word == "园区" or main.name.endswith(word))):
        return main  # the park the article is about (its headline names it)
    loose = word in ("项目", "基地")
    j = bisect_left(ctx.starts, at)
    for k in reversed(ctx.mentions[max(0, j - 40):j]):  # the last 40 places named are far enough back
        if k.kind not in ("park", "zone", "project") or k.end > at:
            continue
        if loose and not pointed:
            if k.start < para_start:
                break
            return k
        if pointed or k.name.endswith(word) or (word == "园区" and k.kind == "park"):
            return k
    if word == "园区":  # 园区 also names a development zone (…高新技术产业开发区 … 园区内)
        for k in reversed(ctx.mentions[max(0, j - 40):j]):
            if k.kind == "zone" and k.end <= at and k.name.endswith(("开发区", "高新区", "新区")):
                return k
    return None


# a tuple, not a str: compiled, iterating a str makes a new string for each character beyond Latin-1
_STOP_CHARS: Final = ("。", "！", "？", "!", "?", "；", ";")
assert _HEADING_STOP.pattern.startswith(f"[{''.join(_STOP_CHARS)}]|[，,]")


def _heading_stop(text: str) -> bool:
    """``_HEADING_STOP.search(text)`` for a line (no newline: ``.`` matches all): a sentence end or semicolon, or two
    commas. Substring tests, several times faster than the regex on these short lines."""
    for ch in _STOP_CHARS:
        if ch in text:
            return True
    return text.count("，") + text.count(",") >= 2


def _headings(mtext: str, mentions: list[Mention], starts: list[int],
              title_end: int) -> tuple[list[int], list[Mention | None]]:
    """Short heading lines (■ 仲恺新型显示产业园, （二）深江产业园) and the park, zone, station or link each one is
    about — when that name makes up most of the heading; None otherwise (the heading ends the previous topic)."""
    pos: list[int] = []
    topics: list[Mention | None] = []
    start = 0
    for line in mtext.split("\n"):
        end = start + len(line)
        # a line longer than 30 characters that strip() cannot shorten is no heading
        if start >= title_end and (len(line) <= 30 or line[0].isspace() or line[-1].isspace()):
            text = line.strip()
            if 0 < len(text) <= 30 and not _heading_stop(text):
                inside = [m for m in mentions[bisect_left(starts, start):bisect_left(starts, end)]
                          if m.kind in _HEADING_KINDS]
                best = _longest(inside) if inside else None
                pos.append(start)
                topics.append(best if best is not None and (best.end - best.start) * 2 >= len(_BULLET.sub("", text))
                              else None)
        start = end + 1
    return pos, topics


_LABEL_STRIP: Final = " “”\"'()（）、"


def _metric(mtext: str, fig: Figure, clause: tuple[int, int], floor: int) -> tuple[str, int]:
    """A short label for the figure (the words before it in its clause) and where that label starts."""
    fs = fig.start
    lo = max(max(clause[0], floor), fs - 16)  # (two-argument max: native in mypyc, three go through builtins)
    head = mtext[lo:fs].lstrip(_LABEL_STRIP)
    label = head.rstrip(_LABEL_STRIP)
    start = fs - len(head) if label else fs
    if len(label) < 2:
        tail = mtext[fig.end:min(clause[1], fig.end + 10)].strip(" “”\"'、")
        label = (label + tail) if tail else fig.unit
    return label[-16:], start


_BASE_UNITS: Final[dict[str, str]] = {}  # unit → base unit, filled as units come


def _base_unit(unit: str) -> str:
    base = _BASE_UNITS[unit] = lookup(unit).base
    return base


# base unit → its rules in order, (keywords, category); plain substring tests: as fast as a regex search in
# Python, several times faster compiled
_CATEGORY_OF: Final[dict[str, list[tuple[tuple[str, ...], str]]]] = {}
for _unit, _words, _cat in _CATEGORY_RULES:
    _CATEGORY_OF.setdefault(_unit, []).append((_words, _cat))
_NO_RULES: Final[list[tuple[tuple[str, ...], str]]] = []


def _category(base: str, metric: str) -> str:
    """The category of the first rule for the figure's base unit with a keyword in its metric (or no keywords)."""
    for words, cat in _CATEGORY_OF.get(base, _NO_RULES):
        if not words:
            return cat
        for word in words:
            if word in metric:
                return cat
    return "other"


def _evidence(text: str, lo: int, fe: int, c0: int) -> tuple[int, int]:
    s = max(max(lo, c0), fe - EVIDENCE_MAX)
    while s < fe and text[s] in " \t“”\"'、，,":
        s += 1
    return s, fe


class Reading:
    """What :func:`read_figure` makes of one figure (a plain class: native when compiled, as :class:`Figure`)."""

    subject: Mention | None
    modality: str
    metric: str
    category: str
    year: int | None
    evidence: tuple[int, int]

    def __init__(self, subject: Mention | None, modality: str, metric: str, category: str, year: int | None,
                 evidence: tuple[int, int]) -> None:
        self.subject, self.modality, self.metric, self.category = subject, modality, metric, category
        self.year, self.evidence = year, evidence




def article_context(text: str, mtext: str, mentions: list[Mention], published: dt.date | None,
                    title_span: tuple[int, int]) -> _Ctx:
    """Everything :func:`read_figure` needs to know about one article, computed once (what only some figures need
    is worked out when first asked for, per sentence)."""
    starts = [m.start for m in mentions]
    main = _main_place(mentions, title_span[1], mtext, starts)
    year_pos, years = _years(mtext)
    heading_pos, headings = _headings(mtext, mentions, starts, title_span[1])
    clause_chars = "".join(ch for ch in _CLAUSE_MID_CHARS if ch in mtext)
    return _Ctx(mtext, text, mentions, starts, _sentence_bounds(mtext), clause_chars, main,
                published.year if published else None, year_pos, years, heading_pos, headings)


def read_figure(ctx: _Ctx, fig: Figure) -> Reading:
    """Subject, modality, metric, category, year and evidence span of one figure (see the module docstring)."""
    fs, fe, fn = fig.start, fig.end, fig.num_start
    mtext = ctx.mtext
    bounds = ctx.sent_bounds
    i = bisect_left(bounds, fn)
    s0 = bounds[i - 1] + 1
    sent = ctx.sentences.get(s0)
    if sent is None:
        sent = _sentence(ctx, s0, bounds[i])
    bounds = sent.clauses
    i = bisect_left(bounds, fn)
    clause = (bounds[i - 1] + 1, bounds[i])
    c0 = clause[0]
    base = _BASE_UNITS.get(fig.unit) or _base_unit(fig.unit)
    subj = _subject(ctx, fig, sent, clause, base)
    if subj is not None and subj.kind in ("park", "zone", "project"):
        ctx.para_topics[sent.para] = subj  # (a paragraph holds whole sentences)
    modality, cue_at = _modality(sent, fs, fe, c0, clause[1])
    floor = c0  # the label starts after the last name (and cue word) before the figure in its clause
    for m in sent.mentions:
        if m.start >= c0 and floor < m.end <= fs:
            floor = m.end
    # and after the last modal word (力争GDP增长 → GDP增长); a content verb stays in it (新增企业, 累计投资)
    floor = _modal_floor(ctx, sent, max(floor, fs - 16), fs, floor)
    metric, mstart = _metric(mtext, fig, clause, floor)
    ev_lo = min(mstart, cue_at) if cue_at is not None and fs - cue_at <= 12 and cue_at >= c0 else mstart
    return Reading(subj, modality, metric, _category(base, metric), _year(ctx, fs, fe, s0, clause[1]),
                   _evidence(ctx.text, ev_lo, fe, c0))


def sentence_of(ctx: _Ctx, pos: int) -> tuple[int, int]:
    """``[start, end)`` of the sentence holding ``pos``."""
    return _span(ctx.sent_bounds, pos)


def mentions_in(ctx: _Ctx, lo: int, hi: int) -> list[Mention]:
    """The place mentions lying inside ``[lo, hi)``."""
    return _mentions_in(ctx, lo, hi)
