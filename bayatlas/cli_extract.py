"""``bayatlas extract`` and ``bayatlas eval``: read new articles into draft seed records, and score them."""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: use YYYY-MM-DD") from exc


def cmd_extract(args) -> int:
    from bayatlas.cli import _progress
    from bayatlas.layers._atomic import atomic_write_text
    from bayatlas.layers.articles import find_articles
    from bayatlas.layers.extract_batch import dump, dump_many, extract_files

    t0 = time.perf_counter()
    files, missing = find_articles(args.paths)
    for m in missing:
        print(f"error: {m}", file=sys.stderr)
    if not files and not missing:
        print("error: no .txt articles found in " + " ".join(map(str, args.paths)), file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else None
    # a folder when it exists or when written with a trailing slash (argparse keeps the raw string for that)
    to_dir = out is not None and (out.is_dir() or args.out.endswith(("/", os.sep)))
    drafts, failed, n_fig, n_new, ids = [], len(missing), 0, 0, set()
    for res in extract_files(files, published=args.published, jobs=args.jobs, progress=_progress()):
        if res.error:
            failed += 1
            print(f"error: {res.error}", file=sys.stderr)
            continue
        d = res.draft
        sid = d["source"]["id"]
        if sid in ids:
            failed += 1
            print(f"error: {res.path}: source id {sid!r} repeats another file's; rename one of them", file=sys.stderr)
            continue
        ids.add(sid)
        n_fig += len(d["commitments"])
        n_new += sum(1 for p in d["places"] if p.get("note", "").startswith("found by its form"))
        if d["source"]["published"] is None:
            print(f"warning: {res.path}: no publication date found; pass --published YYYY-MM-DD "
                  "(年内/今年/全年 need it)", file=sys.stderr)
        drafts.append(d)
    written = []
    if out is None:
        sys.stdout.write(dump_many(drafts, args.format))
    elif to_dir:
        for d in drafts:
            written.append(atomic_write_text(out / f"{d['source']['id']}.draft.{args.format}", dump(d, args.format)))
    else:
        written.append(atomic_write_text(out, dump_many(drafts, args.format)))
    where = f" → {len(written)} file(s) in {out}" if out else " → stdout"
    print(f"bayatlas extract: {len(drafts)} article(s), {n_fig} figures, {n_new} places found by form, "
          f"{failed} failed, {time.perf_counter() - t0:.1f}s{where}", file=sys.stderr)
    return 1 if failed else 0


def cmd_eval(args) -> int:
    from bayatlas.layers._atomic import atomic_write_text
    from bayatlas.layers.evaluate import evaluate, markdown_table

    rows, pool = evaluate(args.gold, args.pred)
    table = markdown_table(rows, pool)
    print(table)
    for s in rows:
        if s.missing:
            print(f"  {s.name}: places not found: {', '.join(s.missing)}", file=sys.stderr)
    if args.out:
        atomic_write_text(args.out, table + "\n")
    f1, a1 = pool.figure[2], pool.attached[2]
    print(f"bayatlas eval: {len(rows)} document(s), {pool.gold} gold / {pool.pred} predicted figures; "
          f"figure F1 {f1:.2f}, attached F1 {a1:.2f}, place recall {pool.place_recall:.2f}", file=sys.stderr)
    return 0


def add_parsers(sub) -> None:
    """Register ``extract`` and ``eval`` on the main parser's subcommands."""
    e = sub.add_parser("extract", help="draft seed records (places, commitments) from Chinese article text")
    e.add_argument("paths", nargs="+", type=Path, metavar="PATH", help=".txt files or folders of them")
    e.add_argument("-o", "--out", default=None,
                   help="output file, or a folder (existing, or ending in /) for one <id>.draft.yaml per article; "
                        "default: stdout")
    e.add_argument("--format", choices=["yaml", "json"], default="yaml")
    e.add_argument("--published", type=_date, default=None,
                   help="publication date (YYYY-MM-DD) when the text does not print one")
    e.add_argument("--jobs", "-j", type=int, default=1, help="worker processes (default 1)")
    e.set_defaults(func=cmd_extract)

    v = sub.add_parser("eval", help="score extracted drafts against reviewed records (P/R/F1)")
    v.add_argument("--gold", type=Path, required=True, help="folder of reviewed source files (e.g. seeds/)")
    v.add_argument("--pred", type=Path, required=True, help="folder of extracted drafts")
    v.add_argument("--out", type=Path, default=None, help="also write the Markdown table here")
    v.set_defaults(func=cmd_eval)
