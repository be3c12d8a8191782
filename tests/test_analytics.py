"""Analytics: totals recomputed independently (plain Python over the exported GeoJSON), never a percentage summed,
never unlike metrics added."""
import csv
import json
from collections import defaultdict

import pandas as pd
import pyarrow.parquet as pq
import pytest

from bayatlas.layers import analytics

SUMMABLE = {"CNY", "m2", "count", "km"}  # written out here on purpose: the test does not import the rule


def exported_commitments(out):
    fc = json.loads((out / "commitments.geojson").read_text(encoding="utf-8"))
    return [f["properties"] for f in fc["features"]]


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_exported_totals_recompute_from_exported_commitments(built):
    out, _ = built
    expect = defaultdict(lambda: [0.0, 0])
    for p in exported_commitments(out):
        if p["unit_base"] in SUMMABLE:
            key = (p["bank"], p["category"], str(p["year"]), p["metric"], p["modality"], p["unit_base"])
            expect[key][0] += p["value_base"]
            expect[key][1] += 1
    rows = read_csv(out / "totals.csv")
    got = {(r["bank"], r["category"], str(int(float(r["year"]))), r["metric"], r["modality"], r["unit_base"]):
           (float(r["total"]), int(r["n"])) for r in rows}
    assert set(got) == set(expect)
    for k, (total, n) in expect.items():
        assert got[k][0] == pytest.approx(total, rel=1e-12, abs=1e-6), k
        assert got[k][1] == n, k
    assert not {r["unit_base"] for r in rows} - SUMMABLE


def test_exported_headlines_recompute_per_bank(built):
    out, _ = built
    measures = {"investment": ("investment", "CNY"), "land": ("land", "m2"), "floor_area": ("floor_area", "m2")}
    rows = [r for r in read_csv(out / "headlines.csv") if r["dimension"] == "bank"]
    got = {(r["key"], r["measure"]): float(r["total"]) for r in rows}
    props = exported_commitments(out)
    for bank in ("east", "west", "other"):
        for m, (cat, unit) in measures.items():
            largest = {}
            for p in props:
                if p["bank"] == bank and p["category"] == cat and p["unit_base"] == unit:
                    largest[p["subject"]] = max(largest.get(p["subject"], 0.0), p["value_base"])
            if largest:
                assert got[(bank, m)] == pytest.approx(sum(largest.values()), rel=1e-12), (bank, m)
            else:
                assert (bank, m) not in got


def test_parquet_matches_csv(built):
    out, _ = built
    for name in ("totals", "headlines", "catchment_members", "park_access"):
        a = pd.read_csv(out / f"{name}.csv", keep_default_na=False)
        b = pq.read_table(out / f"{name}.parquet").to_pandas()
        assert len(a) == len(b) and list(a.columns) == list(b.columns), name


def test_no_percentage_is_ever_summed(atlas, built):
    out, _ = built
    percent = {"percent", "percentage_point", "ratio", "day", "year", "minute"}
    for t in (analytics.totals(atlas, "bank"), analytics.totals(atlas, ["category", "year"])):
        assert not set(t["unit_base"]) & percent
    assert not set(analytics.headline(atlas, "bank")["unit_base"]) & percent
    for name in ("totals", "headlines"):
        assert not {r["unit_base"] for r in read_csv(out / f"{name}.csv")} & percent
    ns = analytics.not_summed(atlas)
    assert (ns["unit"] == "%").any()


def test_unlike_counts_are_never_added(atlas):
    t = analytics.totals(atlas, "bank")
    # one row per (bank, metric, modality, unit): two different count metrics never share a total
    assert not t.duplicated(["bank", "metric", "modality", "unit_base"]).any()
    counts = t[(t["unit_base"] == "count") & (t["bank"] == "east")]
    c = atlas["commitments"]
    for _, r in counts.iterrows():
        same = c[(c["bank"] == "east") & (c["metric"] == r["metric"]) & (c["modality"] == r["modality"])
                 & (c["unit_base"] == "count")]
        assert r["total"] == pytest.approx(same["value_base"].sum())


def test_alternative_targets_for_one_thing_are_not_added(atlas):
    # 小榄: 拆除整理低效厂房 不少于1000亩 (确保) and 力争超过2000亩 — two targets for the same thing
    t = analytics.totals(atlas, "subject", category="land").set_index(["subject", "metric", "modality"])
    assert t.loc[("xiaolan", "拆除整理低效厂房面积", "guarantee"), "total"] == pytest.approx(1000 * 10000 / 15)
    assert t.loc[("xiaolan", "拆除整理低效厂房面积", "strive"), "total"] == pytest.approx(2000 * 10000 / 15)


def test_targets_vs_achievements_and_corridors(atlas):
    tv = analytics.targets_vs_achievements(atlas)
    assert set(tv["modality_group"]) <= {"target", "achieved", "fact"} and {"target", "fact"} <= set(tv["modality_group"])
    cor = analytics.by_corridor(atlas)
    assert {"shenhui-intercity", "suiguanshen-intercity"} <= set(cor["corridor"])
    ew = analytics.east_west(atlas)
    assert ew.loc[("investment", "CNY"), "east"] > 0 and ew.loc[("investment", "CNY"), "west"] > 0


def test_place_hierarchy_and_areas(atlas):
    c = analytics.commitments_frame(atlas).set_index("id")
    yuchen = c[c["subject"] == "yuchen-base"].iloc[0]
    assert (yuchen["town"], yuchen["city"], yuchen["area"]) == ("fusha", "zhongshan", "zhongshan")
    park = c[c["subject"] == "linghai-sme-park"].iloc[0]
    assert (park["district"], park["area"]) == ("chenghai", "chenghai")
    city_wide = c[c["subject"] == "shantou"]
    assert (city_wide["area"] == "").all()  # a figure for all of Shantou is not put on one district


def test_bad_dimension_is_a_clear_error(atlas):
    with pytest.raises(KeyError, match="cannot group by"):
        analytics.totals(atlas, "colour")


def test_choropleth_shades_areas_by_their_headline_totals(atlas):
    import folium

    from bayatlas.maps.choropleth import MEASURE_TITLE, add_choropleth, classes
    m = folium.Map(tiles=None)
    add_choropleth(m, atlas)
    groups = [c for c in m._children.values() if isinstance(c, folium.FeatureGroup)]
    assert [g.layer_name for g in groups] == [MEASURE_TITLE["investment"][0], MEASURE_TITLE["land"][0]]
    h = analytics.headline(atlas, "area")
    inv = h[h["measure"] == "investment"]
    assert len(groups[0]._children) == len(inv)  # one polygon per area with committed investment
    assert set(inv["area"]) <= analytics.choropleth_areas(atlas)
    b = classes([1.0, 10.0, 1000.0])
    assert b[-1] == pytest.approx(1000.0) and b == sorted(b)
