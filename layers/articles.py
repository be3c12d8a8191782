"""Read article files: UTF-8, GB18030 or Big5, detected from the bytes; binary and empty files are refused.

Offsets everywhere in bayatlas are character offsets into the text returned here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

#: Files larger than this are refused (a news article is a few KB; 10 MB is accepted).
MAX_BYTES = 64 * 1024 * 1024


class ArticleError(ValueError):
    """An article file that cannot be read as text; the message names the file and says what to do."""


@dataclass(frozen=True)
class Article:
    path: Path
    text: str
    encoding: str


_COMMON = re.compile("[\u4e00-\u9fff\u0000-\u007f\u3000-\u303f\uff00-\uffef]")


def _cjk_share(text: str) -> float:
    """Share of characters that are common CJK ideographs or ASCII/CJK punctuation (a plausibility score)."""
    sample = text[:20000]
    return len(_COMMON.findall(sample)) / len(sample) if sample else 0.0


def decode(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """``(text, encoding)`` for article bytes; raises :class:`ArticleError` for binary or unknown encodings."""
    if not data.strip():
        raise ArticleError(f"{name}: empty file, nothing to extract")
    if b"\x00" in data[:65536]:
        raise ArticleError(f"{name}: binary file (NUL bytes), not a text article; pass .txt files")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for enc in ("gb18030", "big5hkscs"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        candidates.append((_cjk_share(text), enc, text))
    if not candidates:
        raise ArticleError(f"{name}: not UTF-8, GB18030 or Big5 text; convert it to UTF-8")
    if len(candidates) == 2:
        # Both decoders accepted the bytes: prefer the one whose characters are the common ones. GB18030 decodes
        # almost any byte string, so Big5 text read as GB18030 turns into rare ideographs and punctuation.
        from charset_normalizer import from_bytes

        best = from_bytes(data[:65536], cp_isolation=["gb18030", "big5"]).best()
        if best is not None and best.encoding in ("gb18030", "big5"):
            enc = "gb18030" if best.encoding == "gb18030" else "big5hkscs"
            text = next(t for _, e, t in candidates if e == enc)
            candidates = [(1.0, enc, text)]
    share, enc, text = max(candidates, key=lambda c: c[0])
    if share < 0.6:
        raise ArticleError(f"{name}: does not look like Chinese text in {enc}; convert it to UTF-8")
    return text, "big5" if enc == "big5hkscs" else enc


def read_article(path: Path | str) -> Article:
    """Read one article file (see :func:`decode`)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ArticleError(f"{path}: {size / 1e6:.0f} MB is larger than the {MAX_BYTES // 2**20} MB limit "
                               "for one article; split it")
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    text, enc = decode(data, str(path))
    return Article(path=path, text=text.replace("\r\n", "\n").replace("\r", "\n"), encoding=enc)


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
