"""Numbers behind the map: commitments added up in base units — like with like, never percentages.

Two kinds of figure, both as DataFrames:

* :func:`totals` — **like with like**: records are added only when they share ``metric``, ``modality`` and base
  unit (so 规划总面积 is never added to 启动区面积, a 确保 target never to a 力争 target for the same thing, and
  different count metrics are never mixed). Only base units in :data:`bayatlas.layers.units.SUMMABLE` (CNY, m²,
  count, km) are summed; rates, shares, durations and calendar years are listed by :func:`not_summed`.
* :func:`headline` — one figure per group for the three **measures** (investment in CNY, land in m², floor area
  in m²): per subject, the largest figure of that measure (so a place's nested or alternative figures — 固定资产投资
  and the 工业投资 inside it, a park's total and its start area — count once), summed over subjects.

Every figure keeps ``n`` (records behind it) and ``n_lower_bound`` (records stated as 以上/超过…: the total is a
floor). Ranges count at their lower end (``n_range``). Groups: bank, corridor (within ``settings.CORRIDOR_KM`` of a
link or station), district/town/city (from the place hierarchy), modality and ``modality_group`` (targets vs
achievements), year, category, source.
"""
from __future__ import annotations

import pandas as pd

from bayatlas import settings
from bayatlas.layers.units import SUMMABLE

DIMENSIONS = ("subject", "bank", "category", "modality", "modality_group", "year", "source", "town", "district",
              "city", "area")
#: Modalities grouped for "targets vs achievements": what is promised, what is reported done, what simply is.
MODALITY_GROUP = {"guarantee": "target", "strive": "target", "plan": "target", "expect": "target",
                  "achieved": "achieved", "fact": "fact"}
#: Headline measures: (category, base unit).
MEASURES = {"investment": ("investment", "CNY"), "land": ("land", "m2"), "floor_area": ("floor_area", "m2")}
LIKE = ["metric", "modality", "unit_base"]


def _ancestors(seeds, pid: str) -> dict[str, str]:
    """``town``, ``district``, ``city`` ids containing a place (itself included), from the ``parent`` chain."""
    out = {"town": "", "district": "", "city": ""}
    seen = set()
    while pid and pid in seeds.places and pid not in seen:
        seen.add(pid)
        p = seeds.places[pid]
        level = {"town": "town", "subdistrict": "town", "district": "district", "city": "city"}.get(p.kind)
        if level and not out[level]:
            out[level] = pid
        pid = p.parent or ""
    return out


def choropleth_areas(atlas) -> set[str]:
    """Ids of the polygons a place total can be drawn on: districts, and cities that have no districts."""
    d = atlas["districts"]
    with_districts = set(d.loc[d["kind"] == "district", "city"])
    cities = d[(d["kind"] == "city") & ~d["city"].isin(with_districts)]
    return set(d.loc[d["kind"] == "district", "id"]) | set(cities["id"])


def commitments_frame(atlas) -> pd.DataFrame:
    """The commitments layer without geometry, plus ``modality_group``, ``town``/``district``/``city`` ids,
    ``area`` (the choropleth polygon: district, or the city where it has no districts) and ``corridors``
    (``|``-joined ids of the links and stations within ``settings.CORRIDOR_KM``)."""
    c = pd.DataFrame(atlas["commitments"].drop(columns="geometry"))
    c["modality_group"] = c["modality"].map(MODALITY_GROUP)
    anc = pd.DataFrame([_ancestors(atlas.seeds, s) for s in c["subject"]], index=c.index)
    c[["town", "district", "city"]] = anc[["town", "district", "city"]]
    areas = choropleth_areas(atlas)
    c["area"] = [d if d in areas else (ci if ci in areas else "") for d, ci in zip(c["district"], c["city"])]
    members = atlas.tables.get("catchment_members")
    near: dict[str, str] = {}
    if members is not None and len(members):
        m = members[(members["member_layer"] == "commitments") & (members["distance_km"] <= settings.CORRIDOR_KM)]
        near = m.groupby("member")["corridor"].agg(lambda s: "|".join(sorted(set(s)))).to_dict()
    c["corridors"] = [near.get(i, "") for i in c["id"]]
    return c


def _check(c: pd.DataFrame, keys: list[str]) -> None:
    unknown = [k for k in keys if k not in c.columns]
    if unknown:
        raise KeyError(f"cannot group by {unknown}: use columns of the commitments layer, e.g. {DIMENSIONS}")


