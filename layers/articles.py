"""Read article files: UTF-8, GB18030 or Big5, detected from the bytes; binary and empty files are refused.

Offsets everywhere in bayatlas are character offsets into the text returned here.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

#: Files larger than this are refused (a news article is a few KB; 10 MB is accepted).
MAX_BYTES = 64 * 1024 * 1024


class ArticleError(ValueError):
    """An article file that cannot be read as text; the message names the file and says what to do."""


@dataclass(frozen=True)
class Article:
    path: Path
    text: str
    encoding: str


#: Code points of the plausibility check (:func:`_cjk_share`): common CJK ideographs, ASCII, CJK and full-width
#: punctuation.
_COMMON_RANGES = ((0x4E00, 0x9FFF), (0x0000, 0x007F), (0x3000, 0x303F), (0xFF00, 0xFFEF))
#: The most frequent characters of Chinese news text (simplified; their traditional forms are added on first use).
#: Bytes decoded with the right codec are full of them; Big5 read as GB18030 (or the reverse) almost never is.
_FREQUENT = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而"
             "方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好"
             "应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反明看原又利比或但质气第向道"
             "此变条只没结解问意建月公无系很情者最立代想已通并提直题党程展五果位入常文总次品式活设及管特件长求基资边"
             "流路级少图山统接知较将组见计别期根论运农指区强放决西被干做必先回则任取据处南给门即保治北造百规热领七海"
             "口东导器世金增集办镇园项目亿元亩万投市务企创港湾深圳莞珠江桥铁站城际通车")
_IS_COMMON, _IS_FREQUENT = 0, 1  # which of the :func:`_char_classes` tables


@lru_cache(maxsize=1)
def _char_classes() -> tuple[np.ndarray, np.ndarray]:
    """Two tables of one bool per code point: common (:data:`_COMMON_RANGES`) and frequent (:data:`_FREQUENT`, either
    script). Counting a sample's characters by lookups in a table costs ~2.5x less than a regex pass over a large
    character class; one bool table per class (not one byte of flags) spares masking the looked-up values."""
    from bayatlas.geo.names import to_traditional

    common = np.zeros(0x110000, dtype=bool)
    for lo, hi in _COMMON_RANGES:
        common[lo:hi + 1] = True
    frequent = np.zeros(0x110000, dtype=bool)
    frequent[[ord(c) for c in set(_FREQUENT) | set(to_traditional(_FREQUENT))]] = True
    return common, frequent


def _share(text: str, limit: int, cls: int) -> float:
    """Share of the first ``limit`` characters in class ``cls`` (computed as one minus the share of the others, as
    the scores were first defined: the same float to the last bit)."""
    sample = text[:limit]
    if not sample:
        return 0.0
    codes = np.frombuffer(sample.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    # take, not table[codes]: the same values for ~5x less (fancy indexing converts and checks the index array)
    others = len(sample) - int(np.count_nonzero(_char_classes()[cls].take(codes)))
    return 1 - others / len(sample)


def _frequent_share(text: str) -> float:
    """Share of the first 600 characters that are frequent Chinese characters (either script): ~45 % in text
    decoded with its own codec, ~1 % in Big5 read as GB18030 or the reverse."""
    return _share(text, 600, _IS_FREQUENT)


def _cjk_share(text: str) -> float:
    """Share of characters that are common CJK ideographs or ASCII/CJK punctuation (a plausibility score)."""
    return _share(text, 2000, _IS_COMMON)


def decode(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """``(text, encoding)`` for article bytes; raises :class:`ArticleError` for binary or unknown encodings."""
    if not data or data.isspace():  # isspace stops at the first other byte: no stripped copy of the file
        raise ArticleError(f"{name}: empty file, nothing to extract")
    if data.find(b"\x00", 0, 65536) >= 0:
        raise ArticleError(f"{name}: binary file (NUL bytes), not a text article; pass .txt files")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    decoded: dict[str, str] = {}
    for enc in ("gb18030", "big5hkscs"):
        try:
            decoded[enc] = data.decode(enc)
        except UnicodeDecodeError:
            continue
    if not decoded:
        raise ArticleError(f"{name}: not UTF-8, GB18030 or Big5 text; convert it to UTF-8")
    checked = True  # whether the chosen text must still pass the plausibility check
    if len(decoded) == 2:
        # Both decoders accepted the bytes: prefer the one full of frequent characters. GB18030 decodes almost any
        # byte string, so Big5 text read as GB18030 turns into rare ideographs and punctuation (and the reverse).
        gb_freq, big5_freq = _frequent_share(decoded["gb18030"]), _frequent_share(decoded["big5hkscs"])
        if max(gb_freq, big5_freq) >= 0.1 and abs(gb_freq - big5_freq) >= 0.05:
            enc = "gb18030" if gb_freq > big5_freq else "big5hkscs"
        else:  # too little text to tell by the frequent characters: ask charset-normalizer
            from charset_normalizer import from_bytes

            best = from_bytes(data[:65536], cp_isolation=["gb18030", "big5"]).best()
            if best is not None and best.encoding in ("gb18030", "big5"):
                enc, checked = ("gb18030" if best.encoding == "gb18030" else "big5hkscs"), False
            else:
                enc = max(decoded, key=lambda e: _cjk_share(decoded[e]))
    else:
        enc = next(iter(decoded))
    text = decoded[enc]
    if checked and _cjk_share(text) < 0.6:
        raise ArticleError(f"{name}: does not look like Chinese text in {enc}; convert it to UTF-8")
    return text, "big5" if enc == "big5hkscs" else enc


def read_article(path: Path | str) -> Article:
    """Read one article file (see :func:`decode`)."""
    if not isinstance(path, Path):
        path = Path(path)
    try:
        data = _read_bytes(path)
    except OSError as exc:
        raise ArticleError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    text, enc = decode(data, str(path))
    if "\r" in text:  # one scan for the usual file without carriage returns, instead of two replace passes
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Article(path=path, text=text, encoding=enc)


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, refused above :data:`MAX_BYTES`. One open, fstat and read to the end, made with ``os.open``
    and ``os.read``: ``open()`` builds a file and a buffer object first (~4 µs an article more); the same OSErrors
    (a folder fails at the read, "Is a directory")."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))  # O_BINARY: no newline translation on Windows
    try:
        size = os.fstat(fd).st_size
        if size > MAX_BYTES:
            raise ArticleError(f"{path}: {size / 1e6:.0f} MB is larger than the {MAX_BYTES // 2**20} MB limit "
                               "for one article; split it")
        data = os.read(fd, size + 1)
        while more := os.read(fd, 1 << 16):  # to the end, as file.read() does (a file may grow after the fstat)
            data += more
        return data
    finally:
        os.close(fd)


def find_articles(paths: list[Path | str]) -> tuple[list[Path], list[str]]:
    """Expand files and folders (``*.txt``, recursively, sorted) into files; also return paths that don't exist."""
    files: list[Path] = []
    missing: list[str] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(q for q in p.rglob("*.txt") if q.is_file())
        elif p.is_file():
            files.append(p)
        else:
            missing.append(f"{p}: no such file or folder")
    return files, missing
