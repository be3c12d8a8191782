"""Per-character lookup tables that make an article's matching text in a few numpy operations.

OpenCC converts traditional script to simplified phrase by phrase, about 1 ms for an article. Almost always its
result is its own conversion of each character alone; the exceptions are the few hundred phrases of its TSPhrases
dictionary that it converts otherwise (憑藉 → 凭借 while 藉 alone stays 藉), and CJK compatibility ideographs, which
it normalises before it looks for phrases. So the tables hold OpenCC's own answer for every code point it may
convert (asked once, in one batched call), and :meth:`CharTables.convert` asks OpenCC itself only for the few
characters around such a phrase (and for the whole of the rare text with a compatibility ideograph). The phrases
ship in
``data/opencc_ts_phrases.txt`` with the OpenCC version they were read from; under another version
:func:`tables` returns None and every text goes to OpenCC (slower, never different).

Regenerate the phrase list after upgrading OpenCC: ``python -m bayatlas.geo.chartable``.
"""
from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import tempfile
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick_rs
import numpy as np
import numpy.typing as npt

PHRASES_FILE = Path(__file__).with_name("data") / "opencc_ts_phrases.txt"
#: Code points OpenCC's t2s dictionaries hold keys in (tests/test_chartable.py checks the installed dictionaries).
CONVERTED_RANGES = ((0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0x20000, 0x323AF))
#: CJK compatibility ideographs: OpenCC normalises them first, so they may start or end a phrase.
COMPAT_RANGES = ((0xF900, 0xFAFF), (0x2F800, 0x2FA1F))
_SIZE = CONVERTED_RANGES[-1][1] + 1

Lut = npt.NDArray[np.uint32]


@dataclass(frozen=True)
class CharTables:
    """Lookup tables indexed by code point (below :attr:`size`), and the texts they do not cover."""

    size: int
    t2s: Lut          # OpenCC t2s of each character alone (where that is one character; identity elsewhere)
    exceptions: ahocorasick_rs.AhoCorasick  # phrases OpenCC converts other than character by character, then
    #                                         characters it does not convert one for one (index ≥ n_phrases)
    n_phrases: int
    in_phrase: npt.NDArray[np.bool_]  # the characters any phrase of OpenCC's is written with

    def codepoints(self, text: str) -> Lut | None:
        """``text`` as an array of code points, or None when one lies beyond the tables."""
        cps = _array(text)
        if cps.size and int(cps.max()) >= self.size:
            return None
        return cps

    def convert(self, text: str, cps: Lut) -> tuple[Lut, list[tuple[int, int]]] | None:
        """OpenCC t2s of ``text`` (whose code points are ``cps``) as code points, and the spans OpenCC converted;
        None when only OpenCC itself can convert the text (it changes the length, or a compatibility ideograph is
        in it).

        Character by character, except around the phrases OpenCC converts otherwise (瞭解, 傢俱 …): the run of
        phrase characters holding one is converted by OpenCC. No phrase runs past a character no phrase is
        written with, so OpenCC converts such a run alone as it does in the text."""
        # (take: as indexing, for indices known in range, in ~60 % of the time)
        out = self.t2s.take(cps)
        matches = self.exceptions.find_matches_as_indexes(text)
        spans: list[tuple[int, int]] = []
        if not matches:
            return out, spans
        # where the characters no phrase is written with are: a run ends there (found by bisection, as a walk over
        # the run's characters with numpy scalars cost ~1 ms a phrase: most characters are in some phrase)
        gaps: list[int] = np.flatnonzero(~self.in_phrase[cps]).tolist()
        done = 0
        for which, s, e in matches:
            if which >= self.n_phrases:
                return None
            if s < done:
                continue
            k = bisect_left(gaps, s)
            a = max(done, gaps[k - 1] + 1 if k else 0)
            k = bisect_left(gaps, e, k)
            b = gaps[k] if k < len(gaps) else len(text)
            conv = _array(_t2s().convert(text[a:b]))
            if conv.size != b - a or int(conv.max()) >= self.size:
                return None
            out[a:b] = conv
            spans.append((a, b))
            done = b
        return out, spans


def identity(size: int) -> Lut:
    """The lookup table that changes nothing."""
    return np.arange(size, dtype="<u4")


def mapped(size: int, mapping: dict[int, int]) -> Lut:
    """A lookup table applying ``mapping`` (code point → code point), identity elsewhere."""
    lut = identity(max(size, max(mapping, default=0) + 1, max(mapping.values(), default=0) + 1))
    if mapping:
        lut[np.fromiter(mapping, dtype="<u4", count=len(mapping))] = np.fromiter(
            mapping.values(), dtype="<u4", count=len(mapping))
    return lut


