"""Place names the gazetteer does not know, found by their form: …产业园, …片区, …城际, 地铁N号线, …站, …镇 …

A suffix is found first (one Aho–Corasick pass over the article), then the name is cut at the left where it must
start: punctuation or a function word, a leading verb (推进, 位于 …), an earlier suffix or verb inside the window,
or a known place written at its start. Names made only of generic words (现代化产业园, 深圳市产业园区) are not
names.

Per suffix the work is a few native walks over the code points before it (the run of name characters, the cut
words in that window, bisection into the known names) and a regex or two on the name left, so an article's ~40
suffixes cost ~0.1 ms; the generic and lead word lists are compiled as alternations grouped by first character,
which the regex engine tries one group at a time.
"""
from __future__ import annotations

import re
from typing import Final

import ahocorasick_rs

from bayatlas.geo.intsearch import bisect_left, bisect_right
from bayatlas.geo.mention import Mention, new_mention

#: suffix → kind (and link mode). Longest suffixes are tried first.
FORM_SUFFIXES: dict[str, tuple[str, str | None]] = {
    "产业园区": ("park", None), "产业园": ("park", None), "科技园": ("park", None), "工业园区": ("park", None),
    "工业园": ("park", None), "园区": ("park", None), "产业城": ("park", None), "科学城": ("zone", None),
    "基地": ("park", None), "孵化器": ("park", None), "产业区": ("zone", None), "集聚区": ("zone", None),
    "先行区": ("zone", None), "示范区": ("zone", None), "合作区": ("zone", None), "片区": ("zone", None),
    "城际铁路": ("link", "intercity_rail"), "城际": ("link", "intercity_rail"), "通道": ("link", "bridge_tunnel"),
    "大桥": ("link", "bridge_tunnel"), "快线": ("link", "road"), "快速路": ("link", "road"),
    "高速公路": ("link", "expressway"), "高速": ("link", "expressway"), "铁路": ("link", "rail"),
    "高铁": ("link", "rail"), "联络线": ("link", "expressway"), "大道": ("link", "road"), "路": ("link", "road"),
    "站": ("station", None), "街道": ("subdistrict", None), "镇": ("town", None), "小镇": ("zone", None),
    "县": ("district", None),
    "社区": ("village", None), "村": ("village", None), "项目": ("project", None), "数码城": ("park", None),
    "智谷": ("park", None), "智慧谷": ("park", None), "创业园": ("park", None), "产业平台": ("park", None),
    "产业空间": ("park", None), "商务区": ("zone", None), "公园": ("zone", None), "地块": ("project", None),
    "产业用地": ("zone", None), "保税仓": ("project", None), "中心": ("project", None), "工业城": ("zone", None),
    "新区": ("zone", None), "开发区": ("zone", None), "高新区": ("zone", None), "保税区": ("zone", None),
    "自贸区": ("zone", None), "自贸片区": ("zone", None), "经济区": ("zone", None), "试验区": ("zone", None),
    "实验区": ("zone", None), "产业带": ("zone", None), "港区": ("zone", None), "物流园": ("park", None),
    "协作园": ("park", None), "合作园": ("park", None), "共建园": ("park", None), "新城": ("zone", None),
    "口岸": ("station", None), "机场": ("station", None), "港": ("station", None),
    "工业区": ("zone", None), "协作区": ("zone", None), "协同区": ("zone", None), "经开区": ("zone", None),
    "飞地": ("project", None),
}
#: Suffixes that a city name alone does not make a name of (深圳市产业园区 is a description; 江门高新区, 江门站 are names).
CITY_GENERIC_SUFFIXES = frozenset({"产业园区", "产业园", "园区", "工业园", "工业园区", "基地", "项目", "中心", "片区",
                                   "产业区", "科技园", "新城", "物流园", "协作园", "合作园", "共建园", "产业用地",
                                   "地块"})
_MAX_PREFIX = {"station": 6, "town": 3, "subdistrict": 3, "district": 3, "link": 8, "park": 12, "zone": 12, "project": 14,
               "village": 3}
_METRO = re.compile(r"(?:(?:深圳|广州|东莞|佛山)?地铁)?\d{1,2}号线(?:[东西南北]延(?:线|段)?|[一二三]期)?")
_LIGHT_RAIL = re.compile(r"(?:澳门|广州|深圳|珠海|佛山|东莞)?(?:轻轨|城轨|有轨电车)[\u4e00-\u9fff]{1,4}?线")

# Characters where a name cannot continue to the left.
_STOP_CHARS = set("的在和与及或暨等将是为了把对向从于至到由以并其该各即如也都还又已被让使给跟这那每个有着、，。；："
                  "！？“”‘’（）()《》「」『』【】[]<> \n\t,.;:!?\"'/|…")
