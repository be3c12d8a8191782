"""Numbers behind the map: commitments added up in base units, never across units, never percentages.

Only base units in :data:`bayatlas.layers.units.SUMMABLE` (CNY, m², count, km) are summed; rates, shares,
durations and calendar years are counted but never added. Every total keeps its unit, the number of records
behind it, and how many of them are ranges or lower bounds (so a reader knows a total is "at least").
"""
from __future__ import annotations

import pandas as pd

from bayatlas.layers.units import SUMMABLE

DIMENSIONS = ("subject", "bank", "category", "modality", "year", "source")


def totals(atlas, by: str | list[str] = "bank", *, category: str | None = None) -> pd.DataFrame:
    """Sum of ``value_base`` per group and base unit, over summable units only.

    Columns: the ``by`` keys, ``unit_base``, ``total`` (base units), ``n`` (records), ``n_lower_bound``
    (records stated as 以上/超过…: the total is then a floor), ``n_range`` (ranges counted at their lower end).
    """
    keys = [by] if isinstance(by, str) else list(by)
    unknown = [k for k in keys if k not in atlas["commitments"].columns]
    if unknown:
        raise KeyError(f"cannot group by {unknown}: use columns of the commitments layer, e.g. {DIMENSIONS}")
    c = atlas["commitments"]
    if category:
        c = c[c["category"] == category]
    c = c[c["unit_base"].isin(SUMMABLE)].copy()
    c["_lower"] = c["comparator"].eq(">=")
    c["_range"] = c["comparator"].eq("range")
    out = (c.groupby(keys + ["unit_base"], dropna=False)
             .agg(total=("value_base", "sum"), n=("id", "count"), n_lower_bound=("_lower", "sum"),
                  n_range=("_range", "sum"))
             .reset_index()
             .sort_values(keys + ["unit_base"], kind="stable")
             .reset_index(drop=True))
    return out


def east_west(atlas) -> pd.DataFrame:
    """East vs west (and other) totals per category and base unit, one column per bank."""
    t = totals(atlas, ["category", "bank"])
    wide = t.pivot_table(index=["category", "unit_base"], columns="bank", values="total", aggfunc="sum",
                         fill_value=0.0)
    return wide.reindex(columns=[b for b in ("east", "west", "other") if b in wide.columns])


def not_summed(atlas) -> pd.DataFrame:
    """The commitments that no total includes (percentages, rates, durations, years), for listing as-is."""
    c = atlas["commitments"]
    return c[~c["unit_base"].isin(SUMMABLE)][["id", "subject_name", "metric", "value", "value_max", "unit",
                                              "comparator", "year", "modality", "bank"]].reset_index(drop=True)