def then(first: Lut, second: Lut) -> Lut:
    """The table applying ``first`` and then ``second``."""
    if int(first.max()) >= second.size:
        second = np.concatenate([second, identity(int(first.max()) + 1)[second.size:]])
    return second[first]


def decode(cps: Lut) -> str:
    """The string of the code points ``cps``."""
    return cps.tobytes().decode("utf-32-le", "surrogatepass")


@lru_cache(maxsize=1)
def tables() -> CharTables | None:
    """The tables, built once (~50 ms); None when the shipped phrase list is not for the installed OpenCC."""
    version, phrases = read_phrases()
    if version != opencc_version():
        return None
    t2s = _t2s()
    chars = [chr(c) for lo, hi in CONVERTED_RANGES for c in range(lo, hi + 1)]
    # one call for every character: a newline never joins a phrase, so each is converted alone
    conv = t2s.convert("\n".join(chars)).split("\n")
    if len(conv) != len(chars):
        return None
    one_for_one: dict[int, int] = {}
    special: list[str] = []  # characters OpenCC does not convert to one character below _SIZE
    for c, v in zip(chars, conv, strict=True):
        if len(v) != 1 or ord(v) >= _SIZE:
            special.append(c)
        elif v != c:
            one_for_one[ord(c)] = ord(v)
    lut = mapped(_SIZE, one_for_one)
    special += [chr(c) for lo, hi in COMPAT_RANGES for c in range(lo, hi + 1)]
    conv = t2s.convert("\n".join(phrases)).split("\n")
    if len(conv) != len(phrases):
        return None
    differing = [p for p, v in zip(phrases, conv, strict=True) if v != decode(lut[_array(p)])]
    # a DFA scans a text in ~3/4 of the time of the default (contiguous NFA) on these ~1,500 keys
    automaton = ahocorasick_rs.AhoCorasick(differing + special, implementation=ahocorasick_rs.Implementation.DFA)
    in_phrase = np.zeros(_SIZE, dtype=np.bool_)
    phrase_chars = _array("".join(phrases))
    if phrase_chars.size and int(phrase_chars.max()) >= _SIZE:
        return None
    in_phrase[phrase_chars] = True
    return CharTables(size=_SIZE, t2s=lut[:_SIZE], exceptions=automaton, n_phrases=len(differing),
                      in_phrase=in_phrase)


def _array(text: str) -> Lut:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")


def read_phrases(path: Path = PHRASES_FILE) -> tuple[str, list[str]]:
    """``(OpenCC version, phrases)`` of the shipped list (first line ``# opencc <version>``)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    version = lines[0].removeprefix("# opencc ").strip() if lines and lines[0].startswith("# opencc ") else ""
    return version, [ln for ln in lines if ln and not ln.startswith("#")]


def opencc_version() -> str:
    try:
        return importlib.metadata.version("opencc")
    except importlib.metadata.PackageNotFoundError:
        return ""


def dictionary(name: str) -> dict[str, str]:
    """One of the installed OpenCC dictionaries (``TSPhrases``, ``TSCharacters`` …) as key → first value, read with
    the ``opencc_dict`` tool that ships with OpenCC."""
    import opencc

    clib = Path(opencc.__file__).parent / "clib"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"{name}.txt"
        subprocess.run([str(clib / "bin" / "opencc_dict"), "-i", str(clib / "share" / "opencc" / f"{name}.ocd2"),
                        "-o", str(out), "-f", "ocd2", "-t", "text"], check=True, capture_output=True)
        pairs = (ln.split("\t") for ln in out.read_text(encoding="utf-8").splitlines() if ln)
        return {k: v.split(" ")[0] for k, v in pairs}


def write_phrases(path: Path = PHRASES_FILE) -> int:
    """Write the installed OpenCC's TSPhrases keys to ``path``; returns how many."""
    keys = sorted(dictionary("TSPhrases"))
    head = (f"# opencc {opencc_version()}\n# Keys of OpenCC's TSPhrases dictionary (t2s), one a line: the phrases "
            "it may convert other than character by character\n# (see geo/chartable.py). Regenerate: "
            "python -m bayatlas.geo.chartable\n")
    path.write_text(head + "".join(k + "\n" for k in keys), encoding="utf-8")
    return len(keys)


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


if __name__ == "__main__":
    n = write_phrases()
    print(f"wrote {n} phrases of OpenCC {opencc_version()} to {PHRASES_FILE}", file=sys.stderr)