_JOINERS = set("-—·")  # inside a name only between two name characters (宝安-潮南共建产业园区)
#: Verbs and adverbs that start a clause, not a name; stripped from the left of a candidate (longest first).
_LEAD_WORDS = sorted(set("""推进 推动 加快 加速 建设 打造 依托 围绕 聚焦 引进 引入 落户 启动 完成 位于 包括 建成 规划 谋划 布局 发展
实施 全力 积极 助力 支持 服务 对接 联动 深化 携手 共建 开通 通车 连接 串联 毗邻 紧邻 靠近 抓好 用好 做好 实现 加强 强化
提升 优化 构建 形成 成立 设立 新建 扩建 筹建 开工 动工 投产 运营 入驻 进驻 落地 签约 承接 争取 力争 确保 计划 预计 拟 将
投资 开发 建立 培育 壮大 重点 主动 全面 大力 持续 不断 进一步 通过 利用 借助 随着 作为 成为 包含 涵盖 覆盖 带动 辐射 目前
今年 全年 年内 近年来 未来 新增 落实 招引 推动 启动 加大 以及 同时 其中 此外 另外 加上 包括 形成 推出 出台 启用 开放 开设 正式 已经 正在 即将 陆续
深入 探索 创建 申报 获批 获评 获得 入选 荣获 参与 参加 举办 召开 来到 前往 走进 考察 调研 坐落 地处 途经 经过 沿线 周边
附近 东侧 西侧 南侧 北侧 一带 片区内 区内 镇内 全镇 全区 全市 该镇 本镇 我镇 我市 我区 我们 我县 今后 下一步 还将 也将
都将 均 距 距离 离 往返 前往 经 由 整理出 整理 配合 另设 增设 绕行 运抵 事关 安排 涉及 关于 涉港 涉澳 发挥 推介 召开 打好 攻坚 拓展 面临 全县 设""".split()), key=len, reverse=True)
#: Words that make up generic descriptions rather than names (现代化产业园 is not a name; 金凤凰现代化产业园 is).
_GENERIC = sorted(set("""产业 工业 科技 现代化 现代 高新 特色 专业 重点 新型 低成本 村级 连片 大型 综合 创新 智能 智造 数字
先进 制造 新 老 大 小 各 全 本 该 此 其 一个 两个 多个 几个 这个 那个 重大 省级 市级 国家级 区级 镇级 省 市 区 镇 村 乡
城 县 两岸 沿线 周边 服务 生产 研发 示范 教育 培训 物流 仓储 试点 配套 起步 启动 核心 首个 首批 第一 公共 交通 轨道 城市
乡镇 城镇 社区 地铁 公交 加油 车 网 工作 驿 服务区 低效 村镇 千亩 万亩 腾挪 转移 快捷 中国 主题 一批 重大 城中村 专项 改造 工改工 招商 储备 在建 新开工 续建 民生 政务 指挥 运营 数据 科技创新 创新 研究 检测 技术 体验 展示 文化 活动 党群 便民 市民 客户 调度 发展 建设 更新 升级 提升 整治 市场 商业 物流 供应链 城市 中央 总部 项目 亿元 房地产 全省 全国 可 新增 可新增 科创 载体 更多 优质 机构 合作 共建 协作 协同 转移 好 该 这 那 上述 优质 一批 大 小 头部 龙头 一 二 三 四 五 六 七 八 九 十 十大 三大 四大 五大 六大 高速 快速 企业 投资 产业化 外溢 高端 科研 深企 港企 港方 港澳 青年
百亿级 十亿级 亿元级 集中开工 开工 收费 卫生 省市 改革 战略 道路 首期 工改""".split()),
                  key=len, reverse=True)


def _grouped(alternatives: list[tuple[str, str]]) -> str:
    """A regex alternation of ``(word, pattern after it)`` in the given order, grouped by the word's first character.

    Alternatives with different first characters never both match at one place, and those that may keep their
    order, so every match (and every backtrack) is that of the plain alternation; but the engine tries one group
    where it tried every word, and a search skips in C the characters no word starts with."""
    groups: dict[str, list[str]] = {}
    for word, after in alternatives:
        groups.setdefault(word[0], []).append(re.escape(word[1:]) + after)
    return "(?:" + "|".join(re.escape(first) + (rests[0] if len(rests) == 1 else "(?:" + "|".join(rests) + ")")
                            for first, rests in groups.items()) + ")"


def _alternation(words: list[str]) -> str:
    """The longest of ``words`` first (each once), as a grouped alternation."""
    return _grouped([(w, "") for w in sorted(set(words), key=len, reverse=True)])