def _agg(c: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    c = c.assign(_lower=c["comparator"].eq(">="), _range=c["comparator"].eq("range"))
    return (c.groupby(keys, dropna=False)
             .agg(total=("value_base", "sum"), n=("id", "count"), n_lower_bound=("_lower", "sum"),
                  n_range=("_range", "sum"))
             .reset_index()
             .assign(total=lambda d: d["total"].round(6)))


def totals(atlas, by: str | list[str] = "bank", *, category: str | None = None) -> pd.DataFrame:
    """Sum of ``value_base`` per group, like with like: the ``by`` keys plus ``metric``, ``modality``, ``unit_base``.

    Columns: the keys, ``total`` (base units), ``n``, ``n_lower_bound``, ``n_range``. Summable units only.
    """
    keys = [by] if isinstance(by, str) else list(by)
    c = commitments_frame(atlas)
    _check(c, keys)
    if category:
        c = c[c["category"] == category]
    c = c[c["unit_base"].isin(SUMMABLE)]
    keys = keys + [k for k in LIKE if k not in keys]
    return _agg(c, keys).sort_values(keys, kind="stable").reset_index(drop=True)


def largest_per_subject(c: pd.DataFrame, category: str, unit_base: str) -> float | None:
    """Headline rule on any commitments frame: per subject the largest figure, summed; ``None`` if none."""
    rows = c[(c["category"] == category) & (c["unit_base"] == unit_base)]
    if not len(rows):
        return None
    return round(float(rows.groupby("subject")["value_base"].max().sum()), 6)


def headline(atlas, by: str | list[str] = "bank", *, frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """Investment (CNY), land (m²) and floor area (m²) per group by the headline rule (see the module doc).

    Columns: the ``by`` keys, ``measure``, ``unit_base``, ``total``, ``n`` (records of that measure),
    ``n_subjects``, ``n_lower_bound`` (records counted that are floors).
    """
    keys = [by] if isinstance(by, str) else list(by)
    c = commitments_frame(atlas) if frame is None else frame
    _check(c, keys)
    out = []
    for measure, (cat, unit) in MEASURES.items():
        rows = c[(c["category"] == cat) & (c["unit_base"] == unit)]
        if not len(rows):
            continue
        per_subject = (rows.groupby(keys + ["subject"], dropna=False)
                           .agg(value=("value_base", "max"), n=("id", "count"),
                                n_lower_bound=("comparator", lambda s: int((s == ">=").sum())))
                           .reset_index())
        g = (per_subject.groupby(keys, dropna=False)
                        .agg(total=("value", "sum"), n=("n", "sum"), n_subjects=("subject", "count"),
                             n_lower_bound=("n_lower_bound", "sum"))
                        .reset_index())
        g["total"] = g["total"].round(6)
        g.insert(len(keys), "measure", measure)
        g.insert(len(keys) + 1, "unit_base", unit)
        out.append(g)
    cols = keys + ["measure", "unit_base", "total", "n", "n_subjects", "n_lower_bound"]
    if not out:
        return pd.DataFrame(columns=cols)
    return pd.concat(out, ignore_index=True)[cols].sort_values(keys + ["measure"], kind="stable").reset_index(drop=True)


def by_corridor(atlas) -> pd.DataFrame:
    """Headline figures per link and station, over commitments within ``settings.CORRIDOR_KM`` of it."""
    c = commitments_frame(atlas)
    c = c[c["corridors"] != ""].assign(corridor=lambda d: d["corridors"].str.split("|")).explode("corridor")
    return headline(atlas, "corridor", frame=c)


def east_west(atlas) -> pd.DataFrame:
    """East vs west (and other) headline figures, one row per measure, one column per bank."""
    t = headline(atlas, "bank")
    wide = t.pivot_table(index=["measure", "unit_base"], columns="bank", values="total", aggfunc="sum", fill_value=0.0)
    return wide.reindex(columns=[b for b in settings.BANKS if b in wide.columns])


def targets_vs_achievements(atlas, by: str = "bank") -> pd.DataFrame:
    """Headline figures per ``by`` and modality group: ``target`` (确保/力争/计划/预计), ``achieved``, ``fact``."""
    return headline(atlas, [by, "modality_group"])


def not_summed(atlas) -> pd.DataFrame:
    """The commitments that no total includes (percentages, rates, durations, years), for listing as-is."""
    c = atlas["commitments"]
    return c[~c["unit_base"].isin(SUMMABLE)][["id", "subject_name", "metric", "value", "value_max", "unit",
                                              "comparator", "year", "modality", "bank"]].reset_index(drop=True)


#: Dimensions of the exported ``headlines`` table.
HEADLINE_DIMENSIONS = ("bank", "corridor", "area", "town", "city", "modality_group", "modality", "year")


def headlines_table(atlas) -> pd.DataFrame:
    """Every headline dimension in one long table: ``dimension``, ``key``, then the :func:`headline` columns."""
    frames = []
    for dim in HEADLINE_DIMENSIONS:
        t = by_corridor(atlas) if dim == "corridor" else headline(atlas, dim)
        t = t.rename(columns={dim: "key"})
        t = t[t["key"].astype(str) != ""]
        t.insert(0, "dimension", dim)
        t["key"] = t["key"].map(lambda v: str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
        frames.append(t)
    return pd.concat(frames, ignore_index=True)


def totals_table(atlas) -> pd.DataFrame:
    """The like-with-like totals at their finest useful grain (bank, category, year), for export."""
    return totals(atlas, ["bank", "category", "year"])


def tables(atlas) -> dict[str, pd.DataFrame]:
    """The tables ``bayatlas build`` exports as CSV and Parquet, by file stem."""
    out = {
        "totals": totals_table(atlas),
        "headlines": headlines_table(atlas),
        "catchment_members": atlas.tables.get("catchment_members", pd.DataFrame()),
        "park_access": atlas.tables.get("park_access", pd.DataFrame()),
    }
    return {name: out[name] for name in settings.TABLES}
