"""Chinese place-name normalisation: one script, half-width, suffix-free keys and pinyin.

Every name comparison in bayatlas goes through :func:`name_key` so that 鳳崗鎮, 凤岗镇, 凤岗 and
"Fenggang" all meet on the same keys.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc
from pypinyin import lazy_pinyin

_T2S = opencc.OpenCC("t2s")
_S2T = opencc.OpenCC("s2t")

#: Administrative suffixes stripped to form a short key, longest first.
ADMIN_SUFFIXES: tuple[str, ...] = (
    "特别行政区", "自治县", "街道办事处", "街道办", "街道", "新区", "地区", "社区", "市", "区", "县", "镇", "乡", "村",
)

_DASHES = re.compile(r"[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D~～]+")
_SPACE = re.compile(r"\s+")

# Variant characters that OpenCC's t2s keeps but mainland usage writes differently in place names.
_VARIANTS = str.maketrans({"甯": "宁", "欖": "榄", "裡": "里", "峯": "峰"})


def half_width(text: str) -> str:
    """Fold full-width digits, letters and punctuation to ASCII (NFKC), keeping CJK untouched."""
    return unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=65536)
def to_simplified(text: str) -> str:
    """Convert traditional Chinese to simplified (OpenCC t2s) after folding full-width forms."""
    return _T2S.convert(half_width(text)).translate(_VARIANTS)


@lru_cache(maxsize=8192)
def to_traditional(text: str) -> str:
    """Convert simplified Chinese to traditional (OpenCC s2t)."""
    return _S2T.convert(text)


def normalise(text: str) -> str:
    """Simplified script, half-width, unified dashes and no spaces: the form every match uses."""
    text = to_simplified(text.strip())
    text = _DASHES.sub("-", text).replace("—", "-")
    return _SPACE.sub("", text)


def strip_suffix(name: str) -> str:
    """Drop one administrative suffix (镇/街道/区/市 …) if something of two or more characters remains."""
    for suffix in ADMIN_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def name_key(name: str) -> str:
    """The matching key of a Chinese name: normalised and suffix-free (凤岗镇 → 凤岗)."""
    return strip_suffix(normalise(name))


def is_chinese(text: str) -> bool:
    """True when ``text`` contains at least one CJK ideograph."""
    return any("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" for ch in text)


@lru_cache(maxsize=8192)
def pinyin(name: str) -> str:
    """Title-cased toneless pinyin of a Chinese name (凤岗 → Fenggang)."""
    return "".join(lazy_pinyin(to_simplified(name))).capitalize()


def latin_key(name: str) -> str:
    """Matching key for romanised names: lower-case letters only (Bao'an → baoan, "Fusha Zhen" → fusha)."""
    text = half_width(name).lower()
    for suffix in (" zhen", " jiedao", " shi", " qu", " xian", " subdistrict", " town", " district", " city"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return re.sub(r"[^a-z]", "", text)