_GENERIC_RE = re.compile(_alternation(_GENERIC) + "+")
_LEAD_RE = re.compile(_alternation(_LEAD_WORDS) + "+")
# How a generic word (or a lead word) may start and end: its first character when it has one, else its first two.
# Most names are told from generic words, and most prefixes from lead words, by two set lookups before any regex.
_GENERIC_HEADS = frozenset(w[:2] for w in _GENERIC)
_GENERIC_TAILS = frozenset(w[-2:] for w in _GENERIC)
_LEAD_HEADS = frozenset(w[:2] for w in _LEAD_WORDS)


# Which words a BMP code point starts or ends (bits), so that most prefixes are told from generic words, lead words and
# suffixes by a native lookup of one code point before any slice or set lookup.
_LEAD_FIRST: Final = 1
_GENERIC_FIRST: Final = 2
_GENERIC_LAST: Final = 4
_SUFFIX_END: Final = 8


def _edge_table() -> bytes:
    """The word-edge bits of every BMP code point, indexed by code point."""
    edges = bytearray(0x10000)
    for words, bit, at in ((_LEAD_WORDS, _LEAD_FIRST, 0), (_GENERIC, _GENERIC_FIRST, 0), (_GENERIC, _GENERIC_LAST, -1),
                           (list(FORM_SUFFIXES), _SUFFIX_END, -1)):
        for w in words:
            edges[ord(w[at])] |= bit
    return bytes(edges)


_EDGES: Final = _edge_table()


def _edge(text: str, k: int) -> int:
    """The word-edge bits of ``text[k]``."""
    o = ord(text[k])
    return _EDGES[o] if o < 0x10000 else 0


def _is_generic(prefix: str) -> bool:
    """True when ``prefix`` is empty or made of generic words only (产业, 现代化, 村级 …)."""
    if not prefix:
        return True
    if not (_edge(prefix, 0) & _GENERIC_FIRST and _edge(prefix, len(prefix) - 1) & _GENERIC_LAST):
        return False
    return ((prefix[:1] in _GENERIC_HEADS or prefix[:2] in _GENERIC_HEADS)
            and (prefix[-1:] in _GENERIC_TAILS or prefix[-2:] in _GENERIC_TAILS)
            and _GENERIC_RE.fullmatch(prefix) is not None)


def _strip_lead(prefix: str) -> str:
    """``prefix`` without the verbs and adverbs it starts with (推进, 位于, 全力 …)."""
    if not prefix or not _edge(prefix, 0) & _LEAD_FIRST:
        return prefix
    if prefix[:1] not in _LEAD_HEADS and prefix[:2] not in _LEAD_HEADS:
        return prefix
    m = _LEAD_RE.match(prefix)
    return prefix[m.end():] if m else prefix


_SUFFIXES_LONGEST = sorted(FORM_SUFFIXES, key=len, reverse=True)
#: Suffixes that are also common word parts, with what may not follow them (港澳, 港资; 镇村, 镇政府).
_SUFFIX_GUARDS = {"港": "澳人资企股币元籍商方口莞深珠中穗", "镇": "村街域内区级长委党政府", "县": "城域内级长委政"}
# The suffixes are found leftmost and longest in one Aho–Corasick pass (~15 µs an article, against ~35 µs for the
# regex alternation of the suffixes that did it before); the guards are checked on the character after: each
# guarded suffix is one character and no longer suffix starts with it but 港区, so dropping one goes on where the
# alternation would. The checks on the characters before a suffix are done in Python only where a suffix is.
_SUFFIX_FINDER = ahocorasick_rs.AhoCorasick(_SUFFIXES_LONGEST, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
                                            implementation=ahocorasick_rs.Implementation.DFA)
assert all(len(x) == 1 for x in _SUFFIX_GUARDS)
_NOT_BEFORE_TOWN = set("全该本各乡城农重强大小名古")


# Each BMP code point's class for the run of name characters before a suffix: a name character (CJK or Latin, not a
# stop character), a joiner, a stop character; code points past the table are none of these.
_NAME: Final = 1
_JOIN: Final = 2
_STOP: Final = 4


def _char_flags() -> bytes:
    """The class of every BMP code point (``_NAME``, ``_JOIN``, ``_STOP`` or 0), indexed by code point."""
    flags = bytearray(0x10000)
    for lo, hi in ((0x4E00, 0x9FFF), (0x41, 0x5A), (0x61, 0x7A)):
        flags[lo:hi + 1] = bytes([_NAME]) * (hi + 1 - lo)
    for c in _STOP_CHARS:
        flags[ord(c)] = _STOP
    for c in _JOINERS:
        flags[ord(c)] = _JOIN
    return bytes(flags)


