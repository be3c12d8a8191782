"""Check the second held-out gold set: loads with the project loader and every evidence span is verbatim.

Run: ``python eval/heldout2/check_gold.py``. Copies ``seeds/`` to a temp folder, replaces its sources (and the
geometry, which points at places only the curated sources define) with ``gold/*.yaml`` and calls ``load_seeds``;
then loads the gold again next to the full curated seeds and next to the curated seeds plus the first held-out set
(``eval/heldout/gold``) to prove the ids do not clash. Exits non-zero on any problem.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from bayatlas.geo.names import to_simplified
from bayatlas.layers.seedio import SeedData, load_seeds

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parents[1] / "seeds"
#: The first held-out set: loaded alongside to prove the two sets' place ids agree.
FIRST_SET = HERE.parent / "heldout" / "gold"
#: Articles not in UTF-8 (encoding detection is part of the test).
ENCODINGS = {"jm-xinhui-2025-01.txt": "gb18030", "dg-xiegang-2024-12.txt": "gb18030",
             "mo-hengqin-2024-12.txt": "big5"}
BANNERS = ("（测试用虚构稿件）", "（測試用虛構稿件）")


def article_text(name: str) -> str:
    """The article's text, decoded with its known encoding."""
    return (HERE / "articles" / name).read_bytes().decode(ENCODINGS.get(name, "utf-8"))


def load_with(gold_only: bool, first_set: bool = False) -> SeedData:
    """Load gold/*.yaml with the curated catalogue (gold_only) or with all curated seeds (and the first set)."""
    root = Path(tempfile.mkdtemp()) / "seeds"
    shutil.copytree(SEEDS, root)
    if gold_only:
        for p in [*(root / "sources").glob("*.yaml"), *(root / "geometry").glob("*.yaml")]:
            p.unlink()
    extra = sorted(FIRST_SET.glob("*.yaml")) if first_set else []
    for p in [*(HERE / "gold").glob("*.yaml"), *extra]:
        shutil.copy(p, root / "sources")
    return load_seeds(root)


def problems(data: SeedData) -> list[str]:
    """Evidence spans missing from or too long for their article, names not in the text, missing banners."""
    out = []
    for sid, src in sorted(data.sources.items()):
        text = article_text(src.article)
        simplified = to_simplified(text)
        if text.splitlines()[0] not in BANNERS:
            out.append(f"{sid}: first line is not the fictional-article banner")
        for c in (c for c in data.commitments if c.source == sid):
            if c.evidence not in text:
                out.append(f"{c.id}: evidence not verbatim in {src.article}: {c.evidence}")
            if len(c.evidence) > 60:
                out.append(f"{c.id}: evidence longer than 60 characters")
        for pid in data.mentions[sid]:
            place = data.places[pid]
            if not any(n in simplified for n in (place.name, *place.aliases)):
                out.append(f"{sid}: mention {pid}: neither {place.name} nor an alias occurs in the text")
    return out


def main() -> int:
    data = load_with(gold_only=True)
    load_with(gold_only=False)
    if FIRST_SET.is_dir():
        load_with(gold_only=False, first_set=True)
    found = problems(data)
    for p in found:
        print(p, file=sys.stderr)
    mentions = sum(len(m) for m in data.mentions.values())
    print(f"held-out gold (set 2): {len(data.sources)} articles, {mentions} mentions, "
          f"{len(data.commitments)} commitments, {len(found)} problem(s)")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
