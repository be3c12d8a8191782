"""``bayatlas report``: a one-page summary (HTML or Markdown) of an atlas.

Headline totals per bank and per corridor (investment, land, floor area by the headline rule of
:mod:`bayatlas.layers.analytics`), targets vs achievements, the largest commitments with their evidence, the flows,
the places that could not be located, and a link to the map. Written atomically; the same atlas gives the same
bytes (the date printed is the newest source's, not today's).
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from bayatlas import settings
from bayatlas.layers import analytics
from bayatlas.layers._atomic import atomic_write_text

SCALE = {"CNY": (1e8, "亿元"), "m2": (1e4 / 15, "亩")}
FLOOR_SCALE = (1.0, "m²")
TOP_N = 10


@dataclass
class Report:
    text: str
    fmt: str  # "html" | "md"
    summary: str


def _num(v: float) -> str:
    return f"{v:,.2f}".rstrip("0").rstrip(".") if abs(v) < 1e6 else f"{v:,.0f}"


def _figure(total: float, measure: str, unit_base: str, floor: bool) -> str:
    scale, unit = FLOOR_SCALE if measure == "floor_area" else SCALE[unit_base]
    return f"{'≥ ' if floor else ''}{_num(total / scale)} {unit}"


def _headline_rows(h: pd.DataFrame, key: str, names: dict[str, str]) -> list[list[str]]:
    rows = []
    for k, g in h.groupby(key, sort=True):
        cells = [names.get(k, k)]
        for m in analytics.MEASURES:
            r = g[g["measure"] == m]
            cells.append("" if r.empty else _figure(r["total"].iloc[0], m, r["unit_base"].iloc[0],
                                                     bool(r["n_lower_bound"].iloc[0])))
        cells.append(str(int(g["n"].sum())))
        rows.append(cells)
    return rows


def _value(r) -> str:
    cmp = {">=": "≥ ", "<=": "≤ ", "~": "≈ "}.get(r["comparator"], "")
    if r["comparator"] == "range" and pd.notna(r.get("value_max")):
        return f"{r['value']:g}–{r['value_max']:g} {r['unit']}"
    return f"{cmp}{r['value']:g} {r['unit']}"


def build_report(atlas, *, fmt: str = "html", map_href: str | None = "atlas.html") -> Report:
    """Render the report text for ``atlas`` as ``html`` or ``md``."""
    if fmt not in ("html", "md"):
        raise ValueError(f"unknown report format {fmt!r}: use html or md")
    seeds = atlas.seeds
    names = {pid: p.name for pid, p in seeds.places.items()}
    names.update({"east": "East bank 东岸", "west": "West bank 西岸", "other": "Other 其他"})
    frame = analytics.commitments_frame(atlas)
    by_bank = analytics.headline(atlas, "bank", frame=frame)
    by_corridor = analytics.by_corridor(atlas)
    tva = analytics.headline(atlas, ["bank", "modality_group"], frame=frame)
    tva = tva.assign(group=tva["bank"] + " · " + tva["modality_group"])
    head = ["", "investment 投资", "land 用地", "floor area 建筑面积", "records"]
    c = frame.copy()
    tops = []
    for measure, (cat, unit) in analytics.MEASURES.items():
        if measure == "floor_area":
            continue
        rows = c[(c["category"] == cat) & (c["unit_base"] == unit)].sort_values(["value_base", "id"],
                                                                                 ascending=[False, True])
        for _, r in rows.head(TOP_N).iterrows():
            tops.append([measure, r["subject_name"], r["metric"], _value(r), r["modality"], str(int(r["year"])),
                         r["evidence"], r["source"]])
    flows = atlas["flows"] if "flows" in atlas.layers else pd.DataFrame()
    flow_rows = [[r["name"], r["type"], r["via_name"], str(int(r["n_commitments"])), r["evidence"]]
                 for _, r in flows.sort_values("id").iterrows()] if len(flows) else []
    unresolved = [u["reason"] for u in atlas.unresolved]
    date = max(s.published for s in seeds.sources.values()).isoformat() if seeds.sources else ""
    east = by_bank[(by_bank["bank"] == "east") & (by_bank["measure"] == "investment")]["total"].sum()
    west = by_bank[(by_bank["bank"] == "west") & (by_bank["measure"] == "investment")]["total"].sum()
    summary = (f"{len(atlas['commitments'])} commitments from {len(seeds.sources)} sources; investment east "
               f"{_num(east / 1e8)} 亿元, west {_num(west / 1e8)} 亿元; {len(flow_rows)} flows; "
               f"{len(unresolved)} unresolved places")
    sections = [
        ("Headline totals per bank 分岸合计", head, _headline_rows(by_bank, "bank", names)),
        (f"Per corridor 沿线合计 (commitments within {settings.CORRIDOR_KM:g} km)", head,
         _headline_rows(by_corridor, "corridor", names)),
        ("Targets vs achievements 目标与完成", head, _headline_rows(tva, "group", names)),
        (f"Top commitments 最大承诺 (top {TOP_N} per measure)",
         ["measure", "subject", "metric", "value", "modality", "year", "evidence 原文", "source"], tops),
        ("Flows 流向", ["flow", "type", "via", "commitments", "evidence 原文"], flow_rows),
    ]
    notes = ("Figures in base units, added like with like: per subject the largest figure of each measure, summed "
             "over subjects; ≥ marks totals that include lower bounds (以上/超过). Percentages and rates are never "
             "summed.")
    render = _html if fmt == "html" else _markdown
    text = render(date, summary, notes, sections, unresolved, map_href)
    return Report(text=text, fmt=fmt, summary=summary)


def _html(date, summary, notes, sections, unresolved, map_href) -> str:
    e = html.escape
    out = ["<!doctype html>", "<html lang='zh'><head><meta charset='utf-8'>",
           "<title>bayatlas report 珠江口东西两岸融合</title>",
           "<style>body{font:14px/1.45 -apple-system,'PingFang SC','Noto Sans CJK SC',sans-serif;max-width:1100px;"
           "margin:2em auto;padding:0 1em;color:#222}table{border-collapse:collapse;margin:.5em 0 1.5em}"
           "td,th{border:1px solid #ddd;padding:3px 6px;vertical-align:top}th{background:#f3f3f3}"
           ".n{text-align:right;white-space:nowrap}small{color:#666}</style></head><body>",
           "<h1>bayatlas · 珠江口东西两岸融合</h1>",
           f"<p>{e(summary)}. <small>Sources up to {e(date)}.</small></p>"]
    if map_href:
        out.append(f"<p><a href='{e(map_href, quote=True)}'>Open the map 打开地图</a></p>")
    out.append(f"<p><small>{e(notes)}</small></p>")
    for title, head, rows in sections:
        out.append(f"<h2>{e(title)}</h2>")
        if not rows:
            out.append("<p><small>none</small></p>")
            continue
        out.append("<table><tr>" + "".join(f"<th>{e(h)}</th>" for h in head) + "</tr>")
        for r in rows:
            out.append("<tr>" + "".join(f"<td>{e(str(v))}</td>" for v in r) + "</tr>")
        out.append("</table>")
    out.append(f"<h2>Unresolved places 未定位 ({len(unresolved)})</h2><ul>")
    out += [f"<li>{e(u)}</li>" for u in unresolved]
    out.append("</ul></body></html>")
    return "\n".join(out) + "\n"


def _md_cell(v) -> str:
    return str(v).replace("|", "\\|").replace("\n", " ")


def _markdown(date, summary, notes, sections, unresolved, map_href) -> str:
    out = ["# bayatlas · 珠江口东西两岸融合", "", f"{summary}. Sources up to {date}.", ""]
    if map_href:
        out += [f"[Open the map 打开地图]({map_href})", ""]
    out += [f"_{notes}_", ""]
    for title, head, rows in sections:
        out += [f"## {title}", ""]
        if not rows:
            out += ["none", ""]
            continue
        out.append("| " + " | ".join(_md_cell(h) for h in head) + " |")
        out.append("|" + "---|" * len(head))
        out += ["| " + " | ".join(_md_cell(v) for v in r) + " |" for r in rows]
        out.append("")
    out += [f"## Unresolved places 未定位 ({len(unresolved)})", ""] + [f"- {_md_cell(u)}" for u in unresolved]
    return "\n".join(out) + "\n"


def write_report(atlas, path: Path | str, *, map_href: str | None = "atlas.html") -> Report:
    """Write the report to ``path`` atomically; the format follows the suffix (``.md`` → Markdown, else HTML)."""
    path = Path(path)
    rep = build_report(atlas, fmt="md" if path.suffix.lower() in (".md", ".markdown") else "html", map_href=map_href)
    atomic_write_text(path, rep.text)
    return rep