assert not _STOP_CHARS & _JOINERS
_FLAGS: Final = _char_flags()


def _flag(text: str, k: int) -> int:
    """The class of ``text[k]`` (a code point compared natively when compiled, no one-character string)."""
    o = ord(text[k])
    return _FLAGS[o] if o < 0x10000 else 0


def _name_start(mtext: str, end: int, width: int) -> int:
    """Where the run of name characters ending at ``end`` starts (``end`` when ``mtext[end - 1]`` is not one): at
    most ``width`` characters, the last a name character, the others name characters or joiners with a character
    before them that is neither a stop character nor a joiner (宝安-潮南). Scanned leftwards over code points: one
    native loop in place of a regex match on the reversed text."""
    k = end - 1
    if k < 0 or _flag(mtext, k) != _NAME:
        return end
    n = 1
    while n < width and k > 0:
        f = _flag(mtext, k - 1)
        if f != _NAME and (f != _JOIN or k < 2 or _flag(mtext, k - 2) & (_STOP | _JOIN)):
            break
        k -= 1
        n += 1
    return k


def _all_name(text: str, lo: int, hi: int) -> bool:
    """Whether ``text[lo:hi]`` is all name characters (no stop character or joiner)."""
    for k in range(lo, hi):
        if _flag(text, k) != _NAME:
            return False
    return True


#: suffix → (kind, its longest prefix)
_FORM = {suffix: (kind, _MAX_PREFIX[kind]) for suffix, (kind, _mode) in FORM_SUFFIXES.items()}
_TOWNISH = ("镇", "村", "县")
#: Lead words that open with a stop character (其中, 以及 …): the run of name characters starts inside them.
_STRADDLE: tuple[str, ...] = tuple(w for w in _LEAD_WORDS if len(w) > 1 and w[0] in _STOP_CHARS)
_STRADDLE_FIRST = frozenset(w[0] for w in _STRADDLE)


def find_by_form(mtext: str, known: list[Mention]) -> list[Mention]:
    """Places named in ``mtext`` that the index does not know, found by their form; ``known`` are the known
    mentions, sorted and not overlapping (a name never ends inside one)."""
    ks = _Known(known)
    out: list[Mention] = []
    pos = mtext.find("号线")
    while pos >= 0:
        m = _METRO.search(mtext, max(0, pos - 8), pos + 6)
        if m and m.start() <= pos < m.end():
            s, e = m.span()
            if not ks.is_span(s, e) and not any(k.kind == "link" for k in ks.overlapping(s, e)):
                out.append(new_mention(s, e, m.group(), "link"))
        pos = mtext.find("号线", pos + 2)
    if "轨" in mtext:  # every light-rail name has 轻轨, 城轨 or 有轨电车 (a pass of _LIGHT_RAIL costs 40 µs)
        for m in _LIGHT_RAIL.finditer(mtext):
            s, e = m.span()
            if not ks.is_span(s, e) and not any(k.kind == "link" for k in ks.overlapping(s, e)):
                out.append(new_mention(s, e, m.group(), "link"))
    n = len(mtext)
    joiners, not_before_town, guards = _JOINERS, _NOT_BEFORE_TOWN, _SUFFIX_GUARDS
    starts, ends = ks.starts, ks.ends
    words = _SUFFIXES_LONGEST
    # (typed, so that the compiled loop unpacks each match without the generic iterator protocol)
    matches: list[tuple[int, int, int]] = _SUFFIX_FINDER.find_matches_as_indexes(mtext)
    for w, s, e in matches:
        # two name characters before the suffix (filters 为中心, 的站 …), and its guard (港澳, 镇政府); compared
        # as code points, which compiled code does without a rich comparison
        if s < 2:
            continue
        c1, c2 = mtext[s - 1], mtext[s - 2]
        o1, o2 = ord(c1), ord(c2)
        if (not (0x4E00 <= o1 <= 0x9FFF or 65 <= o1 <= 90 or 97 <= o1 <= 122) or not (
                0x4E00 <= o2 <= 0x9FFF or 65 <= o2 <= 90 or 97 <= o2 <= 122 or c2 in joiners)) \
                and c1 != ")" and c1 not in _CLOSE_QUOTES:
            continue  # (深圳(汕尾)产业园, “澳门新街坊”项目: brackets or quotes may stand right before the suffix)
        suffix = words[w]
        if suffix in guards and e < n and mtext[e] in guards[suffix]:
            continue
        if suffix in _TOWNISH and c1 in not_before_town:
            continue
        j = bisect_left(starts, e)
        if j and ends[j - 1] > s:
            continue  # the suffix belongs to a known name (凤岗镇, 深惠城际)
        cand = _form_candidate(mtext, suffix, s, e, ks)
        if cand is not None and not ks.is_span(cand.start, cand.end):
            out.append(cand)
    # a name inside a longer one found by form (富山工业园 in 富山工业园智能制造产业园) is part of it
    out.sort(key=_by_start_longest)
    kept: list[Mention] = []
    for x in out:
        if kept and x.start >= kept[-1].start and x.end <= kept[-1].end and (x.start, x.end) != \
                (kept[-1].start, kept[-1].end):
            continue
        kept.append(x)
    return _short_names(mtext, kept, ks) if kept else kept


