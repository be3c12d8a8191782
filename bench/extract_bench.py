"""Benchmark ``bayatlas extract`` on a corpus of ≥10,000 articles beside a bare ``re.finditer`` floor.

The corpus replicates and varies the articles we have — the five source articles in ``../shared/seeds`` when they
are there, and the six self-written held-out articles in ``eval/heldout/articles`` — with a fixed random seed:
figures are redrawn, towns swapped for other towns, paragraphs reordered, some articles turned into traditional
script or full-width digits, and saved as UTF-8, GB18030 or Big5 files.

Printed: articles/s and MB/s for

* the **floor**: reading each file's bytes and a bare ``re.finditer(rb"[0-9]+", data)`` pass over them (and, for
  reference, the same pass over the decoded text);
* **extract** on one core (read, detect the encoding, decode, geoparse, find figures, draft records), and the
  ratio of its time to the floor's;
* **extract --jobs N** when ``--jobs`` is given (wall-clock time: the work happens in the worker processes).

Times are CPU seconds of this process (``time.process_time``), so other work on a busy machine does not blur the
one-core figures; each pass runs ``--repeat`` times and the fastest run counts (as ``timeit`` does: slower runs
measure the machine's other work, not ours). The ``--jobs`` row is wall-clock. The first line says whether the
extract modules run compiled (mypyc, see setup.py) or as pure Python.

Run: ``python bench/extract_bench.py [--n 10000] [--jobs 2] [--repeat 3]``. Targets (issue 3): within 10× of the floor and at
least 1,000 articles/s on one core.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOWNS = ["凤岗", "塘厦", "清溪", "樟木头", "黄江", "长安", "虎门", "厚街", "阜沙", "小榄", "黄圃", "南头", "三角", "民众",
         "新圩", "沥林", "横沥", "常平", "石碣", "石龙"]


def source_articles() -> list[str]:
    from bayatlas.layers.articles import read_article

    paths = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt")) + \
        sorted((ROOT / "eval" / "heldout" / "articles").glob("*.txt"))
    if not paths:
        sys.exit("no articles found (expected ../shared/seeds or eval/heldout/articles)")
    return [read_article(p).text for p in paths]


def vary(text: str, rng: random.Random) -> str:
    """One variant: new figures, another town, paragraphs reordered (title kept first)."""
    text = re.sub(r"\d+(?:\.\d+)?", lambda m: str(round(rng.uniform(1, 999), rng.choice([0, 0, 1, 2]))), text)
    a, b = rng.sample(TOWNS, 2)
    text = text.replace(a, b)
    paras = text.split("\n")
    head, body = paras[:1], paras[1:]
    rng.shuffle(body)
    return "\n".join(head + body)


def make_corpus(n: int, out: Path, seed: int = 20261122) -> list[Path]:
    from bayatlas.geo.names import to_traditional

    rng = random.Random(seed)
    base = source_articles()
    paths = []
    fw = str.maketrans("0123456789", "０１２３４５６７８９")
    for i in range(n):
        text = vary(base[i % len(base)], rng)
        enc = "utf-8"
        roll = rng.random()
        if roll < 0.15:
            text = to_traditional(text)
            enc = "big5" if rng.random() < 0.5 else "utf-8"
        elif roll < 0.25:
            enc = "gb18030"
        elif roll < 0.3:
            text = text.translate(fw)
        data = text.encode(enc, errors="ignore") if enc != "utf-8" else text.encode("utf-8")
        p = out / f"{i:05d}.txt"
        p.write_bytes(data)
        paths.append(p)
    return paths


def floor(paths: list[Path]) -> tuple[float, float, int]:
    rx_b, rx_s = re.compile(rb"[0-9]+"), re.compile(r"[0-9]+")
    t0 = time.process_time()
    total = 0
    for p in paths:
        data = p.read_bytes()
        total += len(data)
        for _ in rx_b.finditer(data):
            pass
    t_bytes = time.process_time() - t0
    texts = [p.read_bytes().decode("utf-8", errors="replace") for p in paths]
    t0 = time.process_time()
    for t in texts:
        for _ in rx_s.finditer(t):
            pass
    return t_bytes, time.process_time() - t0, total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="articles in the corpus (default 10000)")
    ap.add_argument("--jobs", type=int, default=0, help="also time extract with this many worker processes")
    ap.add_argument("--repeat", type=int, default=3, help="runs per pass; the fastest counts (default 3)")
    args = ap.parse_args()
    from bayatlas.native import describe

    print(f"extract modules: {describe()}")

    from bayatlas.layers.extract import Extractor
    from bayatlas.layers.extract_batch import extract_files

    with tempfile.TemporaryDirectory(prefix="bayatlas-bench-") as tmp:
        t0 = time.process_time()
        paths = make_corpus(args.n, Path(tmp))
        print(f"corpus: {len(paths)} articles written in {time.process_time() - t0:.1f}s")
        t0 = time.process_time()
        ex = Extractor()
        print(f"place index built in {time.process_time() - t0:.2f}s (once per process; not in the figures below)")

        floors = [floor(paths) for _ in range(max(1, args.repeat))]
        t_fb, t_fs, nbytes = min(f[0] for f in floors), min(f[1] for f in floors), floors[0][2]
        mb = nbytes / 1e6
        print(f"corpus size: {mb:.1f} MB")
        print(f"{'pass':<34}{'seconds':>9}{'articles/s':>12}{'MB/s':>9}{'× floor':>9}")

        def row(label: str, secs: float) -> None:
            print(f"{label:<34}{secs:>9.2f}{len(paths) / secs:>12.0f}{mb / secs:>9.1f}{secs / t_fb:>9.1f}")

        row("floor: read + re.finditer (bytes)", t_fb)
        row("  (re.finditer over decoded text)", t_fs)
        runs = []
        for _ in range(max(1, args.repeat)):
            t0 = time.process_time()
            n_fig = n_err = 0
            for res in extract_files(paths, extractor=ex):
                if res.error:
                    n_err += 1
                else:
                    n_fig += len(res.draft["commitments"])
            runs.append(time.process_time() - t0)
        t_one = min(runs)
        row("extract, 1 core", t_one)
        if args.jobs > 1:
            t0 = time.perf_counter()
            n2 = sum(len(r.draft["commitments"]) for r in extract_files(paths, extractor=ex, jobs=args.jobs)
                     if r.draft)
            row(f"extract --jobs {args.jobs} (wall clock)", time.perf_counter() - t0)
            assert n2 == n_fig, "parallel run found a different number of figures"
        ok = t_one / t_fb <= 10 and len(paths) / t_one >= 1000
        print(f"summary: {len(paths)} articles, {n_fig} figures, {n_err} unreadable; extract runs at "
              f"{len(paths) / t_one:.0f} articles/s, {t_one / t_fb:.1f}× the bare scan — targets (≤10×, ≥1000/s) "
              f"{'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
