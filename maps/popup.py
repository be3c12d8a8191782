"""HTML for tooltips, popups and the legend. Every piece of data text is escaped here, once."""
from __future__ import annotations

import html
import math
from typing import Iterable

import pandas as pd

from bayatlas.maps import style

MODALITY_ZH = {"guarantee": "确保", "strive": "力争", "plan": "计划", "expect": "预计", "achieved": "已实现",
               "fact": "事实"}
COMPARATOR_TEXT = {"=": "", ">=": "≥ ", "<=": "≤ ", "~": "≈ ", "range": ""}


def esc(value) -> str:
    """HTML-escape any value; also neutralise characters that would end a JS template literal."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value), quote=True).replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


def fmt_number(v: float) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.4g}" if abs(v) >= 1000 else f"{v:g}"


def value_text(row) -> str:
    """``≥ 40 亿元`` / ``2–3 个``: the figure as written, with its comparator."""
    if row["comparator"] == "range" and pd.notna(row.get("value_max")):
        return f"{fmt_number(row['value'])}–{fmt_number(row['value_max'])} {row['unit']}"
    return f"{COMPARATOR_TEXT.get(row['comparator'], '')}{fmt_number(row['value'])} {row['unit']}"


def tooltip(name: str, name_en: str, extra: str = "") -> str:
    tail = f" · {esc(extra)}" if extra else ""
    return f"<b>{esc(name)}</b> {esc(name_en)}{tail}"


def commitments_table(rows: pd.DataFrame, sources: dict[str, dict]) -> str:
    """Commitments as an HTML table: metric, value and unit, year, modality, evidence, source."""
    if rows.empty:
        return "<p class='ba-none'>No stated figures. 无承诺数据</p>"
    out = ["<table class='ba-commitments'><thead><tr><th>Metric 指标</th><th>Value 数值</th><th>Year</th>"
           "<th>Modality</th><th>Evidence 原文</th><th>Source</th></tr></thead><tbody>"]
    for _, r in rows.sort_values(["year", "id"], na_position="last").iterrows():
        src = sources.get(r["source"], {})
        label = f"{src.get('publisher', r['source'])} {src.get('published', '')}".strip()
        link = (f"<a href='{esc(src['url'])}' target='_blank' rel='noopener'>{esc(label)}</a>"
                if src.get("url") else esc(label))
        draft = "" if r.get("reviewed", True) else " <span class='ba-draft'>draft 未审核</span>"
        year = "" if pd.isna(r["year"]) else int(r["year"])
        out.append(
            f"<tr data-category='{esc(r['category'])}' data-modality='{esc(r['modality'])}' data-year='{year}'>"
            f"<td>{esc(r['metric'])}</td><td class='ba-num'>{esc(value_text(r))}</td><td>{year}</td>"
            f"<td>{esc(MODALITY_ZH.get(r['modality'], r['modality']))} {esc(r['modality'])}</td>"
            f"<td class='ba-ev'>“{esc(r['evidence'])}”{draft}</td><td>{link}</td></tr>")
    out.append("</tbody></table>")
    return "".join(out)


def placed_here(places: pd.DataFrame) -> str:
    """List of places drawn at this point for lack of a sourced site, with their commitment counts."""
    items = "".join(f"<li>{esc(r['name'])} <small>{esc(r['kind'])} · {int(r.get('n_commitments', 0) or 0)}"
                    f" commitments</small></li>" for _, r in places.iterrows())
    return (f"<details class='ba-here'><summary>{len(places)} place(s) located here at town precision "
            f"(no sourced site) 以镇街位置表示</summary><ul>{items}</ul></details>")


def place_popup(row, table_html: str) -> str:
    prec = style.PRECISION_LABEL.get(row["precision"], row["precision"])
    note = f"<div class='ba-note'>{esc(row.get('geo_note', ''))}</div>" if row.get("geo_note") else ""
    extra = ""
    if row.get("kind") == "link":
        km = row.get("length_km")
        km_txt = f" · {km:.1f} km" if km is not None and not pd.isna(km) else ""
        extra = (f"<div>{esc(style.MODE_LABEL.get(row['mode'], row['mode']))} · "
                 f"{esc(style.STATUS_LABEL.get(row['status'], row['status']))}{esc(km_txt)}</div>")
    return (f"<div class='ba-popup'><h4>{esc(row['name'])} <small>{esc(row['name_en'])}</small></h4>"
            f"<div class='ba-meta'>{esc(row['kind'])} · bank: {esc(row['bank'])} · location: {esc(prec)}</div>"
            f"{extra}{note}{table_html}"
            f"<div class='ba-src'>Location source: {esc(row.get('source', ''))}</div></div>")


def legend_html(unresolved: Iterable[str], modes: Iterable[str]) -> str:
    """A fixed legend box: banks, link modes and statuses, marker precision, unmapped places."""
    banks = "".join(f"<div><i style='background:{c}'></i>{esc(style.BANK_LABEL[b])}</div>"
                    for b, c in style.BANK_COLOR.items())
    mode_rows = "".join(f"<div><i class='ba-line' style='background:{style.MODE_COLOR[m]}'></i>"
                        f"{esc(style.MODE_LABEL[m])}</div>" for m in sorted(set(modes)))
    status = ("<div><span class='ba-dash solid'></span>operating 运营</div>"
              "<div><span class='ba-dash dashed'></span>under construction 在建</div>"
              "<div><span class='ba-dash dotted'></span>planned 规划</div>")
    prec = "".join(f"<div><i style='background:#444;opacity:{o}'></i>{esc(style.PRECISION_LABEL[p])}</div>"
                   for p, o in style.PRECISION_OPACITY.items())
    unres = list(unresolved)
    unmapped = ""
    if unres:
        items = "".join(f"<li>{esc(u)}</li>" for u in unres)
        unmapped = (f"<details><summary>{len(unres)} place(s) not mapped 未定位</summary>"
                    f"<ul class='ba-unres'>{items}</ul></details>")
    return (f"<div id='ba-legend' class='ba-legend'><b>bayatlas</b> · 珠江口东西两岸融合"
            f"<div class='ba-sec'>Banks 岸别</div>{banks}<div class='ba-sec'>Links 交通</div>{mode_rows}{status}"
            f"<div class='ba-sec'>Marker size = number of commitments; fill = location precision</div>{prec}"
            f"{unmapped}</div>")


LEGEND_CSS = """
.ba-legend{position:absolute;z-index:9999;bottom:24px;left:10px;background:rgba(255,255,255,.93);padding:8px 10px;
  font:12px/1.35 -apple-system,'PingFang SC','Noto Sans CJK SC','Microsoft YaHei',sans-serif;border-radius:6px;
  box-shadow:0 1px 5px rgba(0,0,0,.35);max-width:260px;max-height:70vh;overflow:auto}
.ba-legend i{display:inline-block;width:12px;height:12px;margin-right:6px;vertical-align:-2px;border-radius:50%}
.ba-legend i.ba-line{height:4px;border-radius:0;vertical-align:2px;width:18px}
.ba-sec{margin-top:6px;font-weight:600;color:#444}
.ba-dash{display:inline-block;width:18px;margin-right:6px;border-top:3px solid #555;vertical-align:3px}
.ba-dash.dashed{border-top-style:dashed}.ba-dash.dotted{border-top-style:dotted}
.ba-unres{margin:4px 0;padding-left:16px;max-height:160px;overflow:auto}
.ba-popup h4{margin:0 0 4px}.ba-meta,.ba-src,.ba-note{color:#555;font-size:11px;margin:2px 0}
table.ba-commitments{border-collapse:collapse;font-size:11px;margin-top:4px}
table.ba-commitments th,table.ba-commitments td{border:1px solid #ddd;padding:2px 4px;vertical-align:top}
table.ba-commitments th{background:#f3f3f3}.ba-num{white-space:nowrap;text-align:right}
.ba-ev{max-width:220px}.ba-draft{color:#b00;font-weight:600}
"""