_CITY_PARK_SUFFIXES = tuple(x for x in _SUFFIXES_LONGEST if x in CITY_GENERIC_SUFFIXES and FORM_SUFFIXES[x][0] == "park")


def _city_park_suffix(name: str) -> str:
    """The longest of _CITY_PARK_SUFFIXES (园区, 产业园 …) ``name`` ends in, else ""."""
    for suffix in _CITY_PARK_SUFFIXES:
        if name.endswith(suffix):
            return suffix
    return ""


def _city_parks(mtext: str, found: list[Mention], ks: _Known) -> list[Mention]:
    """``found`` with each zone written right before a city's park (河套深港科创合作区深圳园区: the zone's Shenzhen
    park; alone, 深圳园区 is no name) replaced by that park's whole name."""
    out: list[Mention] = []
    for z in found:
        k = ks.mention_starting_at(z.end)
        if z.kind == "zone" and k is not None and k.kind == "city":
            for suffix in _CITY_PARK_SUFFIXES:
                if mtext.startswith(suffix, k.end):
                    e = k.end + len(suffix)
                    z = new_mention(z.start, e, mtext[z.start:e], "park", None, z.parent_hint)
                    break
        out.append(z)
    return out


#: Suffixes that, written bare, name the one park of the article that ends in them (…产业协作园 … 落户协作园的项目).
_SHORT_SUFFIXES = ("协作园", "合作园", "共建园")


def _quoted_short_names(mtext: str, x: Mention, ks: _Known) -> list[str]:
    """The short names of a quoted name (「澳门新街坊」项目): what is quoted, and that without the place it starts
    with when three or more characters are left (新街坊)."""
    close = x.end
    for q in _CLOSE_QUOTES:
        at = mtext.find(q, x.start + 1, close)
        if at >= 0:
            close = at
    names = [mtext[x.start + 1:close]]
    k = ks.mention_starting_at(x.start + 1)
    if k is not None and k.kind in _ADMIN_LEVELS and close - k.end >= 3:
        names.append(mtext[k.end:close])
    return names


def _overlaps(mentions: list[Mention], s: int, e: int) -> bool:
    """Whether any of ``mentions`` overlaps ``[s, e)``."""
    for f in mentions:
        if f.start <= s < f.end or s <= f.start < e:
            return True
    return False


def _claim(owner: dict[str, Mention | None], short: str, x: Mention) -> None:
    """Record ``x`` as what ``short`` names; a short name two different names share names neither (None)."""
    had = owner.get(short, x)
    owner[short] = x if had is not None and had.name == x.name else None


def _short_names(mtext: str, found: list[Mention], ks: _Known) -> list[Mention]:
    """``found`` with the later bare uses of a park's short name added, as mentions of the full name: its suffix
    when that is 协作园/合作园/共建园 (宝安—火炬产业协作园 … 协作园), or a city and a generic suffix after a zone's name
    (河套深港科创合作区深圳园区 … 深圳园区). A short name shared by two names in the article is left alone."""
    found = _city_parks(mtext, found, ks)
    owner: dict[str, Mention | None] = {}
    for x in found:
        if x.place is None and mtext[x.start] in _OPEN_QUOTES:  # 「澳门新街坊」项目 … 澳门新街坊 … 新街坊
            for short in _quoted_short_names(mtext, x, ks):
                _claim(owner, short, x)
            continue
        if x.kind != "park" or x.place is not None:
            continue
        short = ""
        for suffix in _SHORT_SUFFIXES:
            if x.name.endswith(suffix) and len(x.name) > len(suffix) + 1:
                short = suffix
        k = ks.mention_ending_at(x.end - len(_city_park_suffix(x.name)))
        if k is not None and k.kind == "city" and k.start > x.start:
            short = mtext[k.start:x.end]  # 深圳园区 (a city name starting the whole name is not a short name)
        if short:
            _claim(owner, short, x)
    added: list[Mention] = []
    for short in sorted(owner, key=len, reverse=True):  # (澳门新街坊 before 新街坊, which it holds)
        full = owner[short]
        if full is None:
            continue
        i = mtext.find(short, full.start + 1)
        while i >= 0:
            e = i + len(short)
            if not _overlaps(found, i, e) and not _overlaps(added, i, e) and not any(
                    k.start < i or k.end > e for k in ks.overlapping(i, e)):
                added.append(new_mention(i, e, full.name, full.kind, None, full.parent_hint))
            i = mtext.find(short, e)
    if not added:
        return found
    out = found + added
    out.sort(key=_by_start_longest)
    return out


