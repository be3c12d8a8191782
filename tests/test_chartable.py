"""The matching text made with lookup tables is OpenCC's, character for character (geo/chartable.py, geo/textnorm.py).

The tables hold OpenCC's answer for each character alone, and OpenCC converts the few characters around the
phrases it reads as phrases; these tests hold that against OpenCC converting the whole text, on the installed
OpenCC's own dictionaries, on every article we have, and on random texts made of its phrases and characters.
"""
from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bayatlas.geo import chartable
from bayatlas.geo.textnorm import _matching_text_opencc, matching_text
from tests.conftest import REPO, SHARED_SEEDS


def _in(ranges, ch: str) -> bool:
    return any(lo <= ord(ch) <= hi for lo, hi in ranges)


@pytest.fixture(scope="module")
def dicts() -> dict[str, dict[str, str]]:
    return {n: chartable.dictionary(n) for n in ("TSPhrases", "TSCharacters", "TSCharactersExt",
                                                  "CJK_Compatibility_Ideographs")}


def test_shipped_phrases_are_the_installed_opencc(dicts):
    version, phrases = chartable.read_phrases()
    assert version == chartable.opencc_version()
    assert sorted(phrases) == sorted(dicts["TSPhrases"])
    assert chartable.tables() is not None


def test_every_character_opencc_converts_is_in_the_tables(dicts):
    for name in ("TSCharacters", "TSCharactersExt"):
        outside = [k for k in dicts[name] if len(k) != 1 or not _in(chartable.CONVERTED_RANGES, k)]
        assert not outside, f"{name}: keys outside CONVERTED_RANGES: {outside[:10]}"
    compat = [k for k in dicts["CJK_Compatibility_Ideographs"] if len(k) != 1 or not _in(chartable.COMPAT_RANGES, k)]
    assert not compat


def test_table_is_opencc_one_character_at_a_time(dicts):
    import opencc

    t2s = opencc.OpenCC("t2s")
    tables = chartable.tables()
    assert tables is not None
    keys = list(dicts["TSCharacters"]) + list(dicts["TSCharactersExt"]) + list(dicts["CJK_Compatibility_Ideographs"])
    rng = random.Random(7)
    sample = keys + [chr(rng.randrange(lo, hi + 1)) for lo, hi in chartable.CONVERTED_RANGES for _ in range(300)]
    for ch in sample:
        conv = t2s.convert(ch)
        if len(conv) == 1:
            assert chr(int(tables.t2s[ord(ch)])) == conv, ch


def _articles() -> list[str]:
    from bayatlas.layers.articles import read_article

    paths = sorted(SHARED_SEEDS.glob("*.txt")) + sorted((REPO / "eval").glob("*/articles/*.txt"))
    return [read_article(p).text for p in paths]


def test_articles_read_as_opencc_reads_them():
    from bayatlas.geo.names import to_traditional

    texts = _articles()
    assert texts
    for text in texts + [to_traditional(t) for t in texts]:
        assert matching_text(text) == _matching_text_opencc(text)


_PHRASES = chartable.read_phrases()[1]
_TRAD = "們這個會經濟與為實業產國際項萬億鎮園區廠發來時對說過還進開關從後現長點體種問題應兩當間機構設變總鳳崗灣乾於覆著"
_OTHER = "的在和与及产业园区镇街道凤岗东莞深圳 ，。、；：“”（）\n\t-—·0１Ａａ　！～"
_RARE = ["\uf900", "\ufa0a", "\U0002f800", "\U0001f600", "\U000e0001", "\U0010fffd", "𫐷", "遱"]
_piece = st.one_of(st.sampled_from(_PHRASES), st.sampled_from(_PHRASES).map(lambda p: p[: max(1, len(p) - 1)]),
                   st.sampled_from(_PHRASES).map(lambda p: p[1:]), st.sampled_from(list(_TRAD)),
                   st.sampled_from(list(_OTHER)), st.sampled_from(_RARE))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_piece, max_size=60), st.integers(min_value=0, max_value=5))
def test_random_texts_read_as_opencc_reads_them(pieces, pad):
    text = "".join(pieces)
    assert matching_text(text) == _matching_text_opencc(text)
    # the same text around the 2,000th character, where the script is judged on a sample cut there
    filler = "這個經濟區" * 400
    long = filler[: 2000 - pad - len(text) // 2] + text + filler[:300]
    assert matching_text(long) == _matching_text_opencc(long)


# 1 of 200 ideographs changed in the first 2,000 characters: simplified; 瞭解 cut there by the sample (瞭 alone stays
# 瞭, 瞭解 becomes 了解) must not count as a second change
_AT_THRESHOLD = "們" + "的" * 198 + "a" * 1800 + "瞭解傢俱"


@pytest.mark.parametrize("text", ["", "abc", "１２３，", "據瞭解，傢俱", "鳳崗鎮" * 700 + "瞭解", "\uf900鳳崗", "\U000e0001鳳崗",
                                  _AT_THRESHOLD])
def test_edge_texts(text):
    assert matching_text(text) == _matching_text_opencc(text)


def test_sample_cut_inside_a_phrase():
    assert matching_text(_AT_THRESHOLD)[1] == "simplified"
