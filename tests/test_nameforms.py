"""Names by form (geo/nameforms.py): the fast forms of its scans find exactly what the plain forms find.

Each finder is held against the plain form it replaces — the regex alternation of the suffixes, the word lists as
plain alternations, a character-by-character walk to the left — on random texts made of the words they look for,
name characters, stop characters and joiners.
"""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bayatlas.geo import nameforms as nf
from bayatlas.geo.geoparse import default_index, matching_text


def _plain(words) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")"


_PLAIN_SUFFIXES = "(?:" + "|".join(
    re.escape(x) + (f"(?![{nf._SUFFIX_GUARDS[x]}])" if x in nf._SUFFIX_GUARDS else "")
    for x in sorted(nf.FORM_SUFFIXES, key=len, reverse=True)) + ")"
_PLAIN_SCAN = re.compile(_PLAIN_SUFFIXES)
_PLAIN_CUTS = re.compile(_PLAIN_SUFFIXES + "|(?:" + "|".join(nf._CUT_WORDS)
                         + "|[一二三四五六七八九十两]+[大个批项类条座]|亩)")
_PLAIN_GENERIC = re.compile(_plain(nf._GENERIC) + "+")
_PLAIN_LEAD = re.compile(_plain(nf._LEAD_WORDS) + "+")

_WORDS = sorted(set(nf.FORM_SUFFIXES) | set(nf._CUT_WORDS) | set(nf._GENERIC) | set(nf._LEAD_WORDS))
_CHARS = sorted(set("凤岗塘厦港澳镇村县区城大新一二三两个批类亩的在和、，。-—·ABc1 \n") | nf._STOP_CHARS)
_text = st.lists(st.one_of(st.sampled_from(_WORDS), st.sampled_from(_CHARS)), max_size=40).map("".join)


def _plain_left_run(mtext: str, s_end: int, width: int) -> int:
    """Where the name before ``s_end`` may start at the earliest: the character walk nameforms used to do."""
    i, limit = s_end, max(0, s_end - width)
    while i > limit:
        ch = mtext[i - 1]
        if ch in nf._STOP_CHARS or ch.isdigit() or not (re.match(r"[\u4e00-\u9fffA-Za-z]", ch) or ch in nf._JOINERS):
            break
        if ch in nf._JOINERS and (i < 2 or i == s_end or mtext[i - 2] in nf._STOP_CHARS
                                  or mtext[i - 2] in nf._JOINERS):
            break
        i -= 1
    return i


@settings(max_examples=500, deadline=None)
@given(_text)
def test_suffix_scan_is_the_alternation(text):
    n = len(text)
    fast = [(s, e) for w, s, e in nf._SUFFIX_FINDER.find_matches_as_indexes(text)
            if not (nf._SUFFIXES_LONGEST[w] in nf._SUFFIX_GUARDS and e < n
                    and text[e] in nf._SUFFIX_GUARDS[nf._SUFFIXES_LONGEST[w]])]
    assert fast == [m.span() for m in _PLAIN_SCAN.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(_text, st.integers(0, 40), st.integers(0, 40))
def test_grouped_word_lists_match_as_plain_ones(text, a, b):
    a, b = min(a, b, len(text)), min(max(a, b), len(text))
    assert nf._cut_ends(text, a, b) == [m.end() for m in _PLAIN_CUTS.finditer(text, a, b)]
    assert (nf._GENERIC_RE.fullmatch(text) is None) == (_PLAIN_GENERIC.fullmatch(text) is None)
    assert nf._is_generic(text) == (not text or _PLAIN_GENERIC.fullmatch(text) is not None)
    lead = _PLAIN_LEAD.match(text)
    assert nf._strip_lead(text) == (text[lead.end():] if lead else text)


@settings(max_examples=500, deadline=None)
@given(_text)
def test_left_run_is_the_character_walk(text):
    for kind, width in nf._MAX_PREFIX.items():
        for s_end in range(len(text) + 1):
            assert nf._name_start(text, s_end, width) == _plain_left_run(text, s_end, width), (kind, s_end)


@settings(max_examples=300, deadline=None)
@given(_text.map(lambda t: t.replace("\n", "")))  # (a prefix is a run of name characters: never a newline, before
def test_ends_in_suffix(text):                     # which $ would also match)
    for end in range(len(text) + 1):
        m = re.compile("(?:" + "|".join(map(re.escape, nf._SUFFIXES_LONGEST)) + ")$").search(text, max(0, end - 6), end)
        assert nf._ends_in_suffix(text, end) == (m is not None)


def test_known_lookups_by_bisection():
    mtext, _ = matching_text("东莞凤岗镇与深圳宝安区共建凤岗产业园，塘厦镇、清溪镇和樟木头镇加快建设深惠城际")
    known = [m for m in default_index().find(mtext) if m.known]
    assert len(known) >= 5
    ks = nf._Known(known)
    for s in range(len(mtext) + 1):
        for e in range(s, len(mtext) + 1):
            assert ks.overlapping(s, e) == [k for k in known if k.start < e and k.end > s]
            assert ks.is_span(s, e) == any((k.start, k.end) == (s, e) for k in known)