def _by_start_longest(m: Mention) -> tuple[int, int]:
    return m.start, -m.end


class _Known:
    """Known mentions (sorted, not overlapping) with interval lookups by bisection."""

    def __init__(self, known: list[Mention]):
        self.items = known
        self.starts: list[int] = [k.start for k in known]
        self.ends: list[int] = [k.end for k in known]

    def overlapping(self, s: int, e: int) -> list[Mention]:
        """The known mentions overlapping ``[s, e)``."""
        return self.items[bisect_right(self.ends, s):bisect_left(self.starts, e)]

    def is_span(self, s: int, e: int) -> bool:
        """True when a known mention spans exactly ``[s, e)``."""
        j = self.starting_at(s)
        return j >= 0 and self.ends[j] == e

    def starting_at(self, s: int) -> int:
        """The index of the known mention starting at ``s``, else -1 (by bisection: no dict to build an article)."""
        j = bisect_left(self.starts, s)
        return j if j < len(self.starts) and self.starts[j] == s else -1

    def mention_starting_at(self, s: int) -> Mention | None:
        """The known mention starting at ``s``, if any."""
        j = self.starting_at(s)
        return self.items[j] if j >= 0 else None

    def mention_ending_at(self, e: int) -> Mention | None:
        """The known mention ending at ``e``, if any."""
        j = self.ending_at(e)
        return self.items[j] if j >= 0 else None

    def ending_at(self, e: int) -> int:
        """The index of the known mention ending at ``e``, else -1."""
        j = bisect_left(self.ends, e)
        return j if j < len(self.ends) and self.ends[j] == e else -1


def _form_candidate(mtext: str, suffix: str, s_end: int, e: int, ks: _Known) -> Mention | None:
    """A place name ending in ``suffix`` (…产业园, …站) at ``mtext[s_end:e]`` (a suffix no known name holds), cut at
    the left where a name must start."""
    starts, ends = ks.starts, ks.ends
    kind, width = _FORM[suffix]
    if mtext[s_end - 1] in _CLOSE_QUOTES:
        return _quoted(mtext, suffix, kind, s_end, e, ks)
    i = _name_start(mtext, s_end, width)
    # brackets around a place inside the name (惠阳区(坪山)科技创新飞地, 深圳(汕尾)产业园), or quotes around a slogan
    # (龙湖区“百千万工程”产业合作园区)
    paren, close = -1, -1
    opener, reach = _OPENERS.get(mtext[i - 1], ("", 0)) if i > 3 else ("", 0)
    if opener:
        j = mtext.rfind(opener, max(0, i - reach), i - 1)
        if j > 0 and j + 1 < i - 1 and _all_name(mtext, j + 1, i - 1):
            before = _name_start(mtext, j, width)
            if j - before >= 2:
                paren, close, i = j, i - 1, before
    if i > 0 and mtext[i - 1] in _STRADDLE_FIRST:  # 其|中涉港项目: the rest of a lead word a stop character opens
        for w in _STRADDLE:
            if mtext.startswith(w, i - 1):
                i += len(w) - 1
                break
    if s_end - i < 2:
        return None
    prefix = mtext[i:s_end]
    # cut after the last earlier suffix, strong verb or counted phrase inside the window (…工业园省级…, 调研…);
    # a cut word may straddle the window's left edge (…产业园|积蓄更大发展动能产业合作园)
    cut = 0
    cut_ends = _cut_ends(mtext, i - 3 if i > 3 else 0, s_end)
    if cut_ends:
        cuts = [0]
        for c_end in cut_ends:
            cuts.append(c_end - i if c_end > i else 0)
        cut = cuts[-1]
        # 富山工业园智能制造产业园, 光明—肇庆高新区共建产业园: when only generic words follow an earlier suffix,
        # that suffix is part of this name, not the end of another
        while len(cuts) > 1 and _ends_in_suffix(prefix, cut) and _is_generic(_strip_lead(prefix[cut:])):
            cuts.pop()
            cut = cuts[-1]
    # the known names inside the name (sorted, not overlapping: those starting at i + cut or later and ending at
    # s_end or before)
    a, b = bisect_left(starts, i + cut), bisect_right(ends, s_end)
    inner = ks.items[a:b] if a < b else _NONE
    if paren >= 0:  # the place in brackets is where the name's owner comes from, not where the name starts
        inner = [k for k in inner if not paren < k.start < close] if inner else inner
    if inner:
        last = inner[-1].place  # (a known mention always has its place)
        k = len(inner) - 1 if kind in ("station", "town", "subdistrict") or \
            (last is not None and last.kind in ("town", "subdistrict", "district")) else 0
        # 宝安-潮南共建产业园区: names joined by a dash belong together
        while k > 0 and mtext[inner[k].start - 1] in _JOINERS and inner[k - 1].end == inner[k].start - 1:
            k -= 1
        cut = max(cut, inner[k].start - i)
    if cut:
        prefix = prefix[cut:]
        i += cut
    stripped = _strip_lead(prefix)
    i += len(prefix) - len(stripped)
    prefix = stripped
    if len(prefix) < 2:
        return None
    after = mtext[e:e + 1]
    if kind in ("town", "subdistrict", "district"):
        if len(prefix) != 2 or after in "村街域内区级长委" or prefix[-1] in "大重强小城全村乡市各名古县":
            return None
    elif kind == "station":
        if len(prefix) > 5 or after in "位点长台内务在" or prefix[-1] in "车设座":
            return None
    elif kind == "village":
        if len(prefix) > 3 or prefix[-1] in "城乡农政体中新各全该本" or after in "级民委集":
            return None
    elif suffix == "港" and prefix[-1] in "临出入进离海香":
        return None
    elif suffix == "路":
        if len(prefix) > 4 or prefix[-1] in "道思出线新之一二三四五六七八九十条段电网套" or after in "线径网由上口面况子":
            return None
    elif suffix in ("项目", "中心", "地块") and after in "库群建化":
        return None
    rest = _drop_known(prefix, i, inner) if inner else prefix
    if (rest or suffix in CITY_GENERIC_SUFFIXES) and _is_generic(rest):
        return None
    j = ks.starting_at(i)
    hint = ks.items[j] if j >= 0 else None
    hint_place = hint.place if hint is not None and hint.end <= s_end else None
    if hint_place is None:
        j = ks.ending_at(i)
        if j >= 0:
            hint_place = ks.items[j].place
    # 斗门区富山工业园 → 富山工业园 at 斗门区: a full admin name written first is where the place is, not its name
    if (hint is not None and hint.place is not None and hint.end < s_end and hint.kind in _ADMIN_LEVELS
            and hint.name.endswith(("区", "县", "市", "镇", "街道")) and mtext[hint.end] not in _JOINERS
            and mtext[hint.end] not in "(“「"
            and not _is_generic(mtext[hint.end:s_end])):
        i = hint.end
    return new_mention(i, e, mtext[i:e], kind, None, hint_place)


_NONE: list[Mention] = []
_CLOSE_QUOTES = frozenset("”」』")
_OPENERS = {")": ("(", 6), "”": ("“", 10), "」": ("「", 10)}  # closing mark → (its opening mark, how far back)
_OPEN_QUOTES = "“「『"


def _quoted(mtext: str, suffix: str, kind: str, s_end: int, e: int, ks: _Known) -> Mention | None:
    """The name a suffix follows in quotes (「澳门新街坊」项目 → 澳门新街坊项目, spanning the quotes), unless what is
    quoted is generic (“工改”项目) or no name (it holds punctuation, or a known place alone)."""
    j = max(mtext.rfind(q, max(0, s_end - 14), s_end - 1) for q in _OPEN_QUOTES)
    inner = mtext[j + 1:s_end - 1] if j >= 0 else ""
    if not 2 <= len(inner) <= _MAX_PREFIX[kind] or not _all_name(mtext, j + 1, s_end - 1) or _is_generic(inner) \
            or ks.is_span(j + 1, s_end - 1):
        return None
    hint = ks.mention_starting_at(j + 1)
    return new_mention(j, e, inner + suffix, kind, None, hint.place if hint is not None else None)


def _ends_in_suffix(prefix: str, end: int) -> bool:
    """True when a form suffix ends at ``end`` in ``prefix`` (else the cut there was a verb, not a suffix)."""
    if end < 1 or not _edge(prefix, end - 1) & _SUFFIX_END:
        return False
    for k in _SUFFIX_LENGTHS:
        if k <= end and prefix[end - k:end] in FORM_SUFFIXES:
            return True
    return False


_SUFFIX_LENGTHS: Final = sorted({len(x) for x in FORM_SUFFIXES})


def _drop_known(prefix: str, start: int, inner: list[Mention]) -> str:
    """The prefix without the city names in it (深圳市产业 → 产业: generic); a town or district keeps its name
    (坦洲科创产业园, 龙湖现代产业园 are names)."""
    for k in reversed(inner):
        if k.kind != "city":
            continue
        a, b = max(k.start, start) - start, min(k.end, start + len(prefix)) - start
        if a < b:
            prefix = prefix[:a] + prefix[b:]
    return prefix


_CUT_WORDS = """推进 推动 加快 打造 调研 前往 考察 依托 围绕 聚焦 引进 专访 实施 完善 健全 疏通 构建 立足 申报
吸引 协调 入驻 策划 打赢 吹响 平台 打通 对接 支持 承接 推出 签约 落户 建设 谋划 布局 助力 服务 连接 串联 开通 通车 赴 到 打造 实现
新增 储备 盘活 整备 季度 设立 稳居 积蓄 蓄势 赋能 动能 更大 奋力 承诺 引进 孵化 举办 落地
首个 首批 一批 多个 几个 运抵 安排 绕行 途经""".split()
_NUMERALS = "一二三四五六七八九十两"
_COUNTED = "大个批项类条座"  # what closes a counted phrase (三大, 一批, 一条)


class _Cut:
    """One way a cut starts with a given character: the characters of a word after its first (``rest``), with the
    characters that may not follow it (``guard``: 港澳, 镇政府); or, ``counted``, a run of numerals closed by
    大/个/批/项/类 (三大, 十二个)."""

    def __init__(self, rest: str, guard: str, counted: bool):
        self.rest = rest
        self.guard = guard
        self.counted = counted

    def end(self, text: str, at: int, hi: int) -> int:
        """Where this cut ends when it starts just before ``at`` in ``text[:hi]``, else -1."""
        if self.counted:
            while at < hi and text[at] in _NUMERALS:
                at += 1
            return at + 1 if at < hi and text[at] in _COUNTED else -1
        rest = self.rest
        n = len(rest)
        if at + n > hi:
            return -1
        for k in range(n):
            if ord(text[at + k]) != ord(rest[k]):
                return -1
        at += n
        return -1 if at < hi and self.guard and text[at] in self.guard else at


def _cuts_by_first() -> dict[int, list[_Cut]]:
    """First character (code point) → the cuts starting with it, in the order they are tried: the suffixes (guarded,
    longest first), the words, the counted phrases, 亩 (the order of the alternation they stand for)."""
    out: dict[int, list[_Cut]] = {}
    for word, guard, counted in ([(x, _SUFFIX_GUARDS.get(x, ""), False) for x in _SUFFIXES_LONGEST]
                                 + [(w, "", False) for w in _CUT_WORDS] + [(d, "", True) for d in _NUMERALS]
                                 + [("亩", "", False)]):
        out.setdefault(ord(word[0]), []).append(_Cut(word[1:], guard, counted))
    return out


def _head_table(firsts: list[int]) -> bytes:
    """For each BMP code point, 1 + its index in ``firsts`` (0: not there): a native lookup, no dict."""
    assert len(firsts) < 255 and max(firsts) < 0x10000
    heads = bytearray(0x10000)
    for g, first in enumerate(firsts):
        heads[first] = g + 1
    return bytes(heads)


_CUTS_BY_FIRST = _cuts_by_first()
_CUT_GROUPS: Final = list(_CUTS_BY_FIRST.values())
_CUT_HEADS: Final = _head_table(list(_CUTS_BY_FIRST))  # 1 + the index in _CUT_GROUPS of a character's cuts


def _cut_ends(text: str, lo: int, hi: int) -> list[int]:
    """Where the cuts in ``text[lo:hi]`` end — where a name cannot start before: an earlier suffix, a strong verb,
    a counted phrase (三大, 一批) or 亩. Found as a regex alternation of them in the order of :func:`_cuts_by_first`
    would find them (leftmost, the first that matches at a place, going on where it ends), by a native walk over the
    code points: the few characters that start a cut are told by a table, and only there are the words compared."""
    out: list[int] = []
    at = lo
    while at < hi:
        o = ord(text[at])
        at += 1
        g = _CUT_HEADS[o] if o < 0x10000 else 0
        if g:
            for cut in _CUT_GROUPS[g - 1]:
                end = cut.end(text, at, hi)
                if end >= 0:
                    out.append(end)
                    at = end
                    break
    return out


_ADMIN_LEVELS = ("city", "district", "town", "subdistrict")
